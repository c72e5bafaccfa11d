#include "engine/cross_check.h"

#include <algorithm>

namespace smsfw::bench::engine {

std::vector<std::uint32_t> matched_rules(Matcher& engine, const PreparedViews& views, const std::vector<bool>& common) {
  std::vector<std::uint32_t> hits;
  engine.match(views, hits);
  std::erase_if(hits, [&](std::uint32_t r) { return r >= common.size() || !common[r]; });
  std::sort(hits.begin(), hits.end());
  hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
  return hits;
}

CrossCheck cross_check(const std::vector<Matcher*>& engines, const std::vector<std::string>& names,
                       const std::vector<PreparedViews>& views, std::size_t limit, const std::vector<bool>& common,
                       const std::vector<std::string>& rule_ids) {
  CrossCheck out;
  out.matches.assign(engines.size(), 0);
  const std::size_t n = std::min(limit, views.size());
  std::vector<std::vector<std::uint32_t>> sets(engines.size());
  auto id = [&](std::uint32_t r) { return r < rule_ids.size() ? rule_ids[r] : std::string("#").append(std::to_string(r)); };
  for (std::size_t m = 0; m < n; ++m) {
    ++out.messages;
    for (std::size_t e = 0; e < engines.size(); ++e) {
      sets[e] = matched_rules(*engines[e], views[m], common);
      out.matches[e] += sets[e].size();
    }
    bool agree = true;
    for (std::size_t e = 1; e < engines.size(); ++e) agree = agree && sets[e] == sets[0];
    if (agree) continue;
    ++out.disagreements;
    if (out.examples.size() >= 5) continue;
    // Appends only (GCC 12 warns falsely, -Wrestrict, on "literal" + std::string here).
    std::string ex = "message ";
    ex.append(std::to_string(m)).append(":");
    for (std::size_t e = 0; e < engines.size(); ++e) {
      ex.append(" ").append(names[e]).append(" {");
      for (std::size_t k = 0; k < sets[e].size(); ++k) ex.append(k ? "," : "").append(id(sets[e][k]));
      ex.append("}");
    }
    out.examples.push_back(std::move(ex));
  }
  return out;
}

}  // namespace smsfw::bench::engine
