#pragma once
// The process-wide limit on bytes of concatenated-message parts held by all sessions of all
// workers (ConcatHold): one atomic counter, reserved before a part is held and given back when it
// leaves the hold. Lock-free; one relaxed RMW per held part.

#include <atomic>
#include <cstddef>

namespace smsfw::proxy {

class HoldBudget {
 public:
  explicit HoldBudget(std::size_t limit_bytes) : limit_(limit_bytes) {}
  HoldBudget(const HoldBudget&) = delete;
  HoldBudget& operator=(const HoldBudget&) = delete;

  // Reserves `bytes`; false (nothing reserved) when that would pass the limit.
  bool try_reserve(std::size_t bytes) {
    std::size_t used = used_.load(std::memory_order_relaxed);
    do {
      if (bytes > limit_ || used > limit_ - bytes) return false;
    } while (!used_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
    return true;
  }
  void release(std::size_t bytes) { used_.fetch_sub(bytes, std::memory_order_relaxed); }

  std::size_t used() const { return used_.load(std::memory_order_relaxed); }
  std::size_t limit() const { return limit_; }

 private:
  const std::size_t limit_;
  std::atomic<std::size_t> used_{0};
};

}  // namespace smsfw::proxy
