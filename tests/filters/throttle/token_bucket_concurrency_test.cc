// Tests for the token bucket (throttle/token_bucket.h) under concurrent takes: worker threads
// hammer one bucket while another thread advances a fake clock. No timing assertions: the checks
// are on counts that hold for every interleaving.
#include "throttle/token_bucket.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

using smsfw::filters::throttle::BucketConfig;
using smsfw::filters::throttle::TokenBucket;

namespace {

constexpr std::uint64_t kSec = 1'000'000'000;
constexpr int kWorkers = 3;

}  // namespace

// The clock advances one token's worth only after a worker has found the bucket empty at the
// current time. Then the bucket never sits full while time passes (burst >= 2, so the empty
// bucket's tat is ahead of the next clock value), no token is lost to the refill cap, and the
// count is exact for every interleaving: burst + steps. The release/acquire pairs on the clock
// and on `empty_at` order a worker's failed take before any take at the next clock value.
TEST_CASE("worker threads on one bucket take exactly burst + rate * T when kept busy") {
  const BucketConfig c{1000, 8};  // one token per millisecond
  constexpr std::uint64_t kStep = 1'000'000;
  constexpr int kSteps = 2000;
  const std::uint64_t t0 = 5 * kSec;

  TokenBucket bucket;
  std::atomic<std::uint64_t> clock{t0};
  std::atomic<std::uint64_t> empty_at{0};
  std::atomic<bool> done{false};
  std::atomic<std::int64_t> taken{0};
  bool stuck = false;

  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&] {
      std::int64_t mine = 0;
      while (!done.load(std::memory_order_acquire)) {
        const std::uint64_t now = clock.load(std::memory_order_acquire);
        if (bucket.try_take(now, c)) {
          ++mine;
        } else {
          empty_at.store(now, std::memory_order_release);
          std::this_thread::yield();
        }
      }
      taken.fetch_add(mine, std::memory_order_relaxed);
    });
  }
  // A guard against hanging on a broken bucket, not a timing assertion.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  std::uint64_t now = t0;
  for (int s = 0; s <= kSteps && !stuck; ++s) {
    while (empty_at.load(std::memory_order_acquire) != now) {
      if (std::chrono::steady_clock::now() > deadline) {
        stuck = true;
        break;
      }
      std::this_thread::yield();
    }
    if (s < kSteps) {
      now += kStep;
      clock.store(now, std::memory_order_release);
    }
  }
  done.store(true, std::memory_order_release);
  for (auto& t : workers) t.join();

  REQUIRE_FALSE(stuck);
  CHECK(taken.load() == 8 + kSteps);
  CHECK_FALSE(bucket.try_take(now, c));
}

// The clock runs freely (uneven steps, a fractional rate and burst), so tokens may be lost to the
// refill cap while workers are descheduled: only the bound and a floor are certain. Whatever the
// workers took plus what is left at the end never exceeds burst + rate * T, and is at least
// floor(burst): counted from the last moment the bucket was full, the takes since and the tokens
// left at the end add up to at least a full bucket.
TEST_CASE("worker threads on one bucket never exceed burst + rate * T with a free-running clock") {
  const BucketConfig c{2500.5, 3.5};
  const std::uint64_t t0 = 9 * kSec;

  TokenBucket bucket;
  std::atomic<std::uint64_t> clock{t0};
  std::atomic<bool> done{false};
  std::atomic<std::int64_t> taken{0};

  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&] {
      std::int64_t mine = 0;
      while (!done.load(std::memory_order_acquire)) {
        if (bucket.try_take(clock.load(std::memory_order_acquire), c)) {
          ++mine;
        } else {
          std::this_thread::yield();  // lets the clock thread run on a machine with few cores
        }
      }
      taken.fetch_add(mine, std::memory_order_relaxed);
    });
  }
  std::uint64_t now = t0;
  for (int s = 0; s < 20'000; ++s) {
    now += 1000 + static_cast<std::uint64_t>(s % 7) * 997;  // ~4 us steps, uneven
    clock.store(now, std::memory_order_release);
    if (s % 64 == 0) std::this_thread::yield();
  }
  done.store(true, std::memory_order_release);
  for (auto& t : workers) t.join();

  std::int64_t left = 0;
  while (bucket.try_take(now, c)) ++left;
  const double seconds = static_cast<double>(now - t0) / 1e9;
  const double bound = c.burst + c.rate_per_second * seconds;
  INFO("taken " << taken.load() << " left " << left << " bound " << bound);
  CHECK(static_cast<double>(taken.load() + left) <= bound);
  CHECK(taken.load() + left >= 3);
}
