#pragma once
// A counter with one writer thread and any number of readers (stats printers, the load
// coordinator). The writer increments with a plain load + store (no locked instruction); readers
// see a recent value. Cheap enough for per-PDU counting on the data path.

#include <atomic>
#include <cstdint>

namespace smsfw::bench {

class RelaxedCounter {
 public:
  void add(std::uint64_t n = 1) {
    value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  std::uint64_t get() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

}  // namespace smsfw::bench
