#pragma once
// RE2::Set: one set per slot and encoding (UTF-8 or Latin-1 byte semantics), unanchored, each
// rule translated by translate_for_re2. Match() runs the set's DFA; when the DFA exhausts its
// memory budget (max_mem) Match() fails with ErrorInfo kOutOfMemory: those calls are counted
// (dfa_failures), the message then has no RE2 matches for that slot.

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/matcher.h"
#include "engine/target_rules.h"

namespace re2 {
class RE2;
}

namespace smsfw::bench::engine {

// The RE2::Set side of the comparison (see above).
class Re2Matcher final : public Matcher {
 public:
  // Adds rules[i] for every i with include[i]. max_mem: RE2::Options::max_mem of every set
  // (RE2 gives about 2/3 of it to the compiled program, the rest to the DFA cache).
  // stats().bytes: heap allocated while adding and compiling (heap_usage.h).
  Re2Matcher(const std::vector<TargetRule>& rules, const std::vector<bool>& include, std::int64_t max_mem);
  ~Re2Matcher() override;

  void match(const PreparedViews& views, std::vector<std::uint32_t>& hits) override;

  // Match() calls that failed because the DFA ran out of memory, since construction.
  std::uint64_t dfa_failures() const { return dfa_failures_; }
  std::size_t sets() const { return sets_.size(); }

 private:
  struct OneSet;
  std::vector<std::unique_ptr<OneSet>> sets_;
  std::vector<int> scratch_;
  std::uint64_t dfa_failures_ = 0;
};

}  // namespace smsfw::bench::engine
