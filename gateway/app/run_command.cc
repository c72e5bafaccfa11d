#include "app/run_command.h"

#include <csignal>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include "engine/engine.h"
#include "proxy/proxy_server.h"

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

  // The pattern directory must load at start: running with rules silently missing is worse
  // than not starting.
  filters::ReloadOutcome loaded;
  filters::Engine engine(config.patterns_dir, loaded);
  if (!loaded.ok) {
    for (const auto& e : loaded.errors) std::fprintf(stderr, "%s\n", e.c_str());
    std::fprintf(stderr, "smsfw run: --patterns %s: %zu error%s, not started\n", config.patterns_dir.c_str(),
                 loaded.errors.size(), loaded.errors.size() == 1 ? "" : "s");
    return 1;
  }
  if (config.patterns_dir.empty())
    spdlog::warn("no pattern directory (--patterns): every message is relayed unfiltered");
  else
    spdlog::info("pattern sets loaded from {}: {} rules [{}] hash {}", config.patterns_dir,
                 engine.snapshot()->set->rules().size(), engine.snapshot()->set->versions(),
                 engine.snapshot()->set->hash());

  asio::io_context control(1);
  const unsigned threads = config.effective_threads();
  proxy::ProxyServer server(control, settings, threads, &engine);
  try {
    const auto endpoints = net::resolve(config.listen);
    server.listen(endpoints.front());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smsfw run: --listen %s: %s\n", config.listen.to_string().c_str(), e.what());
    return 1;
  }
  server.start();

  std::string upstream_list;
  for (const auto& u : config.upstreams) upstream_list += (upstream_list.empty() ? "" : ", ") + u.to_string();
  spdlog::info("relaying to {} (failover order), {} worker thread{}", upstream_list, threads, threads == 1 ? "" : "s");
  if (config.admin)
    spdlog::warn("admin address {} is not served: this version has no admin API", config.admin->to_string());
  // Reloads compile on their own thread: never on the acceptor's or a worker's.
  asio::io_context reloads(1);
  auto reload_guard = asio::make_work_guard(reloads);
  std::thread reload_thread([&reloads] { reloads.run(); });

  // Handlers are installed before the line below: a tool that signals as soon as it reads it
  // must not meet the default action (terminate without draining).
  asio::signal_set signals(control, SIGINT, SIGTERM, SIGHUP);
  // The one line tools and tests wait for.
  std::printf("smsfw listening on %s\n", net::to_string(server.local_endpoint()).c_str());
  std::fflush(stdout);

  bool clean = true;
  std::function<void(const boost::system::error_code&, int)> on_signal =
      [&](const boost::system::error_code& ec, int signo) {
        if (ec) return;
        if (signo == SIGHUP) {
          asio::post(reloads, [&engine] {
            spdlog::info("SIGHUP: reloading pattern sets from {}", engine.directory().string());
            const filters::ReloadOutcome r = engine.reload();
            const auto s = engine.snapshot();
            if (r.ok)
              spdlog::info("pattern sets reloaded: {} rules [{}] hash {}", s->set->rules().size(), s->set->versions(),
                           s->set->hash());
            else {
              for (const auto& e : r.errors) spdlog::error("{}", e);
              spdlog::error("reload refused ({} error{}): the previous pattern sets stay in force [{}]", r.errors.size(),
                            r.errors.size() == 1 ? "" : "s", s->set->versions());
            }
          });
          signals.async_wait(on_signal);
          return;
        }
        spdlog::info("{}: draining sessions (up to {} ms)", signo == SIGTERM ? "SIGTERM" : "SIGINT",
                     config.drain_timeout.count());
        clean = server.drain_and_stop(config.drain_timeout);
        // No control.stop(): run() returns by itself once the accept aborted by drain_and_stop
        // has completed. Left queued, that accept (whose socket belongs to a worker's
        // io_context) would be destroyed with `control`, after the workers: a use-after-free.
      };
  signals.async_wait(on_signal);
  control.run();
  reload_guard.reset();
  reloads.stop();
  reload_thread.join();

  const proxy::ProxyStats s = server.stats();
  spdlog::info(
      "stopped{}: sessions {} opened / {} closed, binds {} forwarded / {} without upstream, PDUs {} ESME→SMSC / "
      "{} SMSC→ESME, {} answered by the proxy, {} malformed, {} bad frames, {} stray responses; messages {} judged, "
      "{} blocked, {} tagged, {} monitored, {} allowed by rule, {} engine errors, {} with malformed text; tags "
      "relabelled for want of room {}, left unmarked {}",
      clean ? "" : " (drain deadline passed)", s.sessions_opened, s.sessions_closed, s.binds_forwarded,
      s.binds_failed_no_upstream, s.pdus_esme_to_smsc, s.pdus_smsc_to_esme, s.answered_by_proxy,
      s.malformed_pdus, s.bad_frames, s.stray_responses, s.messages_judged, s.messages_blocked, s.messages_tagged,
      s.messages_monitored, s.messages_allowed_by_rule, s.engine_errors, s.messages_malformed_text, s.tag_fallbacks,
      s.tag_failures);
  return 0;
}

}  // namespace smsfw::app
