#include "engine/engine_options.h"

#include <algorithm>
#include <iostream>
#include <stdexcept>
#include <string>

#include <boost/program_options.hpp>

#include "classify/classify_options.h"

namespace smsfw::bench::engine {

namespace po = boost::program_options;

namespace {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace

EngineOptionsResult parse_engine_options(int argc, char** argv) {
  EngineBenchConfig c;
  c.corpus = classify::kDefaultCorpus;
  std::string corpus;
  std::vector<std::string> rules;
  long long rounds = 3, thai = 2000, near = 2000, check = 300, max_mem_mib = 4096;
  const std::string corpus_help =
      std::string("SMS Spam Collection file (label<TAB>text per line); default ") + classify::kDefaultCorpus;
  po::options_description desc(
      "engine-bench: the matching stage of Hyperscan (smsfw's engine) against RE2::Set and a loop of one\n"
      "PCRE2 regex per rule, on the same generated rules and texts, one thread\n\nOptions");
  desc.add_options()
      ("help,h", "print this help")
      ("corpus", po::value(&corpus), corpus_help.c_str())
      ("rules", po::value(&rules)->composing(), "rule counts: repeat or comma-separate (default 1000,10000,100000)")
      ("seconds", po::value(&c.seconds)->default_value(1.0), "CPU seconds per measurement and round (the time budget that caps the PCRE2 loop)")
      ("rounds", po::value(&rounds)->default_value(3), "rounds of every measurement, interleaved; min and median reported")
      ("thai", po::value(&thai)->default_value(2000), "generated Thai messages in the ordinary set")
      ("near", po::value(&near)->default_value(2000), "messages in the near-match-dense set")
      ("check", po::value(&check)->default_value(300), "messages per set whose matches the three engines must agree on (0: no check)")
      ("re2-max-mem", po::value(&max_mem_mib)->default_value(4096), "RE2::Options::max_mem of each RE2::Set, MiB")
      ("seed", po::value(&c.seed)->default_value(1), "seed of the rule generator and the messages")
      ("quick", po::bool_switch(&c.quick), "smoke run: 1000 rules, small sets, 0.05 s x 1 round (< 30 s); other options still apply after it")
      ("json", po::bool_switch(&c.json), "print the report as one JSON object");
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    if (vm.count("help")) {
      std::cout << desc
                << "\nPrints per rule count, text set and engine ns per message and messages per second on one\n"
                   "core, Hyperscan's speed-up, compile time and program size, rules skipped per engine and the\n"
                   "cross-check. Exit status: 0 after a run, 1 if the corpus cannot be read, a directory does\n"
                   "not load or the engines disagree, 2 on usage errors.\n";
      return 0;
    }
    po::notify(vm);
    if (c.quick) {  // defaults of the smoke run; explicit options override them
      if (vm["rules"].empty()) rules = {"1000"};
      if (vm["seconds"].defaulted()) c.seconds = 0.05;
      if (vm["rounds"].defaulted()) rounds = 1;
      if (vm["thai"].defaulted()) thai = 300;
      if (vm["near"].defaulted()) near = 300;
      if (vm["check"].defaulted()) check = 100;
    }
    if (vm.count("corpus")) {
      if (corpus.empty()) throw UsageError("--corpus: empty path");
      c.corpus = corpus;
      c.corpus_given = true;
    }
    if (rules.empty()) rules.push_back("1000,10000,100000");
    for (const std::string& r : rules) classify::parse_rule_list(r, c.rule_counts);
    std::sort(c.rule_counts.begin(), c.rule_counts.end());
    c.rule_counts.erase(std::unique(c.rule_counts.begin(), c.rule_counts.end()), c.rule_counts.end());
    if (!c.rule_counts.empty() && c.rule_counts.front() == 0) throw UsageError("--rules: 0 rules has nothing to compare");
    if (!(c.seconds > 0) || c.seconds > 3600) throw UsageError("--seconds: must be > 0 and <= 3600");
    if (rounds < 1 || rounds > 100) throw UsageError("--rounds: must be 1..100");
    c.rounds = static_cast<unsigned>(rounds);
    if (thai < 0 || thai > 1000000) throw UsageError("--thai: must be 0..1000000");
    if (near < 1 || near > 1000000) throw UsageError("--near: must be 1..1000000");
    if (check < 0 || check > 1000000) throw UsageError("--check: must be 0..1000000");
    if (max_mem_mib < 8 || max_mem_mib > (1 << 20)) throw UsageError("--re2-max-mem: must be 8..1048576 MiB");
    c.thai = static_cast<std::size_t>(thai);
    c.near = static_cast<std::size_t>(near);
    c.check = static_cast<std::size_t>(check);
    c.re2_max_mem = static_cast<std::int64_t>(max_mem_mib) << 20;
    return c;
  } catch (const std::exception& e) {  // po::error, UsageError, std::invalid_argument
    std::cerr << "engine-bench: " << e.what() << " (see --help)\n";
    return 2;
  }
}

}  // namespace smsfw::bench::engine
