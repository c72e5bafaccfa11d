#pragma once
// What one engine-bench run measured, handed from engine_run.cc to the report (engine_report.h).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "classify/rule_generator.h"
#include "engine/cross_check.h"
#include "engine/matcher.h"

namespace smsfw::bench::engine {

// The engines of the matching stage, and classify() end to end for context.
enum class EngineKind : std::uint8_t { hyperscan, re2_set, pcre2_loop, classify };
inline constexpr std::size_t kEngineKinds = 4;
inline constexpr std::size_t kMatchers = 3;  // the first three
std::string_view engine_name(EngineKind k);

enum class TextSet : std::uint8_t { ordinary, near_match };
inline constexpr std::size_t kTextSets = 2;
std::string_view text_set_name(TextSet s);

// One measured cell: rules x text set x engine.
struct Cell {
  std::size_t rules = 0;
  TextSet set = TextSet::ordinary;
  EngineKind engine = EngineKind::hyperscan;
  std::vector<double> ns_rounds;  // CPU ns/message of each round
  std::vector<double> wall_ns_rounds;
  std::uint64_t timed_messages = 0;  // over all rounds
  double ns() const;       // median
  double min_ns() const;
  double per_second() const { return ns() > 0 ? 1e9 / ns() : 0; }
};

// One engine's build for one rule count.
struct Build {
  EngineKind engine = EngineKind::hyperscan;
  MatcherStats stats;
  std::size_t jit_failures = 0;     // PCRE2
  std::size_t jit_bytes = 0;        // PCRE2
  std::uint64_t match_errors = 0;   // PCRE2 (limits), RE2 (DFA out of memory), over the whole run
  std::size_t heap_growth = 0;      // RE2: heap growth while matching (DFA caches)
  std::string note;
};

// Everything about one rule count.
struct RuleCountResult {
  std::size_t rules = 0;             // YAML rules asked for
  classify::RuleMix mix;
  std::size_t pattern_rules = 0;     // non-synthetic pattern rules loaded
  std::size_t list_rules = 0;        // not translated
  std::size_t common_rules = 0;      // accepted by every engine: what is compared
  bool hyperscan_own_databases = false;  // compiled here from the common rules (else the engine's)
  double yaml_seconds = 0, load_seconds = 0;  // Engine: YAML read alone; load (read+check+compile)
  std::array<Build, kMatchers> builds;
  std::array<CrossCheck, kTextSets> checks;
  std::array<double, kTextSets> hs_matches_per_message{};  // Hyperscan, whole set, untimed pass
  std::array<double, kTextSets> view_bytes_per_message{};
  std::array<std::size_t, kTextSets> messages{};
};

struct RunResult {
  std::vector<RuleCountResult> counts;
  std::vector<Cell> cells;
  std::size_t ordinary_en = 0, ordinary_th = 0;  // the ordinary set's make-up
  bool corpus_used = true;
  std::string corpus;
};

}  // namespace smsfw::bench::engine
