#include "engine/translation.h"

#include <charconv>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <hs/hs.h>

namespace smsfw::bench::engine {

namespace {

// The flags this translation understands; any other one makes the rule untranslatable.
constexpr unsigned kKnownFlags = HS_FLAG_CASELESS | HS_FLAG_DOTALL | HS_FLAG_MULTILINE | HS_FLAG_SINGLEMATCH |
                                 HS_FLAG_UTF8 | HS_FLAG_UCP;

std::string unknown_flags(unsigned flags) {
  const unsigned other = flags & ~kKnownFlags;
  if (other == 0) return {};
  char hex[16];
  const auto end = std::to_chars(hex, hex + sizeof hex, other, 16).ptr;
  return "Hyperscan-only flags 0x" + std::string(hex, end);
}

}  // namespace

std::string replace_dollar_anchors(std::string_view p, std::string_view replacement) {
  std::string out;
  out.reserve(p.size() + 8);
  bool in_class = false, quoted = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (quoted) {  // \Q...\E: literal up to \E
      if (c == '\\' && i + 1 < p.size() && p[i + 1] == 'E') {
        quoted = false;
        out.append("\\E");
        ++i;
      } else {
        out.push_back(c);
      }
      continue;
    }
    if (c == '\\' && i + 1 < p.size()) {
      if (p[i + 1] == 'Q') quoted = true;
      out.push_back(c);
      out.push_back(p[++i]);
      continue;
    }
    if (in_class) {
      // A POSIX class ("[:alpha:]") inside a bracket expression does not end it.
      if (c == '[' && i + 1 < p.size() && p[i + 1] == ':') {
        const std::size_t end = p.find(":]", i + 2);
        if (end != std::string_view::npos) {
          out.append(p.substr(i, end + 2 - i));
          i = end + 1;
          continue;
        }
      }
      if (c == ']') in_class = false;
      out.push_back(c);
      continue;
    }
    if (c == '[') {
      in_class = true;
      out.push_back(c);
      // A ']' right after '[' or '[^' is a literal member.
      if (i + 1 < p.size() && p[i + 1] == '^') out.push_back(p[++i]);
      if (i + 1 < p.size() && p[i + 1] == ']') out.push_back(p[++i]);
      continue;
    }
    if (c == '$') {
      out.append(replacement);
      continue;
    }
    out.push_back(c);
  }
  return out;
}

Re2Rule translate_for_re2(const TargetRule& rule) {
  Re2Rule r;
  const unsigned f = rule.hs_flags;
  r.skip = unknown_flags(f);
  if (r.skip.empty() && (f & HS_FLAG_UCP))
    r.skip = "ucp: RE2's \\w \\d \\s \\b are ASCII-only (no Unicode-property classes mode)";
  if (!r.skip.empty()) return r;
  r.latin1 = (f & HS_FLAG_UTF8) == 0;
  std::string inline_flags;
  if (f & HS_FLAG_CASELESS) inline_flags += 'i';
  if (f & HS_FLAG_DOTALL) inline_flags += 's';
  if (f & HS_FLAG_MULTILINE) inline_flags += 'm';
  // RE2 is always "one line" without (?m): `$` is the end of the text only.
  const std::string body = (f & HS_FLAG_MULTILINE) ? rule.pattern : replace_dollar_anchors(rule.pattern, "(?:\\n?$)");
  r.pattern = inline_flags.empty() ? body : "(?" + inline_flags + ")(?:" + body + ")";
  return r;
}

Pcre2Rule translate_for_pcre2(const TargetRule& rule) {
  Pcre2Rule r;
  const unsigned f = rule.hs_flags;
  r.skip = unknown_flags(f);
  if (!r.skip.empty()) return r;
  if (f & HS_FLAG_CASELESS) r.options |= PCRE2_CASELESS;
  if (f & HS_FLAG_DOTALL) r.options |= PCRE2_DOTALL;
  if (f & HS_FLAG_MULTILINE) r.options |= PCRE2_MULTILINE;
  if (f & HS_FLAG_UTF8) r.options |= PCRE2_UTF;
  if (f & HS_FLAG_UCP) r.options |= PCRE2_UCP;
  return r;
}

}  // namespace smsfw::bench::engine
