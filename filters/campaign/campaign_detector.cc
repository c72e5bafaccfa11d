#include "campaign/campaign_detector.h"

#include <algorithm>

namespace smsfw::filters::campaign {

namespace {
// How often flagged clusters are re-counted (a window's count falls as its half-windows age out).
constexpr std::uint64_t kRefreshSeconds = 1;
// Bounds on one exchange's batch: beyond them, new destinations wait for the next round.
constexpr std::size_t kMaxShareEntries = 4096;
constexpr std::size_t kMaxDestinationsPerEntry = 256;
}  // namespace

CampaignDetector::CampaignDetector(Options options) : options_(options) {
  rings_.reserve(options_.producers);
  for (std::size_t i = 0; i < options_.producers; ++i)
    rings_.push_back(std::make_unique<ObservationRing>(options_.ring_capacity));
}

bool CampaignDetector::observe(std::size_t producer, const Fingerprint& fp, std::uint64_t destination_hash,
                               std::uint64_t now_seconds) {
  if (rings_[producer]->try_push({fp, destination_hash, now_seconds})) return true;
  dropped_.fetch_add(1, std::memory_order_relaxed);
  return false;
}

CampaignDetector::Report CampaignDetector::aggregate(std::uint64_t now_seconds, const Settings& settings) {
  Report report;
  const std::uint32_t window = std::max<std::uint32_t>(settings.window_seconds, 2);
  if (!table_ || window != window_seconds_) {
    // The first call, or a reload changed the window: counts of the old window cannot be
    // converted, so the table starts afresh (and so does the flagged set).
    report.table_reset = static_cast<bool>(table_);
    table_ = std::make_unique<CampaignTable>(CampaignTable::Options{options_.capacity, window});
    window_seconds_ = window;
    is_flagged_.assign(table_->capacity(), 0);
    share_index_.assign(table_->capacity(), 0);
    if (!flagged_.empty()) {
      flagged_.clear();
      publisher_.publish(std::make_shared<const FlaggedClusters>());
    }
  }
  for (auto& ring : rings_) {
    report.observed += ring->drain([&](const PendingObservation& o) {
      const CampaignTable::Observation ob = table_->observe(o.fp, o.destination_hash, o.time_seconds);
      consider(ob.cluster, ob.distinct, o.fp, o.destination_hash, now_seconds, settings, report);
    });
  }
  refresh_flagged(now_seconds, settings, report);
  report.flagged = flagged_.size();
  return report;
}

void CampaignDetector::consider(std::uint32_t cluster, std::uint32_t distinct, const Fingerprint& fp,
                                std::uint64_t dest, std::uint64_t now, const Settings& settings, Report& report) {
  if (distinct >= settings.threshold && !is_flagged_[cluster]) {
    is_flagged_[cluster] = 1;
    flagged_.push_back({cluster, {table_->representative(cluster), fp.exact, distinct, next_id_++}});
    ++report.newly_flagged;
  }
  if (!options_.share || distinct < share_from(settings.threshold)) return;
  std::uint32_t& index = share_index_[cluster];
  if (index == 0 || shares_[index - 1].exact != fp.exact) {
    // One entry per (cluster, text) this round; a cluster's other texts look for their own.
    auto it = std::find_if(shares_.begin(), shares_.end(),
                           [&](const ShareEntry& e) { return e.cluster == cluster && e.exact == fp.exact; });
    if (it == shares_.end()) {
      if (shares_.size() >= kMaxShareEntries) return;
      shares_.push_back({fp.exact, cluster, table_->representative(cluster), {}});
      it = shares_.end() - 1;
    }
    index = static_cast<std::uint32_t>(it - shares_.begin()) + 1;
  }
  ShareEntry& e = shares_[index - 1];
  if (e.destinations.size() < kMaxDestinationsPerEntry) e.destinations.push_back(dest);
  (void)now;
}

void CampaignDetector::refresh_flagged(std::uint64_t now, const Settings& settings, Report& report) {
  bool changed = report.newly_flagged > 0;
  if (now >= last_refresh_ + kRefreshSeconds) {
    last_refresh_ = now;
    // A cluster leaves the flagged set when its window count fell below the threshold, or when
    // its slot now holds another cluster (evicted and reused).
    const auto gone = [&](Flagged& f) {
      const bool keep = table_->representative(f.cluster) == f.info.simhash &&
                        table_->estimate(f.cluster, now) >= settings.threshold;
      if (!keep) is_flagged_[f.cluster] = 0;
      return !keep;
    };
    const std::size_t before = flagged_.size();
    flagged_.erase(std::remove_if(flagged_.begin(), flagged_.end(), gone), flagged_.end());
    changed = changed || flagged_.size() != before;
  }
  if (!changed) return;
  std::vector<FlaggedCluster> list;
  list.reserve(flagged_.size());
  for (const Flagged& f : flagged_) list.push_back(f.info);
  publisher_.publish(std::make_shared<const FlaggedClusters>(std::move(list)));
}

std::vector<CampaignDetector::ShareEntry> CampaignDetector::take_shares() {
  for (const ShareEntry& e : shares_) share_index_[e.cluster] = 0;
  std::vector<ShareEntry> out;
  out.swap(shares_);
  return out;
}

void CampaignDetector::apply_shared(std::span<const ShareEntry> entries, std::span<const std::uint32_t> estimates,
                                    std::uint64_t now_seconds) {
  if (!table_) return;
  const std::size_t n = std::min(entries.size(), estimates.size());
  for (std::size_t i = 0; i < n; ++i) {
    const ShareEntry& e = entries[i];
    if (e.cluster >= table_->capacity() || table_->representative(e.cluster) != e.representative) continue;
    table_->set_shared_estimate(e.cluster, estimates[i], now_seconds);
  }
}

std::size_t CampaignDetector::memory_bytes() const {
  std::size_t bytes = table_ ? table_->memory_bytes() : 0;
  bytes += rings_.size() * options_.ring_capacity * sizeof(PendingObservation);
  bytes += is_flagged_.capacity() + share_index_.capacity() * sizeof(std::uint32_t);
  return bytes;
}

}  // namespace smsfw::filters::campaign
