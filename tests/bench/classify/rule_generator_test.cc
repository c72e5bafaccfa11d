// classify-bench's rule generator: the planned mix, determinism, unique ids and patterns, and
// directories the real loader compiles whose rules catch the scams they were written for.

#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>

#include "classify/rule_generator.h"
#include "engine/classifier.h"
#include "engine/engine.h"
#include "patterns/pattern_loader.h"
#include "support/pattern_dir.h"
#include "text/encode.h"

using namespace smsfw::bench::classify;
namespace filters = smsfw::filters;

namespace {

// Every "pattern:" / "id:" value of the rule files.
std::vector<std::string> values_of(const GeneratedDirectory& g, const std::string& key) {
  std::vector<std::string> out;
  const std::regex re("\\n\\s+(?:- )?" + key + ": ([^\\n]*)");
  for (const auto& [name, content] : g.files) {
    if (name.rfind("0", 0) == 0) continue;  // registry, accounts
    for (auto it = std::sregex_iterator(content.begin(), content.end(), re); it != std::sregex_iterator(); ++it)
      out.push_back((*it)[1]);
  }
  return out;
}

}  // namespace

TEST_CASE("rule mix: the kinds add up to N, core first, allow rules from 200") {
  for (const std::size_t n : {0u, 1u, 35u, 36u, 37u, 199u, 200u, 1000u, 10000u, 12345u}) {
    INFO(n);
    const RuleMix m = plan_rule_mix(n);
    CHECK(m.total() == n);
    CHECK(m.core == std::min<std::size_t>(n, 36));
    CHECK(m.allow == (n >= 200 ? 7u : 0u));
  }
  const RuleMix m = plan_rule_mix(10000);
  CHECK(m.en_phrase > m.en_regex);
  CHECK(m.en_regex > m.th);
  CHECK(m.th > m.url);
  CHECK(m.url > m.raw);
  CHECK(m.raw > m.squeezed);
  CHECK(m.squeezed > m.sender);
}

TEST_CASE("rule generator: no rules, no files (the 0-rule baseline is an empty directory)") {
  const GeneratedDirectory g = generate_rules(0, 1);
  CHECK(g.files.empty());
  CHECK(g.registry_ids == 0);
  CHECK_THROWS_AS(generate_rules(kMaxRules + 1, 1), std::invalid_argument);
}

TEST_CASE("rule generator: deterministic per seed, ids and patterns unique") {
  const GeneratedDirectory a = generate_rules(3000, 7);
  const GeneratedDirectory b = generate_rules(3000, 7);
  const GeneratedDirectory c = generate_rules(3000, 8);
  CHECK(a.files == b.files);
  CHECK(a.files != c.files);
  const auto ids = values_of(a, "id");
  CHECK(ids.size() == 3000);
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
  CHECK(a.actions[0] + a.actions[1] + a.actions[2] + a.actions[3] == 3000);
  CHECK(a.actions[0] == 7);  // only the fixed allow rules allow
  CHECK(a.registry_ids == registered_senders().size());
  CHECK(registered_senders().size() >= 90);
  for (const auto& s : registered_senders()) CHECK(s.id.size() <= 11);
}

TEST_CASE("rule generator: large counts still yield distinct rules (numbered variants)") {
  const GeneratedDirectory g = generate_rules(40000, 1);
  const auto ids = values_of(g, "id");
  CHECK(ids.size() == 40000);
  CHECK(g.mix.total() == 40000);
}

TEST_CASE("escape_regex escapes Hyperscan metacharacters only") {
  CHECK(escape_regex("re-enter your pin") == "re-enter your pin");
  CHECK(escape_regex("a.b*c?(d)[e]{f}|g^h$i+j\\k/l") == "a\\.b\\*c\\?\\(d\\)\\[e\\]\\{f\\}\\|g\\^h\\$i\\+j\\\\k\\/l");
}

TEST_CASE("rule generator: 1000 rules load and compile, and catch the scams they describe") {
  smsfw::test::PatternDir dir;
  write_directory(generate_rules(1000, 1), dir.path());
  const filters::LoadResult loaded = filters::load_pattern_directory(dir.path());
  INFO((loaded.errors.empty() ? std::string() : loaded.errors.front()));
  REQUIRE(loaded.set);
  CHECK(loaded.set->rules().size() == 1000 + 5);  // + the registry's synthetic rules
  for (const auto f : {filters::Field::body, filters::Field::url, filters::Field::sender})
    CHECK(loaded.set->has_rules(f));
  CHECK(loaded.set->database(filters::Field::body, filters::View::squeezed));
  CHECK(loaded.set->database(filters::Field::body, filters::View::raw));

  filters::ReloadOutcome outcome;
  filters::Engine engine(dir.path(), outcome);
  REQUIRE(outcome.ok);
  filters::Classifier classifier(engine);
  auto judge = [&](std::string_view text, std::uint8_t dc, std::string_view sender = "+66812345678",
                   std::string_view account = "esme-agg1") {
    static std::vector<std::uint8_t> body;
    body.clear();
    if (dc == 0) filters::text::encode_gsm7_unpacked(text, body);
    else filters::text::encode_utf16be(text, body);
    filters::MessageInput in;
    in.account = account;
    const bool numeric = sender.find_first_not_of("+0123456789") == std::string_view::npos;
    in.source = {sender, static_cast<std::uint8_t>(numeric ? 1 : 5), static_cast<std::uint8_t>(numeric ? 1 : 0)};
    in.destination = {"66899999999", 1, 1};
    in.data_coding = dc;
    in.body = body;
    return classifier.classify(in).action;
  };
  using filters::Action;
  CHECK(judge("Hi, are we still meeting at 6?", 0) == Action::allow);
  CHECK(judge("URGENT! You have won a 1 week FREE membership in our £100,000 Prize Jackpot!", 0) == Action::block);
  CHECK(judge("บัญชีของท่านถูกระงับชั่วคราว กรุณายืนยันตัวตนที่ https://kbank-secure.top/abc", 8) == Action::block);
  CHECK(judge("สล็อตแตกง่าย สมัครรับเครดิตฟรี 100 บาท", 8) == Action::block);
  CHECK(judge("เย็นนี้กินข้าวที่ไหนดี", 8) == Action::allow);
  CHECK(judge("see you at kbank-login.xyz", 0) == Action::tag);                   // cheap TLD (url field)
  CHECK(judge("Your parcel is ready", 0, "KBANK", "esme-agg2") == Action::block);  // unauthorized sender
  CHECK(judge("Your parcel is ready", 0, "K-BANK", "esme-agg2") == Action::block);  // lookalike sender
  CHECK(judge("Your parcel is ready", 0, "KBANK", "esme-bank") == Action::allow);   // the owner
}
