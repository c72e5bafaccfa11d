#pragma once
// `smsfw check DIR`: validates and compiles a pattern directory, checks every rule's example,
// prints a summary (ARCHITECTURE.md, "Interfaces").

#include <iosfwd>
#include <string>
#include <vector>

namespace smsfw::app {

// `args` excludes the program name and the "check" word. Returns the exit code: 0 valid, 1 with
// every error printed as `file:line: rule ID: message`, 2 on usage errors.
int run_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace smsfw::app
