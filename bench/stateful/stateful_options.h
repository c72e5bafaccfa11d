#pragma once
// stateful-bench's settings, parsed once from the command line.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <variant>
#include <vector>

namespace smsfw::bench::stateful {

struct StatefulConfig {
  std::filesystem::path corpus;   // default: classify-bench's kDefaultCorpus
  bool corpus_given = false;      // --corpus was on the command line (absent file: error)
  std::filesystem::path patterns; // the shipped pattern directory (copied without campaign.yaml)
  double seconds = 1.0;           // CPU seconds per measurement and round
  unsigned rounds = 5;            // min and median over these
  std::size_t thai = 2000;        // generated Thai messages added to the corpus
  std::vector<std::size_t> fill_levels{1000, 100000, 1000000};  // aggregator: clusters in the table
  std::size_t aggregate_batch = 16384;  // observations per timed aggregate() call
  std::uint64_t seed = 1;
  bool quick = false;             // smoke test: tiny budgets, fill levels 1k and 10k
};

// Settings to run with, or an exit code (help printed: 0; usage error reported on stderr: 2).
using StatefulOptionsResult = std::variant<StatefulConfig, int>;
StatefulOptionsResult parse_stateful_options(int argc, char** argv);

}  // namespace smsfw::bench::stateful
