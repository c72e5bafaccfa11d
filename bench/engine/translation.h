#pragma once
// How one rule (target_rules.h: the pattern text and the Hyperscan flags smsfw compiles it with)
// is given to RE2 and to PCRE2 so that it matches the same texts.
//
// Semantics kept (Hyperscan block mode, report once per scan, search anywhere in the text):
//   caseless / dotall / multiline -> RE2 inline (?i) (?s) (?m); PCRE2 CASELESS, DOTALL, MULTILINE.
//   utf8 -> RE2 UTF-8 encoding, PCRE2_UTF (the views are well-formed UTF-8: no UTF check at match
//           time); without it byte semantics: RE2 Latin-1 (one byte = one character), PCRE2
//           without UTF.
//   ucp  -> PCRE2_UCP. RE2 has no Unicode \w \d \s \b: such rules are skipped for RE2.
//   `$` outside multiline: Hyperscan and PCRE2 match at the end or before a final newline, RE2
//           only at the very end; RE2 gets `(?:\n?$)` for every unescaped `$` outside a class.
//   singlematch: all three report whether a rule matched, once.
// Hyperscan-only flags (som_leftmost, prefilter, combination, quiet, allowempty) cannot be
// expressed: the rule is skipped for both, with that reason. A pattern RE2 or PCRE2 does not
// parse is skipped for that engine with its error message (counted, never dropped silently).

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/target_rules.h"

namespace smsfw::bench::engine {

// A rule for RE2::Set; skip non-empty when RE2 cannot take it.
struct Re2Rule {
  std::string pattern;  // with its inline flags
  bool latin1 = false;  // byte semantics (no utf8 flag)
  std::string skip;
};
Re2Rule translate_for_re2(const TargetRule& rule);

// A rule for pcre2_compile; skip non-empty when it cannot be expressed (compile errors come
// from the compile itself).
struct Pcre2Rule {
  std::uint32_t options = 0;  // PCRE2 compile options
  std::string skip;
};
Pcre2Rule translate_for_pcre2(const TargetRule& rule);

// `pattern` with every `$` that is an anchor (not escaped, not in a class, not in \Q...\E)
// replaced by `replacement`.
std::string replace_dollar_anchors(std::string_view pattern, std::string_view replacement);

}  // namespace smsfw::bench::engine
