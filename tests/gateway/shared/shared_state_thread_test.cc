// Tests for SharedStateThread (shared/shared_state_thread.h): the hook order and cadence, local
// only (no Redis: before_exchange only), two "instances" in one process exchanging a throttle
// table through a real redis-server, Redis killed (rounds go on, quickly), and a prompt stop().
#include "shared/shared_state_thread.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gateway/shared/redis_server.h"

using smsfw::filters::throttle::BucketLimits;
using smsfw::filters::throttle::limits_of;
using smsfw::filters::throttle::ThrottleTable;
using smsfw::gateway::shared::default_instance_id;
using smsfw::gateway::shared::RedisLink;
using smsfw::gateway::shared::SharedStateHooks;
using smsfw::gateway::shared::SharedStateOptions;
using smsfw::gateway::shared::SharedStateThread;
using smsfw::test::RedisServer;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

std::uint64_t steady_ns() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count());
}

template <class P>
bool wait_for(P pred, std::chrono::milliseconds limit = 5s) {
  const auto end = Clock::now() + limit;
  while (Clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

SharedStateOptions with_redis(std::uint16_t port, const char* id, std::chrono::milliseconds interval) {
  SharedStateOptions o;
  RedisLink::Options r;
  r.port = port;
  o.redis = r;
  o.instance_id = id;
  o.interval = interval;
  return o;
}

}  // namespace

TEST_CASE("shared state thread: local only runs before_exchange, not the Redis hook") {
  ThrottleTable table(64, true);
  std::atomic<int> before{0}, campaign{0};
  std::atomic<std::uint64_t> seconds{0};
  SharedStateOptions o;
  o.interval = 20ms;
  SharedStateHooks h;
  h.before_exchange = [&](std::uint64_t now) {
    seconds = now;
    ++before;
  };
  h.campaign_exchange = [&](RedisLink&, std::uint64_t) { ++campaign; };
  SharedStateThread t(o, {&table}, h);
  CHECK_FALSE(t.redis_configured());
  CHECK(t.instance_id() == default_instance_id());
  CHECK(t.instance_id().find(':') != std::string::npos);
  t.start();
  REQUIRE(wait_for([&] { return before.load() >= 3; }));
  t.stop();
  CHECK(campaign == 0);
  CHECK(t.exchanges_ok() + t.exchanges_failed() == 0);
  // Wall-clock Unix seconds (after 2020).
  CHECK(seconds.load() > 1'577'836'800u);
}

TEST_CASE("shared state thread: hooks in order around the exchanges; stop() is prompt") {
  RedisServer server;
  ThrottleTable a(64, true), b(64, true);
  std::mutex m;
  std::vector<std::string> calls;
  SharedStateHooks h;
  h.before_exchange = [&](std::uint64_t) {
    std::lock_guard l(m);
    calls.push_back("before");
  };
  h.campaign_exchange = [&](RedisLink& link, std::uint64_t) {
    std::lock_guard l(m);
    calls.push_back(link.up() ? "campaign up" : "campaign down");
  };
  SharedStateThread t(with_redis(server.port(), "x", 10s), {&a, &b}, h);  // long interval
  CHECK(t.redis_configured());
  t.start();
  std::this_thread::sleep_for(50ms);
  const auto t0 = Clock::now();
  t.stop();
  CHECK(Clock::now() - t0 < 500ms);  // woken, not slept out
  CHECK(t.rounds() == 0);

  SharedStateThread t2(with_redis(server.port(), "x", 20ms), {&a, &b}, h);
  t2.start();
  REQUIRE(wait_for([&] { return t2.rounds() >= 2; }));
  t2.stop();
  std::lock_guard l(m);
  REQUIRE(calls.size() >= 4);
  CHECK(calls[0] == "before");
  CHECK(calls[1] == "campaign up");
  CHECK(t2.exchanges_ok() >= 4);  // two tables a round
}

// Two instances in one process, each with its own thread: together they stay near one limit.
// Rate 200/s burst 20, both offered ~2,000/s for 2 s, exchanging every 50 ms: alone they would
// admit 2 * 420 = 840; together about 420 + (20 + 200 * 0.1) = 460.
TEST_CASE("shared state thread: two instances share a limit; Redis down keeps them local") {
  RedisServer server;
  ThrottleTable ta(64, true), tb(64, true);
  SharedStateThread a(with_redis(server.port(), "a", 50ms), {&ta});
  SharedStateThread b(with_redis(server.port(), "b", 50ms), {&tb});
  a.start();
  b.start();
  REQUIRE(wait_for([&] { return a.exchanges_ok() >= 1 && b.exchanges_ok() >= 1; }));
  const BucketLimits l = limits_of({200, 20});
  constexpr std::uint64_t kKey = 42;
  std::uint64_t admitted = 0;
  const auto run_for = [&](std::chrono::milliseconds d) {
    std::uint64_t n = 0;
    const auto end = Clock::now() + d;
    while (Clock::now() < end) {
      n += ta.try_take_counted(kKey, steady_ns(), l) ? 1 : 0;
      n += tb.try_take_counted(kKey, steady_ns(), l) ? 1 : 0;
      std::this_thread::sleep_for(1ms);
    }
    return n;
  };
  // The first exchange that sees the key only bases it; let both see it before measuring.
  run_for(300ms);
  admitted = run_for(2000ms);
  INFO("combined " << admitted);
  std::printf("shared state thread, 2 s at 200/s burst 20, two instances: combined %llu (alone: <= 840)\n",
              static_cast<unsigned long long>(admitted));
  CHECK(admitted <= 200 * 2 + 20 + 20 + 200 * 0.15 + 20);  // rate*T + own bursts + lag
  CHECK(admitted >= 200 * 2 - 40);

  server.stop();
  const auto failed_before = a.exchanges_failed();
  const std::uint64_t local = run_for(1000ms);
  std::printf("redis down, 1 s: combined %llu (each local: <= 220)\n", static_cast<unsigned long long>(local));
  CHECK(a.exchanges_failed() > failed_before);
  CHECK(local > 200 + 60);  // both admit at their own rate again
  CHECK(local <= 2 * (200 + 20) + 20);
  const auto t0 = Clock::now();
  a.stop();
  b.stop();
  CHECK(Clock::now() - t0 < 1s);
}
