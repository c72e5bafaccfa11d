// FailedBindLimiter: blocking after repeated failures, expiry, bounded memory.

#include <catch2/catch.hpp>

#include "access/failed_bind_limiter.h"

using smsfw::access::FailedBindLimiter;
using namespace std::chrono_literals;

TEST_CASE("failed binds: the max-th failure within the window blocks the address until the window passes") {
  FailedBindLimiter f(3, 60s);
  const FailedBindLimiter::Clock::time_point t0{};
  CHECK_FALSE(f.failed("192.0.2.1", t0));
  CHECK_FALSE(f.failed("192.0.2.1", t0 + 1s));
  CHECK_FALSE(f.blocked("192.0.2.1", t0 + 2s));
  CHECK(f.failed("192.0.2.1", t0 + 2s));  // the third: blocks
  CHECK(f.blocked("192.0.2.1", t0 + 3s));
  CHECK_FALSE(f.blocked("192.0.2.2", t0 + 3s));  // others are not affected
  CHECK(f.blocked("192.0.2.1", t0 + 59s));
  CHECK_FALSE(f.blocked("192.0.2.1", t0 + 60s));  // 60 s after the first failure
  CHECK_FALSE(f.failed("192.0.2.1", t0 + 61s));  // counting starts again
}

TEST_CASE("failed binds: failures spread wider than the window never block") {
  FailedBindLimiter f(2, 10s);
  const FailedBindLimiter::Clock::time_point t0{};
  CHECK_FALSE(f.failed("a", t0));
  CHECK_FALSE(f.failed("a", t0 + 11s));
  CHECK_FALSE(f.blocked("a", t0 + 12s));
}

TEST_CASE("failed binds: memory is bounded; expired entries go first, then the oldest") {
  FailedBindLimiter f(2, 10s, 3);
  const FailedBindLimiter::Clock::time_point t0{};
  f.failed("a", t0);
  f.failed("a", t0);  // blocked
  f.failed("b", t0 + 1s);
  f.failed("c", t0 + 2s);
  CHECK(f.tracked() == 3);
  f.failed("d", t0 + 3s);  // full, nothing expired: the oldest ("a") goes
  CHECK(f.tracked() == 3);
  CHECK_FALSE(f.blocked("a", t0 + 4s));
  f.failed("e", t0 + 12s);  // "b" and "c" expired
  CHECK(f.tracked() == 2);
}
