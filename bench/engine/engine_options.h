#pragma once
// engine-bench's settings, parsed once from the command line.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <variant>
#include <vector>

namespace smsfw::bench::engine {

struct EngineBenchConfig {
  std::filesystem::path corpus;               // default: classify-bench's kDefaultCorpus
  bool corpus_given = false;
  std::vector<std::size_t> rule_counts;       // sorted, distinct, each 1..kMaxRules
  double seconds = 1.0;                       // CPU seconds per measurement and round
  unsigned rounds = 3;                        // min and median reported
  std::size_t thai = 2000;                    // generated Thai messages in the ordinary set
  std::size_t near = 2000;                    // near-match-dense messages
  std::size_t check = 300;                    // messages per set cross-checked (0: none)
  std::int64_t re2_max_mem = std::int64_t{4} << 30;  // RE2::Options::max_mem of each set (bytes)
  std::uint64_t seed = 1;
  bool quick = false;
  bool json = false;
};

// Settings to run with, or an exit code (help printed: 0; usage error reported on stderr: 2).
using EngineOptionsResult = std::variant<EngineBenchConfig, int>;
EngineOptionsResult parse_engine_options(int argc, char** argv);

}  // namespace smsfw::bench::engine
