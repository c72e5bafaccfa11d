// A rule-set document: `set:`, `version:`, optional `status:` and `tag:` defaults, `rules:` and/or
// `lists:` (list files: list_reader.cc).

#include <hs/hs.h>

#include <array>
#include <utility>

#include "patterns/document_readers.h"

namespace smsfw::filters::loader {
namespace {

// Set names and rule ids end up in logs, "name@version" lists, error prefixes and the comma
// separated tag TLV, so they are kept to a plain token.
bool valid_name(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}
constexpr std::string_view kNameRule = "1 to 64 characters of A-Z a-z 0-9 . _ -";

struct FlagName {
  std::string_view name;
  unsigned flag;
};
constexpr std::array<FlagName, 5> kFlags = {{{"caseless", HS_FLAG_CASELESS},
                                              {"dotall", HS_FLAG_DOTALL},
                                              {"multiline", HS_FLAG_MULTILINE},
                                              {"utf8", HS_FLAG_UTF8},
                                              {"ucp", HS_FLAG_UCP}}};

std::optional<unsigned> read_flags(Reporter& r, const YAML::Node& v) {
  auto names = read_string_list(r, v, "flags");
  if (!names) return std::nullopt;
  unsigned flags = 0;
  bool ok = true;
  for (const auto& n : *names) {
    bool known = false;
    for (const auto& f : kFlags)
      if (f.name == n.value) {
        flags |= f.flag;
        known = true;
      }
    if (!known) {
      r.error(n.line, "unknown flag '" + n.value + "' (expected caseless, dotall, multiline, utf8 or ucp)");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return flags;
}

std::optional<std::vector<std::uint8_t>> read_tons(Reporter& r, const YAML::Node& v) {
  if (!v.IsSequence()) {
    r.error(v, "'ton' must be a sequence");
    return std::nullopt;
  }
  std::vector<std::uint8_t> tons;
  bool ok = true;
  for (const auto& item : v) {
    if (auto t = read_number(r, item, "ton", 0, 6)) tons.push_back(static_cast<std::uint8_t>(*t));
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return tons;
}

// What a set gives its rules.
struct SetDefaults {
  std::size_t index = 0;
  std::uint32_t status = 0;
  TagSpec tag;
};

// A rule is written under `rules:` (a pattern) or `lists:` (a list file, list_reader.cc); both
// kinds share every other key.
enum class RuleKind { pattern, list };

void read_rule(Reporter& file_r, const YAML::Node& item, const SetDefaults& set, DirectoryState& state, RuleKind kind) {
  const bool list = kind == RuleKind::list;
  if (!item.IsMap()) {
    file_r.error(item, list ? "each list must be a mapping" : "each rule must be a mapping");
    return;
  }
  const std::size_t before = file_r.count();
  Rule rule;
  rule.set_index = set.index;
  rule.block_status = set.status;
  rule.tag = set.tag;
  rule.where = file_r.where(item);

  // The id first, so every later message can name the rule.
  if (auto n = child(file_r, item, "id", true)) {
    if (auto id = read_string(file_r, n, "id")) {
      if (valid_name(*id)) rule.id = *id;
      else file_r.error(n, "invalid rule id '" + *id + "': use " + std::string(kNameRule));
    }
  }
  Reporter r = rule.id.empty() ? file_r : file_r.for_rule(rule.id);
  if (!rule.id.empty()) {
    if (PatternSet::is_reserved_rule_id(rule.id)) {
      r.error(item, "the id is reserved for the sender registry's own rules");
    } else if (auto [it, inserted] = state.rule_ids.emplace(rule.id, rule.where); !inserted) {
      r.error(item, "duplicate rule id (first defined at " + to_string(it->second) + ")");
    }
  }

  if (list)
    check_mapping(r, item, "each list",
                  {"id", "file", "field", "match", "view", "action", "description", "example", "status", "tag", "ton"});
  else
    check_mapping(r, item, "each rule",
                  {"id", "field", "view", "pattern", "flags", "action", "description", "example", "status", "tag",
                   "ton"});
  YAML::Node view_node, flags_node, file_node, match_node;
  bool field_ok = true;
  if (auto n = child(r, item, "field", list)) {
    auto f = read_enum<Field>(r, n, "field", parse_field, "body, sender, destination, url");
    if (f) rule.field = *f;
    field_ok = f.has_value();
  } else {
    field_ok = !list;
  }
  if (auto n = child(r, item, "view")) {
    view_node = n;
    if (auto v = read_enum<View>(r, n, "view", parse_view, "raw, normalized, squeezed")) rule.view = *v;
  }
  if (list) {
    file_node = child(r, item, "file", true);
    match_node = child(r, item, "match");
  } else {
    if (auto n = child(r, item, "pattern", true)) {
      if (auto p = read_string(r, n, "pattern")) {
        // Hyperscan takes NUL-terminated expressions: a NUL would silently cut the pattern.
        if (p->find('\0') != std::string::npos) r.error(n, "'pattern' must not contain a NUL character (write \\x00)");
        else rule.pattern = std::move(*p);
      }
    }
    if (auto n = child(r, item, "flags")) {
      flags_node = n;
      if (auto f = read_flags(r, n)) rule.hs_flags = *f;
    }
  }
  if (auto n = child(r, item, "action", true))
    if (auto a = read_enum<Action>(r, n, "action", parse_action, "allow, monitor, tag, block")) rule.action = *a;
  if (auto n = child(r, item, "description", true))
    if (auto d = read_string(r, n, "description")) rule.description = std::move(*d);
  if (auto n = child(r, item, "example"))
    if (auto e = read_string(r, n, "example", false)) rule.example = std::move(*e);
  if (auto n = child(r, item, "status"))
    if (auto s = read_status(r, n, "status")) rule.block_status = *s;
  if (auto n = child(r, item, "tag")) read_tag_spec(r, n, rule.tag);
  if (auto n = child(r, item, "ton")) {
    if (rule.field != Field::sender && rule.field != Field::destination)
      r.error(n, "'ton' is only allowed with field sender or destination");
    else if (auto t = read_tons(r, n))
      rule.tons = std::move(*t);
  }

  // The url field has one rendering (raw and normalized share it); there is no squeezed URL.
  if (rule.field == Field::url && rule.view == View::squeezed)
    r.error(view_node, "view squeezed is not available for field url");
  // Raw text may be any octets (binary data codings); Hyperscan's behaviour on invalid UTF-8 is
  // undefined in UTF-8 mode, so raw rules keep byte semantics. (url raw is compiled as normalized.)
  if (rule.view == View::raw && rule.field != Field::url && (rule.hs_flags & (HS_FLAG_UTF8 | HS_FLAG_UCP)))
    r.error(flags_node, "flags utf8 and ucp are not allowed with view raw (byte semantics; use view normalized)");

  // A list's entries become expressions for its field and match: read the file once both are known.
  if (list && field_ok && file_node) {
    std::optional<ListMatch> match = default_list_match(rule.field);
    if (match_node) {
      match = read_enum<ListMatch>(r, match_node, "match", parse_list_match, "exact, prefix, contains, domain");
      if (match == ListMatch::domain && rule.field != Field::url) {
        r.error(match_node, "match domain is only available for field url");
        match.reset();
      }
    }
    if (match) read_list_file(r, file_node, *match, rule, state);
  }

  if (r.count() == before) state.out.rules.push_back(std::move(rule));
}

// `rules:` or `lists:` of a set: a sequence of items of that kind.
void read_rules(Reporter& r, const YAML::Node& seq, std::string_view key, const SetDefaults& set,
                DirectoryState& state, RuleKind kind) {
  if (!seq.IsSequence()) {
    r.error(seq, quoted(key) + " must be a sequence");
    return;
  }
  for (const auto& item : seq) read_rule(r, item, set, state, kind);
}

}  // namespace

void read_rule_set(Reporter& r, const YAML::Node& root, DirectoryState& state) {
  check_mapping(r, root, "the file", {"set", "version", "status", "tag", "rules", "lists"});
  SetInfo info;
  SetDefaults defaults;
  info.where = r.where(root);
  if (auto n = child(r, root, "set", true)) {
    info.where = r.where(n);
    if (auto s = read_string(r, n, "set")) {
      if (!valid_name(*s)) {
        r.error(n, "invalid set name '" + *s + "': use " + std::string(kNameRule));
      } else {
        info.name = *s;
        if (auto [it, inserted] = state.set_names.emplace(info.name, info.where); !inserted)
          r.error(n, "duplicate set '" + info.name + "' (first defined at " + to_string(it->second) + ")");
      }
    }
  }
  if (auto n = child(r, root, "version", true)) {
    if (auto v = read_string(r, n, "version")) {
      // Shown space-separated in versions(): one token.
      if (v->find_first_of(" \t\r\n") != std::string::npos) r.error(n, "'version' must not contain spaces");
      else info.version = *v;
    }
  }
  if (auto n = child(r, root, "status"))
    if (auto s = read_status(r, n, "status")) defaults.status = *s;
  if (auto n = child(r, root, "tag")) read_tag_spec(r, n, defaults.tag);

  // The set is recorded even when its header is wrong, so its rules keep a valid set_index and
  // are still checked (the load fails anyway).
  defaults.index = state.out.sets.size();
  state.out.sets.push_back(std::move(info));

  // A set holds rules, lists or both, in the order the file writes them.
  const YAML::Node rules = child(r, root, "rules");
  const YAML::Node lists = child(r, root, "lists");
  if (!rules && !lists) {
    r.error(root, "missing required key 'rules' (or 'lists')");
    return;
  }
  const bool lists_first = rules && lists && line_of(lists) < line_of(rules);
  if (lists_first) read_rules(r, lists, "lists", defaults, state, RuleKind::list);
  if (rules) read_rules(r, rules, "rules", defaults, state, RuleKind::pattern);
  if (lists && !lists_first) read_rules(r, lists, "lists", defaults, state, RuleKind::list);
}

}  // namespace smsfw::filters::loader
