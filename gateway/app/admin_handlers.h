#pragma once
// What `smsfw run`'s admin API answers (admin/admin_server.h serves it): the metrics
// exposition, readiness (a pattern set in force, an upstream accepting connections, not
// draining), the status document and reloads through the reload thread.

#include <atomic>

#include <boost/asio/io_context.hpp>

#include "admin/admin_server.h"
#include "app/metrics_exporter.h"
#include "app/pattern_reload.h"
#include "app/upstream_probe.h"
#include "engine/engine.h"
#include "proxy/proxy_server.h"

namespace smsfw::app {

// Everything the handlers read; all of it outlives the admin server.
struct AdminContext {
  MetricsSources metrics;
  filters::Engine& engine;
  boost::asio::io_context& reloads;  // the reload thread's: POST /reload runs there
  ReloadCounters& reload_counters;
  const std::atomic<bool>& draining;
  bool patterns_configured = false;  // --patterns given
};

admin::AdminHandlers admin_handlers(AdminContext& context);

// The reload POST /reload, SIGHUP and the pattern watcher share: on the reload thread, with
// the systemd notifications around it.
filters::ReloadOutcome reload_with_notifications(filters::Engine& engine, std::string_view trigger,
                                                 ReloadCounters& counters);

}  // namespace smsfw::app
