#pragma once
// A loop of one PCRE2 regex per rule, as a gateway that keeps one regex per filter runs it: for
// every present slot, pcre2_match of each of that slot's rules over the slot's text, with one
// reused match_data, collecting every match (no stop at the first). Patterns are JIT-compiled
// (PCRE2_JIT_COMPLETE); pcre2_match() then runs the JIT code. A rule whose JIT compile fails
// still runs, interpreted, and is counted (jit_failures).

#include <cstdint>
#include <vector>

#include "engine/matcher.h"
#include "engine/target_rules.h"

struct pcre2_real_code_8;
struct pcre2_real_match_data_8;

namespace smsfw::bench::engine {

// The PCRE2 loop of the comparison (see above).
class Pcre2Matcher final : public Matcher {
 public:
  // Compiles rules[i] for every i with include[i]. stats().bytes: PCRE2_INFO_SIZE +
  // PCRE2_INFO_JITSIZE summed over the rules.
  Pcre2Matcher(const std::vector<TargetRule>& rules, const std::vector<bool>& include);
  ~Pcre2Matcher() override;
  Pcre2Matcher(const Pcre2Matcher&) = delete;
  Pcre2Matcher& operator=(const Pcre2Matcher&) = delete;

  void match(const PreparedViews& views, std::vector<std::uint32_t>& hits) override;

  std::size_t jit_failures() const { return jit_failures_; }
  std::size_t jit_bytes() const { return jit_bytes_; }
  // pcre2_match() results other than a match or PCRE2_ERROR_NOMATCH (limits hit), since
  // construction.
  std::uint64_t match_errors() const { return match_errors_; }

 private:
  struct Compiled {
    pcre2_real_code_8* code = nullptr;
    std::uint32_t rule = 0;
    std::uint32_t match_options = 0;  // PCRE2_NO_UTF_CHECK for UTF patterns (the views are valid UTF-8)
  };
  std::vector<std::vector<Compiled>> by_slot_;  // kSlotCount entries
  pcre2_real_match_data_8* match_data_ = nullptr;
  std::size_t jit_failures_ = 0;
  std::size_t jit_bytes_ = 0;
  std::uint64_t match_errors_ = 0;
};

}  // namespace smsfw::bench::engine
