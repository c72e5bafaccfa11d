// Tests for TokenBucket::debit() (throttle/token_bucket.h): remote consumption charged without a
// check, the cap on debt, and two simulated instances that debit each other's takes every 200 ms
// keeping their combined count near one limit (fake clock, one thread).
#include "throttle/token_bucket.h"

#include <catch2/catch.hpp>

#include <cstdint>

using smsfw::filters::throttle::BucketLimits;
using smsfw::filters::throttle::kMaxDebitAheadNs;
using smsfw::filters::throttle::limits_of;
using smsfw::filters::throttle::TokenBucket;

namespace {

constexpr std::uint64_t kMs = 1'000'000;
constexpr std::uint64_t kSec = 1'000'000'000;

int drain(TokenBucket& b, std::uint64_t now, const BucketLimits& l, int limit = 1'000'000) {
  int n = 0;
  while (n < limit && b.try_take_limits(now, l)) ++n;
  return n;
}

}  // namespace

TEST_CASE("debit: charged tokens are gone without a check") {
  const BucketLimits l = limits_of({10, 5});  // 100 ms per token, burst 5
  TokenBucket b;
  const std::uint64_t t0 = 5 * kSec;
  b.debit(3, t0, l);
  CHECK(drain(b, t0, l) == 2);
  // Into debt: 4 more than the bucket holds; no take until 400 ms of refill paid it back.
  b.debit(4, t0, l);
  CHECK(drain(b, t0 + 400 * kMs - 1, l) == 0);
  CHECK(drain(b, t0 + 500 * kMs, l) == 1);
  b.debit(0, t0 + 500 * kMs, l);  // nothing
  CHECK(drain(b, t0 + 600 * kMs, l) == 1);
}

TEST_CASE("debit: debt is capped at 60 s of refill beyond an empty bucket") {
  const BucketLimits l = limits_of({10, 5});
  TokenBucket b;
  const std::uint64_t t0 = 5 * kSec;
  b.debit(1'000'000'000'000ull, t0, l);  // n * I overflows 64 bits: saturated at the cap
  CHECK(drain(b, t0 + kMaxDebitAheadNs, l) == 0);
  CHECK(drain(b, t0 + kMaxDebitAheadNs + 100 * kMs, l) == 1);
  // Debits never lower tat, also when a debit comes with an older `now`.
  TokenBucket c;
  c.debit(~std::uint64_t{0}, t0 + kSec, l);
  c.debit(1, t0, l);
  CHECK(drain(c, t0 + kSec + kMaxDebitAheadNs, l) == 0);
}

// Two instances A and B each have a local bucket for the same limit and are both offered far
// more than the limit (3 attempts per ms each). Every 200 ms they exchange: each debits the
// other's takes since the last exchange. Bound (token_bucket.h, debit()): combined count over T
// <= burst + rate * T + (N - 1) * (burst + rate * D), here 20 + 1000 + 20 + 20 = 1060; and since
// each bucket is charged for every token taken anywhere, at least rate * T - rate * D = 980.
TEST_CASE("debit: two instances exchanging every 200 ms stay near one limit") {
  const double rate = 100, burst = 20;
  const BucketLimits l = limits_of({rate, burst});
  TokenBucket a, b;
  std::uint64_t taken_a = 0, taken_b = 0, seen_a = 0, seen_b = 0;
  const std::uint64_t t0 = 1000 * kSec, T = 10 * kSec, D = 200 * kMs;
  for (std::uint64_t t = t0; t < t0 + T; t += kMs) {
    for (int k = 0; k < 3; ++k) {
      taken_a += a.try_take_limits(t, l) ? 1 : 0;
      taken_b += b.try_take_limits(t, l) ? 1 : 0;
    }
    if ((t - t0) % D == D - kMs) {  // exchange at the end of each interval
      a.debit(taken_b - seen_b, t, l);
      b.debit(taken_a - seen_a, t, l);
      seen_a = taken_a;
      seen_b = taken_b;
    }
  }
  const std::uint64_t combined = taken_a + taken_b;
  INFO("A " << taken_a << " B " << taken_b << " combined " << combined);
  CHECK(combined <= 1060);
  CHECK(combined >= 980);
  // Without the exchange the two would admit twice the limit.
  TokenBucket x;
  std::uint64_t alone = 0;
  for (std::uint64_t t = t0; t < t0 + T; t += kMs) alone += drain(x, t, l, 3);
  CHECK(alone == 1019);  // burst + rate * (T - 1 ms) rounded down
}
