#include "smsc_sim/delay_queue.h"

#include <cstring>

namespace smsfw::bench::sim {

void DelayQueue::commit(Clock::time_point due) {
  if (!empty() && entries_.back().due == due) {
    entries_.back().end = bytes_.size();  // same tick: extend the last entry
  } else {
    entries_.push_back({due, bytes_.size()});
  }
}

void DelayQueue::drain_due(Clock::time_point now, std::vector<std::uint8_t>& out) {
  std::size_t end = head_;
  while (!empty() && entries_[head_entry_].due <= now) end = entries_[head_entry_++].end;
  if (end == head_) return;
  out.insert(out.end(), bytes_.begin() + static_cast<std::ptrdiff_t>(head_),
             bytes_.begin() + static_cast<std::ptrdiff_t>(end));
  head_ = end;
  compact();
}

void DelayQueue::compact() {
  if (empty()) {
    // Bytes appended but not yet committed stay (none in practice: append and commit are paired).
    const std::size_t live = bytes_.size() - head_;
    if (live > 0) std::memmove(bytes_.data(), bytes_.data() + head_, live);
    bytes_.resize(live);
    head_ = 0;
    entries_.clear();
    head_entry_ = 0;
    return;
  }
  // A queue that never runs empty (steady load with a delay): shift the live part down once the
  // consumed front is at least as large as it, so the cost stays amortised O(1) per byte.
  if (head_ >= 64 * 1024 && head_ >= bytes_.size() - head_) {
    const std::size_t live = bytes_.size() - head_;
    std::memmove(bytes_.data(), bytes_.data() + head_, live);
    bytes_.resize(live);
    for (std::size_t i = head_entry_; i < entries_.size(); ++i) entries_[i].end -= head_;
    head_ = 0;
    entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(head_entry_));
    head_entry_ = 0;
  }
}

}  // namespace smsfw::bench::sim
