// Tests for ThrottleTable (throttle/throttle_table.h) and the keys (throttle/throttle_key.h):
// distinct keys get distinct buckets, a key keeps its bucket across threads, the overflow policy
// when the table or a probe window is full, and a limit that holds across threads.
#include "throttle/throttle_table.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <set>
#include <thread>
#include <vector>

#include "throttle/throttle_key.h"

using smsfw::filters::throttle::account_key;
using smsfw::filters::throttle::account_sender_key;
using smsfw::filters::throttle::BucketConfig;
using smsfw::filters::throttle::ThrottleTable;
using smsfw::filters::throttle::TokenBucket;

namespace {

constexpr std::uint64_t kSec = 1'000'000'000;

// Spread-out keys like real hashes, and one that is 0 (the table's empty marker internally).
std::uint64_t key_no(std::uint64_t i) { return i == 0 ? 0 : account_key("acct") ^ (i * 0x100000001b3ull); }

}  // namespace

TEST_CASE("keys: account and (account, sender) keys differ and do not run together") {
  static_assert(account_key("kbank-a2p") == account_key("kbank-a2p"));
  CHECK(account_key("a") != account_sender_key("a", ""));
  CHECK(account_sender_key("ab", "c") != account_sender_key("a", "bc"));
  CHECK(account_sender_key("a", "KBANK") != account_sender_key("a", "SCB"));
  CHECK(account_key("") != 0);
}

TEST_CASE("capacity is rounded up to a power of two") {
  CHECK(ThrottleTable(65536).capacity() == 65536);
  CHECK(ThrottleTable(1000).capacity() == 1024);
  CHECK(ThrottleTable(0).capacity() == 1);
}

TEST_CASE("distinct keys get distinct buckets, the same key the same bucket") {
  ThrottleTable table(4096);
  std::vector<TokenBucket*> first;
  std::set<TokenBucket*> seen;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    TokenBucket* b = &table.bucket(key_no(i));
    CHECK_FALSE(table.is_overflow(*b));
    first.push_back(b);
    seen.insert(b);
  }
  CHECK(seen.size() == 1000);
  CHECK(table.size() == 1000);
  for (std::uint64_t i = 0; i < 1000; ++i) CHECK(&table.bucket(key_no(i)) == first[i]);
  CHECK(table.size() == 1000);
  CHECK(table.overflow_lookups() == 0);
}

TEST_CASE("buckets are independent: one key's takes leave another's alone") {
  ThrottleTable table(64);
  const BucketConfig c{1, 2};
  const std::uint64_t a = account_key("a");
  const std::uint64_t b = account_key("b");
  CHECK(table.try_take(a, kSec, c));
  CHECK(table.try_take(a, kSec, c));
  CHECK_FALSE(table.try_take(a, kSec, c));
  CHECK(table.try_take(b, kSec, c));
  CHECK(table.try_take(b, kSec, c));
  CHECK_FALSE(table.try_take(b, kSec, c));
}

TEST_CASE("a full table sends new keys to one shared, counted overflow bucket") {
  ThrottleTable table(8);  // the probe window covers the whole table
  std::set<TokenBucket*> own;
  for (std::uint64_t i = 1; i <= 8; ++i) own.insert(&table.bucket(key_no(i)));
  CHECK(own.size() == 8);
  CHECK(table.size() == 8);
  CHECK(table.overflow_lookups() == 0);

  TokenBucket& late1 = table.bucket(key_no(9));
  TokenBucket& late2 = table.bucket(key_no(10));
  CHECK(table.is_overflow(late1));
  CHECK(&late1 == &late2);
  CHECK(table.overflow_lookups() == 2);
  CHECK(table.size() == 8);
  // The keys that have a slot keep it.
  for (std::uint64_t i = 1; i <= 8; ++i) CHECK(own.count(&table.bucket(key_no(i))) == 1);
  CHECK(table.overflow_lookups() == 2);

  // Late keys are throttled together, never left unthrottled.
  const BucketConfig c{1, 3};
  int admitted = 0;
  for (std::uint64_t i = 9; i < 40; ++i) admitted += table.try_take(key_no(i), kSec, c) ? 1 : 0;
  CHECK(admitted == 3);
  CHECK(table.overflow_lookups() == 2 + 31);
}

TEST_CASE("many more keys than slots: each gets its own slot or the overflow bucket") {
  ThrottleTable table(256);  // larger than the probe window: some keys overflow before it is full
  std::set<TokenBucket*> own;
  std::uint64_t overflowed = 0;
  for (std::uint64_t i = 1; i <= 2560; ++i) {
    TokenBucket& b = table.bucket(key_no(i));
    if (table.is_overflow(b)) {
      ++overflowed;
    } else {
      CHECK(own.insert(&b).second);
    }
  }
  CHECK(own.size() == table.size());
  CHECK(table.size() <= 256);
  CHECK(table.size() >= 200);
  CHECK(overflowed == 2560 - table.size());
  CHECK(table.overflow_lookups() == overflowed);
}

TEST_CASE("threads looking up the same keys in different orders agree on every bucket") {
  constexpr int kThreads = 4;
  constexpr std::uint64_t kKeys = 3000;
  ThrottleTable table(4096);
  std::vector<std::vector<TokenBucket*>> found(kThreads, std::vector<TokenBucket*>(kKeys));
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();
      // Each thread starts at a different key and walks in its own direction.
      for (std::uint64_t n = 0; n < kKeys; ++n) {
        const std::uint64_t i = t % 2 == 0 ? (n + t * 997) % kKeys : (kKeys - 1 - n + t * 991) % kKeys;
        found[t][i] = &table.bucket(key_no(i));
      }
    });
  }
  for (auto& th : threads) th.join();

  CHECK(table.size() == kKeys);
  CHECK(table.overflow_lookups() == 0);
  std::set<TokenBucket*> distinct;
  for (std::uint64_t i = 0; i < kKeys; ++i) {
    for (int t = 1; t < kThreads; ++t) CHECK(found[t][i] == found[0][i]);
    distinct.insert(found[0][i]);
  }
  CHECK(distinct.size() == kKeys);
}

TEST_CASE("an account's limit holds across threads that claim its key concurrently") {
  constexpr int kThreads = 4;
  ThrottleTable table(1024);
  const BucketConfig c{0.001, 50};  // 50 now, the next one in 1000 s
  std::atomic<int> ready{0};
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();
      int mine = 0;
      for (int n = 0; n < 1000; ++n) {
        // Two keys per account kind, looked up fresh every time like the data path would.
        mine += table.try_take(account_key("acct-1"), kSec, c) ? 1 : 0;
        mine += table.try_take(account_sender_key("acct-1", "KBANK"), kSec, c) ? 1 : 0;
      }
      admitted.fetch_add(mine);
    });
  }
  for (auto& th : threads) th.join();
  CHECK(admitted.load() == 100);
  CHECK(table.size() == 2);
}
