// engine-bench's correctness check: the three engines (Hyperscan over the real engine's
// databases, RE2::Set and the PCRE2 loop over the translated rules) report the same rules per
// message — on hand-written rules that probe each semantic difference the translation handles,
// and on a generated 1,000-rule directory with ordinary and near-match-dense texts.

#include <catch2/catch.hpp>

#include <set>

#include "classify/message_set.h"
#include "classify/rule_generator.h"
#include "classify/thai_messages.h"
#include "engine/cross_check.h"
#include "engine/engine.h"
#include "engine/hs_matcher.h"
#include "engine/message_views.h"
#include "engine/near_match.h"
#include "engine/pcre2_matcher.h"
#include "engine/re2_matcher.h"
#include "engine/text_messages.h"
#include "support/pattern_dir.h"

using namespace smsfw::bench::engine;
namespace filters = smsfw::filters;

namespace {

constexpr std::int64_t kMaxMem = std::int64_t{1} << 30;

// The engines over one loaded directory.
struct Engines {
  explicit Engines(const std::filesystem::path& dir) : engine(dir, outcome) {
    INFO((outcome.errors.empty() ? std::string() : outcome.errors.front()));
    REQUIRE(outcome.ok);
    snap = engine.snapshot();
    targets = target_rules(*snap->set);
    const std::vector<bool> all(targets.size(), true);
    hs = std::make_unique<HsMatcher>(*snap->set);
    re2 = std::make_unique<Re2Matcher>(targets, all, kMaxMem);
    pcre2 = std::make_unique<Pcre2Matcher>(targets, all);
    common.assign(snap->set->rules().size(), false);
    for (const TargetRule& t : targets) common[t.index] = true;
    for (const auto& r : snap->set->rules()) ids.push_back(r.id);
  }
  CrossCheck check(const std::vector<PreparedViews>& views) {
    return cross_check({hs.get(), re2.get(), pcre2.get()}, {"hyperscan", "re2", "pcre2"}, views, views.size(), common, ids);
  }
  filters::ReloadOutcome outcome;
  filters::Engine engine;
  std::shared_ptr<const filters::Snapshot> snap;
  std::vector<TargetRule> targets;
  std::unique_ptr<HsMatcher> hs;
  std::unique_ptr<Re2Matcher> re2;
  std::unique_ptr<Pcre2Matcher> pcre2;
  std::vector<bool> common;
  std::vector<std::string> ids;
};

// Messages from texts with a fixed sender.
struct Inputs {
  Inputs(const std::vector<std::string>& texts, std::string sender) : sender_(std::move(sender)) {
    bodies.reserve(texts.size());
    for (const std::string& t : texts) {
      bodies.emplace_back();
      dcs.push_back(smsfw::bench::classify::encode_body(t, bodies.back()).data_coding);
    }
    for (std::size_t i = 0; i < texts.size(); ++i) {
      filters::MessageInput in;
      in.account = "esme";
      in.source = {sender_, 5, 0};
      in.destination = {"66812345678", 1, 1};
      in.data_coding = dcs[i];
      in.body = bodies[i];
      all.push_back(in);
    }
  }
  std::string sender_;
  std::vector<std::vector<std::uint8_t>> bodies;
  std::vector<std::uint8_t> dcs;
  std::vector<filters::MessageInput> all;
};

constexpr const char* kProbeRules = R"(set: probe
version: 1
rules:
  - id: DOLLAR
    view: raw
    pattern: 'abc$'
    action: block
    description: probe
  - id: RAW-CASELESS
    view: raw
    pattern: 'FreeMsg'
    flags: [caseless]
    action: monitor
    description: probe
  - id: RAW-CASE
    view: raw
    pattern: 'WINNER!!'
    action: tag
    description: probe
  - id: NORM
    pattern: 'verify\s+your\s+account'
    action: block
    description: probe
  - id: THAI
    pattern: 'พัสดุ.{0,8}ตกค้าง'
    action: block
    description: probe
  - id: DOT
    pattern: 'abc.def'
    action: block
    description: probe
  - id: SQUEEZED
    view: squeezed
    pattern: 'verifyyouraccount'
    action: block
    description: probe
  - id: URL-TLD
    field: url
    pattern: '\.top$'
    action: tag
    description: probe
  - id: URL-START
    field: url
    pattern: '^kbank'
    action: tag
    description: probe
  - id: SENDER
    field: sender
    view: raw
    pattern: '^KBANK[-_. ]?OTP$'
    flags: [caseless]
    action: block
    description: probe
)";

}  // namespace

TEST_CASE("the engines agree on rules that probe each translated difference") {
  smsfw::test::PatternDir dir;
  dir.write("probe.yaml", kProbeRules);
  Engines e(dir.path());
  REQUIRE(e.re2->stats().skipped.empty());
  REQUIRE(e.pcre2->stats().skipped.empty());
  const std::vector<std::string> texts{
      "xx abc\n",                      // `$` before a final newline: a match for Hyperscan and PCRE2
      "abc\nmore",                     // `$` not at the end
      "FREEMSG: hi", "winner!! but lower case", "WINNER!! upper",
      "Please VERIFY   your ACCOUNT", "v.e.r.i.f.y your a-c-c-o-u-n-t",
      "พัสดุของคุณตกค้าง", "พัสดุ ของคุณที่ส่งมาเมื่อวานนี้ยังตกค้าง",
      "abc\ndef", "abcxdef",
      "go to http://kbank-login.top/x now", "see www.example.com and kbank.co.th",
      "nothing at all"};
  Inputs senders_ok(texts, "kbank otp");
  Inputs senders_no(texts, "KBANKXOTP");
  ViewBuilder builder(*e.snap->set);
  for (Inputs* in : {&senders_ok, &senders_no}) {
    const auto views = builder.build_all(in->all);
    const CrossCheck c = e.check(views);
    INFO((c.examples.empty() ? std::string() : c.examples.front()));
    CHECK(c.disagreements == 0);
  }
  // Not vacuous: these rules do match somewhere.
  std::set<std::string> matched;
  for (const auto& v : builder.build_all(senders_ok.all))
    for (const std::uint32_t r : matched_rules(*e.hs, v, e.common)) matched.insert(e.ids[r]);
  for (const char* id : {"DOLLAR", "RAW-CASELESS", "RAW-CASE", "NORM", "THAI", "SQUEEZED", "URL-TLD", "URL-START", "SENDER", "DOT"}) {
    INFO(id);
    CHECK(matched.count(id) == 1);
  }
}

TEST_CASE("the engines agree on a generated 1000-rule directory, ordinary and near-match texts") {
  smsfw::test::PatternDir dir;
  smsfw::bench::classify::write_directory(smsfw::bench::classify::generate_rules(1000, 1), dir.path());
  Engines e(dir.path());
  CHECK(e.targets.size() == 1000);
  CHECK(e.re2->stats().skipped.empty());
  CHECK(e.pcre2->stats().skipped.empty());
  CHECK(e.pcre2->jit_failures() == 0);

  // Ordinary: generated Thai messages and English spam/ham lines (the corpus is not in the
  // repository).
  std::vector<smsfw::bench::classify::CorpusLine> corpus{
      {smsfw::bench::classify::Label::spam, "URGENT! You have won a 1 week FREE membership in our £100,000 Prize Jackpot! Txt the word: CLAIM to No: 81010 T&C www.dbuk.net"},
      {smsfw::bench::classify::Label::spam, "WINNER!! As a valued network customer you have been selected to receivea £900 prize reward! To claim call 09061701461. Claim code KL341. Valid 12 hours only."},
      {smsfw::bench::classify::Label::spam, "FreeMsg Hey there darling it's been 3 week's now and no word back! I'd like some fun you up for it still? Tb ok! XxX std chgs to send, £1.50 to rcv"},
      {smsfw::bench::classify::Label::ham, "Ok lar... Joking wif u oni..."},
      {smsfw::bench::classify::Label::ham, "I'll call you later, see http://bit.ly/abc and kbank-secure.top"}};
  const smsfw::bench::classify::MessageSet ordinary(corpus, smsfw::bench::classify::generate_thai_messages(400, 1), 1);
  const TextMessages near(near_match_texts(e.targets, 400, 1), 1);
  ViewBuilder builder(*e.snap->set);
  for (const auto* inputs : {&ordinary.all(), &near.inputs()}) {
    const auto views = builder.build_all(*inputs);
    const CrossCheck c = e.check(views);
    INFO((c.examples.empty() ? std::string() : c.examples.front()));
    CHECK(c.messages == inputs->size());
    CHECK(c.disagreements == 0);
    CHECK(c.matches[0] > 0);
  }

  // Databases compiled here from the target rules give the engine's matches.
  HsMatcher own(e.targets, std::vector<bool>(e.targets.size(), true));
  CHECK(own.stats().rules == 1000);
  const auto views = builder.build_all(near.inputs());
  for (const PreparedViews& v : views) CHECK(matched_rules(own, v, e.common) == matched_rules(*e.hs, v, e.common));
}
