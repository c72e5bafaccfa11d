#include "smpp_load/load_run.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>

#include <boost/asio/post.hpp>

#include "common/worker_pool.h"
#include "smpp_load/load_client.h"
#include "smpp_load/load_report.h"

namespace smsfw::bench::load {

namespace {

using Phase = LoadClient::Phase;
using Clients = std::vector<std::shared_ptr<LoadClient>>;

// Poll period of the coordinator. It only decides phase changes; every figure is timed on the
// worker threads, so the poll period does not show in the results.
constexpr auto kPoll = std::chrono::milliseconds(1);

std::vector<ClientPlan> make_plans(const LoadConfig& c) {
  std::vector<ClientPlan> plans(c.binds);
  for (unsigned i = 0; i < c.binds; ++i) {
    ClientPlan& p = plans[i];
    p.index = i;
    p.count = c.count / c.binds + (i < c.count % c.binds ? 1 : 0);
    p.warmup = c.warmup / c.binds + (i < c.warmup % c.binds ? 1 : 0);
    p.duration_ns = static_cast<std::int64_t>(c.duration_s * 1e9);
    p.rate = c.rate / c.binds;
    // Spread the binds' send instants evenly over one interval instead of bursting together.
    if (p.rate > 0) p.rate_offset_ns = static_cast<std::int64_t>(1e9 / p.rate * i / c.binds);
    p.tick_ns = std::int64_t{c.tick_us} * 1000;
  }
  return plans;
}

bool all_in(const Clients& clients, std::initializer_list<Phase> phases) {
  return std::all_of(clients.begin(), clients.end(), [&](const auto& c) {
    const Phase p = c->phase();
    return std::find(phases.begin(), phases.end(), p) != phases.end();
  });
}

LoadSummary summarize(const LoadConfig& config, const Clients& clients) {
  LoadSummary s;
  s.binds = config.binds;
  s.window = config.window;
  s.rate = config.rate;
  s.dlr = config.dlr;
  std::int64_t first = 0, last = 0;
  for (const auto& c : clients) {
    const ClientStats& st = c->stats();
    s.sent += st.sent;
    s.answered += st.answered;
    s.ok += st.ok;
    s.generic_nacks += st.generic_nacks;
    s.unexpected += st.unexpected;
    s.outstanding += c->outstanding();
    s.warmup_sent += st.warmup_sent;
    s.warmup_answered += st.warmup_answered;
    s.accepted += c->accepted();
    s.receipts += c->receipts();
    s.mo += st.mo;
    s.enquire_links += st.enquire_links;
    for (const auto& error : st.errors) {
      // (A plain loop variable: clang 14 cannot capture structured bindings in a lambda.)
      const auto status = error.first;
      auto it = std::find_if(s.errors.begin(), s.errors.end(), [&](const auto& e) { return e.first == status; });
      if (it == s.errors.end()) s.errors.emplace_back(status, error.second);
      else it->second += error.second;
    }
    s.latency.merge(st.latency);
    if (st.first_send_ns != 0 && (first == 0 || st.first_send_ns < first)) first = st.first_send_ns;
    last = std::max(last, st.last_answer_ns);
  }
  std::sort(s.errors.begin(), s.errors.end());
  if (first != 0 && last > first) s.elapsed_s = static_cast<double>(last - first) / 1e9;
  return s;
}

// The first reason the run failed, or "" if it did not.
std::string verdict(const LoadConfig& config, const Clients& clients, const LoadSummary& s,
                    const std::string& coordinator_failure) {
  for (const auto& c : clients)
    if (!c->failure().empty()) return c->failure();
  if (!coordinator_failure.empty()) return coordinator_failure;
  if (s.outstanding > 0) return std::to_string(s.outstanding) + " submits never answered";
  if (config.duration_s == 0 && s.sent != config.count)
    return "sent " + std::to_string(s.sent) + " of " + std::to_string(config.count) + " submits";
  if (s.unexpected > 0) return std::to_string(s.unexpected) + " responses with unknown sequence numbers";
  if (config.dlr && s.receipts < s.accepted)
    return "received " + std::to_string(s.receipts) + " of " + std::to_string(s.accepted) + " receipts";
  return {};
}

}  // namespace

int run_load(const LoadConfig& config) {
  std::unique_ptr<MessageMix> mix;
  try {
    mix = std::make_unique<MessageMix>(config.texts, config.mix);
  } catch (const std::exception& e) {
    std::cerr << "smpp-load: " << e.what() << " (see --help)\n";
    return 2;
  }

  WorkerPool pool(config.threads);
  boost::asio::ip::tcp::endpoint target;
  try {
    target = net::resolve(config.target).front();
  } catch (const std::exception& e) {
    std::cerr << "smpp-load: cannot resolve --target " << config.target.host << ": " << e.what() << '\n';
    return 1;
  }

  Clients clients;
  for (const ClientPlan& plan : make_plans(config))
    clients.push_back(std::make_shared<LoadClient>(pool.context(plan.index % pool.size()), config, *mix, plan, target));

  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  const auto deadline = started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(config.timeout_s));
  pool.start();
  for (unsigned i = 0; i < clients.size(); ++i)
    boost::asio::post(pool.context(i % pool.size()), [c = clients[i]] { c->start(); });

  enum class Stage { submitting, receipts, unbinding, done } stage = Stage::submitting;
  Clock::time_point receipts_deadline{};
  std::string coordinator_failure;
  while (stage != Stage::done) {
    std::this_thread::sleep_for(kPoll);
    const auto now = Clock::now();
    if (now >= deadline) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%g", config.timeout_s);
      coordinator_failure = std::string("timeout after ") + seconds + " s";
      for (unsigned i = 0; i < clients.size(); ++i)
        boost::asio::post(pool.context(i % pool.size()),
                          [c = clients[i], why = coordinator_failure] { c->abort(why); });
      // Give the aborts a moment to run so the report shows where each bind was.
      for (int i = 0; i < 200 && !all_in(clients, {Phase::finished, Phase::failed}); ++i)
        std::this_thread::sleep_for(kPoll);
      break;
    }
    bool unbind_now = false;
    switch (stage) {
      case Stage::submitting:
        if (!all_in(clients, {Phase::submits_done, Phase::finished, Phase::failed})) break;
        if (!config.dlr) {
          unbind_now = true;
          break;
        }
        stage = Stage::receipts;
        receipts_deadline = now + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(config.dlr_timeout_s));
        break;
      case Stage::receipts: {
        std::uint64_t accepted = 0, receipts = 0;
        for (const auto& c : clients) accepted += c->accepted(), receipts += c->receipts();
        unbind_now = receipts >= accepted || now >= receipts_deadline;
        break;
      }
      case Stage::unbinding:
        if (all_in(clients, {Phase::finished, Phase::failed})) stage = Stage::done;
        break;
      case Stage::done:
        break;
    }
    if (unbind_now) {
      stage = Stage::unbinding;
      for (unsigned i = 0; i < clients.size(); ++i)
        boost::asio::post(pool.context(i % pool.size()), [c = clients[i]] { c->request_unbind(); });
    }
  }
  pool.stop();  // from here on the clients' state is stable and visible to this thread

  LoadSummary summary = summarize(config, clients);
  summary.failure = verdict(config, clients, summary, coordinator_failure);
  if (config.json) std::cout << format_json(summary) << std::endl;
  else std::cout << format_text(summary) << std::flush;
  if (!summary.failure.empty()) {
    std::cerr << "smpp-load: " << summary.failure << '\n';
    return 1;
  }
  return 0;
}

}  // namespace smsfw::bench::load
