#pragma once
// One worker thread with its own io_context. Every session pair lives on exactly one worker, so
// nothing a session touches (its sockets, buffers, the response cache, the counters) is shared
// with another thread and the data path takes no locks.
//
// Timeouts are checked by one periodic tick per worker rather than one timer per session or per
// PDU: re-arming an Asio timer on every PDU can reprogram the kernel timer (a syscall).

#include <chrono>
#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "engine/engine.h"
#include "proxy/message_filter.h"
#include "proxy/proxy_settings.h"
#include "proxy/proxy_stats.h"
#include "proxy/session_info.h"
#include "net/warning_throttle.h"
#include "proxy/worker_metrics.h"
#include "proxy/worker_shared.h"
#include "smpp/smpp34_codec.h"

namespace smsfw::proxy {

class SessionPair;

class Worker {
 public:
  // `engine` (may be null: no filtering) and `shared` (the state all workers share) must
  // outlive the worker.
  Worker(std::size_t index, const ProxySettings& settings, const filters::Engine* engine, WorkerShared& shared);
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Starts the thread; run() returns when stop() is called or no work is left after drain().
  void start();
  // Asks every session to drain (finish in-flight requests, unbind, close); the thread exits
  // once all sessions are gone.
  void drain();
  // Stops the event loop at once.
  void stop();
  void join();

  boost::asio::io_context& context() { return ctx_; }
  std::size_t index() const { return index_; }
  const ProxySettings& settings() const { return settings_; }
  smpp::ResponseCache& responses() { return responses_; }
  ProxyStats& stats() { return stats_; }
  WorkerMetrics& metrics() { return metrics_; }
  // This thread's filter chain, or nullptr when the proxy runs without an engine.
  MessageFilter* filter() const { return filter_.get(); }
  WorkerShared& shared() { return shared_; }
  // One log line a second at most per limit, across this worker's sessions.
  struct LimitWarnings {
    net::WarningThrottle inflight;      // limits.max_inflight refusals
    net::WarningThrottle hold_full;     // concatenation hold limits refusals
    net::WarningThrottle backpressure;  // reading paused by limits.max_buffered_bytes
    net::WarningThrottle tls_handshake;  // ESMEs' failed TLS handshakes (scanners, wrong CAs)
  };
  LimitWarnings& limit_warnings() { return limit_warnings_; }

  // Session registry (worker thread only).
  void add(const std::shared_ptr<SessionPair>& session);
  void remove(SessionPair* session);
  std::size_t session_count() const { return sessions_.size(); }
  bool draining() const { return draining_; }

  // A snapshot of the counters, posted to this worker's thread and waited for.
  ProxyStats collect_stats();
  // Adds this worker's labelled counters to `into` (copied on this worker's thread; waited for
  // up to 2 s: a worker that no longer runs, after a drain, adds nothing).
  void collect_metrics(WorkerMetrics& into);
  // Appends every session's SessionInfo to `into` (likewise).
  void collect_sessions(std::vector<SessionInfo>& into);

 private:
  void schedule_tick();
  void on_tick();

  std::size_t index_;
  const ProxySettings& settings_;
  WorkerShared& shared_;
  boost::asio::io_context ctx_{1};  // concurrency hint 1: only this worker's thread runs it
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  boost::asio::steady_timer tick_;
  std::thread thread_;
  smpp::ResponseCache responses_;
  ProxyStats stats_;
  LimitWarnings limit_warnings_;
  WorkerMetrics metrics_;
  std::unique_ptr<MessageFilter> filter_;
  std::vector<std::shared_ptr<SessionPair>> sessions_;
  bool draining_ = false;
};

}  // namespace smsfw::proxy
