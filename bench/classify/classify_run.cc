#include "classify/machine_info.h"
#include "classify/classify_run.h"

#include <sched.h>
#include <stdlib.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <hs/hs.h>
#include <nlohmann/json.hpp>

#include "classify/breakdown.h"
#include "classify/measure.h"
#include "classify/scratch_dir.h"
#include "classify/message_set.h"
#include "classify/rule_generator.h"
#include "classify/thai_messages.h"
#include "engine/classifier.h"
#include "engine/engine.h"
#include "patterns/pattern_loader.h"
#include "text/data_coding.h"

#ifndef SMSFW_BUILD_TYPE
#define SMSFW_BUILD_TYPE "unknown"
#endif

namespace smsfw::bench::classify {

using bench::affinity_cores;
using bench::cpu_model;
using bench::thousands;

namespace {

using Clock = std::chrono::steady_clock;
using filters::MessageInput;

constexpr double kTargetPerSecond = 2'000'000;
constexpr std::size_t kTargetRules = 10000;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }


// One rule count: its directory, how long it took to make and load, the engine and a classifier.
struct RuleEngine {
  std::size_t rules = 0;
  GeneratedDirectory generated;  // files dropped once written; counts kept
  std::unique_ptr<ScratchDir> dir;
  double generate_s = 0;  // rule text generated and written
  double yaml_s = 0;      // YAML read alone (load_pattern_source), measured separately
  double load_s = 0;      // Engine constructed: YAML read + checks + Hyperscan compile + scratch
  std::size_t db_bytes = 0;
  std::size_t compiled_rules = 0;  // PatternSet::rules(), synthetic registry rules included
  std::unique_ptr<filters::Engine> engine;
  std::unique_ptr<filters::Classifier> classifier;
};

// What the engine decided over one pass of a subset.
struct VerdictMix {
  std::uint64_t messages = 0;
  std::array<std::uint64_t, 4> actions{};  // allow, monitor, tag, block (Verdict::action)
  std::uint64_t matched = 0;               // rules matched, summed
  std::uint64_t engine_errors = 0;
  std::uint64_t spam = 0, spam_flagged = 0;  // labelled spam; decided tag or block
  std::uint64_t ham = 0, ham_flagged = 0;
};

// One row of the table.
struct Cell {
  Subset subset = Subset::all;
  bool decode_only = false;
  std::size_t rules = 0;           // engine (when !decode_only)
  std::vector<double> ns_rounds;       // ns/message of each round (CPU time)
  std::vector<double> wall_ns_rounds;  // the same in wall-clock time
  std::uint64_t timed_messages = 0;
  double timed_seconds = 0;       // CPU
  double timed_wall_seconds = 0;
  std::array<std::uint64_t, 4> timed_actions{};
  VerdictMix pass;
  double ns() const { return median(ns_rounds); }
  double wall_ns() const { return median(wall_ns_rounds); }
  double per_second() const { return ns() > 0 ? 1e9 / ns() : 0; }
};

std::string_view subset_name(Subset s) {
  switch (s) {
    case Subset::all: return "all";
    case Subset::en: return "en";
    case Subset::th: return "th";
  }
  return "?";
}

bool in_subset(const BenchMessage& m, Subset s) {
  return s == Subset::all || (s == Subset::en) == (m.origin == Origin::en);
}

std::string bytes_text(std::size_t b) {
  if (b >= 10u << 20) return fmt::format("{:.1f} MiB", static_cast<double>(b) / (1 << 20));
  if (b >= 10u << 10) return fmt::format("{:.1f} KiB", static_cast<double>(b) / (1 << 10));
  return fmt::format("{} B", b);
}

const std::vector<MessageInput>& inputs_of(const MessageSet& set, Subset s) {
  switch (s) {
    case Subset::en: return set.en();
    case Subset::th: return set.th();
    case Subset::all: break;
  }
  return set.all();
}

// Builds the directory and the engine for `n` rules; nullptr (errors on stderr) when it does not load.
std::unique_ptr<RuleEngine> build_engine(std::size_t n, const ClassifyConfig& config) {
  auto e = std::make_unique<RuleEngine>();
  e->rules = n;
  e->dir = std::make_unique<ScratchDir>("classify-bench", config.keep_rules);
  auto t = Clock::now();
  e->generated = generate_rules(n, config.seed);
  write_directory(e->generated, e->dir->path());
  e->generated.files.clear();
  e->generate_s = seconds_since(t);

  {  // The YAML read alone, to split the load time (the engine reads it again below).
    filters::PatternSet::Source source;
    std::vector<std::string> errors;
    t = Clock::now();
    filters::load_pattern_source(e->dir->path(), source, errors);
    e->yaml_s = seconds_since(t);
  }

  filters::ReloadOutcome outcome;
  t = Clock::now();
  e->engine = std::make_unique<filters::Engine>(e->dir->path(), outcome);
  e->load_s = seconds_since(t);
  if (!outcome.ok) {
    std::cerr << "classify-bench: the generated directory for " << n << " rules does not load ("
              << outcome.errors.size() << " errors):\n";
    for (std::size_t i = 0; i < outcome.errors.size() && i < 10; ++i) std::cerr << "  " << outcome.errors[i] << "\n";
    return nullptr;
  }
  const auto snap = e->engine->snapshot();
  e->db_bytes = snap->set->database_bytes();
  e->compiled_rules = snap->set->rules().size();
  e->classifier = std::make_unique<filters::Classifier>(*e->engine);
  return e;
}

// One untimed pass over a subset: warms the classifier's buffers and counts the verdicts.
VerdictMix verdict_pass(filters::Classifier& classifier, const MessageSet& set, Subset subset) {
  VerdictMix mix;
  const auto& msgs = set.messages();
  const auto& inputs = set.all();
  for (std::size_t i = 0; i < msgs.size(); ++i) {
    if (!in_subset(msgs[i], subset)) continue;
    const filters::Verdict& v = classifier.classify(inputs[i]);
    ++mix.messages;
    ++mix.actions[static_cast<std::size_t>(v.action)];
    mix.matched += v.matched.size();
    mix.engine_errors += v.engine_error ? 1 : 0;
    const bool flagged = v.decided == filters::Action::block || v.decided == filters::Action::tag;
    if (msgs[i].label == Label::spam) {
      ++mix.spam;
      mix.spam_flagged += flagged ? 1 : 0;
    } else {
      ++mix.ham;
      mix.ham_flagged += flagged ? 1 : 0;
    }
  }
  return mix;
}

void time_classify(Cell& cell, filters::Classifier& classifier, const std::vector<MessageInput>& inputs, double seconds) {
  std::array<std::uint64_t, 4> actions{};
  const Timed t = time_loop(std::span<const MessageInput>(inputs), seconds, [&](const MessageInput& in) {
    ++actions[static_cast<std::size_t>(classifier.classify(in).action)];
  });
  cell.ns_rounds.push_back(t.ns_per_call());
  cell.wall_ns_rounds.push_back(t.wall_ns_per_call());
  cell.timed_messages += t.calls;
  cell.timed_seconds += t.cpu_seconds;
  cell.timed_wall_seconds += t.wall_seconds;
  for (std::size_t a = 0; a < 4; ++a) cell.timed_actions[a] += actions[a];
}

// The decode-only baseline: text::decode of every body into one reused string.
std::uint64_t g_sink = 0;  // keeps the decode loop's result observable
void time_decode(Cell& cell, const std::vector<MessageInput>& inputs, double seconds) {
  std::string out;
  out.reserve(1024);
  std::uint64_t sum = 0;
  const Timed t = time_loop(std::span<const MessageInput>(inputs), seconds, [&](const MessageInput& in) {
    out.clear();
    filters::text::decode(in.data_coding, in.body, filters::text::SmscDefault::gsm7_unpacked, out);
    sum += out.size();
  });
  g_sink += sum;
  cell.ns_rounds.push_back(t.ns_per_call());
  cell.wall_ns_rounds.push_back(t.wall_ns_per_call());
  cell.timed_messages += t.calls;
  cell.timed_seconds += t.cpu_seconds;
  cell.timed_wall_seconds += t.wall_seconds;
}

// Descriptive statistics of the message set.
struct SetStats {
  std::size_t en = 0, en_spam = 0, en_gsm = 0, en_ucs2 = 0, en_capped = 0;
  std::size_t th = 0, th_spam = 0, th_capped = 0, th_min_units = 0, th_max_units = 0;
  std::size_t body_octets = 0;
  std::array<std::size_t, 6> senders{};  // by SenderKind
};

SetStats stats_of(const MessageSet& set) {
  SetStats s;
  s.th_min_units = ~std::size_t{0};
  for (const BenchMessage& m : set.messages()) {
    s.body_octets += m.body.size();
    ++s.senders[static_cast<std::size_t>(m.sender_kind)];
    if (m.origin == Origin::en) {
      ++s.en;
      s.en_spam += m.label == Label::spam ? 1 : 0;
      (m.encoding.data_coding == 0 ? s.en_gsm : s.en_ucs2)++;
      s.en_capped += m.encoding.capped ? 1 : 0;
    } else {
      ++s.th;
      s.th_spam += m.label == Label::spam ? 1 : 0;
      s.th_capped += m.encoding.capped ? 1 : 0;
      s.th_min_units = std::min(s.th_min_units, m.body.size() / 2);
      s.th_max_units = std::max(s.th_max_units, m.body.size() / 2);
    }
  }
  if (s.th == 0) s.th_min_units = 0;
  return s;
}

constexpr std::array<std::string_view, 6> kSenderKindNames{"numeric", "registered", "unauthorized",
                                                            "lookalike", "unregistered", "generic"};

const Cell* find_cell(const std::vector<Cell>& cells, Subset s, bool decode, std::size_t rules) {
  for (const Cell& c : cells)
    if (c.subset == s && c.decode_only == decode && (decode || c.rules == rules)) return &c;
  return nullptr;
}

std::string pct(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? "-" : fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

// The target line(s): msg/s at 10k rules (or the largest count measured) against 2M.
std::vector<std::string> target_lines(const std::vector<Cell>& cells, const ClassifyConfig& config) {
  std::vector<std::string> lines;
  std::size_t rules = 0;
  for (const std::size_t n : config.rule_counts) rules = std::max(rules, n);
  const bool exact = rules == kTargetRules;
  for (const Subset s : config.subsets) {
    const Cell* c = find_cell(cells, s, false, rules);
    if (!c) continue;
    const double r = c->per_second() / kTargetPerSecond;
    lines.push_back(fmt::format(
        "set {:<3} {} rules: {} msg/s = {:.2f}x the target: {}{}", subset_name(s), rules, thousands(c->per_second()), r,
        r >= 1 ? "MET" : fmt::format("MISSED by {:.0f}% ({:.0f} ns/msg against a budget of 500 ns)", (1 - r) * 100, c->ns()),
        exact ? "" : " [not the 10000-rule count of the target]"));
  }
  return lines;
}

// Stage times of one subset at the largest rule count.
struct Breakdown {
  Subset subset = Subset::all;
  std::size_t rules = 0;
  std::vector<StageTime> stages;
};

void print_text(const ClassifyConfig& config, const SetStats& st, const std::vector<std::unique_ptr<RuleEngine>>& engines,
                const std::vector<Cell>& cells, const std::vector<Breakdown>& breakdowns) {
  std::cout << "classify-bench: Classifier::classify() end to end (UDH, decoding, views, URL extraction, sender\n"
               "policy, every Hyperscan scan, decision), one thread on pre-encoded messages\n\n";
  std::cout << fmt::format("machine   {} cores (hardware_concurrency), {} in this process's affinity; {}\n",
                           std::thread::hardware_concurrency(), affinity_cores(), cpu_model());
  std::cout << fmt::format("software  Hyperscan {}; build type {}{}\n", hs_version(), SMSFW_BUILD_TYPE,
#ifdef NDEBUG
                           ""
#else
                           " (assertions ON: not a release build, numbers are not representative)"
#endif
  );
  std::cout << fmt::format("corpus    {}: {} messages ({} spam); {} GSM 7-bit unpacked (dc 0), {} UCS-2 (dc 8); {} cut to {} octets\n",
                           config.corpus.string(), st.en, st.en_spam, st.en_gsm, st.en_ucs2, st.en_capped, kMaxBody);
  std::cout << fmt::format("thai      {} generated messages ({} scam), UCS-2 (dc 8), 1-2 sentences, {}..{} UTF-16 units, {} cut\n",
                           st.th, st.th_spam, st.th_min_units, st.th_max_units, st.th_capped);
  const std::size_t total = st.en + st.th;
  std::string senders;
  for (std::size_t k = 0; k < st.senders.size(); ++k)
    senders += fmt::format("{}{} {}", k ? ", " : "", kSenderKindNames[k], pct(st.senders[k], total));
  std::cout << fmt::format("messages  {} in all, mean body {:.0f} octets, no UDH; senders: {}\n", total,
                           total ? static_cast<double>(st.body_octets) / static_cast<double>(total) : 0.0, senders);
  std::cout << fmt::format("timing    {:.1f} s of thread CPU time per measurement x {} round(s) (median reported), clocks read every {} messages, seed {}\n\n",
                           config.seconds, config.rounds, kClockEvery, config.seed);

  std::cout << "rules (YAML)  core allow en-phr en-rx    th  sqz  raw  url sndr  .{0,n}  registry | generate  yaml read  load+compile  databases\n";
  for (const auto& e : engines) {
    const RuleMix& m = e->generated.mix;
    std::cout << fmt::format("{:>12}  {:>4} {:>5} {:>6} {:>5} {:>5} {:>4} {:>4} {:>4} {:>4}  {:>6}  {:>8} | {:>7.2f}s {:>9.3f}s {:>12.2f}s  {:>9}\n",
                             e->rules, m.core, m.allow, m.en_phrase, m.en_regex, m.th, m.squeezed, m.raw, m.url, m.sender,
                             e->generated.bounded_repeats, e->generated.registry_ids, e->generate_s, e->yaml_s, e->load_s,
                             bytes_text(e->db_bytes));
  }
  if (config.keep_rules)
    for (const auto& e : engines) std::cout << fmt::format("  kept: {} rules in {}\n", e->rules, e->dir->path().string());
  std::cout << "\n";

  std::cout << "set  engine           ns/msg   msg/s/core  vs 0 rules  vs decode  vs 2M    wall ns  |  one pass:   allow monitor    tag  block  rules/msg  spam flagged  ham flagged\n";
  for (const Subset s : config.subsets) {
    const Cell* decode = find_cell(cells, s, true, 0);
    const Cell* zero = find_cell(cells, s, false, 0);
    for (const Cell& c : cells) {
      if (c.subset != s) continue;
      const std::string engine = c.decode_only ? "decode only" : fmt::format("{} rules", c.rules);
      const std::string vs0 = (!c.decode_only && zero) ? fmt::format("{:.2f}x", c.ns() / zero->ns()) : "-";
      const std::string vsd = decode ? fmt::format("{:.2f}x", c.ns() / decode->ns()) : "-";
      std::string spread;
      if (c.ns_rounds.size() > 1) {
        const auto [lo, hi] = std::minmax_element(c.ns_rounds.begin(), c.ns_rounds.end());
        spread = fmt::format(" ({:.0f}..{:.0f})", *lo, *hi);
      }
      std::string mix = "            -";
      if (!c.decode_only) {
        const VerdictMix& p = c.pass;
        mix = fmt::format("{:>8} {:>7} {:>6} {:>6}  {:>9.2f}  {:>12}  {:>11}", p.actions[0], p.actions[1], p.actions[2],
                          p.actions[3], p.messages ? static_cast<double>(p.matched) / static_cast<double>(p.messages) : 0.0,
                          pct(p.spam_flagged, p.spam), pct(p.ham_flagged, p.ham));
      }
      std::cout << fmt::format("{:<4} {:<13} {:>9.1f} {:>12}  {:>10}  {:>9}  {:>5.2f}x  {:>9.1f}  |  {}{}\n", subset_name(s), engine, c.ns(),
                               thousands(c.per_second()), vs0, vsd, c.per_second() / kTargetPerSecond, c.wall_ns(),
                               c.decode_only ? std::string("(decode only: no verdicts)") : mix, spread);
    }
  }
  std::cout << "\n(ns/msg: this thread's CPU time per message, median of the rounds (min..max at the end of the row);\n"
               " wall ns: the same in wall-clock time (much larger: the thread was descheduled); vs 0 rules / vs decode:\n"
               " ns/msg relative to those baselines of the same set; one pass: verdicts of one untimed pass over the\n"
               " set; 'flagged' = decided tag or block, before the account's monitor mode)\n\n";
  for (const Breakdown& b : breakdowns) {
    const Cell* c = find_cell(cells, b.subset, false, b.rules);
    const double classify_ns = c ? c->ns() : 0;
    std::cout << fmt::format("breakdown: set {}, {} rules, each stage timed alone (ns per message of the set)\n",
                             subset_name(b.subset), b.rules);
    std::cout << "  stage                                            ns/msg  of classify   runs/pass  matches/pass\n";
    double sum = 0;
    for (const StageTime& t : b.stages) {
      if (t.in_sum) sum += t.ns_per_message;
      std::cout << fmt::format("  {:<46} {:>8.1f}  {:>11}  {:>10}  {:>12}\n", t.name, t.ns_per_message,
                               classify_ns > 0 ? fmt::format("{:.1f}%", 100 * t.ns_per_message / classify_ns) : "-", t.runs,
                               t.name.rfind("scan ", 0) == 0 ? std::to_string(t.matches) : std::string("-"));
    }
    std::cout << fmt::format("  {:<46} {:>8.1f}  {:>11}\n", "sum of the stages", sum,
                             classify_ns > 0 ? fmt::format("{:.1f}%", 100 * sum / classify_ns) : "-");
    std::cout << fmt::format("  {:<46} {:>8.1f}\n\n", "classify() (median above)", classify_ns);
  }
  std::cout << "target >= 2,000,000 msg/s per core at 10000 rules on ordinary text:\n";
  for (const std::string& l : target_lines(cells, config)) std::cout << "  " << l << "\n";
}

void print_json(const ClassifyConfig& config, const SetStats& st, const std::vector<std::unique_ptr<RuleEngine>>& engines,
                const std::vector<Cell>& cells, const std::vector<Breakdown>& breakdowns) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["machine"] = {{"hardware_concurrency", std::thread::hardware_concurrency()},
                  {"affinity_cores", affinity_cores()},
                  {"cpu", cpu_model()},
                  {"hyperscan", hs_version()},
                  {"build_type", SMSFW_BUILD_TYPE}};
  ordered_json subsets = ordered_json::array();
  for (const Subset s : config.subsets) subsets.push_back(subset_name(s));
  j["config"] = {{"corpus", config.corpus.string()}, {"rule_counts", config.rule_counts}, {"seconds", config.seconds},
                 {"rounds", config.rounds},          {"thai", config.thai},                {"seed", config.seed},
                 {"sets", subsets},                  {"clock_every", kClockEvery}};
  ordered_json senders;
  for (std::size_t k = 0; k < st.senders.size(); ++k) senders[std::string(kSenderKindNames[k])] = st.senders[k];
  j["messages"] = {{"en", st.en},         {"en_spam", st.en_spam},       {"en_gsm", st.en_gsm},
                   {"en_ucs2", st.en_ucs2}, {"en_capped", st.en_capped},   {"th", st.th},
                   {"th_spam", st.th_spam}, {"th_capped", st.th_capped},   {"body_octets", st.body_octets},
                   {"senders", senders}};
  ordered_json es = ordered_json::array();
  for (const auto& e : engines) {
    const RuleMix& m = e->generated.mix;
    es.push_back({{"rules", e->rules},
                  {"mix", {{"core", m.core}, {"allow", m.allow}, {"en_phrase", m.en_phrase}, {"en_regex", m.en_regex},
                           {"th", m.th}, {"squeezed", m.squeezed}, {"raw", m.raw}, {"url", m.url}, {"sender", m.sender}}},
                  {"bounded_repeats", e->generated.bounded_repeats},
                  {"actions", {{"allow", e->generated.actions[0]}, {"monitor", e->generated.actions[1]},
                               {"tag", e->generated.actions[2]}, {"block", e->generated.actions[3]}}},
                  {"registry_ids", e->generated.registry_ids},
                  {"compiled_rules", e->compiled_rules},
                  {"generate_s", e->generate_s},
                  {"yaml_s", e->yaml_s},
                  {"load_s", e->load_s},
                  {"database_bytes", e->db_bytes}});
  }
  j["engines"] = es;
  ordered_json rs = ordered_json::array();
  for (const Cell& c : cells) {
    const Cell* zero = find_cell(cells, c.subset, false, 0);
    const Cell* decode = find_cell(cells, c.subset, true, 0);
    ordered_json r = {{"set", subset_name(c.subset)},
                      {"engine", c.decode_only ? "decode" : "classify"},
                      {"rules", c.decode_only ? ordered_json() : ordered_json(c.rules)},
                      {"ns_per_message", c.ns()},
                      {"messages_per_second", c.per_second()},
                      {"ns_rounds", c.ns_rounds},
                      {"wall_ns_per_message", c.wall_ns()},
                      {"wall_ns_rounds", c.wall_ns_rounds},
                      {"vs_0_rules", (!c.decode_only && zero) ? ordered_json(c.ns() / zero->ns()) : ordered_json()},
                      {"vs_decode", decode ? ordered_json(c.ns() / decode->ns()) : ordered_json()},
                      {"vs_target", c.per_second() / kTargetPerSecond},
                      {"timed_messages", c.timed_messages},
                      {"timed_cpu_seconds", c.timed_seconds},
                      {"timed_wall_seconds", c.timed_wall_seconds}};
    if (!c.decode_only) {
      const VerdictMix& p = c.pass;
      r["timed_actions"] = {{"allow", c.timed_actions[0]}, {"monitor", c.timed_actions[1]}, {"tag", c.timed_actions[2]},
                            {"block", c.timed_actions[3]}};
      r["one_pass"] = {{"messages", p.messages},
                       {"allow", p.actions[0]},
                       {"monitor", p.actions[1]},
                       {"tag", p.actions[2]},
                       {"block", p.actions[3]},
                       {"matched_rules", p.matched},
                       {"engine_errors", p.engine_errors},
                       {"spam", p.spam},
                       {"spam_flagged", p.spam_flagged},
                       {"ham", p.ham},
                       {"ham_flagged", p.ham_flagged}};
    }
    rs.push_back(std::move(r));
  }
  j["results"] = rs;
  ordered_json bs = ordered_json::array();
  for (const Breakdown& b : breakdowns) {
    ordered_json stages = ordered_json::array();
    for (const StageTime& t : b.stages)
      stages.push_back({{"stage", t.name}, {"ns_per_message", t.ns_per_message}, {"runs", t.runs}, {"matches", t.matches},
                        {"in_sum", t.in_sum}});
    bs.push_back({{"set", subset_name(b.subset)}, {"rules", b.rules}, {"stages", stages}});
  }
  j["breakdown"] = bs;
  j["target"] = {{"messages_per_second", kTargetPerSecond}, {"rules", kTargetRules}, {"summary", target_lines(cells, config)}};
  std::cout << j.dump(2) << "\n";
}

}  // namespace

int run_classify_bench(const ClassifyConfig& config) {
  std::vector<CorpusLine> corpus;
  try {
    if (!config.corpus_given && !std::filesystem::exists(config.corpus)) {
      std::cerr << "classify-bench: no corpus at " << config.corpus.string()
                << "\n  (the SMS Spam Collection: one 'ham<TAB>text' or 'spam<TAB>text' line per message; it is not\n"
                   "  part of the repository). Pass --corpus PATH to a copy.\n";
      return 1;
    }
    corpus = read_corpus(config.corpus);
  } catch (const std::exception& e) {
    std::cerr << "classify-bench: corpus: " << e.what() << "\n";
    return 1;
  }

  const std::vector<ThaiMessage> thai = generate_thai_messages(config.thai, config.seed);
  const MessageSet set(corpus, thai, config.seed);
  const SetStats stats = stats_of(set);

  std::vector<std::unique_ptr<RuleEngine>> engines;
  try {
    for (const std::size_t n : config.rule_counts) {
      std::cerr << fmt::format("classify-bench: {} rules: generating and loading ...", n) << std::flush;
      auto e = build_engine(n, config);
      if (!e) return 1;
      std::cerr << fmt::format(" {:.2f} s\n", e->load_s);
      engines.push_back(std::move(e));
    }
  } catch (const std::exception& e) {
    std::cerr << "\nclassify-bench: " << e.what() << "\n";
    return 1;
  }

  // Cells in report order: per subset, decode only, then each rule count.
  std::vector<Cell> cells;
  for (const Subset s : config.subsets) {
    if (config.baselines) cells.push_back(Cell{s, true, 0, {}, {}, 0, 0, 0, {}, {}});
    for (const auto& e : engines) {
      Cell c{s, false, e->rules, {}, {}, 0, 0, 0, {}, {}};
      c.pass = verdict_pass(*e->classifier, set, s);  // also the warm-up
      cells.push_back(std::move(c));
    }
  }

  for (unsigned round = 0; round < config.rounds; ++round) {
    for (Cell& c : cells) {
      const auto& inputs = inputs_of(set, c.subset);
      std::cerr << fmt::format("classify-bench: round {}/{}: set {} {} ...", round + 1, config.rounds, subset_name(c.subset),
                               c.decode_only ? std::string("decode only") : fmt::format("{} rules", c.rules))
                << std::flush;
      if (c.decode_only) {
        time_decode(c, inputs, config.seconds);
      } else {
        for (const auto& e : engines)
          if (e->rules == c.rules) time_classify(c, *e->classifier, inputs, config.seconds);
      }
      std::cerr << fmt::format(" {:.1f} ns/msg\n", c.ns_rounds.back());
    }
  }

  std::vector<Breakdown> breakdowns;
  if (config.breakdown && !engines.empty() && engines.back()->rules > 0) {
    for (const Subset s : config.subsets) {
      std::cerr << fmt::format("classify-bench: breakdown: set {} {} rules ...\n", subset_name(s), engines.back()->rules);
      breakdowns.push_back({s, engines.back()->rules, time_stages(*engines.back()->engine, inputs_of(set, s), config.seconds / 4)});
    }
  }

  if (config.json) print_json(config, stats, engines, cells, breakdowns);
  else print_text(config, stats, engines, cells, breakdowns);
  return g_sink == 0xFFFFFFFFFFFFFFFFull ? 1 : 0;  // never: only keeps the decode sums alive
}

}  // namespace smsfw::bench::classify
