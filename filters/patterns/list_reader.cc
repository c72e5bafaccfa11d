// List files of rule sets (`lists:`): one entry a line, each compiled as a literal expression of
// its list's rule (patterns/README.md, "Lists").
//
// A line is trimmed of ASCII blanks; empty lines and lines starting with '#' are skipped, and a
// '#' after a blank starts a trailing comment. An entry is valid UTF-8 without control characters;
// a `domain` entry is an ASCII host name (the url field holds hosts in ASCII, lower case,
// punycode for IDNs: filters/url/url_extractor.h) and is lowered. Repeated entries (same
// expression) are kept once and counted.
//
// The expression escapes every ASCII character other than a letter or a digit with a backslash
// (in Hyperscan's PCRE syntax a backslash before a non-alphanumeric character is always that
// character), leaves non-ASCII UTF-8 bytes as they are, and is anchored per `match:`. The
// destination and url fields are compiled MULTILINE (pattern_set.h), so there ^ and $ bound one
// line; elsewhere they bound the whole field.

#include <algorithm>
#include <array>
#include <cstdio>
#include <unordered_set>

#include "patterns/document_readers.h"

namespace smsfw::filters::loader {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 4> kMatches = {"exact", "prefix", "contains", "domain"};

// Entry errors shown per list before the rest are summed up: a wrong file (a binary, a CSV) would
// otherwise bury every other error of the directory.
constexpr std::size_t kMaxEntryErrors = 20;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
bool is_ascii_alnum(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// The entry of one line; empty for blank and comment lines.
std::string_view entry_of(std::string_view line) {
  line = trim(line);
  if (!line.empty() && line.front() == '#') return {};
  for (std::size_t i = 1; i < line.size(); ++i)
    if (line[i] == '#' && is_blank(line[i - 1])) return trim(line.substr(0, i));
  return line;
}

std::string code_point(std::uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

// Why `s` is not one line of text (strict UTF-8: no overlong forms, surrogates or values above
// U+10FFFF; no C0/C1 control character nor DEL), or "".
std::string text_problem(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = c;
    std::size_t len = 1;
    std::uint32_t min = 0;
    if (c >= 0x80) {
      if ((c & 0xE0) == 0xC0) {
        len = 2, cp = c & 0x1F, min = 0x80;
      } else if ((c & 0xF0) == 0xE0) {
        len = 3, cp = c & 0x0F, min = 0x800;
      } else if ((c & 0xF8) == 0xF0) {
        len = 4, cp = c & 0x07, min = 0x10000;
      } else {
        return "invalid UTF-8";
      }
      if (i + len > s.size()) return "invalid UTF-8";
      for (std::size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) return "invalid UTF-8";
        cp = (cp << 6) | (cc & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return "invalid UTF-8";
    }
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return "control character " + code_point(cp) + " in the entry";
    i += len;
  }
  return {};
}

// Why `s` cannot be a `domain` entry, or "".
std::string domain_problem(std::string_view s) {
  const std::string shown = loader::quoted(s);
  if (std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
    return shown + " is not an ASCII host name: write an internationalized domain in its punycode form "
                   "(xn--...), as the url field holds it";
  if (s.size() > 2 && s[0] == '*' && s[1] == '.')
    return shown + ": a domain entry matches its subdomains already; write it without '*.'";
  for (char c : s)
    if (!is_ascii_alnum(static_cast<unsigned char>(c)) && c != '-' && c != '.')
      return shown + " is not a host name (letters, digits, '-' and '.'; no scheme, port or path)";
  if (s.front() == '.' || s.back() == '.' || s.find("..") != std::string_view::npos)
    return shown + " is not a host name (empty label: leading, trailing or double '.')";
  return {};
}

// `s` as a Hyperscan literal (see the top of the file).
std::string literal(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !is_ascii_alnum(u)) out += '\\';
    out += c;
  }
  return out;
}

std::string expression(std::string_view entry, ListMatch match) {
  const std::string lit = literal(entry);
  switch (match) {
    case ListMatch::exact: return "^" + lit + "$";
    case ListMatch::prefix: return "^" + lit;
    case ListMatch::contains: return lit;
    case ListMatch::domain:
      // A whole line that is the host or a subdomain of it. The labels before it cannot hold '/'
      // or ':', so the URL line "https://evil.com/x.bit.ly" does not match "bit.ly"; hosts are
      // ASCII letters, digits and '-' (url_extractor.h).
      return "^(?:[0-9a-z-]+\\.)*" + lit + "$";
  }
  return lit;
}

// Why `name` may not name a list file, or "".
std::string name_problem(const std::string& name) {
  if (name.find('\0') != std::string::npos) return "'file' must not contain a NUL character";
  const fs::path p(name);
  if (p.is_absolute()) return "'file' must be relative to the pattern directory (got " + loader::quoted(name) + ")";
  for (const auto& part : p)
    if (part == "..") return "'file' must not contain a '..' component (got " + loader::quoted(name) + ")";
  if (!p.has_filename()) return "'file' must name a file (got " + loader::quoted(name) + ")";
  const std::string ext = p.extension().string();
  // Every YAML file of the directory is read as a document: a list there would be read twice.
  if (ext == ".yaml" || ext == ".yml")
    return "a list file must not end in .yaml or .yml (got " + loader::quoted(name) + ")";
  return {};
}

}  // namespace

std::optional<ListMatch> parse_list_match(std::string_view s) {
  for (std::size_t i = 0; i < kMatches.size(); ++i)
    if (kMatches[i] == s) return static_cast<ListMatch>(i);
  return std::nullopt;
}

ListMatch default_list_match(Field f) {
  switch (f) {
    case Field::url: return ListMatch::domain;
    case Field::sender:
    case Field::destination: return ListMatch::exact;
    case Field::body: return ListMatch::contains;
  }
  return ListMatch::contains;
}

bool read_list_file(Reporter& r, const YAML::Node& file_node, ListMatch match, Rule& rule, DirectoryState& state) {
  auto name = read_string(r, file_node, "file");
  if (!name) return false;
  if (std::string why = name_problem(*name); !why.empty()) {
    r.error(file_node, why);
    return false;
  }
  const std::string shown = (state.files.dir() / *name).string();
  std::string content;
  if (std::string why = state.files.read(*name, content); !why.empty()) {
    r.error(file_node, "cannot read the list file " + shown + ": " + why);
    return false;
  }
  rule.list_file = {shown, 0};

  // "LISTFILE:LINE: list ID: " (without the id when it was invalid: the rule is dropped anyway).
  auto prefix = [&](int line) {
    return shown + ":" + std::to_string(line) + ": " + (rule.id.empty() ? std::string() : "list " + rule.id + ": ");
  };
  std::size_t bad = 0;
  auto entry_error = [&](int line, const std::string& message) {
    if (++bad <= kMaxEntryErrors) state.errors.push_back(prefix(line) + message);
  };
  std::unordered_set<std::string> seen;
  std::string_view rest(content);
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);  // a UTF-8 BOM some editors write
  int first_unshown = 0;
  for (int line = 1; !rest.empty(); ++line) {
    const std::size_t nl = rest.find('\n');
    const std::string_view text = entry_of(rest.substr(0, nl));
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    if (text.empty()) continue;
    std::string why = text_problem(text);
    if (why.empty() && match == ListMatch::domain) why = domain_problem(text);
    if (!why.empty()) {
      entry_error(line, why);
      if (bad == kMaxEntryErrors + 1) first_unshown = line;
      continue;
    }
    std::string entry(text);
    // Hosts in the url field are lower case; the compiled url rules are caseless anyway, but the
    // lowered form makes "Bit.ly" and "bit.ly" one entry.
    if (match == ListMatch::domain)
      std::transform(entry.begin(), entry.end(), entry.begin(),
                     [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    std::string expr = expression(entry, match);
    if (!seen.insert(expr).second) {
      ++rule.list_duplicates;
      continue;
    }
    const bool ascii = std::all_of(expr.begin(), expr.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    rule.list_entries.push_back({std::move(expr), line, ascii});
  }
  if (bad > kMaxEntryErrors)
    state.errors.push_back(prefix(first_unshown) + std::to_string(bad - kMaxEntryErrors) +
                           " more bad entries from this line on (not shown)");
  if (bad == 0 && rule.list_entries.empty())
    r.error(file_node, "the list file " + shown + " has no entries (only blank and comment lines)");
  state.list_files.push_back({*name, std::move(content)});
  return bad == 0 && !rule.list_entries.empty();
}

}  // namespace smsfw::filters::loader
