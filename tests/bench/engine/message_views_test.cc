// engine-bench's prepared views against the Classifier itself: the texts ViewBuilder computes
// are the ones classify() scans (its decoded and normalized body are visible in the Verdict), and
// Hyperscan over those views finds the rules classify() reports (rules without a TON filter; the
// Classifier filters hits by TON, the matching stage does not). Guards against a drift between
// message_views.cc and filters/engine/classifier.cc.

#include <catch2/catch.hpp>

#include <algorithm>

#include "classify/message_set.h"
#include "classify/rule_generator.h"
#include "classify/thai_messages.h"
#include "engine/classifier.h"
#include "engine/cross_check.h"
#include "engine/engine.h"
#include "engine/hs_matcher.h"
#include "engine/message_views.h"
#include "engine/near_match.h"
#include "engine/text_messages.h"
#include "support/pattern_dir.h"

using namespace smsfw::bench::engine;
namespace filters = smsfw::filters;

TEST_CASE("prepared views are what classify() scans") {
  smsfw::test::PatternDir dir;
  smsfw::bench::classify::write_directory(smsfw::bench::classify::generate_rules(1000, 2), dir.path());
  filters::ReloadOutcome outcome;
  filters::Engine engine(dir.path(), outcome);
  REQUIRE(outcome.ok);
  const auto snap = engine.snapshot();
  const filters::PatternSet& set = *snap->set;
  const std::vector<TargetRule> targets = target_rules(set);
  std::vector<bool> counted(set.rules().size(), false);
  for (const TargetRule& t : targets) counted[t.index] = set.rules()[t.index].tons.empty();

  const smsfw::bench::classify::MessageSet thai({}, smsfw::bench::classify::generate_thai_messages(300, 2), 2);
  const TextMessages near(near_match_texts(targets, 300, 2), 2);
  filters::Classifier classifier(engine);
  ViewBuilder builder(set);
  HsMatcher hs(set);
  PreparedViews v;
  std::size_t compared = 0, with_matches = 0;
  for (const auto* inputs : {&thai.all(), &near.inputs()}) {
    for (const filters::MessageInput& in : *inputs) {
      builder.build(in, v);
      const filters::Verdict& verdict = classifier.classify(in);
      CHECK(v.text[slot_of(filters::Field::body, filters::View::raw)] == verdict.text);
      CHECK(v.text[slot_of(filters::Field::body, filters::View::normalized)] == verdict.normalized);
      std::vector<std::uint32_t> from_classify;
      for (const filters::Rule* r : verdict.matched) {
        const auto index = static_cast<std::uint32_t>(r - set.rules().data());
        if (counted[index]) from_classify.push_back(index);
      }
      std::sort(from_classify.begin(), from_classify.end());
      CHECK(matched_rules(hs, v, counted) == from_classify);
      ++compared;
      with_matches += from_classify.empty() ? 0 : 1;
    }
  }
  CHECK(compared == 600);
  CHECK(with_matches > 50);
}
