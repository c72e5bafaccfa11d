// SharedStateThread: the periodic round of hooks and throttle exchanges (see the header).
#include "shared/shared_state_thread.h"

#include <unistd.h>

#include <cstdio>
#include <exception>

#include <spdlog/spdlog.h>

namespace smsfw::gateway::shared {

std::string default_instance_id() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') std::snprintf(host, sizeof host, "unknown");
  return std::string(host) + ":" + std::to_string(static_cast<long>(getpid()));
}

SharedStateThread::SharedStateThread(SharedStateOptions options,
                                     std::vector<filters::throttle::ThrottleTable*> tables, SharedStateHooks hooks)
    : options_(std::move(options)),
      instance_id_(options_.instance_id.empty() ? default_instance_id() : options_.instance_id),
      hooks_(std::move(hooks)) {
  if (options_.interval <= std::chrono::milliseconds::zero()) options_.interval = std::chrono::milliseconds(200);
  if (options_.redis) {
    link_ = std::make_unique<RedisLink>(*options_.redis);
    for (auto* t : tables) exchanges_.push_back(std::make_unique<ThrottleExchange>(*t, *link_, instance_id_));
  }
}

SharedStateThread::~SharedStateThread() { stop(); }

void SharedStateThread::start() {
  if (thread_.joinable()) return;
  if (link_) {
    spdlog::info("shared state: redis {}:{}, instance {}, exchanging every {} ms", options_.redis->host,
                 options_.redis->port, instance_id_, options_.interval.count());
  } else {
    spdlog::info("shared state: local only (no redis configured)");
  }
  thread_ = std::thread([this] { run(); });
}

void SharedStateThread::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SharedStateThread::run() {
  using Clock = std::chrono::steady_clock;
  auto next = Clock::now() + options_.interval;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_until(lock, next, [this] { return stopping_; })) return;
    }
    round();
    rounds_.fetch_add(1, std::memory_order_relaxed);
    // Fixed cadence; a round that overran (Redis slow) does not cause a burst of catch-up rounds.
    next += options_.interval;
    const auto now = Clock::now();
    if (next < now) next = now + options_.interval;
  }
}

void SharedStateThread::round() {
  const auto now_seconds = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  bool failed = false;
  const auto guarded = [&](const char* what, const auto& f) {
    try {
      f();
    } catch (const std::exception& e) {
      if (!hook_failing_) spdlog::error("shared state: {} failed: {}", what, e.what());
      failed = true;
    }
  };
  if (hooks_.before_exchange) guarded("before_exchange hook", [&] { hooks_.before_exchange(now_seconds); });
  if (link_) {
    // The data path's clock (message_throttle.cc): debits are in its nanoseconds.
    const auto now_ns = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
    for (auto& ex : exchanges_) {
      if (ex->exchange(now_ns)) {
        exchanges_ok_.fetch_add(1, std::memory_order_relaxed);
        debited_.fetch_add(ex->last().debited, std::memory_order_relaxed);
      } else {
        exchanges_failed_.fetch_add(1, std::memory_order_relaxed);
      }
    }
    if (hooks_.campaign_exchange)
      guarded("campaign_exchange hook", [&] { hooks_.campaign_exchange(*link_, now_seconds); });
  }
  hook_failing_ = failed;
}

}  // namespace smsfw::gateway::shared
