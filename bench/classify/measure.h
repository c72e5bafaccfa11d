#pragma once
// The timing loop of classify-bench: calls `fn` on the messages round robin for a budget of the
// thread's CPU time, reading the clocks once every 1024 calls, and the median of several rounds.
//
// Why CPU time: "messages per second per core" is CPU time per message, and on a shared VM the
// thread is descheduled now and then (wall time then counts other processes' work). Wall time is
// kept too; a large gap between the two means the run was disturbed.

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

namespace smsfw::bench::classify {

struct Timed {
  std::uint64_t calls = 0;
  double cpu_seconds = 0;   // this thread's CPU time (CLOCK_THREAD_CPUTIME_ID)
  double wall_seconds = 0;  // steady_clock
  double ns_per_call() const { return calls == 0 ? 0 : cpu_seconds * 1e9 / static_cast<double>(calls); }
  double wall_ns_per_call() const { return calls == 0 ? 0 : wall_seconds * 1e9 / static_cast<double>(calls); }
};

inline constexpr std::uint64_t kClockEvery = 1024;

inline double thread_cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <class T, class Fn>
Timed time_loop(std::span<const T> items, double budget_cpu_seconds, Fn&& fn) {
  using Clock = std::chrono::steady_clock;
  Timed t;
  if (items.empty()) return t;
  const auto wall_start = Clock::now();
  const double cpu_start = thread_cpu_seconds();
  std::size_t i = 0;
  for (;;) {
    for (std::uint64_t k = 0; k < kClockEvery; ++k) {
      fn(items[i]);
      if (++i == items.size()) i = 0;
    }
    t.calls += kClockEvery;
    const double cpu = thread_cpu_seconds() - cpu_start;
    if (cpu >= budget_cpu_seconds) {
      t.cpu_seconds = cpu;
      t.wall_seconds = std::chrono::duration<double>(Clock::now() - wall_start).count();
      return t;
    }
  }
}

// The median of `values` (the mean of the two middle ones for an even count); 0 when empty.
inline double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace smsfw::bench::classify
