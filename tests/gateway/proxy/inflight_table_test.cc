// InflightTable: the proxy's record of requests awaiting their answer. Checked against a
// std::unordered_map model, including the backward-shift deletion that keeps probe chains intact.

#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>
#include <vector>

#include "proxy/inflight_table.h"
#include "support/rng.h"

using smsfw::proxy::InflightTable;

namespace {

using smsfw::test::Rng;

// The table's whole contents, read through drain() on a copy.
std::map<std::uint32_t, std::uint32_t> contents(const InflightTable& t) {
  InflightTable copy = t;
  std::map<std::uint32_t, std::uint32_t> out;
  copy.drain([&](std::uint32_t seq, std::uint32_t id) {
    const bool fresh = out.emplace(seq, id).second;
    CHECK(fresh);  // each sequence stored once
  });
  return out;
}

}  // namespace

TEST_CASE("InflightTable: insert, contains, take") {
  InflightTable t;
  CHECK(t.empty());
  CHECK_FALSE(t.contains(1));
  CHECK(t.take(1) == 0);

  t.insert(1, 0x04);
  t.insert(2, 0x15);
  t.insert(0x7FFFFFFF, 0x103);
  CHECK(t.size() == 3);
  CHECK_FALSE(t.empty());
  CHECK(t.contains(1));
  CHECK(t.contains(2));
  CHECK(t.contains(0x7FFFFFFF));
  CHECK_FALSE(t.contains(3));

  CHECK(t.take(2) == 0x15);
  CHECK_FALSE(t.contains(2));
  CHECK(t.take(2) == 0);  // answered once only
  CHECK(t.size() == 2);
  CHECK(t.take(1) == 0x04);
  CHECK(t.take(0x7FFFFFFF) == 0x103);
  CHECK(t.empty());
  CHECK(t.duplicates() == 0);
}

TEST_CASE("InflightTable: sequence number 0 and the top of the range are ordinary keys") {
  InflightTable t(8);
  t.insert(0, 0x04);
  t.insert(0xFFFFFFFFu, 0x05);
  CHECK(t.contains(0));
  CHECK(t.contains(0xFFFFFFFFu));
  CHECK(t.take(0) == 0x04);
  CHECK(t.take(0xFFFFFFFFu) == 0x05);
  CHECK(t.empty());
}

TEST_CASE("InflightTable: grows past its initial capacity with thousands of entries") {
  InflightTable t(8);
  constexpr std::uint32_t n = 20000;
  for (std::uint32_t s = 1; s <= n; ++s) t.insert(s, 0x04 + (s % 3));
  REQUIRE(t.size() == n);
  CHECK(t.duplicates() == 0);
  for (std::uint32_t s = 1; s <= n; ++s) REQUIRE(t.contains(s));
  CHECK_FALSE(t.contains(0));
  CHECK_FALSE(t.contains(n + 1));
  // Every second one answered; the rest still found.
  for (std::uint32_t s = 2; s <= n; s += 2) REQUIRE(t.take(s) == 0x04 + (s % 3));
  CHECK(t.size() == n / 2);
  for (std::uint32_t s = 1; s <= n; ++s) REQUIRE(t.contains(s) == (s % 2 == 1));
  for (std::uint32_t s = 1; s <= n; s += 2) REQUIRE(t.take(s) == 0x04 + (s % 3));
  CHECK(t.empty());
}

TEST_CASE("InflightTable: growth keeps the duplicate count") {
  InflightTable t(8);
  t.insert(5, 0x04);
  t.insert(5, 0x103);
  CHECK(t.duplicates() == 1);
  for (std::uint32_t s = 100; s < 200; ++s) t.insert(s, 0x04);  // forces several doublings
  CHECK(t.duplicates() == 1);
  CHECK(t.size() == 101);
}

TEST_CASE("InflightTable: a reused sequence number overwrites and is counted as a duplicate") {
  InflightTable t;
  t.insert(7, 0x04);
  t.insert(7, 0x103);
  CHECK(t.size() == 1);
  CHECK(t.duplicates() == 1);
  CHECK(t.take(7) == 0x103);
  CHECK(t.empty());
  t.insert(7, 0x04);  // not outstanding any more: not a duplicate
  CHECK(t.duplicates() == 1);
}

TEST_CASE("InflightTable: random insert/take sequences match an unordered_map model") {
  // Small key spaces force long collision chains and wrap-around at the end of the slot array,
  // which is where backward-shift deletion goes wrong if it goes wrong at all.
  for (std::uint32_t key_space : {16u, 100u, 1000u, 100000u}) {
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      CAPTURE(key_space, seed);
      Rng rng(seed * 7919 + key_space);
      InflightTable t(8);
      std::unordered_map<std::uint32_t, std::uint32_t> model;
      std::uint64_t model_dups = 0;
      for (int op = 0; op < 20000; ++op) {
        // Sequence numbers spread over the key space, some far apart (sparse, large values).
        const std::uint32_t seq = rng.below(key_space) * (key_space > 1000 ? 40503u : 1u);
        if (rng.below(100) < 55) {
          const std::uint32_t id = 1 + rng.below(0x200);
          if (model.contains(seq)) ++model_dups;
          model[seq] = id;
          t.insert(seq, id);
        } else {
          const auto it = model.find(seq);
          const std::uint32_t expected = it == model.end() ? 0 : it->second;
          if (it != model.end()) model.erase(it);
          REQUIRE(t.take(seq) == expected);
        }
        REQUIRE(t.size() == model.size());
        if (op % 97 == 0) {
          // Everything in the model is findable; nothing else is.
          for (const auto& [s, id] : model) REQUIRE(t.contains(s));
          for (int probe = 0; probe < 20; ++probe) {
            const std::uint32_t s = rng.below(key_space) * (key_space > 1000 ? 40503u : 1u);
            REQUIRE(t.contains(s) == model.contains(s));
          }
        }
      }
      CHECK(t.duplicates() == model_dups);
      const auto all = contents(t);
      CHECK(all == std::map<std::uint32_t, std::uint32_t>(model.begin(), model.end()));
    }
  }
}

TEST_CASE("InflightTable: drain visits every outstanding request once, then the table is empty") {
  InflightTable t(8);
  std::map<std::uint32_t, std::uint32_t> expected;
  for (std::uint32_t s = 1; s <= 300; ++s) {
    t.insert(s * 3, 0x100 + s);
    expected[s * 3] = 0x100 + s;
  }
  for (std::uint32_t s = 1; s <= 300; s += 3) {
    t.take(s * 3);
    expected.erase(s * 3);
  }
  std::map<std::uint32_t, std::uint32_t> seen;
  int calls = 0;
  t.drain([&](std::uint32_t seq, std::uint32_t id) {
    ++calls;
    seen[seq] = id;
  });
  CHECK(calls == static_cast<int>(expected.size()));
  CHECK(seen == expected);
  CHECK(t.empty());
  CHECK(t.size() == 0);
  for (const auto& [s, id] : expected) CHECK_FALSE(t.contains(s));
  int again = 0;
  t.drain([&](std::uint32_t, std::uint32_t) { ++again; });
  CHECK(again == 0);
  // Still usable afterwards.
  t.insert(9, 0x04);
  CHECK(t.take(9) == 0x04);
}

TEST_CASE("InflightTable: unused_sequence avoids every outstanding sequence number") {
  InflightTable t;
  const std::uint32_t first = t.unused_sequence();
  CHECK(first != 0);
  CHECK(first <= 0x7FFFFFFFu);  // inside the range SMPP allows
  std::set<std::uint32_t> taken;
  for (int i = 0; i < 50; ++i) {
    const std::uint32_t u = t.unused_sequence();
    REQUIRE_FALSE(t.contains(u));
    REQUIRE(u != 0);
    REQUIRE(u <= 0x7FFFFFFFu);
    REQUIRE(taken.insert(u).second);
    t.insert(u, 0x06);  // outstanding now: the next one must differ
  }
  // Low, ordinary sequence numbers do not disturb it.
  for (std::uint32_t s = 1; s <= 1000; ++s) t.insert(s, 0x04);
  CHECK_FALSE(t.contains(t.unused_sequence()));
}
