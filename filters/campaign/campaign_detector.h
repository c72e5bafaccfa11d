#pragma once
// Campaign detection as the data path uses it: worker threads fingerprint each message and push
// (fingerprint, destination) observations into their own lock-free ring; one aggregator thread
// drains the rings into the CampaignTable (distinct destinations per near-duplicate cluster in a
// sliding window) and publishes the clusters at or over the threshold as a FlaggedClusters
// snapshot, which workers consult per message with one relaxed load. So the per-message cost on a
// worker is the fingerprint (~1 us), one flagged-set lookup and one ring push; the table's cost
// (~1 us for a repeated text, up to ~15-18 us for a new one at a million clusters:
// bench/README.md, stateful-bench) is the aggregator's alone, off the data path.
//
// Consequences, documented for operators: a campaign is flagged from the aggregation after the
// message that crossed the threshold (every `aggregate()` call: 200 ms in the proxy, each
// message in `smsfw scan`), so the first messages past the threshold may pass with no campaign
// verdict; a message whose ring is full is not counted (counted in dropped()).
//
// Sharing across instances (Redis, gateway/shared): clusters whose local estimate reaches
// share_from() queue their new destinations keyed by the masked text's exact hash
// (pending_shares()); the exchange returns the union count over all instances, applied with
// apply_shared(). Across instances, texts therefore meet when their masked texts are identical
// (numbers, URL paths, names and tracking codes already masked); near duplicates with a word
// changed are merged within each instance only.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "campaign/campaign_table.h"
#include "campaign/flagged_clusters.h"
#include "campaign/observation_ring.h"

namespace smsfw::filters::campaign {

class CampaignDetector {
 public:
  struct Options {
    std::size_t capacity = 1 << 20;     // clusters in the table (184 bytes each)
    std::size_t producers = 1;          // rings: one per worker thread
    std::size_t ring_capacity = 1 << 16;  // observations per ring between two aggregations
    bool share = false;                 // queue pending_shares() for an exchange with other instances
  };
  // What a pattern set asks for (CampaignConfig); may change at each aggregate().
  struct Settings {
    std::uint32_t threshold = 100;
    std::uint32_t window_seconds = 3600;
  };
  // New destinations of one shared text since the last exchange.
  struct ShareEntry {
    std::uint64_t exact = 0;           // the masked text's exact hash: the shared key
    std::uint32_t cluster = 0;         // the local cluster it joined
    std::uint64_t representative = 0;  // that cluster's representative when queued
    std::vector<std::uint64_t> destinations;
  };
  struct Report {
    std::size_t observed = 0;       // observations drained this call
    std::size_t newly_flagged = 0;  // clusters that crossed the threshold this call
    std::size_t flagged = 0;        // clusters flagged after this call
    bool table_reset = false;       // the window changed: the table started afresh
  };

  explicit CampaignDetector(Options options);
  CampaignDetector(const CampaignDetector&) = delete;
  CampaignDetector& operator=(const CampaignDetector&) = delete;

  // Producer side: producer `i`'s ring (one thread per ring), and the snapshot to consult.
  bool observe(std::size_t producer, const Fingerprint& fp, std::uint64_t destination_hash,
               std::uint64_t now_seconds);
  const FlaggedPublisher& flagged() const { return publisher_; }
  std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

  // Aggregator side (one thread): drains every ring into the table and republishes the flagged
  // clusters when they changed (new ones, or ones whose window count fell below the threshold).
  Report aggregate(std::uint64_t now_seconds, const Settings& settings);

  // Sharing (Options::share): the entries queued by the aggregations since the last call to
  // take_shares(), moved out; then apply_shared() with the union estimate of each (same order).
  std::vector<ShareEntry> take_shares();
  void apply_shared(std::span<const ShareEntry> entries, std::span<const std::uint32_t> estimates,
                    std::uint64_t now_seconds);
  // Local estimate from which a cluster's destinations are shared: threshold / 16, at least 2.
  // Lower shares more (Redis load); higher undercounts a campaign spread over N instances by up
  // to N * share_from destinations.
  static std::uint32_t share_from(std::uint32_t threshold) { return threshold / 16 > 2 ? threshold / 16 : 2; }

  std::size_t memory_bytes() const;
  const CampaignTable& table() const { return *table_; }

 private:
  void consider(std::uint32_t cluster, std::uint32_t distinct, const Fingerprint& fp, std::uint64_t dest,
                std::uint64_t now, const Settings& settings, Report& report);
  void refresh_flagged(std::uint64_t now, const Settings& settings, Report& report);

  Options options_;
  std::unique_ptr<CampaignTable> table_;
  std::uint32_t window_seconds_ = 0;
  std::vector<std::unique_ptr<ObservationRing>> rings_;
  FlaggedPublisher publisher_;
  std::atomic<std::uint64_t> dropped_{0};

  struct Flagged {
    std::uint32_t cluster;
    FlaggedCluster info;
  };
  std::vector<Flagged> flagged_;       // the clusters in the published snapshot
  std::vector<std::uint8_t> is_flagged_;  // per cluster slot
  std::uint64_t next_id_ = 1;
  std::uint64_t last_refresh_ = 0;
  std::vector<ShareEntry> shares_;
  std::vector<std::uint32_t> share_index_;  // shares_ index + 1 per cluster slot this round (0: none)
};

}  // namespace smsfw::filters::campaign
