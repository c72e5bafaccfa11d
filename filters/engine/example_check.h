#pragma once
// Checks every rule's `example:` against the rule itself (patterns/README.md): the example is
// judged the way a message is (encoded as an ESME would send it: GSM 7-bit when every character
// has a GSM code, UCS-2 otherwise; then decoded, normalized, scanned), and the rule must be among
// the matches. Every set is enabled and the sender registry left out while checking, so that an
// account policy cannot hide a rule. For `smsfw check`; compiles the directory once more.

#include <cstddef>
#include <string>
#include <vector>

#include "patterns/pattern_set.h"

namespace smsfw::filters {

struct ExampleCheck {
  std::size_t checked = 0;          // rules with an example
  std::vector<std::string> errors;  // "file:line: rule ID: example does not match ..."
};

// `source` as read by load_pattern_source (without errors).
ExampleCheck check_examples(const PatternSet::Source& source);

}  // namespace smsfw::filters
