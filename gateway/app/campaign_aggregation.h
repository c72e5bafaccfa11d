#pragma once
// The aggregator side of campaign detection in `smsfw run`: called on the shared-state thread
// (gateway/shared/shared_state_thread.h) every exchange interval, it counts what the workers
// observed under the current pattern set's campaign settings, logs clusters that reach the
// threshold (their size only: no text, no number is logged), and, with Redis configured,
// exchanges the shared clusters' destinations with the other instances.

#include <cstdint>
#include <optional>

#include "campaign/campaign_detector.h"
#include "engine/engine.h"
#include "shared/campaign_exchange.h"
#include "shared/redis_link.h"

namespace smsfw::app {

class CampaignAggregation {
 public:
  // Both must outlive the aggregation.
  CampaignAggregation(const filters::Engine& engine, filters::campaign::CampaignDetector& detector)
      : engine_(engine), detector_(detector) {}

  // One aggregation at `now_seconds` (Unix time); nothing without a campaign document.
  void aggregate(std::uint64_t now_seconds);
  // One exchange of the queued shares through `link` (same thread as aggregate()).
  void exchange(gateway::shared::RedisLink& link, std::uint64_t now_seconds);

 private:
  const filters::Engine& engine_;
  filters::campaign::CampaignDetector& detector_;
  std::optional<filters::campaign::CampaignDetector::Settings> settings_;  // of the last aggregate()
  std::optional<gateway::shared::CampaignExchange> exchange_;
  std::uint64_t dropped_logged_ = 0;
  std::uint64_t last_drop_log_ = 0;
};

}  // namespace smsfw::app
