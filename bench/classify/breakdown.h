#pragma once
// classify-bench --breakdown: the stages of classify() timed one at a time with the engine's own
// building blocks (text::decode, Normalizer, UrlExtractor, SenderPolicy behind a SenderCheckCache
// as the Classifier uses it, hs_scan on each (field, view) database), each over inputs
// precomputed by the previous stages, so the table says
// how many of classify()'s nanoseconds each stage takes. Every stage runs on the messages where
// classify() runs it (e.g. the url scan only where URLs were found) and its time is divided by
// the number of messages in the subset, so the stages add up to roughly classify()'s ns/message;
// the rest is classify()'s own work (verdict reset, hit bookkeeping, decision) and cache effects
// of running the stages together.

#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/message_input.h"

namespace smsfw::bench::classify {

struct StageTime {
  std::string name;       // "decode", "normalize", "scan body/normalized", ...
  double ns_per_message;  // stage time over the subset / messages in the subset
  std::size_t runs;       // messages of one pass the stage runs on
  std::uint64_t matches;  // Hyperscan matches in one pass (scans only)
  bool in_sum = true;     // false: a comparison row, not a stage of classify()
};

// Times each stage for `seconds` over `inputs`, judged by `engine`'s current snapshot.
std::vector<StageTime> time_stages(const filters::Engine& engine, const std::vector<filters::MessageInput>& inputs,
                                   double seconds);

}  // namespace smsfw::bench::classify
