#pragma once
// engine-bench's view of a compiled pattern set: every pattern rule with the text it is matched
// against (a "slot": field and the view of the database it is compiled into) and the Hyperscan
// flags smsfw compiles it with. RE2 and PCRE2 are given exactly these (translation.h).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "patterns/pattern_set.h"
#include "patterns/rule.h"

namespace smsfw::bench::engine {

// A (field, view) pair as one index, the same numbering PatternSet uses for its databases.
inline constexpr std::size_t kSlotCount = filters::kFieldCount * filters::kViewCount;
constexpr std::size_t slot_of(filters::Field f, filters::View v) {
  return static_cast<std::size_t>(f) * filters::kViewCount + static_cast<std::size_t>(v);
}
filters::Field slot_field(std::size_t slot);
filters::View slot_view(std::size_t slot);
// "body/normalized", "url/normalized", ...
std::string slot_name(std::size_t slot);

// One rule as the engine compiles it.
struct TargetRule {
  std::uint32_t index = 0;  // in PatternSet::rules(), also its Hyperscan id
  std::string id;           // the YAML id, for reports
  std::size_t slot = 0;     // the database (and so the text) it is matched against
  std::string pattern;      // as written (Hyperscan syntax)
  unsigned hs_flags = 0;    // the flags of the engine's compile (engine_flags)
};

// The flags PatternSet::compile() gives a rule: its own | SINGLEMATCH, plus UTF8 | CASELESS for
// the normalized and squeezed views, plus MULTILINE for the url and destination fields.
// Reproduced from filters/patterns/pattern_set.cc (compile_flags() is file-local there); the
// cross-check (tests/bench/engine) would catch a drift, as the engine's own databases are what
// Hyperscan runs here.
unsigned engine_flags(const filters::Rule& r);
// The database view of a rule: url rules share one rendering (View::normalized).
filters::View database_view(const filters::Rule& r);

// Every non-synthetic pattern rule of `set`, in index order. List rules (`lists:`) are not
// translated (the generated directories have none); `list_rules` counts them.
std::vector<TargetRule> target_rules(const filters::PatternSet& set, std::size_t* list_rules = nullptr);

}  // namespace smsfw::bench::engine
