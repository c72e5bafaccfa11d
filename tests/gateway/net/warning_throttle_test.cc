// WarningThrottle: the first occurrence logs, repeats within the interval are counted and
// reported with the next line.

#include <catch2/catch.hpp>

#include "net/warning_throttle.h"

using smsfw::net::WarningThrottle;
using namespace std::chrono_literals;

TEST_CASE("warning throttle: one line per interval, the held-back count with the next") {
  WarningThrottle w(1s);
  const WarningThrottle::Clock::time_point t0{};
  std::uint64_t held = 99;
  CHECK(w.occurred(t0 + 5s, held));
  CHECK(held == 0);
  CHECK_FALSE(w.occurred(t0 + 5s + 10ms, held));
  CHECK_FALSE(w.occurred(t0 + 5s + 999ms, held));
  CHECK(w.occurred(t0 + 6s, held));
  CHECK(held == 2);
  CHECK(w.occurred(t0 + 9s, held));
  CHECK(held == 0);
}
