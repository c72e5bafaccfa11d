#pragma once
// Strict reading of YAML nodes for the pattern loader (internal to filters/patterns). Every problem
// becomes one error "FILE:LINE: message" (inside a rule "FILE:LINE: rule ID: message") appended to
// a shared list and reading goes on, so one load reports every mistake in the directory. The
// readers return std::nullopt / false after reporting; callers skip what failed.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "patterns/rule.h"

namespace smsfw::filters::loader {

// 1-based line of a node from yaml-cpp's 0-based Mark; 0 when unknown.
int line_of(const YAML::Node& node);

// Where errors go while one file is read: the file's path and, inside a rule, the rule's id.
class Reporter {
 public:
  Reporter(std::string file, std::vector<std::string>& errors) : file_(std::move(file)), errors_(&errors) {}

  // The same sink, every message prefixed with "rule ID: ".
  Reporter for_rule(const std::string& id) const;

  void error(int line, std::string_view message);
  void error(const YAML::Node& at, std::string_view message) { error(line_of(at), message); }
  SourceLocation where(const YAML::Node& at) const { return {file_, line_of(at)}; }
  const std::string& file() const { return file_; }
  // Errors reported so far (by every Reporter of the load): compare before/after to see whether
  // reading something failed.
  std::size_t count() const { return errors_->size(); }

 private:
  std::string file_;
  std::string rule_;  // empty outside a rule
  std::vector<std::string>* errors_;
};

// 'text' (single-quoted), for messages. (Also avoids GCC 12's false -Wrestrict on
// "literal" + std::string.)
std::string quoted(std::string_view s);

// "file:line", for messages that point at an earlier definition.
std::string to_string(const SourceLocation& where);

// Checks that `node` is a mapping whose keys are all in `known` and appear once; reports
// "WHAT must be a mapping" (WHAT as given, e.g. "'tag'"), "unknown key 'k'", "duplicate key 'k'".
// False only if not a mapping (unknown keys are reported but the known ones can still be read).
bool check_mapping(Reporter& r, const YAML::Node& node, std::string_view what,
                   std::initializer_list<std::string_view> known);

// The value of `key` in a checked mapping; an undefined node when absent. With `required`, a
// missing key is reported ("missing required key 'k'") at the mapping's line.
YAML::Node child(Reporter& r, const YAML::Node& map, std::string_view key, bool required = false);

// A scalar as text. `non_empty` refuses "" (and YAML null).
std::optional<std::string> read_string(Reporter& r, const YAML::Node& v, std::string_view key,
                                       bool non_empty = true);
// An unsigned number written in decimal or 0x-hex, within [min, max] (the message shows the
// bounds in hex when `hex`).
std::optional<std::uint64_t> read_number(Reporter& r, const YAML::Node& v, std::string_view key,
                                         std::uint64_t min, std::uint64_t max, bool hex = false);
// An SMPP command_status (`status:`, `block_status:`): 1..0xFFFFFFFF, 0 being "OK".
std::optional<std::uint32_t> read_status(Reporter& r, const YAML::Node& v, std::string_view key);
// true/false (also True/TRUE/False/FALSE, as YAML 1.2).
std::optional<bool> read_bool(Reporter& r, const YAML::Node& v, std::string_view key);

// A sequence of non-empty strings, each with its line.
struct ListItem {
  std::string value;
  int line = 0;
};
std::optional<std::vector<ListItem>> read_string_list(Reporter& r, const YAML::Node& v, std::string_view key);

// A scalar among fixed names, parsed by `parse` (rule.h); `choices` lists them for the message.
template <class Enum>
std::optional<Enum> read_enum(Reporter& r, const YAML::Node& v, std::string_view key,
                              std::optional<Enum> (*parse)(std::string_view), std::string_view choices) {
  auto s = read_string(r, v, key);
  if (!s) return std::nullopt;
  auto e = parse(*s);
  if (!e) r.error(v, quoted(key) + " must be one of " + std::string(choices) + " (got '" + *s + "')");
  return e;
}

// A sender-ID relabel: 1..11 characters of A-Z a-z 0-9 space . - _ & (an alphanumeric
// source_addr every SMSC accepts).
bool valid_relabel(std::string_view s);
std::optional<std::string> read_relabel(Reporter& r, const YAML::Node& v, std::string_view key);

// A `tag:` mapping (mark, prefix, relabel_to, tlv_tag; any subset) applied over `spec`.
// False if anything in it is wrong (`spec` may then be partly updated).
bool read_tag_spec(Reporter& r, const YAML::Node& v, TagSpec& spec);

}  // namespace smsfw::filters::loader
