#pragma once
// The vocabulary of the pattern directory (ARCHITECTURE.md, "Pattern directory contract"): what a
// rule matches (field and view), what it does (action), how a `tag` marks a message, and one rule
// as loaded. Plain data: built by the loader, owned by an immutable PatternSet.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsfw::filters {

// The part of a message a rule is matched against.
enum class Field : std::uint8_t {
  body,         // the decoded message text (UDH stripped)
  sender,       // source_addr
  destination,  // destination_addr (submit_multi: every SME destination, one per line)
  url,          // URLs found in the body: one line per URL, host and registrable domain
};
inline constexpr std::size_t kFieldCount = 4;

// Which rendering of the field a rule sees.
enum class View : std::uint8_t {
  raw,         // the decoded text as it is (binary codings: the octets); byte semantics
  normalized,  // invisibles removed, NFKC, Latin lookalikes mapped, case folded; UTF-8 semantics
  squeezed,    // normalized with separators between letters/digits removed ("v.e.r.i.f.y")
};
inline constexpr std::size_t kViewCount = 3;

// What a matching rule asks for. The decision's precedence is allow > block > tag > monitor
// (see filters/engine/decision.h).
enum class Action : std::uint8_t {
  allow,    // forward unchanged; overrides block and tag for this message
  monitor,  // forward unchanged, record the match
  tag,      // forward with a visible mark (TagSpec)
  block,    // answer the ESME with an error status; nothing forwarded
};

// How a tagged message is marked.
enum class TagMark : std::uint8_t {
  sender,  // source_addr replaced by relabel_to (alphanumeric, TON 5 NPI 0)
  prefix,  // `prefix` inserted before the text, in the message's own encoding
  tlv,     // a vendor TLV `tlv_tag` carrying the ids of the tag rules (comma separated ASCII)
};

// The mark of a `tag` action. Set in a set's `tag:` block and overridable per rule.
struct TagSpec {
  TagMark mark = TagMark::sender;
  std::string relabel_to = "Likely-SCAM";
  std::string prefix = "[Likely-SCAM] ";
  std::uint16_t tlv_tag = 0x1400;  // first tag of SMPP 3.4's vendor-specific range

  friend bool operator==(const TagSpec&, const TagSpec&) = default;
};

// Where something was written in the pattern directory, for error messages (`file:line`).
struct SourceLocation {
  std::string file;  // path as given to the loader joined with the file name
  int line = 0;      // 1-based; 0 when unknown
};

// One named, versioned set (one YAML file with `set:`).
struct SetInfo {
  std::string name;
  std::string version;
  SourceLocation where;
};

// One entry of a list file (`lists:` in a rule set), compiled as one more expression of its rule.
struct ListEntry {
  std::string expression;  // Hyperscan syntax: the entry escaped as a literal, anchored per `match:`
  int line = 0;            // 1-based line in the list file
  // The expression is ASCII: compiled without UTF8, two to six times faster. It matches the
  // same: ASCII bytes in UTF-8 text are ASCII characters, and the only non-ASCII characters
  // UTF8 + CASELESS would add (the Kelvin sign for k, the long s for s) are gone after NFKC in
  // the normalized views; raw views have no UTF8 anyway.
  bool ascii = false;
};

// One rule. Its index in PatternSet::rules() is its Hyperscan expression id. A rule is either a
// pattern rule (`rules:`; `pattern` set, no list entries) or a list rule (`lists:`; `pattern`
// empty, one expression per entry, all compiled with the rule's index as their id).
struct Rule {
  std::string id;              // unique across the directory
  std::size_t set_index = 0;   // into PatternSet::sets(); synthetic rules use kNoSet
  Field field = Field::body;
  View view = View::normalized;
  std::string pattern;         // Hyperscan syntax, as written; empty for a list rule
  std::vector<ListEntry> list_entries;  // list rules only, in file order, duplicates removed
  std::size_t list_duplicates = 0;      // list rules: entries left out as repeats of earlier ones
  SourceLocation list_file;             // list rules: the list file (line 0), for messages
  unsigned hs_flags = 0;       // from `flags:`; the compiler adds each view's own flags
  Action action = Action::block;
  std::string description;
  std::optional<std::string> example;
  std::uint32_t block_status = 0;  // `status:`; 0 = the account's block_status
  TagSpec tag;                     // resolved: rule `tag:` over set `tag:` over defaults
  // sender/destination rules only: match only addresses with one of these TONs (empty = any).
  std::vector<std::uint8_t> tons;
  SourceLocation where;
  bool synthetic = false;          // made by the engine (sender registry outcomes), no pattern

  // A list rule (from `lists:`) rather than a pattern rule.
  bool is_list() const { return !list_entries.empty() || !list_file.file.empty(); }
};

// set_index of synthetic rules (not in any YAML set; they apply to every account).
inline constexpr std::size_t kNoSet = static_cast<std::size_t>(-1);

std::string_view to_string(Field f);
std::string_view to_string(View v);
std::string_view to_string(Action a);
std::string_view to_string(TagMark m);
std::optional<Field> parse_field(std::string_view s);
std::optional<View> parse_view(std::string_view s);
std::optional<Action> parse_action(std::string_view s);
std::optional<TagMark> parse_tag_mark(std::string_view s);

}  // namespace smsfw::filters
