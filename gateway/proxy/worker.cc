#include "proxy/worker.h"

#include <future>

#include <spdlog/spdlog.h>

#include "proxy/session_pair.h"

namespace smsfw::proxy {

namespace {
constexpr auto kTickInterval = std::chrono::milliseconds(250);
}

Worker::Worker(std::size_t index, const ProxySettings& settings, const filters::Engine* engine,
               WorkerShared& shared)
    : index_(index), settings_(settings), shared_(shared), guard_(boost::asio::make_work_guard(ctx_)), tick_(ctx_) {
  if (engine) {
    filter_ = std::make_unique<MessageFilter>(*engine, shared.throttle, metrics_, shared.audit);
    if (shared.campaign) filter_->attach_campaign(*shared.campaign, index);
  }
}

void Worker::start() {
  schedule_tick();
  thread_ = std::thread([this] {
    try {
      ctx_.run();
    } catch (const std::exception& e) {
      // A handler threw: a bug. Log it loudly rather than losing the thread silently.
      spdlog::critical("worker {}: unhandled exception: {}", index_, e.what());
      throw;
    }
  });
}

void Worker::drain() {
  boost::asio::post(ctx_, [this] {
    draining_ = true;
    // Copy: draining sessions may remove themselves from the registry.
    const auto sessions = sessions_;
    for (const auto& s : sessions) s->drain();
    guard_.reset();  // run() returns once the last session and the tick are gone
  });
}

void Worker::stop() { ctx_.stop(); }

void Worker::join() {
  if (thread_.joinable()) thread_.join();
}

void Worker::add(const std::shared_ptr<SessionPair>& session) {
  session->registry_index = sessions_.size();
  sessions_.push_back(session);
}

void Worker::remove(SessionPair* session) {
  const std::size_t i = session->registry_index;
  if (i >= sessions_.size() || sessions_[i].get() != session) return;
  // Swap-remove; the session itself stays alive while its handlers hold it.
  if (i + 1 != sessions_.size()) {
    std::swap(sessions_[i], sessions_.back());
    sessions_[i]->registry_index = i;
  }
  sessions_.pop_back();
}

void Worker::schedule_tick() {
  tick_.expires_after(kTickInterval);
  tick_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) on_tick();
  });
}

void Worker::on_tick() {
  const auto now = std::chrono::steady_clock::now();
  // Backwards: a session removing itself swaps in one that was already visited.
  for (std::size_t i = sessions_.size(); i-- > 0;)
    if (i < sessions_.size()) {
      auto session = sessions_[i];  // keep it alive through its own removal
      session->on_tick(now);
    }
  if (!draining_ || !sessions_.empty()) schedule_tick();
}

ProxyStats Worker::collect_stats() {
  if (!thread_.joinable()) return stats_;  // not running: no other thread touches the counters
  auto result = std::make_shared<std::promise<ProxyStats>>();
  auto future = result->get_future();
  boost::asio::post(ctx_, [this, result] { result->set_value(stats_); });
  if (future.wait_for(std::chrono::seconds(2)) != std::future_status::ready) return ProxyStats{};
  return future.get();
}

void Worker::collect_sessions(std::vector<SessionInfo>& into) {
  if (!thread_.joinable()) return;
  // The copy is made on the worker's thread into an object the handler owns: a worker that has
  // stopped running (after a drain) never runs it, a busy one may run it after the wait gave up.
  auto done = std::make_shared<std::promise<std::vector<SessionInfo>>>();
  auto future = done->get_future();
  boost::asio::post(ctx_, [this, done] {
    std::vector<SessionInfo> v;
    for (const auto& s : sessions_) v.push_back(s->info());
    done->set_value(std::move(v));
  });
  if (future.wait_for(std::chrono::seconds(2)) != std::future_status::ready) return;
  for (auto& i : future.get()) into.push_back(std::move(i));
}

void Worker::collect_metrics(WorkerMetrics& into) {
  if (!thread_.joinable()) {
    into.merge(metrics_);
    return;
  }
  auto done = std::make_shared<std::promise<WorkerMetrics>>();
  auto future = done->get_future();
  boost::asio::post(ctx_, [this, done] { done->set_value(metrics_); });
  if (future.wait_for(std::chrono::seconds(2)) != std::future_status::ready) return;  // as collect_sessions
  into.merge(future.get());
}

}  // namespace smsfw::proxy
