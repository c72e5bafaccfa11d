#include "proxy/worker_metrics.h"

#include <algorithm>

#include "smpp/smpp_constants.h"

namespace smsfw::proxy {

namespace cmd = smpp::cmd;

namespace {

// The SMPP 3.4 commands, requests then responses; index 31 counts any other id.
constexpr std::array<std::uint32_t, 27> kCommands = {
    cmd::bind_receiver,          cmd::bind_transmitter,      cmd::query_sm,          cmd::submit_sm,
    cmd::deliver_sm,             cmd::unbind,                cmd::replace_sm,        cmd::cancel_sm,
    cmd::bind_transceiver,       cmd::outbind,               cmd::enquire_link,      cmd::submit_multi,
    cmd::alert_notification,     cmd::data_sm,               cmd::generic_nack,      cmd::bind_receiver_resp,
    cmd::bind_transmitter_resp,  cmd::query_sm_resp,         cmd::submit_sm_resp,    cmd::deliver_sm_resp,
    cmd::unbind_resp,            cmd::replace_sm_resp,       cmd::cancel_sm_resp,    cmd::bind_transceiver_resp,
    cmd::enquire_link_resp,      cmd::submit_multi_resp,     cmd::data_sm_resp};
constexpr std::size_t kOther = 31;

std::size_t index_of(std::uint32_t command_id) {
  for (std::size_t i = 0; i < kCommands.size(); ++i)
    if (kCommands[i] == command_id) return i;
  return kOther;
}

}  // namespace

const char* to_string(MessageOutcome o) {
  switch (o) {
    case MessageOutcome::allow: return "allow";
    case MessageOutcome::monitor: return "monitor";
    case MessageOutcome::tag: return "tag";
    case MessageOutcome::block: return "block";
    case MessageOutcome::throttled: return "throttled";
  }
  return "?";
}

void LatencyHistogram::add(std::uint64_t ns) {
  const double s = static_cast<double>(ns) * 1e-9;
  std::size_t i = 0;
  while (i < kLatencyBuckets.size() && s > kLatencyBuckets[i]) ++i;
  ++counts[i];
  ++count;
  sum_ns += ns;
}

LatencyHistogram& LatencyHistogram::operator+=(const LatencyHistogram& o) {
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += o.counts[i];
  count += o.count;
  sum_ns += o.sum_ns;
  return *this;
}

AccountMetrics& WorkerMetrics::account(std::string_view system_id) {
  if (last_ && system_id == last_account_) return *last_;
  auto it = accounts_.find(system_id);
  if (it == accounts_.end()) {
    const std::string_view key = accounts_.size() < kMaxAccounts ? system_id : kOtherAccounts;
    it = accounts_.find(key);
    if (it == accounts_.end()) it = accounts_.emplace(std::string(key), AccountMetrics{}).first;
  }
  last_account_.assign(system_id);  // within its capacity once warmed up
  last_ = &it->second;               // node-based map: stable while the entry lives
  return *last_;
}

void WorkerMetrics::rule(std::string_view id, std::string_view action) {
  auto it = rules_.find(id);
  if (it == rules_.end()) it = rules_.emplace(std::string(id), RuleMetrics{std::string(action), 0}).first;
  ++it->second.decided;
}

void WorkerMetrics::pdu(int from, std::uint32_t command_id) { ++pdus_[from == 0 ? 0 : 1][index_of(command_id)]; }

void WorkerMetrics::response(std::uint32_t command_id, std::uint32_t status) {
  for (ResponseCount& r : responses_)
    if (r.command_id == command_id && r.status == status) {
      ++r.count;
      return;
    }
  responses_.push_back({command_id, status, 1});
}

void WorkerMetrics::merge(const WorkerMetrics& o) {
  for (const auto& [id, a] : o.accounts_) {
    AccountMetrics& m = accounts_[id];
    for (std::size_t d = 0; d < 2; ++d)
      for (std::size_t k = 0; k < kOutcomes; ++k) m.messages[d][k] += a.messages[d][k];
    m.binds_ok += a.binds_ok;
    m.binds_failed += a.binds_failed;
    m.binds_refused += a.binds_refused;
  }
  last_ = nullptr;  // rehashing may not move nodes, but keep the cache simple
  for (const auto& [id, r] : o.rules_) {
    RuleMetrics& m = rules_[id];
    if (m.action.empty()) m.action = r.action;
    m.decided += r.decided;
  }
  for (std::size_t d = 0; d < 2; ++d)
    for (std::size_t i = 0; i < pdus_[d].size(); ++i) pdus_[d][i] += o.pdus_[d][i];
  for (const ResponseCount& r : o.responses_) {
    auto it = std::find_if(responses_.begin(), responses_.end(),
                           [&](const ResponseCount& x) { return x.command_id == r.command_id && x.status == r.status; });
    if (it == responses_.end())
      responses_.push_back(r);
    else
      it->count += r.count;
  }
  latency_ += o.latency_;
}

std::uint32_t WorkerMetrics::command_of_index(std::size_t i) { return i < kCommands.size() ? kCommands[i] : 0; }

}  // namespace smsfw::proxy
