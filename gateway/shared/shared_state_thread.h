#pragma once
// SharedStateThread: the one background thread that shares state between smsfw instances
// (never the data path: every step may block for up to the Redis link's timeouts). Every
// `interval` it runs, in order:
//   (a) hooks.before_exchange(now_seconds)            always, Redis configured or not (the
//       campaign detector's local aggregation);
//   (b) ThrottleExchange::exchange() for every throttle table given (only with Redis): publishes
//       this instance's takes and debits the other instances' (throttle_exchange.h);
//   (c) hooks.campaign_exchange(link, now_seconds)     only with Redis.
// `now_seconds` is wall-clock Unix time (campaign_exchange.h needs a clock common to all
// instances); the throttle debits use the data path's steady clock.
//
// Redis down: the exchanges fail fast (RedisLink retries with back-off and logs the transitions)
// and the data path goes on with its local buckets. Hooks run on this thread; an exception from
// a hook is logged (once per kind of failure in a row) and the thread goes on.
//
// stop() wakes the thread at once (condition variable), lets the round in progress finish
// (bounded by the link's timeouts) and joins it.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "shared/redis_link.h"
#include "shared/throttle_exchange.h"
#include "throttle/throttle_table.h"

namespace smsfw::gateway::shared {

struct SharedStateOptions {
  std::optional<RedisLink::Options> redis;        // nullopt: local only (hooks (a) only)
  std::string instance_id;                        // empty: default_instance_id()
  std::chrono::milliseconds interval{200};        // between the starts of two rounds
};

struct SharedStateHooks {
  // (a): every round, with or without Redis.
  std::function<void(std::uint64_t now_seconds)> before_exchange;
  // (c): every round while Redis is configured (the link may be down: the hook's batches then
  // fail at once).
  std::function<void(RedisLink& link, std::uint64_t now_seconds)> campaign_exchange;
};

// "<hostname>:<pid>", unique among instances on distinct hosts and among processes on one.
std::string default_instance_id();

class SharedStateThread {
 public:
  // `tables` (counting ThrottleTables, e.g. MessageThrottle's) must outlive this object.
  SharedStateThread(SharedStateOptions options, std::vector<filters::throttle::ThrottleTable*> tables,
                    SharedStateHooks hooks = {});
  ~SharedStateThread();  // stop()
  SharedStateThread(const SharedStateThread&) = delete;
  SharedStateThread& operator=(const SharedStateThread&) = delete;

  // Logs the mode ("shared state: redis H:P, instance ID, exchanging every N ms" or "shared
  // state: local only (no redis configured)") and starts the thread. Once.
  void start();
  // Wakes and joins the thread; idempotent.
  void stop();

  const std::string& instance_id() const { return instance_id_; }
  bool redis_configured() const { return link_ != nullptr; }
  const RedisLink* link() const { return link_.get(); }
  // Rounds completed, and throttle exchanges that succeeded / failed (for metrics and tests).
  std::uint64_t rounds() const { return rounds_.load(std::memory_order_relaxed); }
  std::uint64_t exchanges_ok() const { return exchanges_ok_.load(std::memory_order_relaxed); }
  std::uint64_t exchanges_failed() const { return exchanges_failed_.load(std::memory_order_relaxed); }
  // Tokens debited for the other instances' takes, over all tables and rounds.
  std::uint64_t tokens_debited() const { return debited_.load(std::memory_order_relaxed); }

 private:
  void run();
  void round();

  SharedStateOptions options_;
  std::string instance_id_;
  SharedStateHooks hooks_;
  std::unique_ptr<RedisLink> link_;  // null: local only
  std::vector<std::unique_ptr<ThrottleExchange>> exchanges_;
  bool hook_failing_ = false;  // a hook threw in the last round (logged once)

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // under mutex_
  std::thread thread_;

  std::atomic<std::uint64_t> rounds_{0};
  std::atomic<std::uint64_t> exchanges_ok_{0};
  std::atomic<std::uint64_t> exchanges_failed_{0};
  std::atomic<std::uint64_t> debited_{0};
};

}  // namespace smsfw::gateway::shared
