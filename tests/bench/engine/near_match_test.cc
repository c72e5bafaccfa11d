// engine-bench's near-match-dense texts: the literal words of a pattern, the one change per
// fragment, and the generated messages (deterministic, within their length budgets, made of the
// rules' words).

#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include "classify/rule_generator.h"
#include "engine/near_match.h"

using namespace smsfw::bench::engine;
namespace filters = smsfw::filters;

using Words = std::vector<std::string>;

TEST_CASE("literal_words keeps literal runs and splits at everything else") {
  CHECK(literal_words(R"(verify\s+your\s+account)") == Words{"verify", "your", "account"});
  CHECK(literal_words(R"(^kbank-login\.top$)") == Words{"kbank-login.top"});
  CHECK(literal_words(R"(claim\s+(your\s+)?(prize|reward))") == Words{"claim", "your", "prize", "reward"});
  CHECK(literal_words(R"(call\s+09\d{9})") == Words{"call", "09"});
  CHECK(literal_words("พัสดุ.{0,30}ตกค้าง") == Words{"พัสดุ", "ตกค้าง"});
  CHECK(literal_words(R"(\[Netflix\]\s*COMPLETE)") == Words{"[Netflix]", "COMPLETE"});
  CHECK(literal_words("^[a-z0-9-]*kbank[a-z0-9-]*\\.(top|xyz)$") == Words{"kbank", ".", "top", "xyz"});
  CHECK(literal_words("(?i)abc") == Words{"abc"});
  CHECK(literal_words(R"(\s+\d{3})").empty());
}

TEST_CASE("change_fragment makes exactly one change") {
  const Words w{"verify", "your", "account"};
  CHECK(change_fragment(w, Change::swap_word, 1, "parcel", 1) == "verify parcel account");
  CHECK(change_fragment(w, Change::cut_last, 0, "", 1) == "verify your accoun");
  CHECK(change_fragment(w, Change::cut_last, 0, "", 2) == "verify your accou");
  CHECK(change_fragment(w, Change::drop_word, 4, "", 1) == "verify account");  // 4 % 3 = 1
  // A single word is cut (UTF-8 aware), never emptied.
  CHECK(change_fragment({"verifyyouraccount"}, Change::swap_word, 0, "x", 1) == "verifyyouraccoun");
  CHECK(change_fragment({"เครดิตฟรี"}, Change::drop_word, 0, "x", 2) == "เครดิตฟ");
  CHECK(change_fragment({"a"}, Change::cut_last, 0, "b", 2) == "a");
  CHECK(change_fragment({}, Change::cut_last, 0, "b", 1).empty());
}

TEST_CASE("near_match_texts: deterministic, within budget, made of the rules' words") {
  // The generated rules, as target rules (slots from the YAML field/view).
  const auto g = smsfw::bench::classify::generate_rules(1000, 7);
  std::vector<TargetRule> rules;
  std::set<std::string> words;
  for (const auto& [name, content] : g.files) {
    std::istringstream in(content);
    std::string line;
    while (std::getline(in, line)) {
      const auto p = line.find("pattern: '");
      if (p == std::string::npos) continue;
      std::string pattern = line.substr(p + 10, line.size() - p - 11);
      const bool url = name.find("url") != std::string::npos;
      rules.push_back({static_cast<std::uint32_t>(rules.size()), "R",
                       slot_of(url ? filters::Field::url : filters::Field::body, filters::View::normalized), pattern, 0});
      for (const std::string& w : literal_words(pattern)) words.insert(w);
    }
  }
  REQUIRE(rules.size() > 900);
  const auto a = near_match_texts(rules, 200, 3);
  CHECK(a == near_match_texts(rules, 200, 3));
  CHECK(a != near_match_texts(rules, 200, 4));
  REQUIRE(a.size() == 200);
  std::size_t thai = 0, known = 0, total = 0;
  for (const std::string& t : a) {
    CHECK_FALSE(t.empty());
    const bool has_thai = t.find("\xE0\xB8") != std::string::npos || t.find("\xE0\xB9") != std::string::npos;
    thai += has_thai ? 1 : 0;
    std::size_t chars = 0;
    for (const char c : t) chars += (static_cast<unsigned char>(c) & 0xC0) == 0x80 ? 0 : 1;
    CHECK(chars <= 160);
    if (has_thai) CHECK(chars <= 120);
    // Most words are the rules' words (the changed ones are cut or swapped in from other rules).
    std::istringstream in(t);
    std::string w;
    while (in >> w) {
      if (w.back() == '.') w.pop_back();
      if (w.rfind("https://", 0) == 0) w = w.substr(8);
      ++total;
      known += words.count(w);
    }
  }
  CHECK(thai > 40);
  CHECK(thai < 120);
  CHECK(known * 10 > total * 6);
}
