#pragma once
// The coordinator: splits the work over binds and threads, then drives the run through its
// phases (submit, wait for receipts, unbind) from the main thread, enforcing --timeout, and
// prints the report.

#include "smpp_load/load_config.h"

namespace smsfw::bench::load {

// Runs the load and prints the report on stdout (failure reason on stderr). Returns the exit
// status: 0 success, 1 failure, 2 bad settings found late (e.g. a source address too long).
int run_load(const LoadConfig& config);

}  // namespace smsfw::bench::load
