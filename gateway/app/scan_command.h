#pragma once
// `smsfw scan`: judges messages read from stdin with exactly the engine `run` uses and prints one
// JSON verdict per line (ARCHITECTURE.md, "Interfaces").

#include <cstdio>
#include <iosfwd>
#include <string>
#include <vector>

namespace smsfw::app {

// `args` excludes the program name and the "scan" word. Reads `in`, writes verdicts to `out` and
// diagnostics to `err`. Returns the exit code: 0, 1 (pattern directory errors or a bad input
// line), 2 (usage).
int run_scan(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace smsfw::app
