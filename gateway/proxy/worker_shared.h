#pragma once
// What every worker thread shares, owned by ProxyServer and created with it (so its state
// outlives pattern reloads): the rate-limit buckets, the process-wide budget of held
// concatenation bytes and the campaign detector. Each member is safe for concurrent use without locks.

#include <atomic>
#include <cstddef>
#include <cstdint>

#include <boost/asio/ssl/context.hpp>

#include "access/access_control.h"
#include "audit/audit_log.h"
#include "campaign/campaign_detector.h"
#include "proxy/hold_budget.h"
#include "proxy/message_throttle.h"

namespace smsfw::proxy {

struct WorkerShared {
  // `shared_throttle`: the buckets count takes for the exchange with other instances
  // (MessageThrottle(bool)).
  explicit WorkerShared(std::size_t max_held_bytes, bool shared_throttle = false)
      : throttle(shared_throttle), hold_budget(max_held_bytes) {}
  WorkerShared(const WorkerShared&) = delete;
  WorkerShared& operator=(const WorkerShared&) = delete;

  MessageThrottle throttle;
  HoldBudget hold_budget;
  // ESME connections admitted under ProxySettings::max_sessions and not yet closed: counted up
  // by the acceptor (one thread), down by each counted session when it is destroyed.
  std::atomic<std::size_t> admitted_sessions{0};
  // Connections over max_sessions waiting for their bind to be refused (ProxySettings::max_refusing):
  // counted up by the acceptor, down by each such session when it is destroyed.
  std::atomic<std::size_t> refusing_sessions{0};
  // Connections closed by the acceptor at once: over max_sessions with max_refusing already waiting.
  std::atomic<std::uint64_t> closed_at_accept{0};
  // Campaign detection (null: none): each worker's classifier observes through its own ring.
  filters::campaign::CampaignDetector* campaign = nullptr;
  // The audit log of non-allow verdicts (null: none). Thread-safe; outlives the workers.
  audit::AuditLog* audit = nullptr;
  // Proxy-side access control of binds (null: none, the SMSC alone authenticates). Thread-safe;
  // outlives the workers.
  access::AccessControl* access = nullptr;
  // TLS towards the upstream SMSCs (null: plain TCP). Not changed after start-up; outlives the workers.
  boost::asio::ssl::context* upstream_tls = nullptr;
};

}  // namespace smsfw::proxy
