#include "engine/engine_report.h"

#include <iostream>
#include <map>
#include <thread>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <fmt/format.h>
#include <hs/hs.h>
#include <nlohmann/json.hpp>

#include "classify/machine_info.h"

#ifndef SMSFW_BUILD_TYPE
#define SMSFW_BUILD_TYPE "unknown"
#endif
#ifndef SMSFW_RE2_VERSION
#define SMSFW_RE2_VERSION "unknown"
#endif

namespace smsfw::bench::engine {

namespace {

std::string pcre2_version() {
  char v[64] = {};
  pcre2_config(PCRE2_CONFIG_VERSION, v);
  char target[128] = {};
  std::uint32_t jit = 0;
  pcre2_config(PCRE2_CONFIG_JIT, &jit);
  if (jit) pcre2_config(PCRE2_CONFIG_JITTARGET, target);
  return std::string(v) + (jit ? ", JIT " + std::string(target) : ", no JIT support");
}

std::string bytes_text(std::size_t b) {
  if (b >= 10u << 20) return fmt::format("{:.1f} MiB", static_cast<double>(b) / (1 << 20));
  if (b >= 10u << 10) return fmt::format("{:.1f} KiB", static_cast<double>(b) / (1 << 10));
  return fmt::format("{} B", b);
}

const Cell* find_cell(const RunResult& r, std::size_t rules, TextSet s, EngineKind e) {
  for (const Cell& c : r.cells)
    if (c.rules == rules && c.set == s && c.engine == e) return &c;
  return nullptr;
}

// Skip reasons of one build, grouped: reason -> (count, first rule id).
std::map<std::string, std::pair<std::size_t, std::string>> skip_reasons(const Build& b) {
  std::map<std::string, std::pair<std::size_t, std::string>> out;
  for (const SkippedRule& k : b.stats.skipped) {
    auto& e = out[k.reason];
    if (e.first++ == 0) e.second = k.id;
  }
  return out;
}

std::string build_notes(const Build& b) {
  std::string n = b.note;
  if (b.engine == EngineKind::pcre2_loop) {
    n += fmt::format("; JIT {} (failed for {} rules)", bytes_text(b.jit_bytes), b.jit_failures);
    if (b.match_errors) n += fmt::format("; {} match errors (limits)", b.match_errors);
  }
  if (b.engine == EngineKind::re2_set) {
    n += fmt::format("; DFA out of memory in {} Match calls; heap growth while matching {}", b.match_errors,
                     bytes_text(b.heap_growth));
  }
  return n;
}

}  // namespace

void print_text(const EngineBenchConfig& config, const RunResult& r) {
  std::cout << "# engine-bench: the matching stage, Hyperscan (smsfw's engine) vs RE2::Set vs one PCRE2 regex per rule\n\n";
  std::cout << fmt::format("- machine: {} cores (hardware_concurrency), {} in this process's affinity; {}\n",
                           std::thread::hardware_concurrency(), bench::affinity_cores(), bench::cpu_model());
  std::cout << fmt::format("- software: Hyperscan {}; RE2 {}; PCRE2 {}; build type {}{}\n", hs_version(), SMSFW_RE2_VERSION,
                           pcre2_version(), SMSFW_BUILD_TYPE,
#ifdef NDEBUG
                           ""
#else
                           " (assertions ON: numbers are not representative)"
#endif
  );
  std::cout << fmt::format("- ordinary texts: {} messages: {} SMS Spam Collection lines{} + {} generated Thai\n",
                           r.ordinary_en + r.ordinary_th, r.ordinary_en, r.corpus_used ? " (" + r.corpus + ")" : " (no corpus)",
                           r.ordinary_th);
  std::cout << fmt::format("- near-match-dense texts: {} messages per rule count, made of that rule set's words, one word\n"
                           "  changed per fragment (near_match.h)\n",
                           config.near);
  std::cout << fmt::format("- timing: {} round(s) x {} s of thread CPU time per cell, interleaved; median and min; the\n"
                           "  views (decode, normalize, squeeze, URLs, sender) are prepared once, outside the timed region;\n"
                           "  every engine reports every matching rule (no early exit); seed {}\n\n",
                           config.rounds, config.seconds, config.seed);

  std::cout << "## Builds\n\n| rules | engine | rules in | skipped | compile s | size | notes |\n|---:|---|---:|---:|---:|---:|---|\n";
  for (const RuleCountResult& c : r.counts) {
    for (const Build& b : c.builds)
      std::cout << fmt::format("| {} | {} | {} | {} | {:.2f} | {} | {} |\n", c.rules, engine_name(b.engine), b.stats.rules,
                               b.stats.skipped.size(), b.stats.compile_seconds, bytes_text(b.stats.bytes), build_notes(b));
  }
  std::cout << "\n";
  for (const RuleCountResult& c : r.counts) {
    std::cout << fmt::format("- {} rules: {} pattern rules loaded ({} list rules not translated), {} compared (accepted by all "
                             "three){}; engine load {:.2f} s (YAML read {:.2f} s)\n",
                             c.rules, c.pattern_rules, c.list_rules, c.common_rules,
                             c.hyperscan_own_databases ? "; Hyperscan runs databases compiled here from those rules"
                                                       : "; Hyperscan runs the engine's own databases",
                             c.load_seconds, c.yaml_seconds);
    for (const Build& b : c.builds)
      for (const auto& [reason, e] : skip_reasons(b))
        std::cout << fmt::format("  - {} skipped {} rules (first {}): {}\n", engine_name(b.engine), e.first, e.second, reason);
  }

  std::cout << "\n## Matching stage, ns per message (one core)\n\n"
               "| rules | texts | engine | median ns/msg | min ns/msg | msgs/s (median) | Hyperscan faster by | messages timed |\n"
               "|---:|---|---|---:|---:|---:|---:|---:|\n";
  for (const RuleCountResult& c : r.counts) {
    for (std::size_t s = 0; s < kTextSets; ++s) {
      const Cell* hs = find_cell(r, c.rules, static_cast<TextSet>(s), EngineKind::hyperscan);
      for (std::size_t e = 0; e < kEngineKinds; ++e) {
        const Cell* cell = find_cell(r, c.rules, static_cast<TextSet>(s), static_cast<EngineKind>(e));
        if (!cell || !hs) continue;
        std::string speedup = "-";
        if (e == 0) speedup = "1.00x";
        else if (e < kMatchers) speedup = fmt::format("{:.1f}x", cell->ns() / hs->ns());
        const std::size_t per_round = config.rounds ? cell->timed_messages / config.rounds : 0;
        std::string timed = bench::thousands(static_cast<double>(cell->timed_messages));
        if (per_round < c.messages[s]) timed += fmt::format(" (capped: {} of {} per round)", per_round, c.messages[s]);
        std::cout << fmt::format("| {} | {} | {} | {:.0f} | {:.0f} | {} | {} | {} |\n", c.rules, text_set_name(cell->set),
                                 engine_name(cell->engine), cell->ns(), cell->min_ns(), bench::thousands(cell->per_second()),
                                 speedup, timed);
      }
    }
  }
  std::cout << "\n(classify() is the whole pipeline end to end, views included, for context; its hits are filtered by\n"
               " account and TON, the matching stage's are not. 'capped': the time budget ended before one pass over\n"
               " the set, so that engine was timed on the first messages of the set only.)\n\n";

  std::cout << "## Cross-check and texts\n\n"
               "| rules | texts | messages | view bytes/msg | Hyperscan matches/msg | checked | disagreements | matches/msg checked (HS, RE2, PCRE2) |\n"
               "|---:|---|---:|---:|---:|---:|---:|---|\n";
  for (const RuleCountResult& c : r.counts) {
    for (std::size_t s = 0; s < kTextSets; ++s) {
      const CrossCheck& k = c.checks[s];
      std::string per;
      for (std::size_t e = 0; e < k.matches.size(); ++e)
        per += fmt::format("{}{:.2f}", e ? ", " : "",
                           k.messages ? static_cast<double>(k.matches[e]) / static_cast<double>(k.messages) : 0.0);
      std::cout << fmt::format("| {} | {} | {} | {:.0f} | {:.2f} | {} | {} | {} |\n", c.rules, text_set_name(static_cast<TextSet>(s)),
                               c.messages[s], c.view_bytes_per_message[s], c.hs_matches_per_message[s], k.messages,
                               k.disagreements, per.empty() ? "-" : per);
    }
  }
}

void print_json(const EngineBenchConfig& config, const RunResult& r) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["machine"] = {{"hardware_concurrency", std::thread::hardware_concurrency()},
                  {"affinity_cores", bench::affinity_cores()},
                  {"cpu", bench::cpu_model()},
                  {"hyperscan", hs_version()},
                  {"re2", SMSFW_RE2_VERSION},
                  {"pcre2", pcre2_version()},
                  {"build_type", SMSFW_BUILD_TYPE}};
  j["config"] = {{"rule_counts", config.rule_counts}, {"seconds", config.seconds}, {"rounds", config.rounds},
                 {"thai", config.thai},               {"near", config.near},       {"check", config.check},
                 {"re2_max_mem", config.re2_max_mem}, {"seed", config.seed},       {"quick", config.quick},
                 {"corpus", r.corpus_used ? ordered_json(r.corpus) : ordered_json()}};
  ordered_json counts = ordered_json::array();
  for (const RuleCountResult& c : r.counts) {
    ordered_json builds = ordered_json::array();
    for (const Build& b : c.builds) {
      ordered_json skipped = ordered_json::array();
      for (const SkippedRule& k : b.stats.skipped) skipped.push_back({{"id", k.id}, {"reason", k.reason}});
      builds.push_back({{"engine", engine_name(b.engine)},
                        {"rules", b.stats.rules},
                        {"compile_seconds", b.stats.compile_seconds},
                        {"bytes", b.stats.bytes},
                        {"jit_bytes", b.jit_bytes},
                        {"jit_failures", b.jit_failures},
                        {"match_errors", b.match_errors},
                        {"heap_growth_matching", b.heap_growth},
                        {"note", b.note},
                        {"skipped", skipped}});
    }
    ordered_json sets = ordered_json::array();
    for (std::size_t s = 0; s < kTextSets; ++s)
      sets.push_back({{"texts", text_set_name(static_cast<TextSet>(s))},
                      {"messages", c.messages[s]},
                      {"view_bytes_per_message", c.view_bytes_per_message[s]},
                      {"hyperscan_matches_per_message", c.hs_matches_per_message[s]},
                      {"checked", c.checks[s].messages},
                      {"disagreements", c.checks[s].disagreements},
                      {"checked_matches", c.checks[s].matches},
                      {"examples", c.checks[s].examples}});
    counts.push_back({{"rules", c.rules},
                      {"pattern_rules", c.pattern_rules},
                      {"list_rules", c.list_rules},
                      {"common_rules", c.common_rules},
                      {"hyperscan_own_databases", c.hyperscan_own_databases},
                      {"yaml_seconds", c.yaml_seconds},
                      {"load_seconds", c.load_seconds},
                      {"builds", builds},
                      {"texts", sets}});
  }
  j["rule_counts"] = counts;
  ordered_json cells = ordered_json::array();
  for (const Cell& c : r.cells) {
    const Cell* hs = find_cell(r, c.rules, c.set, EngineKind::hyperscan);
    const bool matcher = c.engine != EngineKind::classify;
    cells.push_back({{"rules", c.rules},
                     {"texts", text_set_name(c.set)},
                     {"engine", engine_name(c.engine)},
                     {"ns_per_message", c.ns()},
                     {"min_ns_per_message", c.min_ns()},
                     {"messages_per_second", c.per_second()},
                     {"hyperscan_speedup", matcher && hs && hs->ns() > 0 ? ordered_json(c.ns() / hs->ns()) : ordered_json()},
                     {"ns_rounds", c.ns_rounds},
                     {"wall_ns_rounds", c.wall_ns_rounds},
                     {"timed_messages", c.timed_messages}});
  }
  j["results"] = cells;
  std::cout << j.dump(2) << "\n";
}

}  // namespace smsfw::bench::engine
