#include "app/admin_handlers.h"

#include <future>

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "app/systemd_notify.h"
#include "app/version.h"

namespace smsfw::app {

using nlohmann::json;

filters::ReloadOutcome reload_with_notifications(filters::Engine& engine, std::string_view trigger,
                                                 ReloadCounters& counters) {
  systemd_notify::reloading();
  const filters::ReloadOutcome r = reload_and_log(engine, trigger, &counters);
  systemd_notify::ready(r.ok ? "pattern sets in force: " + engine.snapshot()->set->versions()
                             : std::string("reload refused: previous pattern sets in force"));
  return r;
}

namespace {

json status_document(AdminContext& c) {
  json doc = json::object();
  doc["version"] = kVersion;
  doc["draining"] = c.draining.load();
  const auto snapshot = c.engine.snapshot();
  json sets = json::array();
  for (const auto& s : snapshot->set->sets()) sets.push_back({{"name", s.name}, {"version", s.version}});
  doc["pattern_sets"] = sets;
  doc["rules"] = snapshot->set->rules().size();
  doc["hash"] = snapshot->set->hash();
  doc["directory"] = c.engine.directory().string();
  json upstreams = json::array();
  for (std::size_t i = 0; i < c.metrics.upstreams.size(); ++i) {
    const int state = c.metrics.upstreams.state(i);
    upstreams.push_back({{"upstream", c.metrics.upstreams.name(i)},
                         {"up", state < 0 ? json(nullptr) : json(state == 1)}});
  }
  doc["upstreams"] = upstreams;
  json sessions = json::array();
  json accounts = json::object();
  for (const proxy::SessionInfo& s : c.metrics.server.sessions()) {
    sessions.push_back({{"id", s.id},
                        {"system_id", s.system_id},
                        {"esme", s.esme_address},
                        {"state", s.state},
                        {"bound", s.bound},
                        {"esme_requests_in_flight", s.esme_requests_in_flight},
                        {"smsc_requests_in_flight", s.smsc_requests_in_flight},
                        {"parts_held", s.parts_held},
                        {"esme_tls", s.esme_tls.empty() ? json(nullptr) : json(s.esme_tls)},
                        {"smsc_tls", s.smsc_tls.empty() ? json(nullptr) : json(s.smsc_tls)}});
    if (s.bound) {
      json& a = accounts[s.system_id];
      if (!a.is_object()) a = json{{"bound_sessions", 0}};
      a["bound_sessions"] = a["bound_sessions"].get<int>() + 1;
    }
  }
  const proxy::WorkerMetrics m = c.metrics.server.metrics();
  for (const auto& [account, a] : m.accounts()) {
    json& j = accounts[account];
    if (!j.is_object()) j = json{{"bound_sessions", 0}};
    json messages = json::object();
    for (std::size_t k = 0; k < proxy::kOutcomes; ++k) {
      const std::uint64_t n = a.messages[0][k] + a.messages[1][k];
      if (n) messages[proxy::to_string(static_cast<proxy::MessageOutcome>(k))] = n;
    }
    j["messages"] = messages;
    j["binds_ok"] = a.binds_ok;
    j["binds_failed"] = a.binds_failed;
  }
  doc["sessions"] = sessions;
  doc["accounts"] = accounts;
  return doc;
}

}  // namespace

admin::AdminHandlers admin_handlers(AdminContext& c) {
  admin::AdminHandlers h;
  h.metrics = [&c] { return render_metrics(c.metrics); };
  h.ready = [&c]() -> admin::ReadyState {
    if (c.draining.load()) return {false, "draining"};
    if (!c.patterns_configured) return {false, "no pattern set (--patterns): messages would pass unfiltered"};
    if (!c.metrics.upstreams.any_up()) return {false, "no upstream SMSC accepts connections"};
    return {true, {}};
  };
  h.status = [&c] { return status_document(c); };
  h.reload = [&c]() -> admin::ReloadResult {
    if (!c.patterns_configured) return {false, true, {{"error", "no pattern directory (--patterns) to reload"}}};
    // On the reload thread, like SIGHUP: one reload at a time, never on an I/O thread.
    auto done = std::make_shared<std::promise<filters::ReloadOutcome>>();
    auto outcome = done->get_future();
    boost::asio::post(c.reloads, [&c, done] {
      try {
        done->set_value(reload_with_notifications(c.engine, "POST /reload", c.reload_counters));
      } catch (...) {
        done->set_exception(std::current_exception());
      }
    });
    const filters::ReloadOutcome r = outcome.get();
    const auto snapshot = c.engine.snapshot();
    json body = {{"ok", r.ok},
                 {"unchanged", r.unchanged},
                 {"errors", r.errors},
                 {"warnings", r.warnings},
                 {"seconds", r.seconds},
                 {"rules", snapshot->set->rules().size()},
                 {"hash", snapshot->set->hash()},
                 {"versions", snapshot->set->versions()}};
    return {r.ok, !r.ok, std::move(body)};
  };
  return h;
}

}  // namespace smsfw::app
