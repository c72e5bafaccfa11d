#pragma once
// The figures of one smpp-load run, summed over binds, and their text and JSON forms.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "smpp_load/latency_histogram.h"

namespace smsfw::bench::load {

struct LoadSummary {
  // The setup, echoed so a saved report explains itself.
  unsigned binds = 0;
  unsigned window = 0;
  double rate = 0;
  bool dlr = false;

  std::uint64_t sent = 0;
  std::uint64_t answered = 0;
  std::uint64_t ok = 0;
  std::vector<std::pair<std::uint32_t, std::uint64_t>> errors;  // status -> count, ascending
  std::uint64_t generic_nacks = 0;
  std::uint64_t unexpected = 0;
  std::uint64_t outstanding = 0;
  std::uint64_t warmup_sent = 0;
  std::uint64_t warmup_answered = 0;
  std::uint64_t accepted = 0;  // ok incl. warm-up: receipts expected with --dlr
  std::uint64_t receipts = 0;
  std::uint64_t mo = 0;
  std::uint64_t enquire_links = 0;
  double elapsed_s = 0;  // first measured send (intended) to last measured response
  LatencyHistogram latency;  // ns
  std::string failure;       // empty: success

  double msgs_per_s() const { return elapsed_s > 0 ? static_cast<double>(ok) / elapsed_s : 0.0; }
};

std::string format_text(const LoadSummary& s);
std::string format_json(const LoadSummary& s);  // one line, no trailing newline

}  // namespace smsfw::bench::load
