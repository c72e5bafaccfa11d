#include "admin/admin_server.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <exception>
#include <optional>
#include <thread>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include "net/host_port.h"

namespace smsfw::admin {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Runs over the whole of `a` (the secret) whatever `b` is, so the time tells only the lengths.
  volatile unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const unsigned char other = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff = diff | (static_cast<unsigned char>(a[i]) ^ other);
  }
  return diff == 0;
}

namespace {

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

constexpr const char* kText = "text/plain; charset=utf-8";
constexpr const char* kJson = "application/json";
constexpr const char* kMetrics = "text/plain; version=0.0.4; charset=utf-8";
constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::chrono::seconds kLingerTimeout{1};

// What the sessions share with the server; outlives both threads' use of it.
struct Context {
  AdminOptions options;
  AdminHandlers handlers;
  asio::any_io_executor blocking;  // the blocking-work thread
  std::atomic<std::size_t> connections{0};
  std::atomic<bool> reload_running{false};
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<spdlog::level::level_enum> parse_level(std::string_view name) {
  const std::string n = lower(trim(name));
  if (n == "trace") return spdlog::level::trace;
  if (n == "debug") return spdlog::level::debug;
  if (n == "info") return spdlog::level::info;
  if (n == "warn" || n == "warning") return spdlog::level::warn;
  if (n == "error") return spdlog::level::err;
  if (n == "critical") return spdlog::level::critical;
  if (n == "off") return spdlog::level::off;
  return std::nullopt;
}

const char* level_name(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace: return "trace";
    case spdlog::level::debug: return "debug";
    case spdlog::level::info: return "info";
    case spdlog::level::warn: return "warn";
    case spdlog::level::err: return "error";
    case spdlog::level::critical: return "critical";
    case spdlog::level::off: return "off";
    default: return "info";
  }
}

bool authorized(const Request& req, const std::string& token) {
  const auto it = req.find(http::field::authorization);
  if (it == req.end()) return false;
  std::string_view value(it->value().data(), it->value().size());
  value = trim(value);
  constexpr std::string_view scheme = "bearer ";
  if (value.size() < scheme.size() || lower(value.substr(0, scheme.size())) != scheme) return false;
  value.remove_prefix(scheme.size());
  return constant_time_equal(token, trim(value));
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<Context> ctx) : stream_(std::move(socket)), ctx_(std::move(ctx)) {
    ++ctx_->connections;
  }
  ~Session() { --ctx_->connections; }

  void start() { read(); }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(ctx_->options.body_limit);
    parser_->header_limit(kHeaderLimit);
    stream_.expires_after(ctx_->options.read_timeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) {
      if (ec.category() != http::make_error_code(http::error::bad_method).category() ||
          ec == http::error::end_of_stream || ec == http::error::partial_message) {
        // The peer closed, timed out or the socket failed: nothing to answer.
        if (ec == http::error::end_of_stream) close_gracefully();
        return;
      }
      version_ = 11;
      keep_alive_ = false;
      if (ec == http::error::body_limit) {
        send(error(http::status::payload_too_large, "request body too large\n"));
      } else if (ec == http::error::header_limit) {
        send(error(http::status::request_header_fields_too_large, "request header too large\n"));
      } else {
        send(error(http::status::bad_request, "bad request: " + ec.message() + "\n"));
      }
      return;
    }
    Request req = parser_->release();
    version_ = req.version();
    keep_alive_ = req.keep_alive();
    handle(req);
  }

  Response make(http::status status, const char* content_type, std::string body) const {
    Response res{status, version_};
    res.set(http::field::content_type, content_type);
    res.set(http::field::cache_control, "no-store");
    res.body() = std::move(body);
    res.keep_alive(keep_alive_);
    res.prepare_payload();
    return res;
  }

  Response error(http::status status, std::string text) const { return make(status, kText, std::move(text)); }

  Response json(http::status status, const nlohmann::json& body) const {
    return make(status, kJson, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  }

  Response method_not_allowed(const char* allow) const {
    Response res = error(http::status::method_not_allowed, "method not allowed\n");
    res.set(http::field::allow, allow);
    return res;
  }

  void handle(const Request& req) {
    std::string_view target(req.target().data(), req.target().size());
    const std::string_view path = target.substr(0, target.find('?'));
    const http::verb method = req.method();
    const auto& token = ctx_->options.bearer_token;
    // Probes (load balancers, Kubernetes) send no credentials: liveness and readiness reveal no
    // more than whether the instance takes traffic.
    const bool probe = method == http::verb::get && (path == "/healthz" || path == "/readyz");
    if (!token.empty() && !probe && !authorized(req, token)) {
      Response res = error(http::status::unauthorized, "unauthorized\n");
      res.set(http::field::www_authenticate, "Bearer");
      send(std::move(res));
      return;
    }
    const auto& h = ctx_->handlers;
    try {
      if (path == "/healthz") {
        if (method != http::verb::get) return send(method_not_allowed("GET"));
        return send(make(http::status::ok, kText, "ok\n"));
      }
      if (path == "/metrics" && h.metrics) {
        if (method != http::verb::get) return send(method_not_allowed("GET"));
        return send(make(http::status::ok, kMetrics, h.metrics()));
      }
      if (path == "/readyz") {
        if (method != http::verb::get) return send(method_not_allowed("GET"));
        ReadyState state;
        if (h.ready) {
          try {
            state = h.ready();
          } catch (const std::exception& e) {
            state = ReadyState{false, std::string("readiness check failed: ") + e.what()};
          }
        }
        if (state.ready) return send(make(http::status::ok, kText, "ready\n"));
        return send(make(http::status::service_unavailable, kText, "not ready: " + state.reason + "\n"));
      }
      if (path == "/status" && h.status) {
        if (method != http::verb::get) return send(method_not_allowed("GET"));
        return send(json(http::status::ok, h.status()));
      }
      if (path == "/reload" && h.reload) {
        if (method != http::verb::post) return send(method_not_allowed("POST"));
        return start_reload();
      }
      if (path == "/loglevel") {
        if (method == http::verb::get) {
          return send(json(http::status::ok, {{"level", level_name(spdlog::get_level())}}));
        }
        if (method == http::verb::put) return send(set_log_level(req.body()));
        return send(method_not_allowed("GET, PUT"));
      }
    } catch (const std::exception& e) {
      spdlog::warn("admin: {} {}: handler failed: {}", std::string(req.method_string()), path, e.what());
      return send(error(http::status::internal_server_error, std::string("internal error: ") + e.what() + "\n"));
    }
    send(error(http::status::not_found, "not found\n"));
  }

  Response set_log_level(std::string_view body) const {
    std::string name;
    body = trim(body);
    if (!body.empty() && body.front() == '{') {
      const auto doc = nlohmann::json::parse(body, nullptr, false);
      if (doc.is_discarded() || !doc.is_object() || !doc.contains("level") || !doc["level"].is_string()) {
        return error(http::status::bad_request, "expected {\"level\": \"NAME\"} or NAME\n");
      }
      name = doc["level"].get<std::string>();
    } else {
      name = std::string(body);
    }
    const auto level = parse_level(name);
    if (!level) {
      return error(http::status::bad_request,
                   "unknown log level; expected trace, debug, info, warn, error, critical or off\n");
    }
    // Logged at info under whichever of the two levels lets it through.
    const auto before = spdlog::get_level();
    if (*level > spdlog::level::info) spdlog::info("admin: log level {} -> {}", level_name(before), level_name(*level));
    spdlog::set_level(*level);
    if (*level <= spdlog::level::info) spdlog::info("admin: log level {} -> {}", level_name(before), level_name(*level));
    return json(http::status::ok, {{"level", level_name(*level)}});
  }

  // POST /reload: the handler runs on the blocking-work thread; the answer is written back on
  // the server thread. The session reads nothing more meanwhile (no pipelining).
  void start_reload() {
    if (ctx_->reload_running.exchange(true)) {
      send(json(http::status::conflict, {{"error", "a reload is already running"}}));
      return;
    }
    asio::post(ctx_->blocking, [self = shared_from_this()] {
      ReloadResult result;
      try {
        result = self->ctx_->handlers.reload();
      } catch (const std::exception& e) {
        spdlog::warn("admin: POST /reload: handler failed: {}", e.what());
        result = ReloadResult{false, false, {{"error", e.what()}}};
      } catch (...) {
        result = ReloadResult{false, false, {{"error", "unknown error"}}};
      }
      self->ctx_->reload_running = false;
      auto executor = self->stream_.get_executor();
      asio::post(executor, [self = std::move(self), result = std::move(result)] {
        const auto status = result.ok         ? http::status::ok
                            : result.conflict ? http::status::conflict
                                              : http::status::internal_server_error;
        self->send(self->json(status, result.body));
      });
    });
  }

  void send(Response res) {
    response_ = std::move(res);
    stream_.expires_after(ctx_->options.read_timeout);
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Session::on_write, shared_from_this(), response_.need_eof()));
  }

  void on_write(bool close, beast::error_code ec, std::size_t) {
    if (ec) return;
    if (close) {
      close_gracefully();
      return;
    }
    read();
  }

  // Half-closes and drains what the peer still sends (briefly), so that closing with unread
  // data (a rejected body) does not reset the connection before the peer has read the answer.
  void close_gracefully() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTimeout);
    drain();
  }

  void drain() {
    stream_.async_read_some(asio::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (!ec) self->drain();
    });
  }

  beast::tcp_stream stream_;
  std::shared_ptr<Context> ctx_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Response response_;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  char scratch_[4096];
};

}  // namespace

struct AdminServer::Impl {
  std::shared_ptr<Context> ctx = std::make_shared<Context>();
  std::optional<asio::io_context> ioc;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::steady_timer> retry_timer;
  std::optional<asio::thread_pool> blocking;
  std::thread thread;
  tcp::endpoint local;
  bool started = false;
  bool stopped = false;

  void accept() {
    acceptor->async_accept(*ioc, [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor->is_open()) return;
      if (ec) {
        // E.g. out of file descriptors: retry a little later rather than spin.
        spdlog::warn("admin: accept failed: {}", ec.message());
        retry_timer->expires_after(std::chrono::milliseconds(100));
        retry_timer->async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec) accept();
        });
        return;
      }
      if (ctx->connections.load() >= ctx->options.max_connections) {
        spdlog::debug("admin: connection limit ({}) reached, closing a new connection", ctx->options.max_connections);
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        std::make_shared<Session>(std::move(socket), ctx)->start();
      }
      accept();
    });
  }
};

AdminServer::AdminServer(AdminOptions options, AdminHandlers handlers) : impl_(std::make_unique<Impl>()) {
  impl_->ctx->options = std::move(options);
  impl_->ctx->handlers = std::move(handlers);
}

AdminServer::~AdminServer() { stop(); }

void AdminServer::start() {
  Impl& m = *impl_;
  if (m.started) return;
  m.retry_timer.reset();  // from an earlier start() that failed to bind
  m.acceptor.reset();
  m.ioc.emplace(1);
  m.acceptor.emplace(*m.ioc);
  const auto& ep = m.ctx->options.endpoint;
  m.acceptor->open(ep.protocol());
  m.acceptor->set_option(asio::socket_base::reuse_address(true));
  m.acceptor->bind(ep);
  m.acceptor->listen(asio::socket_base::max_listen_connections);
  m.local = m.acceptor->local_endpoint();
  m.retry_timer.emplace(*m.ioc);
  m.blocking.emplace(1);
  m.ctx->blocking = m.blocking->get_executor();
  m.started = true;
  spdlog::info("admin: listening on {} ({})", net::to_string(m.local),
               m.ctx->options.bearer_token.empty() ? "no token" : "token required");
  m.accept();
  m.thread = std::thread([&ioc = *m.ioc] {
    try {
      ioc.run();
    } catch (const std::exception& e) {
      spdlog::error("admin: server thread failed: {}", e.what());
    }
  });
}

void AdminServer::stop() {
  Impl& m = *impl_;
  if (!m.started || m.stopped) return;
  m.stopped = true;
  m.ioc->stop();
  if (m.thread.joinable()) m.thread.join();
  // Waits for a reload handler in progress; its answer is queued on the stopped io_context.
  m.blocking->join();
  // Destroying the io_context destroys the pending handlers, hence the sessions: closes them all.
  m.retry_timer.reset();
  m.acceptor.reset();
  m.ioc.reset();
  m.blocking.reset();
}

tcp::endpoint AdminServer::local_endpoint() const { return impl_->local; }

}  // namespace smsfw::admin
