#include "app/run_command.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "access/access_control.h"
#include "app/admin_handlers.h"
#include "app/campaign_aggregation.h"
#include "app/pattern_cache_dir.h"
#include "app/pattern_reload.h"
#include "app/pattern_watcher.h"
#include "app/systemd_notify.h"
#include "app/upstream_probe.h"
#include "audit/audit_log.h"
#include "engine/engine.h"
#include "proxy/proxy_server.h"
#include "shared/shared_state_thread.h"
#include "tls/tls_context.h"

namespace smsfw::app {

namespace asio = boost::asio;

int run_proxy(const RunConfig& config) {
  spdlog::set_level(spdlog::level::from_str(config.log_level));

  proxy::ProxySettings settings = config.proxy;
  try {
    for (const auto& u : config.upstreams) settings.upstreams.push_back(net::resolve(u));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smsfw run: --upstream: %s\n", e.what());
    return 1;
  }
  // TLS contexts, checked now (files, key against certificate) rather than at the first connection.
  std::unique_ptr<asio::ssl::context> listen_tls;
  std::unique_ptr<asio::ssl::context> upstream_tls;
  try {
    if (config.tls.listen) listen_tls = tls::make_server_context(*config.tls.listen);
    if (config.tls.upstream) upstream_tls = tls::make_client_context(*config.tls.upstream);
  } catch (const tls::SetupError& e) {
    std::fprintf(stderr, "smsfw run: %s\n", e.what());
    return 1;
  }
  if (config.tls.upstream)
    for (const auto& u : config.upstreams)
      settings.upstream_names.push_back(config.tls.upstream->server_name.empty() ? u.host
                                                                                 : config.tls.upstream->server_name);

  // Reloads compile on their own thread, never on the acceptor's or a worker's; the directory
  // watcher runs there too.
  asio::io_context reloads(1);
  ReloadCounters reload_counters;
  std::optional<filters::Engine> engine;  // emplaced below, after the watcher
  std::optional<PatternWatcher> watcher;
  filters::EngineOptions engine_options;
  if (!config.patterns_dir.empty()) {
    const PatternCacheDir cache = resolve_pattern_cache_dir(config.pattern_cache);
    engine_options.cache_dir = cache.dir;
    if (cache.dir.empty())
      spdlog::info("pattern database cache: none ({}): every start compiles", cache.source);
    else
      spdlog::info("pattern database cache: {} ({})", cache.dir.string(), cache.source);
    // Watches are in place before the first load reads the directory: a deploy during that load
    // (seconds for large sets) leaves events that trigger a reload once the reload thread runs.
    if (config.watch_patterns) {
      watcher.emplace(reloads, config.patterns_dir, [&engine, &reload_counters] {
        reload_with_notifications(*engine, "pattern directory changed", reload_counters);
      });
      watcher->start();  // on failure it has logged why; SIGHUP still reloads
    }
  } else if (config.watch_patterns) {
    spdlog::warn("watch_patterns without a pattern directory (--patterns): nothing to watch");
  }

  // The pattern directory must load at start: running with rules silently missing is worse
  // than not starting.
  filters::ReloadOutcome loaded;
  engine.emplace(config.patterns_dir, loaded, engine_options);
  if (!loaded.ok) {
    for (const auto& e : loaded.errors) std::fprintf(stderr, "%s\n", e.c_str());
    std::fprintf(stderr, "smsfw run: --patterns %s: %zu error%s, not started\n", config.patterns_dir.c_str(),
                 loaded.errors.size(), loaded.errors.size() == 1 ? "" : "s");
    return 1;
  }
  if (config.patterns_dir.empty())
    spdlog::warn("no pattern directory (--patterns): every message is relayed unfiltered");
  else
    log_initial_load(*engine, loaded);

  asio::io_context control(1);
  const unsigned threads = config.effective_threads();
  // With a Redis configured, the throttle buckets count takes for the exchange with the other
  // instances; without, the data path is the single-instance one.
  const bool shared_redis = config.shared_state.redis.has_value();
  // Campaign detection: the workers observe through one ring each; the table (allocated at the
  // first aggregation, only when the pattern set has a campaign document) is counted on the
  // shared-state thread below.
  filters::campaign::CampaignDetector campaign(
      {.capacity = config.campaign_capacity, .producers = threads, .ring_capacity = 1 << 16, .share = shared_redis});
  CampaignAggregation aggregation(*engine, campaign);
  // A first aggregation now builds the table (zeroing 184 MiB takes a few hundred ms) before any
  // traffic, rather than on the shared-state thread while the first messages go uncounted.
  aggregation.aggregate(static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count()));
  // The audit log of non-allow verdicts (off unless configured); it outlives the workers.
  std::optional<audit::AuditLog> audit_log;
  try {
    audit_log.emplace(config.audit);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smsfw run: audit: %s\n", e.what());
    return 1;
  }
  if (audit_log->enabled())
    spdlog::info("audit log: {} {}{}", audit::to_string(config.audit.kind), config.audit.path,
                 config.audit.body_hash_key.empty() ? " (body hashes keyed per process: no body_hash_key)" : "");
  // Proxy-side access control of binds (off unless configured); it outlives the workers.
  std::optional<access::AccessControl> access_control;
  if (config.access) {
    access_control.emplace(*config.access);
    spdlog::info("access: {} account(s) configured{}", config.access->accounts.size(),
                 config.access->known_accounts_only ? ", other system_ids refused" : "");
  }
  proxy::ProxyServer server(control, settings, threads, &*engine, shared_redis, &campaign, &*audit_log,
                            access_control ? &*access_control : nullptr);
  try {
    const auto endpoints = net::resolve(config.listen);
    server.listen(endpoints.front());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smsfw run: --listen %s: %s\n", config.listen.to_string().c_str(), e.what());
    return 1;
  }
  if (listen_tls) {
    try {
      server.listen_tls(net::resolve(config.tls.listen->address).front(), *listen_tls);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "smsfw run: tls.listen.address %s: %s\n", config.tls.listen->address.to_string().c_str(),
                   e.what());
      return 1;
    }
    spdlog::info("TLS listener on {}{}", net::to_string(server.tls_endpoint()),
                 config.tls.listen->client_ca.empty() ? "" : " (client certificates required)");
  }
  if (upstream_tls) {
    server.use_upstream_tls(*upstream_tls);
    spdlog::info("upstream TLS: {}", config.tls.upstream->verify ? "certificates verified" : "certificates NOT verified (tls.upstream.verify: false)");
  }
  server.start();

  // State shared with other instances (throttle consumption, campaign reach), on its own
  // thread. The hooks run there every exchange_interval (shared_state_thread.h):
  // before_exchange(now_seconds) always, campaign_exchange(link, now_seconds) with Redis only.
  gateway::shared::SharedStateOptions shared_options;
  if (shared_redis) {
    gateway::shared::RedisLink::Options redis;
    redis.host = config.shared_state.redis->host;
    redis.port = config.shared_state.redis->port;
    redis.connect_timeout = config.shared_state.connect_timeout;
    redis.command_timeout = config.shared_state.command_timeout;
    redis.key_prefix = config.shared_state.key_prefix;
    shared_options.redis = std::move(redis);
  }
  shared_options.instance_id = config.shared_state.instance_id;
  shared_options.interval = config.shared_state.exchange_interval;
  gateway::shared::SharedStateHooks shared_hooks;
  shared_hooks.before_exchange = [&aggregation](std::uint64_t now) { aggregation.aggregate(now); };
  if (shared_redis)
    shared_hooks.campaign_exchange = [&aggregation](gateway::shared::RedisLink& link, std::uint64_t now) {
      aggregation.exchange(link, now);
    };
  gateway::shared::SharedStateThread shared_state(
      std::move(shared_options), {&server.throttle().accounts(), &server.throttle().senders()},
      std::move(shared_hooks));
  shared_state.start();

  std::string upstream_list;
  for (const auto& u : config.upstreams) upstream_list += (upstream_list.empty() ? "" : ", ") + u.to_string();
  spdlog::info("relaying to {} (failover order), {} worker thread{}", upstream_list, threads, threads == 1 ? "" : "s");
  // Upstream health (readiness, smsfw_upstream_up): a TCP connect to each every 5 s, only when
  // the admin API serves it (SMSCs see these connections).
  std::vector<UpstreamProbe::Upstream> probed;
  for (std::size_t i = 0; i < config.upstreams.size(); ++i)
    probed.push_back({config.upstreams[i].to_string(), settings.upstreams[i]});
  UpstreamProbe upstream_probe(control, std::move(probed));
  if (config.admin) upstream_probe.start();
  auto reload_guard = asio::make_work_guard(reloads);
  // Sets replaced by a reload are freed here, on the reload thread, once every worker has moved
  // to the new one: never by a worker dropping the last reference on the data path.
  asio::steady_timer retired_sweep(reloads);
  std::function<void()> sweep_retired = [&] {
    retired_sweep.expires_after(std::chrono::seconds(1));
    retired_sweep.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      engine->release_retired();
      sweep_retired();
    });
  };
  sweep_retired();
  std::thread reload_thread([&reloads] { reloads.run(); });

  // The admin API (GET /metrics, /healthz, /readyz, /status, POST /reload, /loglevel).
  std::atomic<bool> draining{false};
  AdminContext admin_context{
      {server, *engine, reload_counters, upstream_probe, campaign, &shared_state, &*audit_log}, *engine, reloads,
      reload_counters,
      draining, !config.patterns_dir.empty()};
  std::optional<admin::AdminServer> admin_server;
  if (config.admin) {
    admin::AdminOptions options;
    try {
      options.endpoint = net::resolve(*config.admin).front();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "smsfw run: --admin %s: %s\n", config.admin->to_string().c_str(), e.what());
      return 1;
    }
    options.bearer_token = config.admin_token;
    admin_server.emplace(options, admin_handlers(admin_context));
    try {
      admin_server->start();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "smsfw run: --admin %s: %s\n", config.admin->to_string().c_str(), e.what());
      return 1;
    }
  }

  // Handlers are installed before the line below: a tool that signals as soon as it reads it
  // must not meet the default action (terminate without draining).
  asio::signal_set signals(control, SIGINT, SIGTERM, SIGHUP);
  // The one line tools and tests wait for (the TLS listener's, when there is one, comes first).
  if (listen_tls) std::printf("smsfw listening for TLS on %s\n", net::to_string(server.tls_endpoint()).c_str());
  std::printf("smsfw listening on %s\n", net::to_string(server.local_endpoint()).c_str());
  std::fflush(stdout);
  systemd_notify::ready("listening on " + net::to_string(server.local_endpoint()));

  bool clean = true;
  std::function<void(const boost::system::error_code&, int)> on_signal =
      [&](const boost::system::error_code& ec, int signo) {
        if (ec) return;
        if (signo == SIGHUP) {
          asio::post(reloads, [&engine, &reload_counters] {
            reload_with_notifications(*engine, "SIGHUP", reload_counters);
          });
          signals.async_wait(on_signal);
          return;
        }
        spdlog::info("{}: draining sessions (up to {} ms)", signo == SIGTERM ? "SIGTERM" : "SIGINT",
                     config.drain_timeout.count());
        draining = true;  // /readyz says so from now on: a load balancer stops sending new binds
        systemd_notify::stopping();
        upstream_probe.stop();
        clean = server.drain_and_stop(config.drain_timeout);
        // No control.stop(): run() returns by itself once the accept aborted by drain_and_stop
        // has completed. Left queued, that accept (whose socket belongs to a worker's
        // io_context) would be destroyed with `control`, after the workers: a use-after-free.
      };
  signals.async_wait(on_signal);
  control.run();
  // The admin server's reload handler posts to the reload thread: stop it first.
  if (admin_server) admin_server->stop();
  reload_guard.reset();
  reloads.stop();
  reload_thread.join();
  // The reload thread is gone: stopping the watcher here races with nothing. Its aborted
  // handlers are destroyed, never run, with `reloads`.
  if (watcher) watcher->stop();
  // Before the final line: no exchange after it (the round in progress ends within the link's
  // timeouts).
  shared_state.stop();
  if (shared_state.redis_configured())
    spdlog::info("shared state: {} throttle exchanges ok, {} failed, {} tokens debited for the other instances",
                 shared_state.exchanges_ok(), shared_state.exchanges_failed(), shared_state.tokens_debited());

  if (audit_log->enabled()) {
    audit_log->flush();  // the workers are gone: everything they queued is written now
    spdlog::info("audit log: {} records written, {} dropped (full rings), {} sink errors", audit_log->written(),
                 audit_log->dropped(), audit_log->sink_errors());
  }

  const proxy::ProxyStats s = server.stats();
  spdlog::info(
      "stopped{}: sessions {} opened / {} closed / {} closed at accept over the session limit, binds {} forwarded / {} without upstream / {} over the session "
      "limit, PDUs {} ESME→SMSC / "
      "{} SMSC→ESME, {} answered by the proxy, {} malformed, {} bad frames, {} stray responses, TLS handshakes failed {} ESME / {} SMSC; messages {} judged, "
      "{} blocked, {} tagged, {} monitored, {} allowed by rule, {} engine errors, {} with malformed text; tags "
      "relabelled for want of room {}, left unmarked {}; throttled {} (limit keys in the overflow bucket: {}); "
      "concatenated: {} judged whole, {} parts held, {} judged at the hold time, {} late parts, {} parts refused "
      "for want of room, {} parts dropped with their ESME",
      clean ? "" : " (drain deadline passed)", s.sessions_opened, s.sessions_closed, s.connections_closed_at_accept, s.binds_forwarded,
      s.binds_failed_no_upstream, s.binds_refused_session_limit, s.pdus_esme_to_smsc, s.pdus_smsc_to_esme,
      s.answered_by_proxy,
      s.malformed_pdus, s.bad_frames, s.stray_responses, s.tls_failed_esme, s.tls_failed_smsc, s.messages_judged, s.messages_blocked, s.messages_tagged,
      s.messages_monitored, s.messages_allowed_by_rule, s.engine_errors, s.messages_malformed_text, s.tag_fallbacks,
      s.tag_failures, s.messages_throttled, s.throttle_overflow_lookups, s.concat_messages, s.concat_parts,
      s.concat_expired, s.concat_late_parts, s.concat_refused_full, s.concat_dropped);
  return 0;
}

}  // namespace smsfw::app
