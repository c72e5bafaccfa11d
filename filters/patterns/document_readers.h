#pragma once
// The three document kinds of a pattern directory (rule set, sender registry, account policies),
// each read from one file's top-level mapping into the Source being built, plus the cross-file
// state that checks uniqueness. Internal to filters/patterns; used by pattern_loader.cc.

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "patterns/pattern_set.h"
#include "patterns/yaml_reader.h"

namespace smsfw::filters::loader {

// One entry of `accounts:` as written: only the keys it gives. Resolved (inheritance, set names)
// once every file is read, since the sets may be defined in files sorted after it.
struct PendingAccount {
  std::string system_id;
  SourceLocation where;
  std::optional<AccountMode> mode;
  std::optional<FailMode> on_error;
  std::optional<std::vector<ListItem>> sets;  // names with their lines
  std::optional<text::SmscDefault> data_coding_0;
  std::optional<text::Latin1Variant> latin1;
  std::optional<bool> scan_mo;
  std::optional<std::uint32_t> block_status;
  std::optional<bool> sender_registry;
};

// What the loader knows across files.
struct DirectoryState {
  PatternSet::Source& out;
  std::vector<std::string>& errors;
  std::map<std::string, SourceLocation> rule_ids;   // first definition of every rule id
  std::map<std::string, SourceLocation> set_names;  // first definition of every set name
  std::optional<SourceLocation> registry_at;        // the sender_registry document, once seen
  std::optional<SourceLocation> accounts_at;        // the accounts document, once seen
  std::vector<PendingAccount> accounts;             // in file order; "default" among them
};

// `root` is a file's top-level mapping holding `set:` (and its companions).
void read_rule_set(Reporter& r, const YAML::Node& root, DirectoryState& state);
// `root` holds `sender_registry:`.
void read_sender_registry(Reporter& r, const YAML::Node& root, DirectoryState& state);
// `root` holds `accounts:`.
void read_accounts(Reporter& r, const YAML::Node& root, DirectoryState& state);
// After every file: fills out.default_account and out.accounts (inheritance from `default`,
// `sets:` names to set_enabled); unknown set names are reported.
void resolve_accounts(DirectoryState& state);

}  // namespace smsfw::filters::loader
