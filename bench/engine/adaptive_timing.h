#pragma once
// classify-bench's time_loop (classify/measure.h) reads the clocks every 1024 calls; one PCRE2
// loop over 100,000 rules takes milliseconds per message, so 1024 calls would overrun any budget.
// This loop starts with batches of one call and doubles the batch while a batch takes under a
// millisecond (up to 1024 calls), so fast engines pay the same clock overhead as in time_loop
// and slow ones stop within about one message of the budget. At least one call is made.

#include <chrono>
#include <cstdint>
#include <span>

#include "classify/measure.h"

namespace smsfw::bench::engine {

template <class T, class Fn>
classify::Timed time_adaptive(std::span<const T> items, double budget_cpu_seconds, Fn&& fn) {
  using Clock = std::chrono::steady_clock;
  classify::Timed t;
  if (items.empty()) return t;
  const auto wall_start = Clock::now();
  const double cpu_start = classify::thread_cpu_seconds();
  double batch_start = cpu_start;
  std::uint64_t batch = 1;
  std::size_t i = 0;
  for (;;) {
    for (std::uint64_t k = 0; k < batch; ++k) {
      fn(items[i]);
      if (++i == items.size()) i = 0;
    }
    t.calls += batch;
    const double now = classify::thread_cpu_seconds();
    if (now - cpu_start >= budget_cpu_seconds) {
      t.cpu_seconds = now - cpu_start;
      t.wall_seconds = std::chrono::duration<double>(Clock::now() - wall_start).count();
      return t;
    }
    if (now - batch_start < 1e-3 && batch < classify::kClockEvery) batch *= 2;
    batch_start = now;
  }
}

}  // namespace smsfw::bench::engine
