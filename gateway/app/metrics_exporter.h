#pragma once
// GET /metrics: what `smsfw run` exposes in the Prometheus text format, gathered at scrape time
// from the workers (ProxyServer::stats/metrics/sessions, each waited for on its worker's thread),
// the engine's current snapshot, the reload counters, the upstream probe, the campaign detector,
// the shared-state thread, the audit log and /proc/self. Names and labels are documented in README.md
// ("Operating it") and used by deploy/grafana/smsfw-dashboard.json.

#include <string>

#include "app/pattern_reload.h"
#include "app/upstream_probe.h"
#include "audit/audit_log.h"
#include "campaign/campaign_detector.h"
#include "engine/engine.h"
#include "proxy/proxy_server.h"
#include "shared/shared_state_thread.h"

namespace smsfw::app {

struct MetricsSources {
  proxy::ProxyServer& server;
  const filters::Engine& engine;
  const ReloadCounters& reloads;
  const UpstreamProbe& upstreams;
  const filters::campaign::CampaignDetector& campaign;
  const gateway::shared::SharedStateThread* shared_state = nullptr;  // null before it starts
  const audit::AuditLog* audit = nullptr;                            // null or disabled: no audit metrics
};

// The exposition text (scrape path: allocates, waits for each worker).
std::string render_metrics(MetricsSources& sources);

// Resident set size of this process in bytes (/proc/self/statm), 0 if unreadable.
std::size_t resident_memory_bytes();

}  // namespace smsfw::app
