#include "engine/target_rules.h"

#include <hs/hs.h>

namespace smsfw::bench::engine {

using filters::Field;
using filters::View;

Field slot_field(std::size_t slot) { return static_cast<Field>(slot / filters::kViewCount); }
View slot_view(std::size_t slot) { return static_cast<View>(slot % filters::kViewCount); }

std::string slot_name(std::size_t slot) {
  return std::string(filters::to_string(slot_field(slot))) + "/" + std::string(filters::to_string(slot_view(slot)));
}

View database_view(const filters::Rule& r) { return r.field == Field::url ? View::normalized : r.view; }

unsigned engine_flags(const filters::Rule& r) {
  unsigned f = r.hs_flags | HS_FLAG_SINGLEMATCH;
  if (database_view(r) != View::raw) f |= HS_FLAG_UTF8 | HS_FLAG_CASELESS;
  if (r.field == Field::destination || r.field == Field::url) f |= HS_FLAG_MULTILINE;
  return f;
}

std::vector<TargetRule> target_rules(const filters::PatternSet& set, std::size_t* list_rules) {
  std::vector<TargetRule> out;
  std::size_t lists = 0;
  const auto& rules = set.rules();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const filters::Rule& r = rules[i];
    if (r.synthetic) continue;
    if (r.is_list()) {
      ++lists;
      continue;
    }
    out.push_back({static_cast<std::uint32_t>(i), r.id, slot_of(r.field, database_view(r)), r.pattern, engine_flags(r)});
  }
  if (list_rules) *list_rules = lists;
  return out;
}

}  // namespace smsfw::bench::engine
