#pragma once
// classify-bench's settings, parsed once from the command line.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace smsfw::bench::classify {

// Where the SMS Spam Collection is on the development machines (absent from a fresh clone).
inline constexpr const char* kDefaultCorpus = "/work/shared/corpus/sms-spam-collection/SMSSpamCollection";

// The message subsets measured: every message, the English corpus lines, the Thai messages.
enum class Subset : std::uint8_t { all, en, th };

struct ClassifyConfig {
  std::filesystem::path corpus = kDefaultCorpus;
  bool corpus_given = false;                 // --corpus was on the command line
  std::vector<std::size_t> rule_counts;      // sorted, distinct; 0 included unless --no-baselines
  double seconds = 2.0;                      // per measurement and round
  unsigned rounds = 1;                       // the whole sequence repeated; medians reported
  std::size_t thai = 2000;                   // generated Thai messages (0: none)
  std::uint64_t seed = 1;
  std::vector<Subset> subsets{Subset::all, Subset::en, Subset::th};
  bool baselines = true;                     // the 0-rule engine and the decode-only loop
  bool json = false;
  bool keep_rules = false;                   // leave the generated directories on disk
  bool breakdown = false;                    // also time classify()'s stages alone (breakdown.h)
};

// Settings to run with, or an exit code (help printed: 0; usage error reported on stderr: 2).
using ClassifyOptionsResult = std::variant<ClassifyConfig, int>;
ClassifyOptionsResult parse_classify_options(int argc, char** argv);

// "0,1000,10000" (several values, comma separated; each 0..kMaxRules) appended to `out`.
// Throws std::invalid_argument naming the bad value.
void parse_rule_list(const std::string& text, std::vector<std::size_t>& out);

}  // namespace smsfw::bench::classify
