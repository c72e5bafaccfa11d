#include "app/campaign_aggregation.h"

#include <vector>

#include <spdlog/spdlog.h>

namespace smsfw::app {

void CampaignAggregation::aggregate(std::uint64_t now_seconds) {
  const auto snapshot = engine_.snapshot();
  const filters::CampaignConfig& c = snapshot->set->campaign();
  if (!c.present) {
    settings_.reset();
    return;
  }
  settings_ = filters::campaign::CampaignDetector::Settings{c.threshold, c.window_seconds};
  const auto report = detector_.aggregate(now_seconds, *settings_);
  if (report.table_reset)
    spdlog::info("campaign {}: window changed to {} min: counting afresh", c.id, c.window_seconds / 60);
  if (report.newly_flagged > 0)
    spdlog::info("campaign {}: {} new cluster{} of near-duplicate texts reached {} distinct destinations within "
                 "{} min ({} flagged, action {})",
                 c.id, report.newly_flagged, report.newly_flagged == 1 ? "" : "s", c.threshold,
                 c.window_seconds / 60, report.flagged, filters::to_string(c.action));
  // Full rings (an aggregator that cannot keep up) lose observations: said at most once a minute.
  const std::uint64_t dropped = detector_.dropped();
  if (dropped > dropped_logged_ && now_seconds >= last_drop_log_ + 60) {
    spdlog::warn("campaign {}: {} observations dropped so far (rings full: counting lags the traffic)", c.id,
                 dropped);
    dropped_logged_ = dropped;
    last_drop_log_ = now_seconds;
  }
}

void CampaignAggregation::exchange(gateway::shared::RedisLink& link, std::uint64_t now_seconds) {
  if (!settings_) return;
  std::vector<filters::campaign::CampaignDetector::ShareEntry> shares = detector_.take_shares();
  if (shares.empty()) return;
  if (!exchange_) exchange_.emplace(link);
  std::vector<gateway::shared::CampaignExchange::Entry> entries;
  entries.reserve(shares.size());
  for (auto& s : shares) entries.push_back({s.exact, s.destinations});
  // Redis down: the local counts stand (the link has logged it); these destinations are not
  // shared, which other instances see as a smaller reach.
  if (const auto estimates = exchange_->exchange(entries, settings_->window_seconds, now_seconds))
    detector_.apply_shared(shares, *estimates, now_seconds);
}

}  // namespace smsfw::app
