// smpp-load's table of outstanding submit_sm: a window of slots, sequence numbers carrying the
// slot index (never 0, never reaching the bind/unbind numbers 0x7FFFFF01..), stale and unknown
// numbers rejected, entries returned intact.

#include <catch2/catch.hpp>

#include <set>
#include <vector>

#include "smpp_load/inflight_table.h"

using smsfw::bench::load::InflightTable;

TEST_CASE("Acquire fills the window, release frees a slot and returns its entry") {
  InflightTable t(3);
  CHECK(t.has_free());
  CHECK(t.outstanding() == 0);
  const std::uint32_t a = t.acquire({111, true});
  const std::uint32_t b = t.acquire({222, false});
  const std::uint32_t c = t.acquire({333, true});
  CHECK(t.outstanding() == 3);
  CHECK_FALSE(t.has_free());
  CHECK(std::set<std::uint32_t>{a, b, c}.size() == 3);

  InflightTable::Entry e;
  REQUIRE(t.release(b, e));
  CHECK(e.intended_ns == 222);
  CHECK_FALSE(e.measured);
  CHECK(t.outstanding() == 2);
  CHECK(t.has_free());
  REQUIRE(t.release(c, e));
  CHECK(e.intended_ns == 333);
  CHECK(e.measured);
  REQUIRE(t.release(a, e));
  CHECK(e.intended_ns == 111);
  CHECK(t.outstanding() == 0);
}

TEST_CASE("Sequence numbers: the slot index in the low bits, a generation above it") {
  InflightTable t(10);  // 4 index bits
  CHECK(t.acquire({}) == ((1u << 4) | 0));
  CHECK(t.acquire({}) == ((2u << 4) | 1));
  CHECK(t.acquire({}) == ((3u << 4) | 2));
}

TEST_CASE("A released number is stale: releasing it twice, or after its slot is reused, fails") {
  InflightTable t(1);
  const std::uint32_t first = t.acquire({1, true});
  InflightTable::Entry e;
  REQUIRE(t.release(first, e));
  CHECK_FALSE(t.release(first, e));
  const std::uint32_t second = t.acquire({2, true});
  CHECK(second != first);
  CHECK_FALSE(t.release(first, e));  // same slot, older generation
  CHECK(t.outstanding() == 1);
  REQUIRE(t.release(second, e));
  CHECK(e.intended_ns == 2);
}

TEST_CASE("Unknown sequence numbers are rejected without touching the table") {
  InflightTable t(10);
  const std::uint32_t seq = t.acquire({5, true});
  InflightTable::Entry e{77, true};
  CHECK_FALSE(t.release(0, e));
  CHECK_FALSE(t.release(12345, e));
  CHECK_FALSE(t.release((1u << 4) | 15, e));  // index 15 is beyond a window of 10
  CHECK_FALSE(t.release(0x7FFFFF01u, e));     // the bind's number
  CHECK_FALSE(t.release(0xFFFFFFFFu, e));
  CHECK(e.intended_ns == 77);                 // `out` untouched on failure
  CHECK(t.outstanding() == 1);
  CHECK(t.release(seq, e));
}

TEST_CASE("Sequence numbers stay in 1..0x7FFFFEFF and unique among outstanding ones across the wrap") {
  // Window 65535: 16 index bits leave 32766 generations, so the generation wraps quickly.
  InflightTable t(65535);
  std::vector<std::uint32_t> held;
  for (int i = 0; i < 1000; ++i) held.push_back(t.acquire({i, true}));  // stay outstanding throughout
  std::set<std::uint32_t> outstanding(held.begin(), held.end());
  InflightTable::Entry e;
  std::uint32_t lowest = 0xFFFFFFFFu, highest = 0;
  for (int i = 0; i < 100'000; ++i) {
    const std::uint32_t s = t.acquire({i, true});
    lowest = std::min(lowest, s);
    highest = std::max(highest, s);
    CHECK(outstanding.count(s) == 0);
    REQUIRE(t.release(s, e));
    CHECK(e.intended_ns == i);
  }
  CHECK(lowest >= 1u);
  CHECK(highest <= 0x7FFFFEFFu);
  CHECK(lowest < (2u << 16));  // the generation did wrap back to 1
  for (std::uint32_t s : held) CHECK(t.release(s, e));
  CHECK(t.outstanding() == 0);
}
