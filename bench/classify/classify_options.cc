#include "classify/classify_options.h"

#include <algorithm>
#include <charconv>
#include <iostream>
#include <stdexcept>

#include <boost/program_options.hpp>

#include "classify/rule_generator.h"

namespace smsfw::bench::classify {

namespace po = boost::program_options;

namespace {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace

void parse_rule_list(const std::string& text, std::vector<std::size_t>& out) {
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size() || value > kMaxRules)
      throw std::invalid_argument("--rules: '" + item + "' is not a rule count 0.." + std::to_string(kMaxRules));
    out.push_back(value);
    if (comma == std::string::npos) return;
    start = comma + 1;
  }
}

ClassifyOptionsResult parse_classify_options(int argc, char** argv) {
  ClassifyConfig c;
  std::string corpus;
  std::vector<std::string> rules, sets;
  long long thai = 2000, rounds = 1;
  bool no_thai = false, no_baselines = false;
  std::uint64_t seed = 1;
  const std::string corpus_help =
      std::string("SMS Spam Collection file (label<TAB>text per line); default ") + kDefaultCorpus;
  po::options_description desc(
      "classify-bench: Classifier::classify() end to end on realistic messages, one thread\n\nOptions");
  desc.add_options()
      ("help,h", "print this help")
      ("corpus", po::value(&corpus), corpus_help.c_str())
      ("rules", po::value(&rules)->composing(), "rule counts to measure: repeat or comma-separate (default 0,1000,10000; 0 is always added as the baseline)")
      ("seconds", po::value(&c.seconds)->default_value(2.0), "seconds of thread CPU time per measurement (and round)")
      ("rounds", po::value(&rounds)->default_value(1), "repeat every measurement this many times, interleaved; medians reported")
      ("thai", po::value(&thai)->default_value(2000), "generated Thai messages (UCS-2) in the mix; 0: none")
      ("no-thai", po::bool_switch(&no_thai), "same as --thai 0")
      ("sets", po::value(&sets)->composing(), "message subsets to measure: all, en, th (repeat or comma-separate; default all,en,th)")
      ("seed", po::value(&seed)->default_value(1), "seed of the rule generator, the Thai messages and the senders")
      ("no-baselines", po::bool_switch(&no_baselines), "skip the 0-rule engine and the decode-only loop (profiling runs)")
      ("breakdown", po::bool_switch(&c.breakdown), "also time each stage of classify() alone at the largest rule count (seconds/4 per stage)")
      ("json", po::bool_switch(&c.json), "print the report as one JSON object")
      ("keep-rules", po::bool_switch(&c.keep_rules), "keep the generated pattern directories (paths printed)");

  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    if (vm.count("help")) {
      std::cout << desc
                << "\nPrints, per message subset and rule count, ns per message and messages per second on one\n"
                   "core, the ratio to the 0-rule engine and to the 2,000,000 msg/s target, and the verdict\n"
                   "mix of one pass. Exit status: 0 after a run, 1 if the corpus cannot be read or a\n"
                   "generated directory does not load, 2 on usage errors.\n";
      return 0;
    }
    po::notify(vm);

    if (vm.count("corpus")) {
      if (corpus.empty()) throw UsageError("--corpus: empty path");
      c.corpus = corpus;
      c.corpus_given = true;
    }
    if (rules.empty()) rules.push_back("0,1000,10000");
    for (const std::string& r : rules) parse_rule_list(r, c.rule_counts);
    c.baselines = !no_baselines;
    if (c.baselines) c.rule_counts.push_back(0);
    std::sort(c.rule_counts.begin(), c.rule_counts.end());
    c.rule_counts.erase(std::unique(c.rule_counts.begin(), c.rule_counts.end()), c.rule_counts.end());
    if (!c.baselines) {
      c.rule_counts.erase(std::remove(c.rule_counts.begin(), c.rule_counts.end(), std::size_t{0}), c.rule_counts.end());
      if (c.rule_counts.empty()) throw UsageError("--no-baselines needs a rule count above 0");
    }
    if (!(c.seconds > 0) || c.seconds > 3600) throw UsageError("--seconds: must be > 0 and <= 3600");
    if (rounds < 1 || rounds > 100) throw UsageError("--rounds: must be 1..100");
    c.rounds = static_cast<unsigned>(rounds);
    if (thai < 0 || thai > 1000000) throw UsageError("--thai: must be 0..1000000");
    c.thai = no_thai ? 0 : static_cast<std::size_t>(thai);
    if (no_thai && !vm["thai"].defaulted() && thai != 0) throw UsageError("--thai and --no-thai exclude each other");
    c.seed = seed;
    if (!sets.empty()) {
      c.subsets.clear();
      for (const std::string& s : sets) {
        std::size_t start = 0;
        for (;;) {
          const std::size_t comma = s.find(',', start);
          const std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
          Subset v;
          if (item == "all") v = Subset::all;
          else if (item == "en") v = Subset::en;
          else if (item == "th") v = Subset::th;
          else throw UsageError("--sets: expected all, en or th, got '" + item + "'");
          if (std::find(c.subsets.begin(), c.subsets.end(), v) == c.subsets.end()) c.subsets.push_back(v);
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
      }
      std::sort(c.subsets.begin(), c.subsets.end());
    }
    if (c.thai == 0) {
      c.subsets.erase(std::remove(c.subsets.begin(), c.subsets.end(), Subset::th), c.subsets.end());
      if (c.subsets.empty()) throw UsageError("--sets th needs Thai messages (--thai > 0)");
    }
    return c;
  } catch (const std::exception& e) {  // po::error, UsageError, std::invalid_argument
    std::cerr << "classify-bench: " << e.what() << " (see --help)\n";
    return 2;
  }
}

}  // namespace smsfw::bench::classify
