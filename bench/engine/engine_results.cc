#include "engine/engine_results.h"

#include <algorithm>

#include "classify/measure.h"

namespace smsfw::bench::engine {

std::string_view engine_name(EngineKind k) {
  switch (k) {
    case EngineKind::hyperscan: return "Hyperscan";
    case EngineKind::re2_set: return "RE2::Set";
    case EngineKind::pcre2_loop: return "PCRE2 loop";
    case EngineKind::classify: return "classify()";
  }
  return "?";
}

std::string_view text_set_name(TextSet s) { return s == TextSet::ordinary ? "ordinary" : "near-match"; }

double Cell::ns() const { return classify::median(ns_rounds); }
double Cell::min_ns() const { return ns_rounds.empty() ? 0 : *std::min_element(ns_rounds.begin(), ns_rounds.end()); }

}  // namespace smsfw::bench::engine
