#include "app/metrics_exporter.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include <fmt/format.h>

#include "admin/prometheus_text.h"
#include "smpp/smpp_constants.h"

namespace smsfw::app {

using admin::Labels;
using admin::MetricType;
using admin::PrometheusText;

std::size_t resident_memory_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages_total = 0, pages_resident = 0;
  if (!(statm >> pages_total >> pages_resident)) return 0;
  return pages_resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

std::string render_metrics(MetricsSources& src) {
  const proxy::ProxyStats stats = src.server.stats();
  const proxy::WorkerMetrics metrics = src.server.metrics();
  const std::vector<proxy::SessionInfo> sessions = src.server.sessions();
  PrometheusText out;

  out.family("smsfw_messages_total", "Messages judged, by direction, account (bind system_id) and outcome.",
             MetricType::counter);
  for (const auto& [account, a] : metrics.accounts())
    for (std::size_t d = 0; d < 2; ++d)
      for (std::size_t k = 0; k < proxy::kOutcomes; ++k)
        if (a.messages[d][k] != 0)
          out.sample("smsfw_messages_total",
                     {{"direction", d == 0 ? "mt" : "mo"},
                      {"account", account},
                      {"action", proxy::to_string(static_cast<proxy::MessageOutcome>(k))}},
                     a.messages[d][k]);

  out.family("smsfw_rule_matches_total", "Messages decided by each rule (the rules of the winning action).",
             MetricType::counter);
  for (const auto& [id, r] : metrics.rules())
    out.sample("smsfw_rule_matches_total", {{"rule", id}, {"action", r.action}}, r.decided);

  out.family("smsfw_pdus_total", "PDUs received, by the side that sent them and command.", MetricType::counter);
  for (std::size_t from = 0; from < 2; ++from)
    for (std::size_t i = 0; i < metrics.pdus()[from].size(); ++i) {
      const std::uint64_t n = metrics.pdus()[from][i];
      if (n == 0) continue;
      const std::uint32_t id = proxy::WorkerMetrics::command_of_index(i);
      out.sample("smsfw_pdus_total",
                 {{"from", from == 0 ? "esme" : "smsc"},
                  {"command", id != 0 ? std::string(smpp::command_name(id)) : std::string("other")}},
                 n);
    }

  out.family("smsfw_responses_total", "Responses sent to either side (relayed or the proxy's own), by command and status.",
             MetricType::counter);
  for (const auto& r : metrics.responses())
    out.sample("smsfw_responses_total",
               {{"command", std::string(smpp::command_name(r.command_id))}, {"status", fmt::format("0x{:08X}", r.status)}},
               r.count);

  out.family("smsfw_binds_total", "Binds through the proxy, by account and result.", MetricType::counter);
  for (const auto& [account, a] : metrics.accounts()) {
    if (a.binds_ok) out.sample("smsfw_binds_total", {{"account", account}, {"result", "ok"}}, a.binds_ok);
    if (a.binds_failed) out.sample("smsfw_binds_total", {{"account", account}, {"result", "failed"}}, a.binds_failed);
    if (a.binds_refused)
      out.sample("smsfw_binds_total", {{"account", account}, {"result", "refused"}}, a.binds_refused);
  }

  out.family("smsfw_sessions", "Open sessions, by state (and the bound ones by account).", MetricType::gauge);
  {
    std::map<std::string, std::uint64_t> by_state, by_account;
    for (const auto& s : sessions) {
      ++by_state[s.state];
      if (s.bound) ++by_account[s.system_id];
    }
    for (const auto& [state, n] : by_state) out.sample("smsfw_sessions", {{"state", state}}, n);
    out.family("smsfw_bound_sessions", "Sessions with a bind the SMSC accepted, by account.", MetricType::gauge);
    for (const auto& [account, n] : by_account) out.sample("smsfw_bound_sessions", {{"account", account}}, n);
  }

  out.family("smsfw_upstream_up", "1 when the upstream SMSC accepts TCP connections (health probe every 5 s).",
             MetricType::gauge);
  for (std::size_t i = 0; i < src.upstreams.size(); ++i)
    if (src.upstreams.state(i) >= 0)
      out.sample("smsfw_upstream_up", {{"upstream", src.upstreams.name(i)}}, std::int64_t{src.upstreams.state(i)});

  out.family("smsfw_concat_parts_held", "Parts of concatenated messages held until their message is whole.",
             MetricType::gauge);
  std::uint64_t held = 0;
  for (const auto& s : sessions) held += s.parts_held;
  out.sample("smsfw_concat_parts_held", {}, held);
  out.family("smsfw_concat_held_bytes", "Bytes of held parts (limit: concatenation.max_total_bytes).", MetricType::gauge);
  out.sample("smsfw_concat_held_bytes", {}, std::uint64_t{src.server.shared().hold_budget.used()});
  out.family("smsfw_concat_messages_total", "Concatenated messages judged, by how.", MetricType::counter);
  out.sample("smsfw_concat_messages_total", {{"judged", "whole"}}, stats.concat_messages);
  out.sample("smsfw_concat_messages_total", {{"judged", "at_hold_time"}}, stats.concat_expired);
  out.family("smsfw_concat_parts_total", "Parts of concatenated messages, by what happened to them.", MetricType::counter);
  out.sample("smsfw_concat_parts_total", {{"result", "held"}}, stats.concat_parts);
  out.sample("smsfw_concat_parts_total", {{"result", "late"}}, stats.concat_late_parts);
  out.sample("smsfw_concat_parts_total", {{"result", "refused_full"}}, stats.concat_refused_full);
  out.sample("smsfw_concat_parts_total", {{"result", "dropped_with_esme"}}, stats.concat_dropped);

  out.family("smsfw_connections_closed_at_accept_total",
             "ESME connections closed as soon as accepted: over limits.max_sessions, with as many already "
             "waiting for their bind to be refused as allowed.",
             MetricType::counter);
  out.sample("smsfw_connections_closed_at_accept_total", {}, stats.connections_closed_at_accept);

  out.family("smsfw_tls_handshake_failures_total", "TLS handshakes that failed, by side (tls: section).",
             MetricType::counter);
  out.sample("smsfw_tls_handshake_failures_total", {{"side", "esme"}}, stats.tls_failed_esme);
  out.sample("smsfw_tls_handshake_failures_total", {{"side", "smsc"}}, stats.tls_failed_smsc);

  out.family("smsfw_throttled_total", "Messages answered ESME_RTHROTTLED by an account or sender limit.",
             MetricType::counter);
  out.sample("smsfw_throttled_total", {}, stats.messages_throttled);

  out.family("smsfw_reloads_total", "Pattern-set reloads, by result.", MetricType::counter);
  out.sample("smsfw_reloads_total", {{"result", "applied"}}, src.reloads.applied.load());
  out.sample("smsfw_reloads_total", {{"result", "refused"}}, src.reloads.refused.load());
  out.sample("smsfw_reloads_total", {{"result", "unchanged"}}, src.reloads.unchanged.load());

  const auto snapshot = src.engine.snapshot();
  out.family("smsfw_pattern_set_info", "The pattern sets in force (value 1), by name and version.", MetricType::gauge);
  for (const auto& s : snapshot->set->sets())
    out.sample("smsfw_pattern_set_info", {{"set", s.name}, {"version", s.version}}, std::int64_t{1});
  out.family("smsfw_rules", "Rules in force (YAML rules, lists and synthetic ones).", MetricType::gauge);
  out.sample("smsfw_rules", {{"hash", snapshot->set->hash()}}, std::uint64_t{snapshot->set->rules().size()});

  out.family("smsfw_filter_decision_seconds", "Time the filter engine took to judge a message.", MetricType::histogram);
  const auto& lat = metrics.latency();
  out.histogram("smsfw_filter_decision_seconds", {}, proxy::kLatencyBuckets, lat.counts,
                static_cast<double>(lat.sum_ns) * 1e-9);

  out.family("smsfw_campaign_observations_dropped_total",
             "Campaign observations lost because a worker's ring was full (the aggregator lagged).", MetricType::counter);
  out.sample("smsfw_campaign_observations_dropped_total", {}, src.campaign.dropped());

  if (src.audit && src.audit->enabled()) {
    out.family("smsfw_audit_records_total",
               "Audit records by result: written to the sink, or dropped because a worker's ring was full.",
               MetricType::counter);
    out.sample("smsfw_audit_records_total", {{"result", "written"}}, src.audit->written());
    out.sample("smsfw_audit_records_total", {{"result", "dropped"}}, src.audit->dropped());
    out.family("smsfw_audit_sink_errors_total", "Audit lines or flushes the sink failed to write.", MetricType::counter);
    out.sample("smsfw_audit_sink_errors_total", {}, src.audit->sink_errors());
  }

  if (src.shared_state && src.shared_state->redis_configured()) {
    out.family("smsfw_shared_state_exchanges_total", "Throttle exchanges with Redis, by result.", MetricType::counter);
    out.sample("smsfw_shared_state_exchanges_total", {{"result", "ok"}}, src.shared_state->exchanges_ok());
    out.sample("smsfw_shared_state_exchanges_total", {{"result", "failed"}}, src.shared_state->exchanges_failed());
    out.family("smsfw_shared_state_redis_up", "1 while the Redis link is up.", MetricType::gauge);
    out.sample("smsfw_shared_state_redis_up", {}, std::int64_t{src.shared_state->link()->up() ? 1 : 0});
  }

  out.family("process_resident_memory_bytes", "Resident memory size in bytes.", MetricType::gauge);
  out.sample("process_resident_memory_bytes", {}, std::uint64_t{resident_memory_bytes()});
  return out.str();
}

}  // namespace smsfw::app
