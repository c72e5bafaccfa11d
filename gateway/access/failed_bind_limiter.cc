#include "access/failed_bind_limiter.h"

#include <algorithm>

namespace smsfw::access {

bool FailedBindLimiter::blocked(const std::string& address, Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(address);
  if (it == entries_.end()) return false;
  if (now - it->second.first >= window_) {
    entries_.erase(it);
    return false;
  }
  return it->second.failures >= max_;
}

bool FailedBindLimiter::failed(const std::string& address, Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  auto it = entries_.find(address);
  if (it != entries_.end() && now - it->second.first >= window_) {
    entries_.erase(it);
    it = entries_.end();
  }
  if (it == entries_.end()) {
    if (entries_.size() >= capacity_) make_room(now);
    it = entries_.emplace(address, Entry{now, 0}).first;
  }
  return ++it->second.failures == max_;
}

std::size_t FailedBindLimiter::tracked() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}

void FailedBindLimiter::make_room(Clock::time_point now) {
  std::erase_if(entries_, [&](const auto& e) { return now - e.second.first >= window_; });
  if (entries_.size() < capacity_) return;
  const auto oldest = std::min_element(entries_.begin(), entries_.end(),
                                       [](const auto& a, const auto& b) { return a.second.first < b.second.first; });
  entries_.erase(oldest);
}

}  // namespace smsfw::access
