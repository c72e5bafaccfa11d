// smsc-sim's delay queue: PDUs come out in order once due, entries of one tick merge, a due time
// slightly earlier than its predecessor leaves with it, and compaction keeps the bytes intact.

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <vector>

#include "smsc_sim/delay_queue.h"

using smsfw::bench::sim::DelayQueue;
using Bytes = std::vector<std::uint8_t>;
using namespace std::chrono_literals;

namespace {

void put(DelayQueue& q, Bytes b, DelayQueue::Clock::time_point due) {
  q.bytes().insert(q.bytes().end(), b.begin(), b.end());
  q.commit(due);
}

}  // namespace

TEST_CASE("Nothing leaves before it is due, then everything due leaves, in order") {
  DelayQueue q;
  CHECK(q.empty());
  const auto t0 = DelayQueue::Clock::now();
  put(q, {1, 2}, t0 + 10ms);
  put(q, {3}, t0 + 20ms);
  put(q, {4, 5}, t0 + 30ms);
  CHECK_FALSE(q.empty());
  CHECK(q.front_due() == t0 + 10ms);

  Bytes out{9};
  q.drain_due(t0 + 9ms, out);
  CHECK(out == Bytes{9});
  q.drain_due(t0 + 20ms, out);
  CHECK(out == (Bytes{9, 1, 2, 3}));  // appended after what `out` held
  CHECK(q.front_due() == t0 + 30ms);
  q.drain_due(t0 + 1s, out);
  CHECK(out == (Bytes{9, 1, 2, 3, 4, 5}));
  CHECK(q.empty());
  q.drain_due(t0 + 2s, out);
  CHECK(out.size() == 6);
}

TEST_CASE("PDUs committed with the same due time form one entry") {
  DelayQueue q;
  const auto t = DelayQueue::Clock::now() + 5ms;
  put(q, {1}, t);
  put(q, {2}, t);
  Bytes out;
  q.drain_due(t, out);
  CHECK(out == (Bytes{1, 2}));
  CHECK(q.empty());
}

TEST_CASE("A due time slightly before its predecessor's is released together with it") {
  DelayQueue q;
  const auto t = DelayQueue::Clock::now();
  put(q, {1}, t + 10ms);
  put(q, {2}, t + 9ms);  // clock skew between a cached batch time and a fresh one
  Bytes out;
  q.drain_due(t + 9ms, out);
  CHECK(out.empty());  // never overtakes the entry in front
  q.drain_due(t + 10ms, out);
  CHECK(out == (Bytes{1, 2}));
}

TEST_CASE("The queue is reusable after it ran empty") {
  DelayQueue q;
  const auto t = DelayQueue::Clock::now();
  put(q, {1, 1}, t);
  Bytes out;
  q.drain_due(t, out);
  REQUIRE(q.empty());
  put(q, {2}, t + 1ms);
  CHECK(q.front_due() == t + 1ms);
  q.drain_due(t + 1ms, out);
  CHECK(out == (Bytes{1, 1, 2}));
}

TEST_CASE("A queue that never runs empty compacts without losing or reordering bytes") {
  // Well over the 64 KiB compaction threshold, with the queue kept half full throughout.
  DelayQueue q;
  const auto t0 = DelayQueue::Clock::now();
  std::uint32_t written = 0, read = 0;
  auto push = [&](int tick) {
    Bytes pdu;
    for (int i = 0; i < 8; ++i, ++written) pdu.push_back(static_cast<std::uint8_t>(written * 7 + 3));
    put(q, pdu, t0 + std::chrono::microseconds(tick));
  };
  int tick = 0;
  for (; tick < 1000; ++tick) push(tick);
  Bytes out;
  for (int round = 0; round < 100; ++round) {
    for (int i = 0; i < 1000; ++i, ++tick) push(tick);
    out.clear();
    q.drain_due(t0 + std::chrono::microseconds(tick - 1001), out);  // leaves the newest 1000 queued
    REQUIRE(out.size() == 8000);
    for (std::uint8_t b : out) REQUIRE(b == static_cast<std::uint8_t>(read++ * 7 + 3));
    REQUIRE_FALSE(q.empty());
  }
  out.clear();
  q.drain_due(t0 + 1h, out);
  CHECK(out.size() == 8000);
  for (std::uint8_t b : out) REQUIRE(b == static_cast<std::uint8_t>(read++ * 7 + 3));
  CHECK(read == written);
  CHECK(q.empty());
}
