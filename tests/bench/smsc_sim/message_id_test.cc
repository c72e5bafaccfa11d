// smsc-sim's message ids: upper-case hex, at least 8 digits, and unique across threads
// (thread i of n hands out i+1, i+1+n, ...).

#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "smsc_sim/message_id.h"

using smsfw::bench::sim::MessageIdGenerator;

TEST_CASE("One thread counts 1, 2, 3 ... as 8-digit upper-case hex") {
  MessageIdGenerator ids(0, 1);
  CHECK(ids.next() == "00000001");
  CHECK(ids.next() == "00000002");
  for (int i = 3; i < 42; ++i) ids.next();
  CHECK(ids.next() == "0000002A");
}

TEST_CASE("Thread i of n hands out i+1, i+1+n, i+1+2n") {
  MessageIdGenerator ids(1, 3);
  CHECK(ids.next() == "00000002");
  CHECK(ids.next() == "00000005");
  CHECK(ids.next() == "00000008");
  CHECK(ids.next() == "0000000B");
}

TEST_CASE("Ids grow past 8 digits instead of wrapping") {
  MessageIdGenerator ids(0xFFFFFFFEu, 1);  // the index doubles as a start value: next is 0xFFFFFFFF
  CHECK(ids.next() == "FFFFFFFF");
  CHECK(ids.next() == "100000000");
}

TEST_CASE("Ids of all threads are unique") {
  std::set<std::string> seen;
  constexpr unsigned kThreads = 4;
  for (unsigned t = 0; t < kThreads; ++t) {
    MessageIdGenerator ids(t, kThreads);
    for (int i = 0; i < 10'000; ++i) seen.insert(std::string(ids.next()));
  }
  CHECK(seen.size() == 40'000);
  CHECK(*seen.begin() == "00000001");
  CHECK(*seen.rbegin() == "00009C40");  // 40000
}
