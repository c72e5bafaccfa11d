#pragma once
// The admin HTTP/1.1 server: metrics, health, status, reload and the runtime log level, on its
// own io_context and thread, apart from the SMPP data path.
//
//   GET  /metrics   handlers.metrics() -> 200 text/plain; version=0.0.4; charset=utf-8
//   GET  /healthz   200 "ok\n" (alive; never needs the token)
//   GET  /readyz    handlers.ready() -> 200 "ready\n" | 503 "not ready: REASON\n"
//   GET  /status    handlers.status() -> 200 application/json
//   POST /reload    handlers.reload() -> 200 JSON body | 409 (conflict, or a reload already
//                   running) | 500 (failed), body: the handler's JSON
//   GET  /loglevel  200 {"level":"info"}
//   PUT  /loglevel  body {"level":"debug"} or plain `debug` -> spdlog::set_level, 200
//                   {"level":"debug"}; 400 for anything but trace, debug, info, warn (warning),
//                   error, critical, off
//   other paths 404; a known path with another method 405 with `Allow`.
//
// With a bearer token every request but GET /healthz and GET /readyz (probes send no
// credentials) needs `Authorization: Bearer TOKEN`
// (compared in constant time), else 401 with `WWW-Authenticate: Bearer`. Keep-alive, a body
// limit (413 beyond), a read timeout (idle and slow connections are closed), at most
// max_connections open connections (more are accepted and closed at once); a request that does
// not parse gets 400 and the connection is closed.
//
// Threads: start() binds the socket (throws on failure) and starts two threads:
//  - the server thread runs the io_context: all I/O, and the handlers metrics, ready and status,
//    which therefore must be quick and non-blocking (read counters, build text) — while one runs,
//    no other request is served;
//  - the blocking-work thread runs handlers.reload, one at a time, so a reload that takes seconds
//    does not stall /metrics or /healthz; a POST /reload while one runs gets 409 without calling
//    the handler.
// Handlers may be called on either thread, never concurrently with themselves; they must be
// thread-safe with respect to the rest of the application. An exception from a handler becomes
// a 500 (logged). The handlers (and whatever they capture) must stay valid until stop() returns.
// stop() (also from the destructor) closes everything and joins both threads, waiting for a
// reload handler in progress; it must not be called from a handler. A stopped server cannot be
// started again.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>
#include <nlohmann/json.hpp>

namespace smsfw::admin {

struct ReadyState {
  bool ready = true;
  std::string reason;  // why not ready (sent with the 503)
};

struct ReloadResult {
  bool ok = true;         // 200
  bool conflict = false;  // when !ok: 409 (e.g. nothing to reload, refused) instead of 500
  nlohmann::json body = nlohmann::json::object();
};

struct AdminHandlers {
  std::function<std::string()> metrics;  // the exposition (see prometheus_text.h); unset: 404
  std::function<ReadyState()> ready;     // unset: always ready
  std::function<nlohmann::json()> status;  // unset: 404
  std::function<ReloadResult()> reload;  // unset: 404
};

struct AdminOptions {
  // Where to listen; port 0 for any free port (see AdminServer::local_endpoint). The default,
  // 127.0.0.1 port 0, is for tests: the application sets it from its configuration.
  boost::asio::ip::tcp::endpoint endpoint{boost::asio::ip::address_v4::loopback(), 0};
  std::string bearer_token;  // empty: no token required
  std::size_t body_limit = 64 * 1024;
  std::chrono::milliseconds read_timeout{std::chrono::seconds(30)};  // also bounds each write
  std::size_t max_connections = 64;
};

class AdminServer {
 public:
  AdminServer(AdminOptions options, AdminHandlers handlers);
  ~AdminServer();  // stop()
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  // Binds and listens (throws boost::system::system_error on failure), logs
  // "admin: listening on HOST:PORT (token required|no token)" and starts the threads.
  void start();
  // Idempotent; see above.
  void stop();

  // The bound endpoint (the real port when options.endpoint had port 0); valid after start().
  boost::asio::ip::tcp::endpoint local_endpoint() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Constant-time comparison (time depends only on the lengths), for the bearer token.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace smsfw::admin
