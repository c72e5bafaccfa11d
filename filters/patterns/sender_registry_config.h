#pragma once
// The sender registry document (`sender_registry:` in the pattern directory; ARCHITECTURE.md):
// registered alphanumeric sender IDs, which accounts may use each, what happens otherwise, plus
// the alphanumeric format rules and the generic-sender list. Plain data; evaluated by
// filters/sender/sender_policy.h.

#include <cstddef>
#include <string>
#include <vector>

#include "patterns/rule.h"

namespace smsfw::filters {

struct RegisteredSender {
  std::string id;                     // as registered (e.g. "KBANK")
  std::vector<std::string> accounts;  // system_ids allowed to send with it
  SourceLocation where;
};

struct SenderRegistryConfig {
  bool present = false;  // a registry document was loaded; otherwise no registry checks run
  Action unauthorized = Action::block;               // registered ID, account not listed for it
  Action lookalike = Action::block;                  // unregistered ID that looks like a registered one
  Action unregistered_alphanumeric = Action::allow;  // any other unregistered alphanumeric ID
  std::string relabel_to = "Likely-SCAM";            // what `tag` relabels the sender to
  std::vector<RegisteredSender> senders;

  // Alphanumeric format rules (`format:`): at most max_length characters, each in `allowed`
  // (ASCII characters listed literally; ranges "A-Z" allowed). Violations take format_action.
  Action format_action = Action::allow;
  std::size_t max_length = 11;
  std::string allowed = "A-Za-z0-9 .-_&";

  // Generic senders (`generic:`): IDs such as INFO, VERIFY, BANK that identify nobody; compared
  // by lookalike key, so "1NFO" and "info" count too.
  Action generic_action = Action::allow;
  std::vector<std::string> generic_senders;

  SourceLocation where;
};

}  // namespace smsfw::filters
