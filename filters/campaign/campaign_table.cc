// Near-duplicate clusters with windowed distinct-destination sketches (see campaign_table.h).
#include "campaign/campaign_table.h"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace smsfw::filters::campaign {

struct CampaignTable::Slot {
  std::uint64_t exact = 0;      // exact hash of the representative
  std::uint32_t last_seen = 0;  // Unix seconds (low 32 bits) of the last observation
  std::uint32_t epoch = 0;      // half-window epoch of `current`
  std::uint32_t shared = 0;     // estimate from other instances for `epoch`
  std::uint8_t live = 0;        // 1 when the slot holds a cluster
  std::uint8_t indexed = 0;     // 1 when in the near-duplicate index
  std::uint8_t repeated = 0;    // 1 once observed a second time (stays indexed)
  std::uint8_t unused = 0;
  std::uint32_t generation = 0;  // incremented each time the slot receives a new cluster
  DistinctSketch current;
  DistinctSketch previous;      // half-window epoch - 1 (empty if that half saw nothing)
};

namespace {

constexpr int kBandLow[CampaignTable::kIndexBands + 1] = {0, 21, 42, 64};

std::uint64_t band_value(std::uint64_t simhash, int band) {
  const int width = kBandLow[band + 1] - kBandLow[band];
  return (simhash >> kBandLow[band]) & ((std::uint64_t{1} << width) - 1);
}

std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

CampaignTable::CampaignTable(Options options)
    : capacity_(options.capacity), window_(options.window_seconds), half_(options.window_seconds / 2) {
  if (capacity_ < kProbeSlots || capacity_ > (std::size_t{1} << 30)) throw std::invalid_argument("CampaignTable: bad capacity");
  if (window_ < 2) throw std::invalid_argument("CampaignTable: window_seconds must be at least 2");
  recent_size_ = std::min(capacity_, kRecentSingles);
  // Heads for the indexed clusters (repeated ones plus recent one-offs), not the whole table:
  // a quarter of the capacity, at least the recent one-offs. Chains grow only if most clusters
  // become repeated ones.
  const std::size_t heads = std::bit_ceil(std::max(recent_size_, capacity_ / 4));
  head_mask_ = heads - 1;
  recent_ = std::make_unique<Recent[]>(recent_size_);
  slots_ = std::make_unique<Slot[]>(capacity_);
  simhash_ = std::make_unique<std::uint64_t[]>(capacity_);
  next_ = std::make_unique<std::uint32_t[]>(capacity_ * kIndexBands);
  heads_ = std::make_unique<std::uint32_t[]>(heads * kIndexBands);
}

CampaignTable::~CampaignTable() = default;

std::size_t CampaignTable::memory_bytes() const {
  return capacity_ * (sizeof(Slot) + sizeof(std::uint64_t) + kIndexBands * sizeof(std::uint32_t)) +
         (head_mask_ + 1) * kIndexBands * sizeof(std::uint32_t) + recent_size_ * sizeof(Recent);
}

std::size_t CampaignTable::bucket(int band, std::uint64_t value) const {
  return static_cast<std::size_t>(band) * (head_mask_ + 1) + (mix(value + (std::uint64_t(band) << 32)) & head_mask_);
}

std::uint32_t CampaignTable::find_exact(std::uint64_t exact) const {
  const std::size_t home = mix(exact) % capacity_;
  for (int i = 0; i < kProbeSlots; ++i) {
    const std::size_t c = (home + i) % capacity_;
    if (slots_[c].live && slots_[c].exact == exact) return static_cast<std::uint32_t>(c);
  }
  return UINT32_MAX;
}

std::uint32_t CampaignTable::find_near(std::uint64_t simhash) const {
  // The chain of one bucket: the first representative within kNearDuplicateBits.
  auto scan = [&](int band, std::uint32_t e) -> std::uint32_t {
    for (; e != 0; e = next_[std::size_t{e - 1} * kIndexBands + band])
      if (hamming(simhash_[e - 1], simhash) <= kNearDuplicateBits) return e - 1;
    return UINT32_MAX;
  };
  std::uint64_t values[kIndexBands];
  for (int b = 0; b < kIndexBands; ++b) values[b] = band_value(simhash, b);
  // Radius 0 first (a near duplicate usually shares a band exactly).
  for (int b = 0; b < kIndexBands; ++b)
    if (auto c = scan(b, heads_[bucket(b, values[b])]); c != UINT32_MAX) return c;

  // Radius 1 then 2. The ~715 buckets are random cache misses in arrays far larger than the
  // cache, so they are gathered in three passes with software prefetch (the misses overlap
  // instead of being paid one after the other): bucket numbers, then heads, then the first
  // entry of each non-empty chain. Stack arrays: nothing is allocated.
  constexpr int kMaxWidth = 22;
  constexpr int kMaxProbes = kIndexBands * (kMaxWidth + kMaxWidth * (kMaxWidth - 1) / 2);
  constexpr int kAhead = 16;
  std::uint32_t buckets[kMaxProbes];
  std::uint8_t band_of[kMaxProbes];
  int n = 0;
  for (int radius = 1; radius <= 2; ++radius) {
    for (int b = 0; b < kIndexBands; ++b) {
      const int width = kBandLow[b + 1] - kBandLow[b];
      for (int i = 0; i < width; ++i) {
        if (radius == 1) {
          band_of[n] = static_cast<std::uint8_t>(b);
          buckets[n++] = static_cast<std::uint32_t>(bucket(b, values[b] ^ (std::uint64_t{1} << i)));
          continue;
        }
        for (int j = i + 1; j < width; ++j) {
          band_of[n] = static_cast<std::uint8_t>(b);
          buckets[n++] =
              static_cast<std::uint32_t>(bucket(b, values[b] ^ (std::uint64_t{1} << i) ^ (std::uint64_t{1} << j)));
        }
      }
    }
  }
  for (int k = 0; k < n; ++k) {  // heads, loaded kAhead behind their prefetch; reuse buckets[]
    if (k + kAhead < n) __builtin_prefetch(&heads_[buckets[k + kAhead]]);
    buckets[k] = heads_[buckets[k]];
  }
  for (int k = 0; k < n; ++k) {
    if (k + kAhead < n && buckets[k + kAhead] != 0) {
      const std::size_t e = buckets[k + kAhead] - 1;
      __builtin_prefetch(&simhash_[e]);
      __builtin_prefetch(&next_[e * kIndexBands]);
    }
    if (buckets[k] != 0)
      if (auto c = scan(band_of[k], buckets[k]); c != UINT32_MAX) return c;
  }
  return UINT32_MAX;
}

void CampaignTable::link(std::uint32_t cluster) {
  slots_[cluster].indexed = 1;
  for (int b = 0; b < kIndexBands; ++b) {
    std::uint32_t& head = heads_[bucket(b, band_value(simhash_[cluster], b))];
    next_[std::size_t{cluster} * kIndexBands + b] = head;
    head = cluster + 1;
  }
}

void CampaignTable::unlink(std::uint32_t cluster) {
  if (!slots_[cluster].indexed) return;
  slots_[cluster].indexed = 0;
  // Singly linked: walk the (short) chain to the entry.
  for (int b = 0; b < kIndexBands; ++b) {
    std::uint32_t* p = &heads_[bucket(b, band_value(simhash_[cluster], b))];
    while (*p != 0 && *p != cluster + 1) p = &next_[std::size_t{*p - 1} * kIndexBands + b];
    if (*p != 0) *p = next_[std::size_t{cluster} * kIndexBands + b];
  }
}

std::uint32_t CampaignTable::place(const Fingerprint& fp, std::uint64_t now) {
  const std::size_t home = mix(fp.exact) % capacity_;
  const auto now32 = static_cast<std::uint32_t>(now);
  std::size_t chosen = capacity_;
  std::size_t oldest = capacity_;
  for (int i = 0; i < kProbeSlots && chosen == capacity_; ++i) {
    const std::size_t c = (home + i) % capacity_;
    const Slot& s = slots_[c];
    if (!s.live || now32 - s.last_seen >= window_) chosen = c;  // free, or idle for a window
    else if (oldest == capacity_ || std::int32_t(s.last_seen - slots_[oldest].last_seen) < 0) oldest = c;
  }
  if (chosen == capacity_) {
    chosen = oldest;
    ++evictions_;
  }
  Slot& s = slots_[chosen];
  if (s.live) unlink(static_cast<std::uint32_t>(chosen));
  else ++live_;
  s.live = 1;
  s.exact = fp.exact;
  s.epoch = epoch_of(now);
  s.shared = 0;
  s.current.clear();
  s.previous.clear();
  s.repeated = 0;
  ++s.generation;
  simhash_[chosen] = fp.simhash;
  link(static_cast<std::uint32_t>(chosen));
  // A one-off text until observed again: among the recent ones, whose oldest leaves the index.
  Recent& r = recent_[recent_next_];
  if (r.generation != 0 && slots_[r.cluster].live && slots_[r.cluster].generation == r.generation &&
      !slots_[r.cluster].repeated)
    unlink(r.cluster);
  r = {static_cast<std::uint32_t>(chosen), s.generation};
  recent_next_ = (recent_next_ + 1) % recent_size_;
  return static_cast<std::uint32_t>(chosen);
}

void CampaignTable::rotate(Slot& s, std::uint32_t epoch) {
  if (epoch == s.epoch || std::int32_t(epoch - s.epoch) < 0) return;  // same half, or time went back
  if (epoch == s.epoch + 1) s.previous = s.current;
  else s.previous.clear();
  s.current.clear();
  s.shared = 0;
  s.epoch = epoch;
}

CampaignTable::Observation CampaignTable::observe(const Fingerprint& fp, std::uint64_t destination_hash,
                                                  std::uint64_t now_seconds) {
  Observation o;
  std::uint32_t c = find_exact(fp.exact);
  if (c == UINT32_MAX) c = find_near(fp.simhash);
  if (c == UINT32_MAX) {
    c = place(fp, now_seconds);
    o.is_new_cluster = true;
  }
  Slot& s = slots_[c];
  if (!o.is_new_cluster && !s.repeated) {  // seen again: indexed for good
    s.repeated = 1;
    if (!s.indexed) link(c);
  }
  rotate(s, epoch_of(now_seconds));
  s.last_seen = static_cast<std::uint32_t>(now_seconds);
  s.current.add(mix(destination_hash));  // remixed: a weak hash (or a raw number) still spreads
  o.cluster = c;
  o.distinct = std::max(estimate_union(s.current, s.previous), s.shared);
  return o;
}

void CampaignTable::set_shared_estimate(std::uint32_t cluster, std::uint32_t estimate, std::uint64_t now_seconds) {
  if (cluster >= capacity_ || !slots_[cluster].live) return;
  Slot& s = slots_[cluster];
  rotate(s, epoch_of(now_seconds));
  s.shared = estimate;
}

std::uint32_t CampaignTable::estimate(std::uint32_t cluster, std::uint64_t now_seconds) const {
  if (cluster >= capacity_ || !slots_[cluster].live) return 0;
  const Slot& s = slots_[cluster];
  const std::uint32_t epoch = epoch_of(now_seconds);
  if (epoch == s.epoch || std::int32_t(epoch - s.epoch) < 0)
    return std::max(estimate_union(s.current, s.previous), s.shared);
  if (epoch == s.epoch + 1) return campaign::estimate(s.current);  // current became the previous half
  return 0;
}

std::uint64_t CampaignTable::representative(std::uint32_t cluster) const {
  return cluster < capacity_ && slots_[cluster].live ? simhash_[cluster] : 0;
}

}  // namespace smsfw::filters::campaign
