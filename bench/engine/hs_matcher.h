#pragma once
// Hyperscan: one hs_scan per present slot, over the engine's own databases (exactly what smsfw
// runs; the Classifier's per-account and TON filtering of hits is not part of this stage), or
// over databases compiled here from a subset of the rules with the engine's flags and ids (when
// RE2 or PCRE2 had to skip rules and the comparison runs on the rules all engines accept).

#include <array>
#include <vector>

#include "engine/matcher.h"
#include "engine/target_rules.h"

struct hs_database;
struct hs_scratch;

namespace smsfw::bench::engine {

// The Hyperscan side of the comparison (see above).
class HsMatcher final : public Matcher {
 public:
  // Borrows `set`'s databases (`set` must outlive the matcher). stats().bytes is
  // PatternSet::database_bytes(); compile_seconds is left 0 (the caller knows the load time).
  explicit HsMatcher(const filters::PatternSet& set);
  // Compiles rules[i] for every i with include[i], one database per slot (hs_compile_multi).
  // Throws std::runtime_error when Hyperscan refuses them.
  HsMatcher(const std::vector<TargetRule>& rules, const std::vector<bool>& include);
  ~HsMatcher() override;
  HsMatcher(const HsMatcher&) = delete;
  HsMatcher& operator=(const HsMatcher&) = delete;

  void match(const PreparedViews& views, std::vector<std::uint32_t>& hits) override;

 private:
  const filters::PatternSet* set_ = nullptr;  // borrowed databases; maps ids with rule_of()
  std::array<hs_database*, kSlotCount> own_{};
  std::array<const hs_database*, kSlotCount> db_{};
  hs_scratch* scratch_ = nullptr;
};

}  // namespace smsfw::bench::engine
