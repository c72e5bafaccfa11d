#pragma once
// At most one log line per interval for a condition that can repeat at traffic rate (a limit
// refusing requests, say): the first occurrence is logged at once, later ones are counted and
// reported with the next line. One instance per thread and condition; not thread-safe.

#include <chrono>
#include <cstdint>

namespace smsfw::net {

class WarningThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  explicit WarningThrottle(Clock::duration interval = std::chrono::seconds(1)) : interval_(interval) {}

  // Records one occurrence. True when a line may be logged now; `held_back` is then the number
  // of occurrences since the previous line that were not logged.
  bool occurred(Clock::time_point now, std::uint64_t& held_back) {
    if (logged_once_ && now - last_ < interval_) {
      ++held_back_;
      return false;
    }
    held_back = held_back_;
    held_back_ = 0;
    last_ = now;
    logged_once_ = true;
    return true;
  }

 private:
  Clock::duration interval_;
  Clock::time_point last_{};
  std::uint64_t held_back_ = 0;
  bool logged_once_ = false;
};

}  // namespace smsfw::net
