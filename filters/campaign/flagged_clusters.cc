// Snapshot of flagged clusters and its publication (see flagged_clusters.h).
#include "campaign/flagged_clusters.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "campaign/lsh_bands.h"
#include "campaign/simhash.h"

namespace smsfw::filters::campaign {

FlaggedClusters::FlaggedClusters(std::vector<FlaggedCluster> clusters) : clusters_(std::move(clusters)) {
  exact_.reserve(clusters_.size());
  bands_.reserve(clusters_.size() * kBandCount);
  for (std::uint32_t i = 0; i < clusters_.size(); ++i) {
    exact_.push_back({clusters_[i].exact, i});
    for (std::uint64_t k : bands(clusters_[i].simhash)) bands_.push_back({k, i});
  }
  auto by_key = [](const Key& a, const Key& b) { return a.key < b.key || (a.key == b.key && a.index < b.index); };
  std::sort(exact_.begin(), exact_.end(), by_key);
  std::sort(bands_.begin(), bands_.end(), by_key);
}

const FlaggedCluster* FlaggedClusters::find(const Fingerprint& fp) const {
  auto lower = [](const std::vector<Key>& v, std::uint64_t key) {
    return std::lower_bound(v.begin(), v.end(), key, [](const Key& e, std::uint64_t k) { return e.key < k; });
  };
  if (auto it = lower(exact_, fp.exact); it != exact_.end() && it->key == fp.exact) return &clusters_[it->index];
  const FlaggedCluster* best = nullptr;
  int best_distance = kNearDuplicateBits + 1;
  for (std::uint64_t k : bands(fp.simhash)) {
    for (auto it = lower(bands_, k); it != bands_.end() && it->key == k; ++it) {
      const int d = hamming(clusters_[it->index].simhash, fp.simhash);
      if (d < best_distance) {
        best_distance = d;
        best = &clusters_[it->index];
      }
    }
  }
  return best;
}

void FlaggedPublisher::publish(std::shared_ptr<const FlaggedClusters> snapshot) {
  if (!snapshot) throw std::invalid_argument("FlaggedPublisher::publish: null snapshot");
  std::shared_ptr<const FlaggedClusters> old;
  {
    std::lock_guard lock(mutex_);
    old = std::exchange(current_, std::move(snapshot));
    generation_.fetch_add(1, std::memory_order_relaxed);
  }
  // `old` is released here, outside the lock (readers may still hold it).
}

std::shared_ptr<const FlaggedClusters> FlaggedPublisher::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

void FlaggedReader::refresh() {
  std::lock_guard lock(publisher_.mutex_);
  snapshot_ = publisher_.current_;
  generation_ = publisher_.generation_.load(std::memory_order_relaxed);
}

}  // namespace smsfw::filters::campaign
