#include "proxy/proxy_server.h"

#include <thread>

#include <spdlog/spdlog.h>

#include "net/host_port.h"
#include "proxy/session_pair.h"

namespace smsfw::proxy {

namespace asio = boost::asio;
using asio::ip::tcp;

ProxyServer::ProxyServer(asio::io_context& control, const ProxySettings& settings, std::size_t threads,
                         const filters::Engine* engine, bool shared_throttle,
                         filters::campaign::CampaignDetector* campaign, audit::AuditLog* audit,
                         access::AccessControl* access)
    : control_(control),
      settings_(settings),
      shared_(settings.concat_max_total_bytes, shared_throttle) {
  shared_.campaign = campaign;
  shared_.audit = audit;
  shared_.access = access;
  for (std::size_t i = 0; i < threads; ++i) workers_.push_back(std::make_unique<Worker>(i, settings_, engine, shared_));
}

ProxyServer::~ProxyServer() {
  // A password check still running posts its result to a worker: let it land before they go.
  if (shared_.access) shared_.access->stop_verifier();
  for (auto& w : workers_) w->stop();
  for (auto& w : workers_) w->join();
}

void ProxyServer::listen(const tcp::endpoint& endpoint) { open_listener(endpoint, nullptr); }

void ProxyServer::listen_tls(const tcp::endpoint& endpoint, asio::ssl::context& tls) { open_listener(endpoint, &tls); }

void ProxyServer::open_listener(const tcp::endpoint& endpoint, asio::ssl::context* tls) {
  auto l = std::make_unique<Listener>(control_, tls);
  l->acceptor.open(endpoint.protocol());
  l->acceptor.set_option(tcp::acceptor::reuse_address(true));
  l->acceptor.bind(endpoint);
  l->acceptor.listen(asio::socket_base::max_listen_connections);
  listeners_.push_back(std::move(l));
}

tcp::endpoint ProxyServer::local_endpoint() const {
  for (const auto& l : listeners_)
    if (!l->tls) return l->acceptor.local_endpoint();
  return {};
}

tcp::endpoint ProxyServer::tls_endpoint() const {
  for (const auto& l : listeners_)
    if (l->tls) return l->acceptor.local_endpoint();
  return {};
}

void ProxyServer::start() {
  for (auto& w : workers_) w->start();
  accepting_ = true;
  for (auto& l : listeners_) accept(*l);
}

void ProxyServer::accept(Listener& listener) {
  Worker& worker = *workers_[next_worker_];
  next_worker_ = (next_worker_ + 1) % workers_.size();
  // The socket is created on the worker's io_context, so it belongs to that worker from birth.
  listener.acceptor.async_accept(worker.context(), [this, &worker, &listener](const boost::system::error_code& ec,
                                                                              tcp::socket socket) {
    if (!accepting_) return;
    if (ec) {
      // Out of descriptors and similar: log, pause briefly, keep serving existing sessions.
      spdlog::warn("accept failed: {}", ec.message());
      listener.backoff.expires_after(std::chrono::milliseconds(100));
      listener.backoff.async_wait([this, &listener](const boost::system::error_code& e) {
        if (!e && accepting_) accept(listener);
      });
      return;
    } else {
      const std::uint64_t id = next_session_id_++;
      if (const auto admission = admit(socket)) {
        asio::post(worker.context(), [&worker, id, admission = *admission, tls = listener.tls,
                                      s = std::move(socket)]() mutable {
          std::make_shared<SessionPair>(worker, std::move(s), id, admission, tls)->start();
        });
      } else {
        boost::system::error_code ignored;
        socket.close(ignored);  // on the control thread: the worker never sees it
      }
    }
    accept(listener);
  });
}

std::optional<SessionPair::Admission> ProxyServer::admit(const tcp::socket& socket) {
  // Only this (control) thread adds to the count, so checking and adding cannot race.
  if (shared_.admitted_sessions.load(std::memory_order_relaxed) < settings_.max_sessions) {
    shared_.admitted_sessions.fetch_add(1, std::memory_order_relaxed);
    return SessionPair::Admission::counted;
  }
  const bool refusing = shared_.refusing_sessions.load(std::memory_order_relaxed) < settings_.max_refusing;
  if (refusing) shared_.refusing_sessions.fetch_add(1, std::memory_order_relaxed);
  else shared_.closed_at_accept.fetch_add(1, std::memory_order_relaxed);
  // One warning a second per kind at most: a flood of connections must not become a flood of log
  // lines.
  std::uint64_t held_back = 0;
  net::WarningThrottle& throttle = refusing ? session_limit_warning_ : closed_at_accept_warning_;
  if (throttle.occurred(net::WarningThrottle::Clock::now(), held_back)) {
    boost::system::error_code ec;
    const auto remote = socket.remote_endpoint(ec);
    const std::string from = ec ? std::string("?") : net::to_string(remote);
    if (refusing)
      spdlog::warn("session limit reached ({} ESME connections, limits.max_sessions): a connection from {} gets its "
                   "bind answered 0x{:08X} ({} more since the last warning)",
                   settings_.max_sessions, from, settings_.session_limit_status, held_back);
    else
      spdlog::warn("session limit reached ({} ESME connections, limits.max_sessions) and {} connections over it "
                   "already wait for their bind to be refused: a connection from {} is closed at once ({} more "
                   "closed since the last such warning)",
                   settings_.max_sessions, settings_.max_refusing, from, held_back);
  }
  if (!refusing) return std::nullopt;
  return SessionPair::Admission::over_limit;
}

bool ProxyServer::drain_and_stop(std::chrono::milliseconds deadline) {
  accepting_ = false;
  boost::system::error_code ignored;
  for (auto& l : listeners_) {
    l->acceptor.close(ignored);
    l->backoff.cancel();
  }
  for (auto& w : workers_) w->drain();
  // Workers finish on their own once their sessions are gone; wait for them up to the deadline.
  const auto until = std::chrono::steady_clock::now() + deadline;
  bool clean = true;
  for (auto& w : workers_) {
    while (w->context().stopped() == false && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!w->context().stopped()) clean = false;
  }
  for (auto& w : workers_) w->stop();
  for (auto& w : workers_) w->join();
  return clean;
}

std::vector<SessionInfo> ProxyServer::sessions() {
  std::vector<SessionInfo> all;
  for (auto& w : workers_) w->collect_sessions(all);
  return all;
}

WorkerMetrics ProxyServer::metrics() {
  WorkerMetrics total;
  for (auto& w : workers_) w->collect_metrics(total);
  return total;
}

ProxyStats ProxyServer::stats() {
  ProxyStats total;
  for (auto& w : workers_) total += w->collect_stats();
  total.connections_closed_at_accept = shared_.closed_at_accept.load(std::memory_order_relaxed);
  return total;
}

}  // namespace smsfw::proxy
