#pragma once
// Failed binds per source address (access.failed_binds): after `max` failures within `window`
// counted from the first of them, binds from that address are refused without a password check
// until the window has passed. Bounded: at most `capacity` addresses are tracked; when full, the
// expired entries go first, then the oldest. Thread-safe (binds are rare: a mutex is fine here,
// it is never on the data path).

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace smsfw::access {

class FailedBindLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  FailedBindLimiter(std::size_t max, Clock::duration window, std::size_t capacity = 65536)
      : max_(max), window_(window), capacity_(capacity) {}

  // True while binds from `address` are refused unchecked.
  bool blocked(const std::string& address, Clock::time_point now);
  // Counts a failed bind from `address`. True when this failure is the one that blocks it.
  bool failed(const std::string& address, Clock::time_point now);
  std::size_t tracked() const;

 private:
  struct Entry {
    Clock::time_point first;
    std::size_t failures = 0;
  };
  void make_room(Clock::time_point now);

  const std::size_t max_;
  const Clock::duration window_;
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace smsfw::access
