#pragma once
// smsc-sim's counters. Each worker thread owns one SimCounters (single writer, no locked
// instructions); the stats printer sums them with relaxed reads.

#include <cstdint>
#include <string>
#include <vector>

#include "common/relaxed_counter.h"

namespace smsfw::bench::sim {

// The list of counters, declared once: X(name) for each JSON field, in output order.
#define SMSFW_SIM_COUNTERS(X) \
  X(binds)                    \
  X(submit_sm)                \
  X(data_sm)                  \
  X(submit_multi)             \
  X(responses_sent)           \
  X(errors_injected)          \
  X(receipts_sent)            \
  X(receipt_acks)             \
  X(enquire_link)             \
  X(unbind)                   \
  X(connections)              \
  X(receipts_unroutable)      \
  X(other_responses)          \
  X(generic_nacks_sent)

struct alignas(64) SimCounters {
#define SMSFW_DECLARE(name) RelaxedCounter name;
  SMSFW_SIM_COUNTERS(SMSFW_DECLARE)
#undef SMSFW_DECLARE
};

// The sum of all workers' counters as one JSON line (no trailing newline).
std::string counters_json(const std::vector<const SimCounters*>& workers);

}  // namespace smsfw::bench::sim
