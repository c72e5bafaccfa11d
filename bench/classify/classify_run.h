#pragma once
// classify-bench's run: builds the messages and one Engine + Classifier per rule count, times
// classify() (and the decode-only baseline) over the pre-encoded messages, prints the report.

#include "classify/classify_options.h"

namespace smsfw::bench::classify {

// Returns the process exit status (0 after a run; 1 when the corpus cannot be read or a
// generated directory does not load).
int run_classify_bench(const ClassifyConfig& config);

}  // namespace smsfw::bench::classify
