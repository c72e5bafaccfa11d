#include "app/run_command.h"

#include <csignal>
#include <cstdio>
#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

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

  asio::io_context control(1);
  const unsigned threads = config.effective_threads();
  proxy::ProxyServer server(control, settings, threads);
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
  if (!config.patterns_dir.empty())
    spdlog::warn("pattern directory {} is not applied: this version relays without filtering", config.patterns_dir);
  if (config.admin)
    spdlog::warn("admin address {} is not served: this version has no admin API", config.admin->to_string());
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
          spdlog::info("SIGHUP: nothing to reload (no pattern sets are loaded)");
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

  const proxy::ProxyStats s = server.stats();
  spdlog::info(
      "stopped{}: sessions {} opened / {} closed, binds {} forwarded / {} without upstream, PDUs {} ESME→SMSC / "
      "{} SMSC→ESME, {} answered by the proxy, {} malformed, {} bad frames, {} stray responses",
      clean ? "" : " (drain deadline passed)", s.sessions_opened, s.sessions_closed, s.binds_forwarded,
      s.binds_failed_no_upstream, s.pdus_esme_to_smsc, s.pdus_smsc_to_esme, s.answered_by_proxy,
      s.malformed_pdus, s.bad_frames, s.stray_responses);
  return 0;
}

}  // namespace smsfw::app
