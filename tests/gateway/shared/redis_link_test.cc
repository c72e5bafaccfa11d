// Tests for RedisLink (shared/redis_link.h) against a real redis-server: pipelined batches,
// down promptly on a killed or frozen server (one warning), quick failures while down, and the
// reconnect after a restart on the same port (one info line).
#include "shared/redis_link.h"

#include <hiredis/hiredis.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "gateway/shared/redis_server.h"

using smsfw::gateway::shared::RedisLink;
using smsfw::gateway::shared::RedisReplyPtr;
using smsfw::test::RedisServer;
using Clock = std::chrono::steady_clock;

namespace {

RedisLink::Options options_for(std::uint16_t port) {
  RedisLink::Options o;
  o.port = port;
  return o;
}

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Captures log lines to count the warnings and infos.
struct LogCapture {
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink =
      std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(256);
  std::shared_ptr<spdlog::logger> old = spdlog::default_logger();
  LogCapture() { spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink)); }
  ~LogCapture() { spdlog::set_default_logger(old); }
  int count(const std::string& needle) const {
    int n = 0;
    for (const auto& line : sink->last_formatted()) n += line.find(needle) != std::string::npos;
    return n;
  }
};

bool ping(RedisLink& link) {
  RedisLink::Batch b;
  b.command("PING");
  std::vector<RedisReplyPtr> r;
  return link.execute(b, r);
}

}  // namespace

TEST_CASE("link: a batch is one pipeline with one reply per command, in order") {
  RedisServer server;
  RedisLink link(options_for(server.port()));
  RedisLink::Batch b;
  b.command("SET").arg("k").arg("v");
  for (int i = 0; i < 100; ++i) b.command("INCR").arg("n");
  b.command("GET").arg("k");
  std::vector<RedisReplyPtr> r;
  REQUIRE(link.execute(b, r));
  CHECK(link.up());
  REQUIRE(r.size() == 102);
  CHECK(r[0]->type == REDIS_REPLY_STATUS);
  CHECK(r[100]->integer == 100);
  CHECK(std::string(r[101]->str, r[101]->len) == "v");
  // A command error is that command's reply, not a link failure.
  b.clear();
  b.command("INCR").arg("k").command("PING");
  REQUIRE(link.execute(b, r));
  CHECK(r[0]->type == REDIS_REPLY_ERROR);
  CHECK(link.up());
  CHECK(link.batches_ok() == 2);
  CHECK(link.batches_failed() == 0);
}

TEST_CASE("link: killed server -> down at once, quick failures, back after restart") {
  LogCapture log;
  RedisServer server;
  RedisLink link(options_for(server.port()));
  REQUIRE(ping(link));
  server.stop();
  auto t0 = Clock::now();
  CHECK_FALSE(ping(link));
  CHECK(ms_since(t0) < 1000);
  CHECK_FALSE(link.up());
  // While down: refused without I/O until the reconnect is due.
  t0 = Clock::now();
  for (int i = 0; i < 100; ++i) CHECK_FALSE(ping(link));
  CHECK(ms_since(t0) < 100);
  CHECK(log.count("unreachable") == 1);
  CHECK(log.count("127.0.0.1:" + std::to_string(server.port()) + " unreachable") == 1);

  server.start();
  t0 = Clock::now();
  bool back = false;
  while (!back && ms_since(t0) < 8000) {
    back = ping(link);
    if (!back) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  INFO("reconnected after " << ms_since(t0) << " ms");
  CHECK(back);
  CHECK(link.up());
  CHECK(ms_since(t0) < 2500);  // first retry 1 s after the failure
  CHECK(log.count("reconnected, sharing state again") == 1);
  CHECK(log.count("unreachable") == 1);
}

TEST_CASE("link: a frozen server times out within the command timeout") {
  RedisServer server;
  RedisLink link(options_for(server.port()));
  REQUIRE(ping(link));
  server.freeze();
  const auto t0 = Clock::now();
  CHECK_FALSE(ping(link));
  const double took = ms_since(t0);
  INFO("took " << took << " ms");
  CHECK(took >= 150);
  CHECK(took < 1000);
  CHECK_FALSE(link.up());
  server.thaw();
}

TEST_CASE("link: nothing listening -> down quickly, retries spaced by the backoff") {
  LogCapture log;
  std::uint16_t port = 0;
  {
    RedisServer gone;  // a port that was free a moment ago and is closed again
    port = gone.port();
  }
  RedisLink link(options_for(port));
  const auto t0 = Clock::now();
  for (int i = 0; i < 20; ++i) CHECK_FALSE(ping(link));
  CHECK(ms_since(t0) < 1000);
  CHECK_FALSE(link.up());
  CHECK(link.batches_failed() == 20);
  CHECK(log.count("unreachable") == 1);
}
