#pragma once
// The labelled counters of one worker thread behind GET /metrics: messages by account, direction
// and outcome; deciding rules; PDUs by direction and command; responses by command and status;
// binds by account and result; the filter's decision latency as a histogram. Only the worker's
// thread writes them (plain integers, no atomics); a scrape copies them on that thread
// (Worker::collect_metrics) and sums the workers' copies (merge()).
//
// Allocation: a map entry on the first sight of an account (at its bind), a rule id (its first
// match) or a (command, status) pair; nothing per PDU after that. Lookups by account use a
// one-entry cache, so a stream from one bind costs a string comparison.

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace smsfw::proxy {

// What became of a judged message (the verdict's action, or throttled).
enum class MessageOutcome : std::uint8_t { allow, monitor, tag, block, throttled };
inline constexpr std::size_t kOutcomes = 5;
const char* to_string(MessageOutcome o);

struct AccountMetrics {
  std::array<std::array<std::uint64_t, kOutcomes>, 2> messages{};  // [0 MT / 1 MO][outcome]
  std::uint64_t binds_ok = 0;
  std::uint64_t binds_failed = 0;  // refused by the SMSC, or no upstream reachable
  std::uint64_t binds_refused = 0;  // refused by the proxy itself (max_sessions, access control)
};

struct RuleMetrics {
  std::string action;  // the rule's action (for the label)
  std::uint64_t decided = 0;  // messages this rule decided (Verdict::rules)
};

// Decision latency buckets (upper bounds, seconds): 2 us .. 100 ms.
inline constexpr std::array<double, 14> kLatencyBuckets = {2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 2e-4,
                                                           5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 5e-2, 1e-1};

struct LatencyHistogram {
  std::array<std::uint64_t, kLatencyBuckets.size() + 1> counts{};  // per bucket (not cumulative), last: +Inf
  std::uint64_t count = 0;
  std::uint64_t sum_ns = 0;
  void add(std::uint64_t ns);
  LatencyHistogram& operator+=(const LatencyHistogram& o);
};

// Transparent hashing, so string_view lookups do not build a std::string.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class WorkerMetrics {
 public:
  using AccountMap = std::unordered_map<std::string, AccountMetrics, StringHash, std::equal_to<>>;
  using RuleMap = std::unordered_map<std::string, RuleMetrics, StringHash, std::equal_to<>>;
  struct ResponseCount {
    std::uint32_t command_id;
    std::uint32_t status;
    std::uint64_t count;
  };

  WorkerMetrics() = default;
  // Copies carry the counters, not the lookup cache (it points into the source's map).
  WorkerMetrics(const WorkerMetrics& o)
      : accounts_(o.accounts_), rules_(o.rules_), pdus_(o.pdus_), responses_(o.responses_), latency_(o.latency_) {}
  WorkerMetrics& operator=(const WorkerMetrics& o) {
    if (this != &o) *this = WorkerMetrics(o);
    return *this;
  }
  WorkerMetrics(WorkerMetrics&&) = default;  // node-based map: the cache stays valid
  WorkerMetrics& operator=(WorkerMetrics&&) = default;

  // The account's counters (created on first sight). Beyond kMaxAccounts distinct system_ids
  // (a client binding with made-up ones, say) the rest share the entry kOtherAccounts, so
  // neither memory nor the exported label set grows without bound.
  AccountMetrics& account(std::string_view system_id);
  static constexpr std::size_t kMaxAccounts = 2048;
  static constexpr std::string_view kOtherAccounts = "(other)";
  void message(std::string_view account, bool mobile_originated, MessageOutcome o) {
    ++this->account(account).messages[mobile_originated ? 1 : 0][static_cast<std::size_t>(o)];
  }
  void rule(std::string_view id, std::string_view action);
  // A PDU received from the ESME (0) or the SMSC (1).
  void pdu(int from, std::uint32_t command_id);
  // A response sent towards either side (relayed or the proxy's own).
  void response(std::uint32_t command_id, std::uint32_t status);
  void decision(std::uint64_t ns) { latency_.add(ns); }

  // Adds `o`'s counters to these (scrape: the sum over workers).
  void merge(const WorkerMetrics& o);

  const AccountMap& accounts() const { return accounts_; }
  const RuleMap& rules() const { return rules_; }
  // [0 from ESME / 1 from SMSC][command index]: see command_of_index().
  const std::array<std::array<std::uint64_t, 32>, 2>& pdus() const { return pdus_; }
  const std::vector<ResponseCount>& responses() const { return responses_; }
  const LatencyHistogram& latency() const { return latency_; }

  // The command_id counted at index `i` of pdus() (0 for unused indexes; index 31: any other id).
  static std::uint32_t command_of_index(std::size_t i);

 private:
  AccountMap accounts_;
  std::string last_account_;
  AccountMetrics* last_ = nullptr;
  RuleMap rules_;
  std::array<std::array<std::uint64_t, 32>, 2> pdus_{};
  std::vector<ResponseCount> responses_;
  LatencyHistogram latency_;
};

}  // namespace smsfw::proxy
