#include "patterns/yaml_reader.h"

#include <cstdio>
#include <set>

namespace smsfw::filters::loader {

int line_of(const YAML::Node& node) {
  if (!node.IsDefined()) return 0;
  const int line = node.Mark().line;
  return line >= 0 ? line + 1 : 0;
}

Reporter Reporter::for_rule(const std::string& id) const {
  Reporter r = *this;
  r.rule_ = id;
  return r;
}

void Reporter::error(int line, std::string_view message) {
  std::string e = file_;
  e += ':';
  e += std::to_string(line);
  e += ": ";
  if (!rule_.empty()) {
    e += "rule ";
    e += rule_;
    e += ": ";
  }
  e += message;
  errors_->push_back(std::move(e));
}

std::string quoted(std::string_view s) {
  std::string q;
  q.reserve(s.size() + 2);
  q += '\'';
  q += s;
  q += '\'';
  return q;
}

std::string to_string(const SourceLocation& where) { return where.file + ":" + std::to_string(where.line); }

bool check_mapping(Reporter& r, const YAML::Node& node, std::string_view what,
                   std::initializer_list<std::string_view> known) {
  if (!node.IsMap()) {
    r.error(node, std::string(what) + " must be a mapping");
    return false;
  }
  std::set<std::string, std::less<>> seen;
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) {
      r.error(kv.first, "keys must be plain names");
      continue;
    }
    const std::string& k = kv.first.Scalar();
    bool ok = false;
    for (std::string_view n : known) ok = ok || n == k;
    if (!ok) r.error(kv.first, "unknown key '" + k + "'");
    // yaml-cpp keeps both entries of a repeated key and lookups see the first: refuse it.
    if (!seen.insert(k).second) r.error(kv.first, "duplicate key '" + k + "'");
  }
  return true;
}

YAML::Node child(Reporter& r, const YAML::Node& map, std::string_view key, bool required) {
  // Lookup by scan, not operator[]: a const lookup of a key that is absent is fine either way, but
  // the scan also copes with non-scalar keys (reported by check_mapping).
  for (const auto& kv : map)
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.second;
  if (required) r.error(map, "missing required key '" + std::string(key) + "'");
  return YAML::Node(YAML::NodeType::Undefined);
}

std::optional<std::string> read_string(Reporter& r, const YAML::Node& v, std::string_view key, bool non_empty) {
  if (!v.IsScalar() || (non_empty && v.Scalar().empty())) {
    r.error(v, quoted(key) + " must be a " + (non_empty ? "non-empty " : "") + "string");
    return std::nullopt;
  }
  return v.Scalar();
}

namespace {

std::string show(std::uint64_t n, bool hex) {
  if (!hex) return std::to_string(n);
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llX", static_cast<unsigned long long>(n));
  return buf;
}

// Decimal or 0x-hex digits only: no sign, no YAML 1.1 octal/underscores, no leading "+".
std::optional<std::uint64_t> parse_number(const std::string& s) {
  const bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  const std::size_t start = hex ? 2 : 0;
  if (s.size() == start || s.size() - start > (hex ? 16u : 19u)) return std::nullopt;
  std::uint64_t v = 0;
  for (std::size_t i = start; i < s.size(); ++i) {
    const char c = s[i];
    unsigned d = 0;
    if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
    else if (hex && c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
    else if (hex && c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
    else return std::nullopt;
    v = v * (hex ? 16 : 10) + d;
  }
  return v;
}

}  // namespace

std::optional<std::uint64_t> read_number(Reporter& r, const YAML::Node& v, std::string_view key,
                                         std::uint64_t min, std::uint64_t max, bool hex) {
  const std::string range = "between " + show(min, hex) + " and " + show(max, hex);
  if (!v.IsScalar()) {
    r.error(v, quoted(key) + " must be a number " + range);
    return std::nullopt;
  }
  auto n = parse_number(v.Scalar());
  if (!n || *n < min || *n > max) {
    r.error(v, quoted(key) + " must be a number " + range + " (got '" + v.Scalar() + "')");
    return std::nullopt;
  }
  return n;
}

std::optional<std::uint32_t> read_status(Reporter& r, const YAML::Node& v, std::string_view key) {
  auto n = read_number(r, v, key, 1, 0xFFFFFFFF, true);
  if (!n) return std::nullopt;
  return static_cast<std::uint32_t>(*n);
}

std::optional<bool> read_bool(Reporter& r, const YAML::Node& v, std::string_view key) {
  if (v.IsScalar()) {
    const std::string& s = v.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  r.error(v, quoted(key) + " must be true or false");
  return std::nullopt;
}

std::optional<std::vector<ListItem>> read_string_list(Reporter& r, const YAML::Node& v, std::string_view key) {
  if (!v.IsSequence()) {
    r.error(v, quoted(key) + " must be a sequence");
    return std::nullopt;
  }
  std::vector<ListItem> out;
  bool ok = true;
  for (const auto& item : v) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      r.error(item, quoted(key) + " items must be non-empty strings");
      ok = false;
      continue;
    }
    out.push_back({item.Scalar(), line_of(item)});
  }
  if (!ok) return std::nullopt;
  return out;
}

bool valid_relabel(std::string_view s) {
  if (s.empty() || s.size() > 11) return false;
  for (char c : s) {
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && c != ' ' && c != '.' && c != '-' && c != '_' && c != '&') return false;
  }
  return true;
}

std::optional<std::string> read_relabel(Reporter& r, const YAML::Node& v, std::string_view key) {
  auto s = read_string(r, v, key);
  if (!s) return std::nullopt;
  if (!valid_relabel(*s)) {
    r.error(v, quoted(key) + " must be 1 to 11 characters of A-Z a-z 0-9 space . - _ & (got '" +
                   *s + "')");
    return std::nullopt;
  }
  return s;
}

namespace {

// Characters, not bytes: the prefix may be Thai or any other script.
std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

bool read_tag_spec(Reporter& r, const YAML::Node& v, TagSpec& spec) {
  const std::size_t before = r.count();
  if (!check_mapping(r, v, "'tag'", {"mark", "prefix", "relabel_to", "tlv_tag"})) return false;
  if (auto n = child(r, v, "mark"))
    if (auto m = read_enum<TagMark>(r, n, "mark", parse_tag_mark, "sender, prefix, tlv")) spec.mark = *m;
  if (auto n = child(r, v, "prefix")) {
    if (auto s = read_string(r, n, "prefix")) {
      if (code_points(*s) > 20) r.error(n, "'prefix' must be 1 to 20 characters");
      else spec.prefix = *s;
    }
  }
  if (auto n = child(r, v, "relabel_to"))
    if (auto s = read_relabel(r, n, "relabel_to")) spec.relabel_to = *s;
  if (auto n = child(r, v, "tlv_tag"))
    if (auto t = read_number(r, n, "tlv_tag", 0x1400, 0x3FFF, true)) spec.tlv_tag = static_cast<std::uint16_t>(*t);
  return r.count() == before;
}

}  // namespace smsfw::filters::loader
