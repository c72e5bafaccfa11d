#pragma once
// The matching stage of one regex engine over PreparedViews: which rules match the texts of
// their slots. Every implementation reports every matching rule once (no early exit at the
// first match: a gateway that runs one regex per filter evaluates all its filters, and
// Hyperscan reports all matches), as indexes into PatternSet::rules().

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/message_views.h"

namespace smsfw::bench::engine {

// A rule an engine could not take, and why.
struct SkippedRule {
  std::uint32_t index = 0;
  std::string id;
  std::string reason;
};

// What building a matcher cost and what it holds.
struct MatcherStats {
  std::size_t rules = 0;         // rules compiled in
  double compile_seconds = 0;    // wall time
  std::size_t bytes = 0;         // program / database size (see each engine)
  std::vector<SkippedRule> skipped;
};

// One engine's matching stage; built (compiled) in the constructor of each implementation.
class Matcher {
 public:
  virtual ~Matcher() = default;
  // Appends the rules matching `views` to `hits` (unsorted; each at most once).
  virtual void match(const PreparedViews& views, std::vector<std::uint32_t>& hits) = 0;
  const MatcherStats& stats() const { return stats_; }

 protected:
  MatcherStats stats_;
};

}  // namespace smsfw::bench::engine
