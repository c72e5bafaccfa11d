#include "engine/hs_matcher.h"

#include <chrono>
#include <stdexcept>

#include <hs/hs.h>

namespace smsfw::bench::engine {

namespace {

struct HitContext {
  const filters::PatternSet* set;
  std::vector<std::uint32_t>* hits;
};

int on_match(unsigned int id, unsigned long long, unsigned long long, unsigned int, void* ctx_ptr) {
  auto& ctx = *static_cast<HitContext*>(ctx_ptr);
  ctx.hits->push_back(static_cast<std::uint32_t>(ctx.set ? ctx.set->rule_of(id) : id));
  return 0;
}

}  // namespace

HsMatcher::HsMatcher(const filters::PatternSet& set) : set_(&set) {
  for (std::size_t s = 0; s < kSlotCount; ++s) db_[s] = set.database(slot_field(s), slot_view(s));
  if (set.prototype_scratch() && hs_clone_scratch(set.prototype_scratch(), &scratch_) != HS_SUCCESS)
    throw std::runtime_error("hs_clone_scratch failed");
  stats_.bytes = set.database_bytes();
  for (const auto& r : set.rules()) stats_.rules += r.synthetic ? 0 : 1;
}

HsMatcher::HsMatcher(const std::vector<TargetRule>& rules, const std::vector<bool>& include) {
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t s = 0; s < kSlotCount; ++s) {
    std::vector<const char*> patterns;
    std::vector<unsigned> flags, ids;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      if (!include[i] || rules[i].slot != s) continue;
      patterns.push_back(rules[i].pattern.c_str());
      flags.push_back(rules[i].hs_flags);
      ids.push_back(rules[i].index);
    }
    if (patterns.empty()) continue;
    hs_compile_error_t* err = nullptr;
    if (hs_compile_multi(patterns.data(), flags.data(), ids.data(), static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK,
                         nullptr, &own_[s], &err) != HS_SUCCESS) {
      const std::string message = err ? err->message : "hs_compile_multi failed";
      hs_free_compile_error(err);
      throw std::runtime_error("Hyperscan, " + slot_name(s) + ": " + message);
    }
    db_[s] = own_[s];
    stats_.rules += patterns.size();
    std::size_t size = 0;
    hs_database_size(own_[s], &size);
    stats_.bytes += size;
    if (hs_alloc_scratch(own_[s], &scratch_) != HS_SUCCESS) throw std::runtime_error("hs_alloc_scratch failed");
  }
  stats_.compile_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

HsMatcher::~HsMatcher() {
  if (scratch_) hs_free_scratch(scratch_);
  for (hs_database* d : own_)
    if (d) hs_free_database(d);
}

void HsMatcher::match(const PreparedViews& views, std::vector<std::uint32_t>& hits) {
  HitContext ctx{set_, &hits};
  for (std::size_t s = 0; s < kSlotCount; ++s) {
    if (!views.present[s] || !db_[s]) continue;
    const std::string& t = views.text[s];
    if (hs_scan(db_[s], t.data(), static_cast<unsigned>(t.size()), 0, scratch_, on_match, &ctx) != HS_SUCCESS)
      throw std::runtime_error("hs_scan failed on " + slot_name(s));
  }
}

}  // namespace smsfw::bench::engine
