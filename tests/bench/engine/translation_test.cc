// engine-bench's translation of rules to RE2 and PCRE2: inline flags, encodings, the `$` anchor
// rewrite for RE2, and rules skipped with a reason.

#include <catch2/catch.hpp>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <hs/hs.h>

#include "engine/translation.h"

using namespace smsfw::bench::engine;
namespace filters = smsfw::filters;

namespace {

TargetRule rule(std::string pattern, unsigned flags, filters::Field f = filters::Field::body,
                filters::View v = filters::View::normalized) {
  return TargetRule{0, "R", slot_of(f, v), std::move(pattern), flags};
}

}  // namespace

TEST_CASE("replace_dollar_anchors replaces anchors only") {
  CHECK(replace_dollar_anchors("abc$", "E") == "abcE");
  CHECK(replace_dollar_anchors("^a$|^b$", "E") == "^aE|^bE");
  CHECK(replace_dollar_anchors(R"(a\$b)", "E") == R"(a\$b)");
  CHECK(replace_dollar_anchors("[$]x$", "E") == "[$]xE");
  CHECK(replace_dollar_anchors("[]$]$", "E") == "[]$]E");
  CHECK(replace_dollar_anchors("[^]$]$", "E") == "[^]$]E");
  CHECK(replace_dollar_anchors("[[:alpha:]$]$", "E") == "[[:alpha:]$]E");
  CHECK(replace_dollar_anchors(R"(\Q$\E$)", "E") == R"(\Q$\EE)");
  CHECK(replace_dollar_anchors("", "E").empty());
}

TEST_CASE("RE2 gets the engine's flags inline and the view's encoding") {
  const Re2Rule n = translate_for_re2(rule("verify\\s+now", HS_FLAG_SINGLEMATCH | HS_FLAG_UTF8 | HS_FLAG_CASELESS));
  CHECK(n.skip.empty());
  CHECK_FALSE(n.latin1);
  CHECK(n.pattern == "(?i)(?:verify\\s+now)");

  const Re2Rule raw = translate_for_re2(rule("FreeMsg", HS_FLAG_SINGLEMATCH, filters::Field::body, filters::View::raw));
  CHECK(raw.latin1);
  CHECK(raw.pattern == "FreeMsg");

  const Re2Rule url = translate_for_re2(
      rule("\\.top$", HS_FLAG_SINGLEMATCH | HS_FLAG_UTF8 | HS_FLAG_CASELESS | HS_FLAG_MULTILINE, filters::Field::url));
  CHECK(url.pattern == "(?im)(?:\\.top$)");  // multiline: `$` kept, RE2's (?m) has the same meaning

  const Re2Rule sender = translate_for_re2(rule("^KBANK$", HS_FLAG_SINGLEMATCH | HS_FLAG_CASELESS | HS_FLAG_DOTALL,
                                                filters::Field::sender, filters::View::raw));
  CHECK(sender.pattern == "(?is)(?:^KBANK(?:\\n?$))");
}

TEST_CASE("RE2 skips ucp and Hyperscan-only flags, with the reason") {
  const Re2Rule ucp = translate_for_re2(rule("\\w+", HS_FLAG_UTF8 | HS_FLAG_UCP));
  CHECK_FALSE(ucp.skip.empty());
  CHECK(ucp.skip.find("ucp") != std::string::npos);
  const Re2Rule som = translate_for_re2(rule("abc", HS_FLAG_SOM_LEFTMOST));
  CHECK(som.skip.find("Hyperscan-only flags") != std::string::npos);
  const Pcre2Rule som_p = translate_for_pcre2(rule("abc", HS_FLAG_SOM_LEFTMOST));
  CHECK(som_p.skip.find("Hyperscan-only flags") != std::string::npos);
}

TEST_CASE("PCRE2 gets the engine's flags as compile options") {
  const Pcre2Rule n = translate_for_pcre2(rule("x", HS_FLAG_SINGLEMATCH | HS_FLAG_UTF8 | HS_FLAG_CASELESS));
  CHECK(n.skip.empty());
  CHECK(n.options == (PCRE2_UTF | PCRE2_CASELESS));
  const Pcre2Rule all = translate_for_pcre2(
      rule("x", HS_FLAG_CASELESS | HS_FLAG_DOTALL | HS_FLAG_MULTILINE | HS_FLAG_UTF8 | HS_FLAG_UCP));
  CHECK(all.options == (PCRE2_CASELESS | PCRE2_DOTALL | PCRE2_MULTILINE | PCRE2_UTF | PCRE2_UCP));
  CHECK(translate_for_pcre2(rule("x", HS_FLAG_SINGLEMATCH)).options == 0);  // raw: byte semantics
}
