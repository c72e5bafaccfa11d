// Tests for CampaignExchange (shared/campaign_exchange.h) with a real redis-server: two
// instances each adding 60 destinations for texts that mask alike both see ~120; an unrelated
// campaign does not mix in; the union of the current and previous half-window; Redis down.
#include "shared/campaign_exchange.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "campaign/fingerprint.h"
#include "gateway/shared/redis_server.h"

using smsfw::filters::campaign::Fingerprinter;
using smsfw::gateway::shared::CampaignExchange;
using smsfw::gateway::shared::RedisLink;
using smsfw::test::RedisServer;
using Entry = CampaignExchange::Entry;
using Clock = std::chrono::steady_clock;

namespace {

RedisLink::Options options_for(std::uint16_t port) {
  RedisLink::Options o;
  o.port = port;
  return o;
}

// The shared key of a text: the exact hash of its masked form.
std::uint64_t key_of(const char* text) {
  Fingerprinter f;
  return f.fingerprint(text).exact;
}

// Distinct destination hashes first .. first + n - 1 (mixed like real hashes).
std::vector<std::uint64_t> dests(std::uint64_t first, int n) {
  std::vector<std::uint64_t> v;
  for (int i = 0; i < n; ++i) {
    std::uint64_t x = (first + static_cast<std::uint64_t>(i)) * 0x9e3779b97f4a7c15ull;
    v.push_back(x ^ (x >> 29));
  }
  return v;
}

// HyperLogLog error: Redis's standard error is 0.81%; allow ~3%.
bool about(std::uint32_t estimate, double expected) {
  return estimate >= expected * 0.97 && estimate <= expected * 1.03;
}

constexpr const char* kLureA =
    "Your parcel is held at customs. Pay the release fee today at http://pkg-thai.co/x8 or it "
    "will be returned to the sender";
constexpr const char* kLureB =  // another amount and link path: masked alike
    "Your parcel is held at customs. Pay the release fee today at http://pkg-thai.co/q17 or it "
    "will be returned to the sender";
constexpr const char* kOther =
    "Congratulations! You have won a free iPhone in our lucky draw, reply YES with your bank "
    "account number to claim";

constexpr std::uint32_t kWindow = 600;
constexpr std::uint64_t kNow = 1'800'000'000;  // Unix seconds

}  // namespace

TEST_CASE("campaign exchange: texts that mask alike on two instances share their reach") {
  const std::uint64_t ka = key_of(kLureA), kb = key_of(kLureB), ko = key_of(kOther);
  REQUIRE(ka == kb);
  REQUIRE(ka != ko);

  RedisServer server;
  RedisLink link_a(options_for(server.port())), link_b(options_for(server.port()));
  CampaignExchange a(link_a), b(link_b);

  std::vector<Entry> ea{{ka, dests(1, 60)}};
  auto est = a.exchange(ea, kWindow, kNow);
  REQUIRE(est);
  CHECK(about((*est)[0], 60));

  std::vector<Entry> eb{{kb, dests(1001, 60)}, {ko, dests(5001, 60)}};
  est = b.exchange(eb, kWindow, kNow + 1);
  REQUIRE(est);
  INFO("B sees " << (*est)[0] << ", other campaign " << (*est)[1]);
  CHECK(about((*est)[0], 120));
  CHECK(about((*est)[1], 60));

  ea[0].new_destinations.clear();  // A only reads
  est = a.exchange(ea, kWindow, kNow + 2);
  REQUIRE(est);
  INFO("A sees " << (*est)[0]);
  CHECK(about((*est)[0], 120));

  // The same destinations again add nothing.
  ea[0].new_destinations = dests(1, 60);
  est = a.exchange(ea, kWindow, kNow + 3);
  REQUIRE(est);
  CHECK(about((*est)[0], 120));
}

TEST_CASE("campaign exchange: the estimate covers the current and the previous half-window") {
  RedisServer server;
  RedisLink link(options_for(server.port()));
  CampaignExchange ex(link);
  const std::uint64_t half = kWindow / 2;
  const std::uint64_t start = (kNow / half) * half;  // the start of a half-window
  std::vector<Entry> e{{key_of(kLureA), dests(1, 60)}};
  REQUIRE(ex.exchange(e, kWindow, start));
  e[0].new_destinations.clear();
  auto est = ex.exchange(e, kWindow, start + half);  // next half: the previous one still counts
  REQUIRE(est);
  CHECK(about((*est)[0], 60));
  est = ex.exchange(e, kWindow, start + 2 * half);  // two halves later: gone
  REQUIRE(est);
  CHECK((*est)[0] == 0);
}

TEST_CASE("campaign exchange: Redis down gives no estimate, quickly") {
  RedisServer server;
  RedisLink link(options_for(server.port()));
  CampaignExchange ex(link);
  std::vector<Entry> e{{key_of(kLureA), dests(1, 10)}};
  REQUIRE(ex.exchange(e, kWindow, kNow));
  server.stop();
  const auto t0 = Clock::now();
  CHECK_FALSE(ex.exchange(e, kWindow, kNow));
  CHECK_FALSE(ex.exchange(e, kWindow, kNow));
  CHECK(std::chrono::duration<double>(Clock::now() - t0).count() < 1.0);
}

// Round-trip figure: 1,000 entries of 5 new destinations each (1,000 PFADD + 1,000 PEXPIRE +
// 1,000 PFCOUNT) in one pipeline.
TEST_CASE("campaign exchange: 1,000 entries in one exchange") {
  RedisServer server;
  RedisLink link(options_for(server.port()));
  CampaignExchange ex(link);
  std::vector<Entry> e;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    e.push_back({(i + 1) * 0xd6e8feb86659fd93ull, dests(i * 5, 5)});
  }
  double best = 1e9;
  for (int r = 0; r < 5; ++r) {
    const auto t0 = Clock::now();
    REQUIRE(ex.exchange(e, kWindow, kNow));
    best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::printf("campaign exchange, 1000 entries x 5 destinations: best %.2f ms, link round trip %llu us\n",
              best, static_cast<unsigned long long>(link.last_round_trip_us()));
  CHECK(best < 2000);
}
