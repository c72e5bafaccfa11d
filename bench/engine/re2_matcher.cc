#include "engine/re2_matcher.h"

#include <algorithm>
#include <chrono>

#include <re2/re2.h>
#include <re2/set.h>

#include "engine/heap_usage.h"
#include "engine/translation.h"

namespace smsfw::bench::engine {

// One RE2::Set and the rule index of each of its entries.
struct Re2Matcher::OneSet {
  std::size_t slot = 0;
  bool latin1 = false;
  std::unique_ptr<re2::RE2::Set> set;
  std::vector<std::uint32_t> rule;  // set index -> rule index
  std::vector<std::size_t> source;  // set index -> position in the constructor's `rules`
};

Re2Matcher::Re2Matcher(const std::vector<TargetRule>& rules, const std::vector<bool>& include, std::int64_t max_mem) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t heap_before = heap_bytes_now();
  auto set_for = [&](std::size_t slot, bool latin1) -> OneSet& {
    for (auto& s : sets_)
      if (s->slot == slot && s->latin1 == latin1) return *s;
    auto s = std::make_unique<OneSet>();
    s->slot = slot;
    s->latin1 = latin1;
    re2::RE2::Options options;
    options.set_encoding(latin1 ? re2::RE2::Options::EncodingLatin1 : re2::RE2::Options::EncodingUTF8);
    options.set_max_mem(max_mem);
    options.set_log_errors(false);
    s->set = std::make_unique<re2::RE2::Set>(options, re2::RE2::UNANCHORED);
    sets_.push_back(std::move(s));
    return *sets_.back();
  };
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (!include[i]) continue;
    const Re2Rule t = translate_for_re2(rules[i]);
    if (!t.skip.empty()) {
      stats_.skipped.push_back({rules[i].index, rules[i].id, t.skip});
      continue;
    }
    OneSet& s = set_for(rules[i].slot, t.latin1);
    std::string error;
    if (s.set->Add(t.pattern, &error) < 0) {
      stats_.skipped.push_back({rules[i].index, rules[i].id, "RE2 does not parse it: " + error});
      continue;
    }
    s.rule.push_back(rules[i].index);
    s.source.push_back(i);
  }
  for (auto& s : sets_) {
    if (s->set->Compile()) {
      stats_.rules += s->rule.size();
      continue;
    }
    // The whole set is lost: every rule in it is reported skipped.
    for (const std::size_t i : s->source)
      stats_.skipped.push_back({rules[i].index, rules[i].id, "RE2::Set::Compile failed (program over max_mem)"});
    s->rule.clear();
    s->set.reset();
  }
  std::erase_if(sets_, [](const auto& s) { return !s->set; });
  stats_.bytes = heap_bytes_now() - std::min(heap_before, heap_bytes_now());
  stats_.compile_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Re2Matcher::~Re2Matcher() = default;

void Re2Matcher::match(const PreparedViews& views, std::vector<std::uint32_t>& hits) {
  for (const auto& s : sets_) {
    if (!views.present[s->slot]) continue;
    const std::string& t = views.text[s->slot];
    re2::RE2::Set::ErrorInfo info{re2::RE2::Set::kNoError};
    if (!s->set->Match(re2::StringPiece(t.data(), t.size()), &scratch_, &info)) {
      if (info.kind != re2::RE2::Set::kNoError) ++dfa_failures_;
      continue;
    }
    for (const int k : scratch_) hits.push_back(s->rule[static_cast<std::size_t>(k)]);
  }
}

}  // namespace smsfw::bench::engine
