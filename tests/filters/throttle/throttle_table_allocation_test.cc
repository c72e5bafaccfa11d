// ThrottleTable allocates only when constructed: lookups of known and new keys, takes and the
// overflow path call no operator new. Every allocation in this executable is counted (operator
// new is replaced below).
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "throttle/throttle_key.h"
#include "throttle/throttle_table.h"

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n == 0 ? 1 : n);
}
void* operator new[](std::size_t n, const std::nothrow_t& tag) noexcept { return operator new(n, tag); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

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
