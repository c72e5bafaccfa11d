#pragma once
// The listening side of the proxy: acceptors on the control thread (the plain listener, and a
// TLS one when configured) handing each accepted ESME connection to the next worker in turn,
// the workers themselves, and the state they share (worker_shared.h: rate-limit buckets, the
// held-concatenation budget, the upstream TLS context).

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "proxy/proxy_settings.h"
#include "proxy/proxy_stats.h"
#include "proxy/session_info.h"
#include "proxy/session_pair.h"
#include "net/warning_throttle.h"
#include "proxy/worker.h"
#include "proxy/worker_shared.h"

namespace smsfw::proxy {

class ProxyServer {
 public:
  // `control` runs the acceptor (the main thread's loop). Settings and the engine (null: relay
  // without filtering) must outlive the server.
  // `shared_throttle`: the rate-limit buckets count takes so that a SharedStateThread can
  // exchange them with other instances (throttle()).
  ProxyServer(boost::asio::io_context& control, const ProxySettings& settings, std::size_t threads,
              const filters::Engine* engine = nullptr, bool shared_throttle = false,
              filters::campaign::CampaignDetector* campaign = nullptr, audit::AuditLog* audit = nullptr,
              access::AccessControl* access = nullptr);
  ~ProxyServer();

  // Binds and listens for plain TCP; throws boost::system::system_error (e.g. address in use).
  void listen(const boost::asio::ip::tcp::endpoint& endpoint);
  // Binds and listens for TLS: each connection's handshake uses `tls` (which must outlive the
  // server) before its bind is read. Throws like listen().
  void listen_tls(const boost::asio::ip::tcp::endpoint& endpoint, boost::asio::ssl::context& tls);
  // Connects to the upstream SMSCs with TLS (`tls` must outlive the server). Before start().
  void use_upstream_tls(boost::asio::ssl::context& tls) { shared_.upstream_tls = &tls; }
  // The bound address of the first plain listener (the actual port when listening on port 0).
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  // The bound address of the TLS listener.
  boost::asio::ip::tcp::endpoint tls_endpoint() const;

  void start();
  // Stops accepting and drains every session; returns once all workers have finished or
  // `deadline` has passed (then the rest are stopped at once). True if all drained in time.
  bool drain_and_stop(std::chrono::milliseconds deadline);

  ProxyStats stats();
  // Every worker's labelled counters summed (scrape path: allocates, waits for each worker).
  WorkerMetrics metrics();
  // Every session of every worker (GET /status).
  std::vector<SessionInfo> sessions();
  const WorkerShared& shared() const { return shared_; }
  std::size_t worker_count() const { return workers_.size(); }

  // The rate-limit tables every worker uses (for the shared-state exchange thread).
  MessageThrottle& throttle() { return shared_.throttle; }

 private:
  // One listening socket; `tls` null for plain TCP.
  struct Listener {
    Listener(boost::asio::io_context& control, boost::asio::ssl::context* t)
        : acceptor(control), backoff(control), tls(t) {}
    boost::asio::ip::tcp::acceptor acceptor;
    boost::asio::steady_timer backoff;  // pause after a failed accept (out of descriptors)
    boost::asio::ssl::context* tls;
  };
  void open_listener(const boost::asio::ip::tcp::endpoint& endpoint, boost::asio::ssl::context* tls);
  void accept(Listener& listener);
  // Counts a new ESME connection in, or marks it over limits.max_sessions (and warns); nullopt
  // when max_refusing connections over the limit are already waiting: close it at once.
  std::optional<SessionPair::Admission> admit(const boost::asio::ip::tcp::socket& socket);

  boost::asio::io_context& control_;
  const ProxySettings& settings_;
  std::vector<std::unique_ptr<Listener>> listeners_;
  WorkerShared shared_;  // before workers_: they refer to it
  std::vector<std::unique_ptr<Worker>> workers_;
  std::size_t next_worker_ = 0;
  std::uint64_t next_session_id_ = 1;
  bool accepting_ = false;
  // Control thread only; one per kind, so that connections closed at accept get their own first line.
  net::WarningThrottle session_limit_warning_;
  net::WarningThrottle closed_at_accept_warning_;
};

}  // namespace smsfw::proxy
