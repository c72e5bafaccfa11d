#pragma once
// The document kinds of a pattern directory (rule set, sender registry, account policies, campaign),
// each read from one file's top-level mapping into the Source being built, the list files rule
// sets reference, and the cross-file state that checks uniqueness. Internal to filters/patterns;
// used by pattern_loader.cc.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patterns/pattern_files.h"
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
  std::optional<bool> audit_body;
  std::optional<throttle::BucketSetting> throttle;
  std::optional<throttle::BucketSetting> sender_throttle;
};

// A list file as read, for the directory hash.
struct ListFileRead {
  std::string name;     // as written in `file:` (relative to the directory)
  std::string content;
};

// What the loader knows across files.
struct DirectoryState {
  PatternSet::Source& out;
  std::vector<std::string>& errors;
  const PatternFiles& files;                        // the pattern directory (list files are relative to it)
  std::map<std::string, SourceLocation> rule_ids;   // first definition of every rule id
  std::map<std::string, SourceLocation> set_names;  // first definition of every set name
  std::optional<SourceLocation> registry_at;        // the sender_registry document, once seen
  std::optional<SourceLocation> accounts_at;        // the accounts document, once seen
  std::optional<SourceLocation> campaign_at;        // the campaign document, once seen
  std::vector<PendingAccount> accounts;             // in file order; "default" among them
  std::vector<ListFileRead> list_files;             // in the order read (YAML files by name, lists in order)
};

// How a list's entries are matched (`match:` of a list; see list_reader.cc for the expressions).
enum class ListMatch : std::uint8_t {
  exact,     // the whole field (one line of destination / url) is the entry
  prefix,    // the field (line) starts with the entry
  contains,  // the entry anywhere
  domain,    // url only: a host line that is the entry or one of its subdomains
};
std::optional<ListMatch> parse_list_match(std::string_view s);
// `match:` when the list does not say: url domain, sender and destination exact, body contains.
ListMatch default_list_match(Field f);

// `root` is a file's top-level mapping holding `set:` (and its companions).
void read_rule_set(Reporter& r, const YAML::Node& root, DirectoryState& state);
// The list file named by `file_node` (the `file:` key of a list; a path relative to state.dir,
// neither absolute nor with a '..' component) into rule.list_entries, rule.list_duplicates and
// rule.list_file, each entry compiled as a literal for rule.field and `match`; the file is added
// to state.list_files. A bad name, an unreadable or empty file are reported through `r` at
// `file_node`; a bad entry as "LISTFILE:LINE: list ID: message". False on any error.
bool read_list_file(Reporter& r, const YAML::Node& file_node, ListMatch match, Rule& rule, DirectoryState& state);
// `root` holds `sender_registry:`.
void read_sender_registry(Reporter& r, const YAML::Node& root, DirectoryState& state);
// `root` holds `accounts:`.
void read_accounts(Reporter& r, const YAML::Node& root, DirectoryState& state);
// `root` holds `campaign:` (campaign_config.h).
void read_campaign(Reporter& r, const YAML::Node& root, DirectoryState& state);
// After every file: fills out.default_account and out.accounts (inheritance from `default`,
// `sets:` names to set_enabled); unknown set names are reported.
void resolve_accounts(DirectoryState& state);

}  // namespace smsfw::filters::loader
