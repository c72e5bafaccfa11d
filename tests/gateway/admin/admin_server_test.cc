// AdminServer: every route, the bearer token, the runtime log level, a slow reload beside fast
// scrapes, the connection limit and malformed requests, through a Beast client on loopback.

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "admin/admin_server.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using smsfw::admin::AdminHandlers;
using smsfw::admin::AdminOptions;
using smsfw::admin::AdminServer;
using smsfw::admin::ReadyState;
using smsfw::admin::ReloadResult;

namespace {

using Response = http::response<http::string_body>;

AdminOptions loopback_options() {
  AdminOptions o;
  o.endpoint = tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0);
  return o;
}

// One keep-alive connection to the server.
class Client {
 public:
  explicit Client(const tcp::endpoint& ep) : socket_(ioc_) { socket_.connect(ep); }

  Response request(http::verb method, const std::string& target, const std::string& body = "",
                   const std::string& token = "", const std::string& content_type = "") {
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    if (!content_type.empty()) req.set(http::field::content_type, content_type);
    req.body() = body;
    req.keep_alive(true);
    req.prepare_payload();
    http::write(socket_, req);
    return read();
  }

  Response read() {
    Response res;
    http::read(socket_, buffer_, res);
    return res;
  }

  // Raw bytes in, whatever comes back until the server closes.
  std::string raw(const std::string& bytes) {
    asio::write(socket_, asio::buffer(bytes));
    return read_to_eof();
  }

  std::string read_to_eof() {
    std::string out;
    beast::error_code ec;
    char buf[4096];
    for (;;) {
      const std::size_t n = socket_.read_some(asio::buffer(buf), ec);
      out.append(buf, n);
      if (ec) break;
    }
    return out;
  }

  // True when the server closed the connection (EOF or reset) without sending anything.
  bool closed_by_server() {
    char c;
    beast::error_code ec;
    const std::size_t n = socket_.read_some(asio::buffer(&c, 1), ec);
    return n == 0 && (ec == asio::error::eof || ec == asio::error::connection_reset);
  }

  tcp::socket& socket() { return socket_; }

 private:
  asio::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

Response get(const tcp::endpoint& ep, const std::string& target, const std::string& token = "") {
  Client c(ep);
  return c.request(http::verb::get, target, "", token);
}

std::string header(const Response& res, http::field f) { return std::string(res[f]); }

AdminHandlers test_handlers() {
  AdminHandlers h;
  h.metrics = [] { return std::string("# HELP up Up.\n# TYPE up gauge\nup 1\n"); };
  h.ready = [] { return ReadyState{true, ""}; };
  h.status = [] { return nlohmann::json{{"sessions", 3}, {"version", "test"}}; };
  h.reload = [] { return ReloadResult{true, false, {{"patterns", 12}}}; };
  return h;
}

// Restores spdlog's level after a test changed it.
struct LevelGuard {
  spdlog::level::level_enum saved = spdlog::get_level();
  ~LevelGuard() { spdlog::set_level(saved); }
};

}  // namespace

TEST_CASE("every route answers with its status and content type") {
  AdminServer server(loopback_options(), test_handlers());
  server.start();
  const auto ep = server.local_endpoint();
  REQUIRE(ep.port() != 0);
  Client c(ep);

  auto res = c.request(http::verb::get, "/metrics");
  CHECK(res.result() == http::status::ok);
  CHECK(header(res, http::field::content_type) == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(res.body() == "# HELP up Up.\n# TYPE up gauge\nup 1\n");

  res = c.request(http::verb::get, "/healthz");  // same connection: keep-alive
  CHECK(res.result() == http::status::ok);
  CHECK(res.body() == "ok\n");
  CHECK(res.keep_alive());

  res = c.request(http::verb::get, "/readyz");
  CHECK(res.result() == http::status::ok);
  CHECK(res.body() == "ready\n");

  res = c.request(http::verb::get, "/status");
  CHECK(res.result() == http::status::ok);
  CHECK(header(res, http::field::content_type) == "application/json");
  CHECK(nlohmann::json::parse(res.body()) == nlohmann::json{{"sessions", 3}, {"version", "test"}});

  res = c.request(http::verb::post, "/reload");
  CHECK(res.result() == http::status::ok);
  CHECK(nlohmann::json::parse(res.body()) == nlohmann::json{{"patterns", 12}});

  res = c.request(http::verb::get, "/metrics?x=1");  // a query string does not change the route
  CHECK(res.result() == http::status::ok);

  res = c.request(http::verb::get, "/nope");
  CHECK(res.result() == http::status::not_found);
  res = c.request(http::verb::get, "/");
  CHECK(res.result() == http::status::not_found);

  res = c.request(http::verb::post, "/metrics");
  CHECK(res.result() == http::status::method_not_allowed);
  CHECK(header(res, http::field::allow) == "GET");
  res = c.request(http::verb::get, "/reload");
  CHECK(res.result() == http::status::method_not_allowed);
  CHECK(header(res, http::field::allow) == "POST");
  res = c.request(http::verb::delete_, "/loglevel");
  CHECK(res.result() == http::status::method_not_allowed);
  CHECK(header(res, http::field::allow) == "GET, PUT");
  res = c.request(http::verb::head, "/healthz");
  CHECK(res.result() == http::status::method_not_allowed);
  server.stop();
}

TEST_CASE("readiness, reload results and handler failures") {
  std::atomic<bool> ready{false};
  std::atomic<int> reload_mode{0};
  AdminHandlers h = test_handlers();
  h.ready = [&] { return ReadyState{ready.load(), "patterns not loaded"}; };
  h.reload = [&]() -> ReloadResult {
    switch (reload_mode.load()) {
      case 0: return ReloadResult{false, true, {{"error", "nothing changed"}}};
      case 1: return ReloadResult{false, false, {{"error", "bad pattern"}}};
      default: throw std::runtime_error("boom");
    }
  };
  h.status = []() -> nlohmann::json { throw std::runtime_error("status broke"); };
  AdminServer server(loopback_options(), h);
  server.start();
  const auto ep = server.local_endpoint();

  auto res = get(ep, "/readyz");
  CHECK(res.result() == http::status::service_unavailable);
  CHECK(res.body() == "not ready: patterns not loaded\n");
  ready = true;
  CHECK(get(ep, "/readyz").result() == http::status::ok);

  Client c(ep);
  res = c.request(http::verb::post, "/reload");
  CHECK(res.result() == http::status::conflict);
  CHECK(nlohmann::json::parse(res.body())["error"] == "nothing changed");
  reload_mode = 1;
  res = c.request(http::verb::post, "/reload");
  CHECK(res.result() == http::status::internal_server_error);
  CHECK(nlohmann::json::parse(res.body())["error"] == "bad pattern");
  reload_mode = 2;
  res = c.request(http::verb::post, "/reload");
  CHECK(res.result() == http::status::internal_server_error);
  CHECK(nlohmann::json::parse(res.body())["error"] == "boom");

  res = c.request(http::verb::get, "/status");
  CHECK(res.result() == http::status::internal_server_error);
  // The connection still serves after a failed handler.
  CHECK(c.request(http::verb::get, "/healthz").result() == http::status::ok);
}

TEST_CASE("routes without a handler are not found") {
  AdminServer server(loopback_options(), AdminHandlers{});
  server.start();
  const auto ep = server.local_endpoint();
  CHECK(get(ep, "/metrics").result() == http::status::not_found);
  CHECK(get(ep, "/status").result() == http::status::not_found);
  Client c(ep);
  CHECK(c.request(http::verb::post, "/reload").result() == http::status::not_found);
  CHECK(get(ep, "/readyz").result() == http::status::ok);  // no readiness check: ready
  CHECK(get(ep, "/healthz").result() == http::status::ok);
}

TEST_CASE("a bearer token guards every route but the probes GET /healthz and GET /readyz") {
  AdminOptions o = loopback_options();
  o.bearer_token = "s3cret-token";
  AdminServer server(o, test_handlers());
  server.start();
  const auto ep = server.local_endpoint();

  for (const char* target : {"/metrics", "/status", "/loglevel", "/nope"}) {
    INFO(target);
    auto res = get(ep, target);
    CHECK(res.result() == http::status::unauthorized);
    CHECK(header(res, http::field::www_authenticate) == "Bearer");
    res = get(ep, target, "wrong-token");
    CHECK(res.result() == http::status::unauthorized);
    res = get(ep, target, "s3cret-toke");  // a prefix
    CHECK(res.result() == http::status::unauthorized);
    res = get(ep, target, "s3cret-token-and-more");
    CHECK(res.result() == http::status::unauthorized);
  }
  CHECK(get(ep, "/metrics", "s3cret-token").result() == http::status::ok);
  CHECK(get(ep, "/status", "s3cret-token").result() == http::status::ok);
  CHECK(get(ep, "/nope", "s3cret-token").result() == http::status::not_found);
  CHECK(get(ep, "/healthz").result() == http::status::ok);
  CHECK(get(ep, "/healthz", "wrong").result() == http::status::ok);
  CHECK(get(ep, "/readyz").result() == http::status::ok);

  Client c(ep);
  CHECK(c.request(http::verb::post, "/reload").result() == http::status::unauthorized);
  CHECK(c.request(http::verb::post, "/reload", "", "s3cret-token").result() == http::status::ok);
  CHECK(c.request(http::verb::post, "/healthz").result() == http::status::unauthorized);  // only GET is open
  CHECK(c.request(http::verb::put, "/loglevel", "debug").result() == http::status::unauthorized);

  // Scheme case-insensitive, other schemes refused.
  for (const auto& [value, expected] : std::vector<std::pair<std::string, http::status>>{
           {"bearer s3cret-token", http::status::ok},
           {"Basic czNjcmV0LXRva2Vu", http::status::unauthorized},
           {"s3cret-token", http::status::unauthorized},
           {"Bearer", http::status::unauthorized}}) {
    INFO(value);
    http::request<http::string_body> req{http::verb::get, "/metrics", 11};
    req.set(http::field::host, "x");
    req.set(http::field::authorization, value);
    req.keep_alive(true);
    http::write(c.socket(), req);
    CHECK(c.read().result() == expected);
  }
}

TEST_CASE("constant_time_equal") {
  using smsfw::admin::constant_time_equal;
  CHECK(constant_time_equal("abc", "abc"));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "ab"));
  CHECK_FALSE(constant_time_equal("abc", "abcd"));
  CHECK_FALSE(constant_time_equal("abc", ""));
  CHECK(constant_time_equal("", ""));
}

TEST_CASE("the log level is read and set at runtime") {
  LevelGuard guard;
  spdlog::set_level(spdlog::level::info);
  AdminServer server(loopback_options(), test_handlers());
  server.start();
  Client c(server.local_endpoint());

  auto res = c.request(http::verb::get, "/loglevel");
  CHECK(res.result() == http::status::ok);
  CHECK(nlohmann::json::parse(res.body()) == nlohmann::json{{"level", "info"}});

  res = c.request(http::verb::put, "/loglevel", R"({"level":"debug"})", "", "application/json");
  CHECK(res.result() == http::status::ok);
  CHECK(nlohmann::json::parse(res.body()) == nlohmann::json{{"level", "debug"}});
  CHECK(spdlog::get_level() == spdlog::level::debug);

  res = c.request(http::verb::put, "/loglevel", "warn\n", "", "text/plain");
  CHECK(res.result() == http::status::ok);
  CHECK(spdlog::get_level() == spdlog::level::warn);
  CHECK(nlohmann::json::parse(c.request(http::verb::get, "/loglevel").body())["level"] == "warn");

  for (const char* name : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
    INFO(name);
    res = c.request(http::verb::put, "/loglevel", name);
    CHECK(res.result() == http::status::ok);
    CHECK(nlohmann::json::parse(c.request(http::verb::get, "/loglevel").body())["level"] == name);
  }
  CHECK(spdlog::get_level() == spdlog::level::off);

  for (const char* bad : {"verbose", "", "{\"level\": 3}", "{\"lvl\":\"info\"}", "{not json", "[\"info\"]"}) {
    INFO(bad);
    res = c.request(http::verb::put, "/loglevel", bad);
    CHECK(res.result() == http::status::bad_request);
  }
  CHECK(spdlog::get_level() == spdlog::level::off);  // unchanged by the bad requests
}

TEST_CASE("a slow reload does not stall the other routes") {
  std::mutex m;
  std::condition_variable cv;
  bool release = false;
  std::atomic<int> reloads{0};
  AdminHandlers h = test_handlers();
  h.reload = [&] {
    ++reloads;
    std::unique_lock lock(m);
    cv.wait_for(lock, 10s, [&] { return release; });
    return ReloadResult{true, false, {{"reloaded", true}}};
  };
  AdminServer server(loopback_options(), h);
  server.start();
  const auto ep = server.local_endpoint();

  auto slow = std::async(std::launch::async, [&] {
    Client c(ep);
    return c.request(http::verb::post, "/reload");
  });
  while (reloads.load() == 0) std::this_thread::sleep_for(5ms);

  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    CHECK(get(ep, "/metrics").result() == http::status::ok);
    CHECK(get(ep, "/healthz").result() == http::status::ok);
    CHECK(get(ep, "/status").result() == http::status::ok);
  }
  CHECK(std::chrono::steady_clock::now() - t0 < 5s);
  // A second reload meanwhile is refused without calling the handler.
  {
    Client c(ep);
    auto res = c.request(http::verb::post, "/reload");
    CHECK(res.result() == http::status::conflict);
  }
  CHECK(reloads.load() == 1);
  CHECK(slow.wait_for(0s) == std::future_status::timeout);

  {
    std::lock_guard lock(m);
    release = true;
  }
  cv.notify_all();
  auto res = slow.get();
  CHECK(res.result() == http::status::ok);
  CHECK(nlohmann::json::parse(res.body()) == nlohmann::json{{"reloaded", true}});
  // And a reload is possible again.
  Client c(ep);
  CHECK(c.request(http::verb::post, "/reload").result() == http::status::ok);
}

TEST_CASE("stop() waits for a reload in progress") {
  std::atomic<bool> entered{false};
  std::atomic<bool> finished{false};
  AdminHandlers h = test_handlers();
  h.reload = [&] {
    entered = true;
    std::this_thread::sleep_for(300ms);
    finished = true;
    return ReloadResult{};
  };
  AdminServer server(loopback_options(), h);
  server.start();
  Client c(server.local_endpoint());
  http::request<http::string_body> req{http::verb::post, "/reload", 11};
  req.set(http::field::host, "x");
  http::write(c.socket(), req);
  while (!entered) std::this_thread::sleep_for(2ms);
  server.stop();
  CHECK(finished);
  server.stop();  // idempotent
}

TEST_CASE("connections beyond the limit are closed") {
  AdminOptions o = loopback_options();
  o.max_connections = 2;
  AdminServer server(o, test_handlers());
  server.start();
  const auto ep = server.local_endpoint();
  {
    Client a(ep), b(ep);
    CHECK(a.request(http::verb::get, "/healthz").result() == http::status::ok);
    CHECK(b.request(http::verb::get, "/healthz").result() == http::status::ok);
    Client third(ep);
    CHECK(third.closed_by_server());
    // The two admitted ones still serve.
    CHECK(a.request(http::verb::get, "/metrics").result() == http::status::ok);
  }
  // Once they are gone, new connections are served again.
  bool served = false;
  for (int i = 0; i < 100 && !served; ++i) {
    try {
      served = get(ep, "/healthz").result() == http::status::ok;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(10ms);
    }
  }
  CHECK(served);
}

TEST_CASE("malformed and oversized requests get 4xx and the server lives on") {
  AdminOptions o = loopback_options();
  o.body_limit = 1024;
  AdminServer server(o, test_handlers());
  server.start();
  const auto ep = server.local_endpoint();

  for (const std::string& bad : {std::string("GARBAGE\r\n\r\n"), std::string("GET /healthz HTTP/9.9\r\n\r\n"),
                                std::string("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
                                std::string("GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n"),
                                std::string("\x01\x02\x03\x04\r\n\r\n", 8)}) {
    INFO(bad);
    Client c(ep);
    const std::string out = c.raw(bad);
    CHECK(out.rfind("HTTP/1.1 400 ", 0) == 0);
  }
  {
    Client c(ep);
    const std::string out = c.raw("PUT /loglevel HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" +
                                  std::string(4096, 'a'));
    CHECK(out.rfind("HTTP/1.1 413 ", 0) == 0);
  }
  {
    Client c(ep);
    const std::string out = c.raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
    CHECK(out.rfind("HTTP/1.1 431 ", 0) == 0);
  }
  CHECK(get(ep, "/healthz").result() == http::status::ok);
}

TEST_CASE("idle connections are closed after the read timeout") {
  AdminOptions o = loopback_options();
  o.read_timeout = 200ms;
  AdminServer server(o, test_handlers());
  server.start();
  Client c(server.local_endpoint());
  CHECK(c.request(http::verb::get, "/healthz").result() == http::status::ok);
  const auto t0 = std::chrono::steady_clock::now();
  CHECK(c.closed_by_server());
  CHECK(std::chrono::steady_clock::now() - t0 < 3s);
  // A half-sent request too.
  Client d(server.local_endpoint());
  asio::write(d.socket(), asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHo")));
  CHECK(d.closed_by_server());
}

TEST_CASE("start() fails when the port is taken") {
  AdminServer first(loopback_options(), test_handlers());
  first.start();
  AdminOptions o = loopback_options();
  o.endpoint.port(first.local_endpoint().port());
  AdminServer second(o, test_handlers());
  CHECK_THROWS(second.start());
}
