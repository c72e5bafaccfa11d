#pragma once
// engine-bench's run: per rule count, the generated directory loaded by the real engine, the
// same rules given to RE2::Set and to a PCRE2 loop, the texts' views prepared once, the
// cross-check, then the timed matching stage of each engine and classify() for context.

#include "engine/engine_options.h"

namespace smsfw::bench::engine {

// Returns the process exit status (0 after a run; 1 when the corpus cannot be read, a generated
// directory does not load, or the engines disagree on a cross-checked message).
int run_engine_bench(const EngineBenchConfig& config);

}  // namespace smsfw::bench::engine
