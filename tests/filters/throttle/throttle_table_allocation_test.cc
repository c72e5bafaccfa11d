// ThrottleTable allocates only when constructed: lookups of known and new keys, takes and the
// overflow path call no operator new. Every allocation in this executable is counted (operator
// new is replaced: support/counted_allocations.h).
#include <catch2/catch.hpp>

#include <cstdint>

#include "throttle/throttle_key.h"
#include "support/counted_allocations.h"
#include "throttle/throttle_table.h"

using smsfw::test::g_allocations;

using smsfw::filters::throttle::account_sender_key;
using smsfw::filters::throttle::BucketConfig;
using smsfw::filters::throttle::ThrottleTable;

TEST_CASE("no allocation after construction: new keys, known keys, takes, overflow") {
  const std::uint64_t before_construction = g_allocations.load();
  ThrottleTable table(512);
  const std::uint64_t after_construction = g_allocations.load();
  CHECK(after_construction > before_construction);

  const BucketConfig c{100, 10};
  std::uint64_t admitted = 0;
  for (std::uint64_t round = 0; round < 4; ++round) {
    for (std::uint64_t i = 0; i < 2000; ++i) {
      const std::uint64_t key = account_sender_key("acct", "S") ^ (i * 0x9e3779b97f4a7c15ull);
      admitted += table.try_take(key, 1'000'000'000 + round * 10'000'000, c) ? 1 : 0;
    }
  }
  const std::uint64_t after_use = g_allocations.load();

  CHECK(after_use == after_construction);
  CHECK(table.overflow_lookups() > 0);  // the overflow path was exercised
  CHECK(admitted > 0);
}

TEST_CASE("no allocation after construction: counted takes, debits and the counter walk") {
  const BucketConfig c{100, 10};
  const auto l = smsfw::filters::throttle::limits_of(c);
  ThrottleTable table(512, true);
  const std::uint64_t after_construction = g_allocations.load();
  std::uint64_t admitted = 0;
  for (std::uint64_t i = 0; i < 2000; ++i) {
    const std::uint64_t key = account_sender_key("acct", "S") ^ (i * 0x9e3779b97f4a7c15ull);
    admitted += table.try_take_counted(key, 1'000'000'000, l) ? 1 : 0;
    table.bucket(key).debit(1, 1'000'000'000, l);
  }
  std::uint64_t counted = 0;
  table.for_each_counted([&](std::uint64_t, smsfw::filters::throttle::TokenBucket&,
                             std::uint64_t taken) { counted += taken; });
  CHECK(g_allocations.load() == after_construction);
  CHECK(counted > 0);
  CHECK(counted <= admitted);
}
