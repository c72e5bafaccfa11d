// Tests for the optional take counters of ThrottleTable (throttle/throttle_table.h): counting
// only successful takes of keys with a slot, for_each_counted() visiting claimed slots, and a
// table without counting behaving as before.
#include "throttle/throttle_table.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <thread>
#include <vector>

using smsfw::filters::throttle::BucketLimits;
using smsfw::filters::throttle::limits_of;
using smsfw::filters::throttle::ThrottleTable;
using smsfw::filters::throttle::TokenBucket;

namespace {

constexpr std::uint64_t kSec = 1'000'000'000;

std::map<std::uint64_t, std::uint64_t> counts(ThrottleTable& t) {
  std::map<std::uint64_t, std::uint64_t> m;
  t.for_each_counted([&](std::uint64_t key, TokenBucket&, std::uint64_t taken) { m[key] = taken; });
  return m;
}

}  // namespace

TEST_CASE("counting: successful takes are counted per key") {
  ThrottleTable table(64, true);
  CHECK(table.counts_takes());
  const BucketLimits l = limits_of({1, 3});
  for (int i = 0; i < 5; ++i) table.try_take_counted(11, kSec, l);  // 3 accepted
  table.try_take_counted(22, kSec, l);
  table.bucket(33);  // claimed, never taken from
  const auto m = counts(table);
  CHECK(m.size() == 3);
  CHECK(m.at(11) == 3);
  CHECK(m.at(22) == 1);
  CHECK(m.at(33) == 0);
  // The visited bucket is the key's own.
  table.for_each_counted([&](std::uint64_t key, TokenBucket& b, std::uint64_t) {
    CHECK(&b == &table.bucket(key));
  });
}

TEST_CASE("counting: a table without counting takes the same and reports zero") {
  ThrottleTable table(64);
  CHECK_FALSE(table.counts_takes());
  const BucketLimits l = limits_of({1, 2});
  CHECK(table.try_take_counted(5, kSec, l));
  CHECK(table.try_take_counted(5, kSec, l));
  CHECK_FALSE(table.try_take_counted(5, kSec, l));
  const auto m = counts(table);
  CHECK(m.size() == 1);
  CHECK(m.at(5) == 0);
}

TEST_CASE("counting: overflow takes are throttled but not counted") {
  ThrottleTable table(2, true);
  const BucketLimits l = limits_of({1, 100});
  table.try_take_counted(1, kSec, l);
  table.try_take_counted(2, kSec, l);
  CHECK(table.try_take_counted(3, kSec, l));  // overflow bucket
  CHECK(table.overflow_lookups() == 1);
  std::uint64_t sum = 0;
  for (const auto& [k, n] : counts(table)) sum += n;
  CHECK(sum == 2);
}

TEST_CASE("counting: concurrent takes are all counted") {
  ThrottleTable table(1024, true);
  const BucketLimits l = limits_of({1, 1'000'000});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20'000; ++i) table.try_take_counted(static_cast<std::uint64_t>(i % 7 + 1), kSec, l);
    });
  }
  for (auto& th : threads) th.join();
  std::uint64_t sum = 0;
  for (const auto& [k, n] : counts(table)) sum += n;
  CHECK(sum == 80'000);
}
