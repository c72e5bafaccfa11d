// ConcatHold on its own: parts gathered per message key in any order, repeats held but judged
// once, the per-session and process-wide byte limits, expiry, the late-part memory, and every
// byte given back to the budget.

#include <catch2/catch.hpp>

#include <chrono>
#include <vector>

#include "proxy/concat_hold.h"

using smsfw::filters::message::ConcatInfo;
using smsfw::filters::message::ConcatSource;
using smsfw::proxy::ConcatHold;
using smsfw::proxy::HoldBudget;
using namespace std::chrono_literals;

namespace {

std::vector<std::uint8_t> frame(std::size_t n, std::uint8_t fill) { return std::vector<std::uint8_t>(n, fill); }
ConcatInfo part(std::uint8_t n, std::uint8_t total = 3, std::uint16_t ref = 7) {
  return {ref, total, n, ConcatSource::udh8};
}

}  // namespace

TEST_CASE("ConcatHold: keys tell messages apart by addresses, reference, total and source") {
  const ConcatInfo a{7, 3, 1, ConcatSource::udh8};
  const auto k = ConcatHold::key_of("SHOP", "6681", a);
  CHECK(k == ConcatHold::key_of("SHOP", "6681", ConcatInfo{7, 3, 2, ConcatSource::udh8}));  // part number aside
  CHECK(k != ConcatHold::key_of("SHOP", "6682", a));
  CHECK(k != ConcatHold::key_of("SHOP2", "6681", a));
  CHECK(k != ConcatHold::key_of("SHOP", "6681", ConcatInfo{8, 3, 1, ConcatSource::udh8}));
  CHECK(k != ConcatHold::key_of("SHOP", "6681", ConcatInfo{7, 4, 1, ConcatSource::udh8}));
  CHECK(k != ConcatHold::key_of("SHOP", "6681", ConcatInfo{7, 3, 1, ConcatSource::udh16}));
  CHECK(ConcatHold::key_of("AB", "C", a) != ConcatHold::key_of("A", "BC", a));
}

TEST_CASE("ConcatHold: parts in any order, a repeat held but judged once, complete at the last new part") {
  HoldBudget budget(1 << 20);
  ConcatHold hold(budget, 1 << 16, 10s);
  const auto now = ConcatHold::Clock::now();
  const auto key = ConcatHold::key_of("S", "D", part(1));
  std::size_t idx = 99;
  CHECK(hold.add(key, part(3), frame(30, 3), 13, 4, now, idx) == ConcatHold::Added::held);
  CHECK(hold.add(key, part(1), frame(10, 1), 11, 4, now, idx) == ConcatHold::Added::held);
  CHECK(hold.add(key, part(1), frame(11, 9), 14, 4, now, idx) == ConcatHold::Added::held);  // resent
  CHECK(hold.held_parts() == 3);
  CHECK(hold.held_bytes() == 51);
  CHECK(budget.used() == 51);
  CHECK(hold.add(key, part(2), frame(20, 2), 12, 4, now, idx) == ConcatHold::Added::complete);
  ConcatHold::Message& m = hold.message(idx);
  REQUIRE(m.parts.size() == 4);
  CHECK(m.parts[0].sequence == 13);  // arrival order kept
  CHECK(m.parts[2].repeat);
  const auto ordered = hold.in_part_order(idx);
  REQUIRE(ordered.size() == 3);
  CHECK(ordered[0]->sequence == 11);  // the first copy of part 1
  CHECK(ordered[1]->sequence == 12);
  CHECK(ordered[2]->sequence == 13);
  hold.release(idx);
  CHECK(hold.empty());
  CHECK(hold.held_bytes() == 0);
  CHECK(budget.used() == 0);
}

TEST_CASE("ConcatHold: the session limit and the process budget refuse a part without holding it") {
  HoldBudget budget(100);
  ConcatHold a(budget, 60, 10s), b(budget, 60, 10s);
  const auto now = ConcatHold::Clock::now();
  std::size_t idx = 0;
  CHECK(a.add(1, part(1), frame(50, 0), 1, 4, now, idx) == ConcatHold::Added::held);
  CHECK(a.add(1, part(2), frame(20, 0), 2, 4, now, idx) == ConcatHold::Added::session_full);
  CHECK(b.add(2, part(1), frame(45, 0), 3, 4, now, idx) == ConcatHold::Added::held);
  CHECK(b.add(2, part(2), frame(10, 0), 4, 4, now, idx) == ConcatHold::Added::process_full);  // 50+45+10 > 100
  CHECK(budget.used() == 95);
  CHECK(a.held_parts() == 1);
  CHECK(b.held_parts() == 1);
  a.release_all();
  CHECK(budget.used() == 45);
  CHECK(b.add(2, part(2), frame(10, 0), 4, 4, now, idx) == ConcatHold::Added::held);
}

TEST_CASE("ConcatHold: expiry and the late-part memory of an incomplete message") {
  HoldBudget budget(1 << 20);
  ConcatHold hold(budget, 1 << 16, 10s);
  const auto t0 = ConcatHold::Clock::now();
  std::size_t idx = 0;
  CHECK(hold.add(5, part(1), frame(10, 0), 1, 4, t0, idx) == ConcatHold::Added::held);
  CHECK_FALSE(hold.take_expired(t0 + 9s));
  const auto expired = hold.take_expired(t0 + 10s);
  REQUIRE(expired);
  CHECK(*expired == idx);
  hold.remember(idx, 0x45, t0 + 10s);
  hold.release(idx);
  // Parts 2 and 3 were missing: they get the remembered status for another 10 s.
  CHECK(hold.late_part_status(5, 2, t0 + 11s) == std::optional<std::uint32_t>(0x45));
  CHECK(hold.late_part_status(5, 3, t0 + 19s) == std::optional<std::uint32_t>(0x45));
  CHECK_FALSE(hold.late_part_status(5, 2, t0 + 21s));
  // Part 1 was judged: a new part 1 is a new message (or a retry), held as usual.
  CHECK_FALSE(hold.late_part_status(5, 1, t0 + 11s));
  CHECK_FALSE(hold.late_part_status(6, 2, t0 + 11s));
}
