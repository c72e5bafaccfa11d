#pragma once
#include "stateful/stateful_options.h"

namespace smsfw::bench::stateful {
// Runs every stage, prints the table and the analysis; the exit code.
int run_stateful_bench(const StatefulConfig& config);
}  // namespace smsfw::bench::stateful
