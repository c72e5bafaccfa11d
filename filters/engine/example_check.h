#pragma once
// Checks every rule's `example:` against the rule itself (patterns/README.md): the example is
// judged the way a message is (encoded as an ESME would send it: GSM 7-bit when every character
// has a GSM code, UCS-2 otherwise; then decoded, normalized, scanned), and the rule must be among
// the matches. Every set is enabled and the sender registry left out while checking, so that an
// account policy cannot hide a rule. Account policies do not change the databases, so the set
// compiled here is also the one `smsfw check` reports on (one compile per check).

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "patterns/pattern_set.h"

namespace smsfw::filters {

struct ExampleCheck {
  std::size_t checked = 0;          // rules with an example
  std::vector<std::string> errors;  // compile errors, or "file:line: rule ID: example does not match ..."
  std::shared_ptr<const PatternSet> set;  // compiled with every set enabled; nullptr if it failed
  double compile_seconds = 0;
};

// `source` as read by load_pattern_source (without errors); validate its account policies with
// PatternSet::check, which this function's compile does not see.
ExampleCheck check_examples(const PatternSet::Source& source);

}  // namespace smsfw::filters
