// Tests for the token bucket (throttle/token_bucket.h) on one thread with a fake clock: burst
// then rate, fractional rates, the refill cap, large time jumps, a clock going backwards, the
// degenerate configurations and the exact count over a long run.
#include "throttle/token_bucket.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>

using smsfw::filters::throttle::BucketConfig;
using smsfw::filters::throttle::kMaxIntervalNs;
using smsfw::filters::throttle::limits_of;
using smsfw::filters::throttle::TokenBucket;

namespace {

constexpr std::uint64_t kMs = 1'000'000;
constexpr std::uint64_t kSec = 1'000'000'000;

// Takes until the bucket refuses, at most `limit` times; the number taken.
int drain(TokenBucket& b, std::uint64_t now, const BucketConfig& c, int limit = 1'000'000) {
  int n = 0;
  while (n < limit && b.try_take(now, c)) ++n;
  return n;
}

}  // namespace

TEST_CASE("limits: interval rounded up, tolerance burst intervals") {
  CHECK(limits_of({10, 5}).interval_ns == 100 * kMs);
  CHECK(limits_of({10, 5}).tolerance_ns == 500 * kMs);
  CHECK(limits_of({3, 1}).interval_ns == 333'333'334);  // rounded up: never faster than 3/s
  CHECK(limits_of({0.5, 2}).interval_ns == 2 * kSec);
  CHECK(limits_of({1e12, 1}).interval_ns == 1);  // at most one per nanosecond
  CHECK(limits_of({1e-12, 4}).interval_ns == kMaxIntervalNs);
  CHECK(limits_of({1e-12, 4}).tolerance_ns == 4 * kMaxIntervalNs);
  CHECK(limits_of({0, 4}).tolerance_ns == 0);
  CHECK(limits_of({-1, 4}).tolerance_ns == 0);
}

TEST_CASE("a fresh bucket gives its burst, then one token per interval") {
  TokenBucket b;
  const BucketConfig c{10, 5};  // one token per 100 ms
  const std::uint64_t t0 = 7 * kSec;
  CHECK(drain(b, t0, c) == 5);
  CHECK_FALSE(b.try_take(t0 + 100 * kMs - 1, c));
  CHECK(b.try_take(t0 + 100 * kMs, c));
  CHECK_FALSE(b.try_take(t0 + 100 * kMs, c));
  CHECK(drain(b, t0 + 350 * kMs, c) == 2);  // 200 and 300 ms; 50 ms of the next one kept
  CHECK_FALSE(b.try_take(t0 + 399 * kMs, c));
  CHECK(b.try_take(t0 + 400 * kMs, c));
}

TEST_CASE("a bucket works from time zero") {
  TokenBucket b;
  CHECK(drain(b, 0, {1, 3}) == 3);
  CHECK_FALSE(b.try_take(kSec - 1, {1, 3}));
  CHECK(b.try_take(kSec, {1, 3}));
}

TEST_CASE("fractional rate: 0.5 per second") {
  TokenBucket b;
  const BucketConfig c{0.5, 1};
  const std::uint64_t t0 = 100 * kSec;
  CHECK(b.try_take(t0, c));
  CHECK_FALSE(b.try_take(t0 + kSec, c));
  CHECK_FALSE(b.try_take(t0 + 2 * kSec - 1, c));
  CHECK(b.try_take(t0 + 2 * kSec, c));
  CHECK_FALSE(b.try_take(t0 + 2 * kSec, c));
}

TEST_CASE("fractional burst: 2.5 tokens give 2 takes, the half token is kept") {
  TokenBucket b;
  const BucketConfig c{1, 2.5};
  const std::uint64_t t0 = kSec;
  CHECK(drain(b, t0, c) == 2);
  // Half a token left: the next one is whole after half an interval.
  CHECK_FALSE(b.try_take(t0 + 500 * kMs - 1, c));
  CHECK(b.try_take(t0 + 500 * kMs, c));
}

TEST_CASE("an idle bucket refills up to burst only") {
  TokenBucket b;
  const BucketConfig c{1, 3};
  CHECK(drain(b, kSec, c) == 3);
  CHECK(drain(b, kSec + 3600 * kSec, c) == 3);
  CHECK(b.full_at(kSec + 3600 * kSec + 3 * kSec));
  CHECK_FALSE(b.full_at(kSec + 3600 * kSec + 3 * kSec - 1));
}

TEST_CASE("a large time jump gives burst, not the time's worth") {
  TokenBucket b;
  const BucketConfig c{1000, 4};
  CHECK(drain(b, kSec, c) == 4);
  const std::uint64_t far = std::uint64_t{1} << 62;  // ~146 years later
  CHECK(drain(b, far, c) == 4);
  CHECK(b.try_take(far + kMs, c));
  CHECK_FALSE(b.try_take(far + kMs, c));
}

TEST_CASE("a clock going backwards mints no tokens") {
  TokenBucket b;
  const BucketConfig c{10, 5};
  const std::uint64_t t = 10 * kSec;
  CHECK(drain(b, t, c) == 5);
  CHECK_FALSE(b.try_take(t - kSec, c));
  CHECK_FALSE(b.try_take(0, c));
  CHECK_FALSE(b.try_take(t, c));
  CHECK(b.try_take(t + 100 * kMs, c));

  SECTION("a stale reading on a partly used bucket gets fewer tokens, not more") {
    TokenBucket p;
    CHECK(drain(p, t, c, 2) == 2);                 // 3 left at t
    CHECK(drain(p, t - 200 * kMs, c) == 1);        // 200 ms earlier it would hold 1 of them
    CHECK(drain(p, t, c) == 2);                    // the rest, at t
    CHECK(drain(p, t - 3 * kSec, c) == 0);
  }
}

TEST_CASE("over a long greedy run the count is exactly burst + rate * T") {
  TokenBucket b;
  const BucketConfig c{1000, 10};
  const std::uint64_t t0 = kSec;
  int taken = 0;
  for (std::uint64_t step = 0; step <= 5000; ++step) taken += drain(b, t0 + step * kMs, c);
  CHECK(taken == 10 + 5000);
}

TEST_CASE("a rate that is not a whole number of nanoseconds never exceeds the bound") {
  TokenBucket b;
  const BucketConfig c{3, 2};  // 333,333,333.3 ns, rounded up to ...334
  const std::uint64_t t0 = kSec;
  int taken = 0;
  const std::uint64_t end = t0 + 100 * kSec;
  for (std::uint64_t t = t0; t <= end; t += kMs) taken += drain(b, t, c);
  // burst + rate * T = 302; rounding the interval up costs at most one take over 100 s.
  CHECK(taken <= 302);
  CHECK(taken >= 301);
}

TEST_CASE("degenerate limits admit nothing: burst below one, rate zero or negative, NaN") {
  TokenBucket b;
  CHECK(drain(b, kSec, {100, 0}) == 0);
  CHECK(drain(b, kSec, {100, 0.99}) == 0);
  CHECK(drain(b, kSec, {0, 4}) == 0);
  CHECK(drain(b, kSec, {-5, 4}) == 0);
  CHECK(drain(b, kSec, {std::nan(""), 4}) == 0);
  CHECK(drain(b, kSec, {100, std::nan("")}) == 0);
  CHECK(b.full_at(kSec));  // nothing was written
}

TEST_CASE("the smallest rate keeps its burst") {
  TokenBucket b;
  const BucketConfig c{1e-12, 4};
  CHECK(drain(b, kSec, c) == 4);
  CHECK_FALSE(b.try_take(kSec + kMaxIntervalNs - 1, c));
  CHECK(b.try_take(kSec + kMaxIntervalNs, c));
}
