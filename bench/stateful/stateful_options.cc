#include "stateful/stateful_options.h"

#include <iostream>
#include <stdexcept>
#include <string>

#include <boost/program_options.hpp>

#include "classify/classify_options.h"

#ifndef SMSFW_SOURCE_DIR
#define SMSFW_SOURCE_DIR "."
#endif

namespace smsfw::bench::stateful {

namespace po = boost::program_options;

StatefulOptionsResult parse_stateful_options(int argc, char** argv) {
  StatefulConfig c;
  c.corpus = classify::kDefaultCorpus;
  c.patterns = std::filesystem::path(SMSFW_SOURCE_DIR) / "patterns";
  po::options_description desc(
      "stateful-bench: per-message cost of the stateful stages (campaign detection on the worker and\n"
      "the aggregator, throttling, concatenated messages held and judged whole), one thread each\n"
      "Options");
  std::string corpus, patterns;
  desc.add_options()
      ("help,h", "this help")
      ("corpus", po::value(&corpus), "the SMS Spam Collection (default: classify-bench's path; absent: Thai messages only)")
      ("patterns", po::value(&patterns), "the shipped pattern directory (default: the source tree's patterns/)")
      ("seconds", po::value(&c.seconds), "CPU seconds per measurement and round (default 1)")
      ("rounds", po::value(&c.rounds), "rounds per measurement: min and median reported (default 5)")
      ("thai", po::value(&c.thai), "generated Thai messages added to the corpus (default 2000)")
      ("seed", po::value(&c.seed), "seed of the message set and the synthetic fingerprints (default 1)")
      ("quick", po::bool_switch(&c.quick), "smoke test: 0.05 s x 2 rounds, fill levels 1k and 10k, 200 Thai messages");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << desc << "\n";
      return 0;
    }
    if (c.quick) {
      if (!vm.count("seconds")) c.seconds = 0.05;
      if (!vm.count("rounds")) c.rounds = 2;
      if (!vm.count("thai")) c.thai = 200;
      c.fill_levels = {1000, 10000};
      c.aggregate_batch = 1024;
    }
    if (!(c.seconds > 0) || c.seconds > 600) throw std::invalid_argument("--seconds must be in (0, 600]");
    if (c.rounds < 1 || c.rounds > 100) throw std::invalid_argument("--rounds must be 1..100");
    if (vm.count("corpus")) {
      c.corpus = corpus;
      c.corpus_given = true;
    }
    if (vm.count("patterns")) c.patterns = patterns;
  } catch (const std::exception& e) {
    std::cerr << "stateful-bench: " << e.what() << "\n" << desc << "\n";
    return 2;
  }
  return c;
}

}  // namespace smsfw::bench::stateful
