#include "engine/pcre2_matcher.h"

#include <chrono>
#include <stdexcept>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "engine/translation.h"

namespace smsfw::bench::engine {

Pcre2Matcher::Pcre2Matcher(const std::vector<TargetRule>& rules, const std::vector<bool>& include)
    : by_slot_(kSlotCount) {
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (!include[i]) continue;
    const TargetRule& r = rules[i];
    const Pcre2Rule t = translate_for_pcre2(r);
    if (!t.skip.empty()) {
      stats_.skipped.push_back({r.index, r.id, t.skip});
      continue;
    }
    int error = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(r.pattern.data()), r.pattern.size(), t.options, &error,
                                     &offset, nullptr);
    if (!code) {
      PCRE2_UCHAR message[256];
      pcre2_get_error_message(error, message, sizeof message);
      stats_.skipped.push_back({r.index, r.id,
                                "PCRE2 does not compile it at offset " + std::to_string(offset) + ": " +
                                    reinterpret_cast<const char*>(message)});
      continue;
    }
    if (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) != 0) ++jit_failures_;
    std::size_t size = 0, jit = 0;
    pcre2_pattern_info(code, PCRE2_INFO_SIZE, &size);
    pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &jit);
    stats_.bytes += size + jit;
    jit_bytes_ += jit;
    by_slot_[r.slot].push_back({code, r.index, (t.options & PCRE2_UTF) ? PCRE2_NO_UTF_CHECK : 0u});
    ++stats_.rules;
  }
  match_data_ = pcre2_match_data_create(1, nullptr);
  if (!match_data_) throw std::bad_alloc();
  stats_.compile_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Pcre2Matcher::~Pcre2Matcher() {
  for (auto& slot : by_slot_)
    for (Compiled& c : slot) pcre2_code_free(c.code);
  pcre2_match_data_free(match_data_);
}

void Pcre2Matcher::match(const PreparedViews& views, std::vector<std::uint32_t>& hits) {
  for (std::size_t s = 0; s < kSlotCount; ++s) {
    if (!views.present[s]) continue;
    const std::string& t = views.text[s];
    const auto subject = reinterpret_cast<PCRE2_SPTR>(t.data());
    for (const Compiled& c : by_slot_[s]) {
      const int rc = pcre2_match(c.code, subject, t.size(), 0, c.match_options, match_data_, nullptr);
      if (rc >= 0) hits.push_back(c.rule);
      else if (rc != PCRE2_ERROR_NOMATCH) ++match_errors_;
    }
  }
}

}  // namespace smsfw::bench::engine
