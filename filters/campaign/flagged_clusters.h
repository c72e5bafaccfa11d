#pragma once
// The clusters currently over the campaign threshold, as an immutable snapshot that worker
// threads consult per message without locks, and its publication.
//
// The aggregator (owner of the CampaignTable) builds a new FlaggedClusters from its list of
// flagged clusters and publishes it; each worker thread holds a FlaggedReader that re-takes the
// snapshot only when the publisher's generation changed (the pattern of filters/engine/engine.h:
// one relaxed load per message, the mutex and the shared_ptr copy only after a publish).
//
// Lookup: exact hash first (sorted vector), then the 9 lsh_bands.h band keys (sorted vector of
// key -> cluster), candidates checked by hamming; the nearest within kNearDuplicateBits wins.
// Each 7-8 bit band key is shared by ~1/128 of the flagged clusters, so a lookup checks about
// 7% of them: fine for the few hundred or thousand clusters flagged at a time, not meant for a
// whole CampaignTable. find() allocates nothing.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "campaign/fingerprint.h"

namespace smsfw::filters::campaign {

struct FlaggedCluster {
  std::uint64_t simhash = 0;   // representative SimHash
  std::uint64_t exact = 0;     // representative exact hash
  std::uint32_t distinct = 0;  // distinct-destination estimate when flagged
  std::uint64_t id = 0;        // stable id chosen by the aggregator (logs, Redis keys)
};

class FlaggedClusters {
 public:
  FlaggedClusters() = default;
  explicit FlaggedClusters(std::vector<FlaggedCluster> clusters);

  // The flagged cluster with fp's exact hash, else the nearest one within kNearDuplicateBits of
  // fp.simhash; nullptr when none. The pointer lives as long as this snapshot.
  const FlaggedCluster* find(const Fingerprint& fp) const;

  std::size_t size() const { return clusters_.size(); }
  const std::vector<FlaggedCluster>& clusters() const { return clusters_; }

 private:
  struct Key {
    std::uint64_t key;
    std::uint32_t index;
  };
  std::vector<FlaggedCluster> clusters_;
  std::vector<Key> exact_;  // sorted by key
  std::vector<Key> bands_;  // sorted by key: every cluster under its kBandCount band keys
};

// Publishes snapshots to FlaggedReaders. Thread-safe.
class FlaggedPublisher {
 public:
  FlaggedPublisher() : current_(std::make_shared<const FlaggedClusters>()) {}
  // Makes `snapshot` (not null) the current one; readers switch at their next message.
  void publish(std::shared_ptr<const FlaggedClusters> snapshot);
  std::shared_ptr<const FlaggedClusters> current() const;
  std::uint64_t generation() const { return generation_.load(std::memory_order_relaxed); }

 private:
  friend class FlaggedReader;
  mutable std::mutex mutex_;
  std::shared_ptr<const FlaggedClusters> current_;
  std::atomic<std::uint64_t> generation_{0};
};

// One per thread: a cached reference to the publisher's current snapshot. Not thread-safe.
class FlaggedReader {
 public:
  explicit FlaggedReader(const FlaggedPublisher& publisher) : publisher_(publisher) { refresh(); }
  // The current snapshot: one relaxed load unless a publish happened since the last call.
  const FlaggedClusters& get() {
    if (publisher_.generation_.load(std::memory_order_relaxed) != generation_) refresh();
    return *snapshot_;
  }

 private:
  void refresh();
  const FlaggedPublisher& publisher_;
  std::shared_ptr<const FlaggedClusters> snapshot_;
  std::uint64_t generation_ = 0;
};

}  // namespace smsfw::filters::campaign
