// ObservationRing: order, full ring, wrap-around, and one producer thread with one consumer.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "campaign/observation_ring.h"

using smsfw::filters::campaign::ObservationRing;
using smsfw::filters::campaign::PendingObservation;

namespace {
PendingObservation obs(std::uint64_t i) {
  PendingObservation o;
  o.fp.exact = i;
  o.fp.simhash = ~i;
  o.destination_hash = i * 3;
  o.time_seconds = i + 7;
  return o;
}
}  // namespace

TEST_CASE("observation ring: capacity must be a power of two") {
  CHECK_THROWS(ObservationRing(0));
  CHECK_THROWS(ObservationRing(6));
  CHECK(ObservationRing(8).capacity() == 8);
}

TEST_CASE("observation ring: push, full, drain in order, wrap around") {
  ObservationRing ring(8);
  std::uint64_t next_push = 0, next_drain = 0;
  for (int round = 0; round < 5; ++round) {
    for (int i = 0; i < 8; ++i) REQUIRE(ring.try_push(obs(next_push++)));
    CHECK_FALSE(ring.try_push(obs(999)));  // full: the caller counts a drop
    const std::size_t n = ring.drain([&](const PendingObservation& o) {
      CHECK(o.fp.exact == next_drain);
      CHECK(o.fp.simhash == ~next_drain);
      CHECK(o.destination_hash == next_drain * 3);
      CHECK(o.time_seconds == next_drain + 7);
      ++next_drain;
    });
    CHECK(n == 8);
    CHECK(ring.drain([](const PendingObservation&) {}) == 0);
    REQUIRE(ring.try_push(obs(next_push++)));  // partial fill crossing the wrap point
    CHECK(ring.drain([&](const PendingObservation& o) { CHECK(o.fp.exact == next_drain++); }) == 1);
  }
}

TEST_CASE("observation ring: one producer thread, one consumer thread") {
  constexpr std::uint64_t kCount = 2'000'000;
  ObservationRing ring(1024);
  std::atomic<bool> done{false};
  std::uint64_t drops = 0;
  std::thread producer([&] {
    for (std::uint64_t i = 0; i < kCount;) {
      if (ring.try_push(obs(i))) ++i;
      else ++drops;  // retried here so every value arrives; a real producer drops
    }
    done.store(true, std::memory_order_release);
  });
  std::uint64_t expected = 0;
  bool in_order = true;
  auto take = [&](const PendingObservation& o) {
    in_order = in_order && o.fp.exact == expected && o.destination_hash == expected * 3 &&
               o.time_seconds == expected + 7 && o.fp.simhash == ~expected;
    ++expected;
  };
  while (!done.load(std::memory_order_acquire)) ring.drain(take);
  ring.drain(take);
  producer.join();
  CHECK(in_order);
  CHECK(expected == kCount);
}
