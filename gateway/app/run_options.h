#pragma once
// The command line of `smsfw run`, parsed into a RunConfig (flags override the config file).

#include <string>
#include <vector>

#include "app/run_config.h"

namespace smsfw::app {

// Outcome of parsing: either a config to run with, or text to print and an exit code.
struct RunOptions {
  enum class Outcome { run, print_and_exit };
  Outcome outcome = Outcome::run;
  int exit_code = 0;     // for print_and_exit: 0 (help/version), 1 (user error), 2 (usage error)
  std::string message;   // help text, version, or a one-line error
  RunConfig config;
};

// `args` excludes the program name and the "run" word.
RunOptions parse_run_options(const std::vector<std::string>& args);

}  // namespace smsfw::app
