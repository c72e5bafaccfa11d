// EventRing: variable-length records in order, wrapping at the end of the buffer, refusing what
// does not fit, and one producer and one consumer on two threads seeing every record intact.

#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "audit/event_ring.h"

using smsfw::audit::EventRing;

namespace {

bool push_string(EventRing& ring, const std::string& s) {
  return ring.try_push(s.size(), [&](std::span<std::uint8_t> out) { std::memcpy(out.data(), s.data(), s.size()); });
}

std::string pop_string(EventRing& ring) {
  const auto bytes = ring.front();
  std::string s(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (!bytes.empty()) ring.pop();
  return s;
}

}  // namespace

TEST_CASE("EventRing: records come out in order, whole") {
  EventRing ring(256);
  CHECK(ring.front().empty());
  CHECK(push_string(ring, "one"));
  CHECK(push_string(ring, "two, a bit longer"));
  CHECK_FALSE(push_string(ring, ""));  // refused: an empty span means "no record"
  CHECK(pop_string(ring) == "one");
  CHECK(pop_string(ring) == "two, a bit longer");
  const auto empty = ring.front();
  CHECK(empty.empty());
}

TEST_CASE("EventRing: full refuses, and the space comes back once the consumer pops") {
  EventRing ring(64);  // 60 bytes of payload at most
  CHECK(ring.max_payload() == 60);
  CHECK_FALSE(push_string(ring, std::string(61, 'x')));
  CHECK(push_string(ring, std::string(28, 'a')));  // 32 bytes with its header
  CHECK(push_string(ring, std::string(28, 'b')));  // 64: full
  CHECK_FALSE(push_string(ring, "c"));
  CHECK(pop_string(ring) == std::string(28, 'a'));
  CHECK(push_string(ring, "c"));  // wraps into the freed start
  CHECK(pop_string(ring) == std::string(28, 'b'));
  CHECK(pop_string(ring) == "c");
  CHECK(pop_string(ring).empty());
}

TEST_CASE("EventRing: a record that does not fit before the end starts again at the beginning") {
  EventRing ring(64);
  CHECK(push_string(ring, std::string(40, 'a')));  // 44 bytes: 20 left before the end
  CHECK(pop_string(ring) == std::string(40, 'a'));
  CHECK(push_string(ring, std::string(30, 'b')));  // 36 > 20: wrap marker, then at 0
  // The skipped 20 bytes count as used until the consumer passes them: 56 in use, 12 more is 68.
  CHECK_FALSE(push_string(ring, std::string(8, 'c')));
  CHECK(pop_string(ring) == std::string(30, 'b'));
  CHECK(push_string(ring, std::string(8, 'c')));
  CHECK(pop_string(ring) == std::string(8, 'c'));
  // An end too short for a marker (less than 4 bytes) is skipped too.
  EventRing tight(64);
  CHECK(push_string(tight, std::string(56, 'd')));  // 60 bytes: 4 left
  CHECK(pop_string(tight) == std::string(56, 'd'));
  CHECK(push_string(tight, std::string(1, 'e')));  // 8 > 4: marker in the last 4 bytes
  CHECK(pop_string(tight) == "e");
}

TEST_CASE("EventRing: one producer thread and one consumer thread, every record intact and in order") {
  EventRing ring(4096);
  constexpr int kRecords = 200000;
  std::thread producer([&] {
    for (int i = 0; i < kRecords; ++i) {
      const std::string s = std::to_string(i) + std::string(static_cast<std::size_t>(i % 97), static_cast<char>('a' + i % 26));
      while (!push_string(ring, s)) std::this_thread::yield();
    }
  });
  int next = 0;
  bool intact = true;
  while (next < kRecords) {
    const auto bytes = ring.front();
    if (bytes.empty()) {
      std::this_thread::yield();
      continue;
    }
    const std::string want =
        std::to_string(next) + std::string(static_cast<std::size_t>(next % 97), static_cast<char>('a' + next % 26));
    if (std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()) != want) intact = false;
    ring.pop();
    ++next;
  }
  producer.join();
  CHECK(intact);
  CHECK(ring.front().empty());
}
