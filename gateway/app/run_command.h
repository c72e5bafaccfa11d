#pragma once
// `smsfw run`: starts the proxy with a parsed RunConfig and serves until SIGTERM/SIGINT.

#include "app/run_config.h"

namespace smsfw::app {

// Returns the process exit code (0 after a clean drain, 1 on a start-up error).
int run_proxy(const RunConfig& config);

}  // namespace smsfw::app
