#pragma once
// The correctness check behind the comparison: on the same prepared texts the engines must
// report the same set of matching rules per message, counting only the rules every engine
// compiled (`common`). A disagreement means the translation (translation.h) is wrong.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/matcher.h"

namespace smsfw::bench::engine {

struct CrossCheck {
  std::size_t messages = 0;
  std::size_t disagreements = 0;         // messages where some engine's set differs
  std::vector<std::uint64_t> matches;    // per engine: rules matched, summed over the messages
  std::vector<std::string> examples;     // the first few disagreements, readable
};

// Matches views[0..limit) with every engine. `common[r]`: rule index r counts. `names` label the
// engines in the examples; `rule_ids[r]` is rule r's YAML id.
CrossCheck cross_check(const std::vector<Matcher*>& engines, const std::vector<std::string>& names,
                       const std::vector<PreparedViews>& views, std::size_t limit, const std::vector<bool>& common,
                       const std::vector<std::string>& rule_ids);

// The sorted, distinct hits of one engine on one message, restricted to `common`.
std::vector<std::uint32_t> matched_rules(Matcher& engine, const PreparedViews& views, const std::vector<bool>& common);

}  // namespace smsfw::bench::engine
