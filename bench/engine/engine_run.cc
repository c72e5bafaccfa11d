#include "engine/engine_run.h"

#include <chrono>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "classify/message_set.h"
#include "classify/rule_generator.h"
#include "classify/thai_messages.h"
#include "engine/adaptive_timing.h"
#include "engine/classifier.h"
#include "engine/engine.h"
#include "engine/engine_report.h"
#include "engine/heap_usage.h"
#include "engine/hs_matcher.h"
#include "engine/message_views.h"
#include "engine/near_match.h"
#include "engine/pcre2_matcher.h"
#include "engine/re2_matcher.h"
#include "classify/scratch_dir.h"
#include "engine/target_rules.h"
#include "engine/text_messages.h"
#include "patterns/pattern_loader.h"

namespace smsfw::bench::engine {

namespace {

using Clock = std::chrono::steady_clock;
using filters::MessageInput;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::uint64_t g_sink = 0;  // keeps the timed loops' results observable

// The rules every engine accepted, as a mask over rule indexes and over `targets` positions.
struct Common {
  std::vector<bool> by_index;
  std::vector<bool> by_position;
  std::size_t count = 0;
};

Common common_rules(const std::vector<TargetRule>& targets, std::size_t rule_count,
                    const std::vector<const MatcherStats*>& stats) {
  Common c;
  c.by_index.assign(rule_count, false);
  for (const TargetRule& t : targets) c.by_index[t.index] = true;
  for (const MatcherStats* s : stats)
    for (const SkippedRule& k : s->skipped) c.by_index[k.index] = false;
  c.by_position.resize(targets.size());
  for (std::size_t i = 0; i < targets.size(); ++i) {
    c.by_position[i] = c.by_index[targets[i].index];
    c.count += c.by_position[i] ? 1 : 0;
  }
  return c;
}

// Times one engine over one set for one round and appends the round to `cell`.
template <class T, class Fn>
void time_cell(Cell& cell, const std::vector<T>& items, double seconds, Fn&& fn) {
  const classify::Timed t = time_adaptive(std::span<const T>(items), seconds, fn);
  cell.ns_rounds.push_back(t.ns_per_call());
  cell.wall_ns_rounds.push_back(t.wall_ns_per_call());
  cell.timed_messages += t.calls;
}

enum class Outcome : std::uint8_t { ok, disagreement, not_loaded };

// One rule count, start to end. A disagreement of the engines still gets measured and reported.
Outcome run_rule_count(std::size_t n, const EngineBenchConfig& config, const classify::MessageSet& ordinary,
                    RuleCountResult& out, std::vector<Cell>& cells) {
  out.rules = n;
  classify::ScratchDir dir("engine-bench");
  {
    const classify::GeneratedDirectory generated = classify::generate_rules(n, config.seed);
    out.mix = generated.mix;
    classify::write_directory(generated, dir.path());
  }
  {  // The YAML read alone, to tell it from the compile in the load time.
    filters::PatternSet::Source source;
    std::vector<std::string> errors;
    const auto t = Clock::now();
    filters::load_pattern_source(dir.path(), source, errors);
    out.yaml_seconds = seconds_since(t);
  }
  filters::ReloadOutcome outcome;
  auto t = Clock::now();
  filters::Engine engine(dir.path(), outcome);
  out.load_seconds = seconds_since(t);
  if (!outcome.ok) {
    std::cerr << "engine-bench: the generated directory for " << n << " rules does not load\n";
    for (std::size_t i = 0; i < outcome.errors.size() && i < 10; ++i) std::cerr << "  " << outcome.errors[i] << "\n";
    return Outcome::not_loaded;
  }
  const auto snap = engine.snapshot();
  const filters::PatternSet& set = *snap->set;
  const std::vector<TargetRule> targets = target_rules(set, &out.list_rules);
  out.pattern_rules = targets.size();
  std::vector<std::string> rule_ids;
  for (const filters::Rule& r : set.rules()) rule_ids.push_back(r.id);

  // RE2 and PCRE2 get every rule; what either cannot take is left out of the comparison.
  const std::vector<bool> all(targets.size(), true);
  std::cerr << fmt::format("engine-bench: {} rules: loaded in {:.2f} s; PCRE2 ...", n, out.load_seconds) << std::flush;
  auto pcre2 = std::make_unique<Pcre2Matcher>(targets, all);
  std::cerr << fmt::format(" {:.2f} s; RE2::Set ...", pcre2->stats().compile_seconds) << std::flush;
  auto re2 = std::make_unique<Re2Matcher>(targets, all, config.re2_max_mem);
  std::cerr << fmt::format(" {:.2f} s\n", re2->stats().compile_seconds);
  out.builds[1].stats = re2->stats();  // kept: the skipped rules of the first build
  out.builds[2].stats = pcre2->stats();
  const Common common = common_rules(targets, set.rules().size(), {&re2->stats(), &pcre2->stats()});
  out.common_rules = common.count;
  std::unique_ptr<HsMatcher> hs;
  if (common.count == targets.size()) {
    hs = std::make_unique<HsMatcher>(set);
    out.builds[0].stats = hs->stats();
    out.builds[0].stats.compile_seconds = out.load_seconds - out.yaml_seconds;
    out.builds[0].note = "engine's own databases; compile = load - YAML read";
  } else {
    // Compare on the rules all engines accept: rebuild each engine from that subset.
    hs = std::make_unique<HsMatcher>(targets, common.by_position);
    out.hyperscan_own_databases = true;
    out.builds[0].stats = hs->stats();
    out.builds[0].note = "compiled here from the common rules (engine flags and ids)";
    if (re2->stats().skipped.size() != targets.size() - common.count)
      re2 = std::make_unique<Re2Matcher>(targets, common.by_position, config.re2_max_mem);
    if (pcre2->stats().skipped.size() != targets.size() - common.count)
      pcre2 = std::make_unique<Pcre2Matcher>(targets, common.by_position);
    out.builds[1].stats.rules = re2->stats().rules;
    out.builds[2].stats.rules = pcre2->stats().rules;
  }
  out.builds[0].engine = EngineKind::hyperscan;
  out.builds[1].engine = EngineKind::re2_set;
  out.builds[2].engine = EngineKind::pcre2_loop;
  out.builds[1].note = fmt::format("max_mem {} MiB per set, {} sets; size = heap taken by Add+Compile", config.re2_max_mem >> 20,
                                   re2->sets());
  out.builds[2].jit_failures = pcre2->jit_failures();
  out.builds[2].jit_bytes = pcre2->jit_bytes();
  out.builds[2].note = "PCRE2_INFO_SIZE + PCRE2_INFO_JITSIZE";

  // The two text sets and their views, prepared once.
  const TextMessages near(near_match_texts(targets, config.near, config.seed), config.seed);
  std::array<const std::vector<MessageInput>*, kTextSets> inputs{&ordinary.all(), &near.inputs()};
  std::array<std::vector<PreparedViews>, kTextSets> views;
  {
    ViewBuilder builder(set);
    for (std::size_t s = 0; s < kTextSets; ++s) views[s] = builder.build_all(*inputs[s]);
  }

  // Untimed: Hyperscan's matches over each whole set, then the cross-check on a sample.
  bool ok = true;
  const std::vector<Matcher*> matchers{hs.get(), re2.get(), pcre2.get()};
  const std::vector<std::string> names{"hyperscan", "re2", "pcre2"};
  for (std::size_t s = 0; s < kTextSets; ++s) {
    std::uint64_t hits = 0, bytes = 0;
    std::vector<std::uint32_t> h;
    for (const PreparedViews& v : views[s]) {
      h.clear();
      hs->match(v, h);
      hits += h.size();
      bytes += v.bytes();
    }
    const double count = static_cast<double>(std::max<std::size_t>(views[s].size(), 1));
    out.messages[s] = views[s].size();
    out.hs_matches_per_message[s] = static_cast<double>(hits) / count;
    out.view_bytes_per_message[s] = static_cast<double>(bytes) / count;
    if (config.check == 0) continue;
    std::cerr << fmt::format("engine-bench: {} rules: cross-checking {} {} messages ...", n,
                             std::min(config.check, views[s].size()), text_set_name(static_cast<TextSet>(s)))
              << std::flush;
    t = Clock::now();
    out.checks[s] = cross_check(matchers, names, views[s], config.check, common.by_index, rule_ids);
    std::cerr << fmt::format(" {:.1f} s, {} disagreements\n", seconds_since(t), out.checks[s].disagreements);
    for (const std::string& e : out.checks[s].examples) std::cerr << "  " << e << "\n";
    ok = ok && out.checks[s].disagreements == 0;
  }

  // Timed: the rounds interleaved, every engine on every set in each round.
  filters::Classifier classifier(engine);
  for (const MessageInput& in : ordinary.all()) classifier.classify(in);  // warm-up
  std::vector<std::uint32_t> hits;
  hits.reserve(1024);
  const std::size_t first_cell = cells.size();
  for (std::size_t s = 0; s < kTextSets; ++s)
    for (std::size_t e = 0; e < kEngineKinds; ++e) cells.push_back(Cell{n, static_cast<TextSet>(s), static_cast<EngineKind>(e), {}, {}, 0});
  // Warm-up, untimed: each matcher for one budget on each set (RE2 builds its DFA states lazily,
  // a gateway's steady state has them; the capped PCRE2 loop sees the same first messages again).
  for (std::size_t s = 0; s < kTextSets; ++s)
    for (std::size_t e = 0; e < kMatchers; ++e) {
      const std::size_t heap_before = heap_bytes_now();
      time_adaptive(std::span<const PreparedViews>(views[s]), config.seconds, [&](const PreparedViews& v) {
        hits.clear();
        matchers[e]->match(v, hits);
      });
      const std::size_t heap_after = heap_bytes_now();
      if (heap_after > heap_before) out.builds[e].heap_growth += heap_after - heap_before;
    }
  for (unsigned round = 0; round < config.rounds; ++round) {
    std::cerr << fmt::format("engine-bench: {} rules: round {}/{} ...", n, round + 1, config.rounds) << std::flush;
    t = Clock::now();
    for (std::size_t s = 0; s < kTextSets; ++s) {
      for (std::size_t e = 0; e < kEngineKinds; ++e) {
        Cell& cell = cells[first_cell + s * kEngineKinds + e];
        if (e == static_cast<std::size_t>(EngineKind::classify)) {
          std::uint64_t sum = 0;
          time_cell(cell, *inputs[s], config.seconds, [&](const MessageInput& in) { sum += classifier.classify(in).matched.size(); });
          g_sink += sum;
          continue;
        }
        Matcher& m = *matchers[e];
        const std::size_t heap_before = heap_bytes_now();
        std::uint64_t sum = 0;
        time_cell(cell, views[s], config.seconds, [&](const PreparedViews& v) {
          hits.clear();
          m.match(v, hits);
          sum += hits.size();
        });
        g_sink += sum;
        const std::size_t heap_after = heap_bytes_now();
        if (heap_after > heap_before) out.builds[e].heap_growth += heap_after - heap_before;
      }
    }
    std::cerr << fmt::format(" {:.1f} s\n", seconds_since(t));
  }
  out.builds[1].match_errors = re2->dfa_failures();
  out.builds[2].match_errors = pcre2->match_errors();
  return ok ? Outcome::ok : Outcome::disagreement;
}

}  // namespace

int run_engine_bench(const EngineBenchConfig& config) {
  RunResult result;
  std::vector<classify::CorpusLine> corpus;
  result.corpus = config.corpus.string();
  try {
    if (!config.corpus_given && !std::filesystem::exists(config.corpus)) {
      if (!config.quick) {
        std::cerr << "engine-bench: no corpus at " << config.corpus.string()
                  << "\n  (the SMS Spam Collection, not part of the repository). Pass --corpus PATH to a copy,\n"
                     "  or --quick to smoke-test with the generated Thai messages alone.\n";
        return 1;
      }
      result.corpus_used = false;
      std::cerr << "engine-bench: no corpus at " << config.corpus.string() << "; --quick: ordinary set = Thai messages only\n";
    } else {
      corpus = classify::read_corpus(config.corpus);
    }
  } catch (const std::exception& e) {
    std::cerr << "engine-bench: corpus: " << e.what() << "\n";
    return 1;
  }
  if (corpus.empty() && config.thai == 0) {
    std::cerr << "engine-bench: no ordinary messages (no corpus and --thai 0)\n";
    return 1;
  }
  const classify::MessageSet ordinary(corpus, classify::generate_thai_messages(config.thai, config.seed), config.seed);
  result.ordinary_en = ordinary.en().size();
  result.ordinary_th = ordinary.th().size();

  bool ok = true;
  try {
    for (const std::size_t n : config.rule_counts) {
      RuleCountResult r;
      const Outcome o = run_rule_count(n, config, ordinary, r, result.cells);
      if (o == Outcome::not_loaded) return 1;
      ok = ok && o == Outcome::ok;
      result.counts.push_back(std::move(r));
    }
  } catch (const std::exception& e) {
    std::cerr << "\nengine-bench: " << e.what() << "\n";
    return 1;
  }
  if (config.json) print_json(config, result);
  else print_text(config, result);
  if (!ok) std::cerr << "engine-bench: FAILED: the engines disagree on some messages (see above): translation bug\n";
  else std::cerr << "engine-bench: done\n";
  return ok ? 0 : 1;
}

}  // namespace smsfw::bench::engine
