#pragma once
// engine-bench's report: markdown tables on stdout (builds, matching speed with Hyperscan's
// speed-up, cross-check), or one JSON object (--json) with the same figures and every round.

#include "engine/engine_options.h"
#include "engine/engine_results.h"

namespace smsfw::bench::engine {

void print_text(const EngineBenchConfig& config, const RunResult& result);
void print_json(const EngineBenchConfig& config, const RunResult& result);

}  // namespace smsfw::bench::engine
