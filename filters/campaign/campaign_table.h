#pragma once
// Campaign detection state: near-duplicate message clusters and, per cluster, an estimate of the
// number of DISTINCT destinations that received it in a sliding window. Bounded memory: every
// array is allocated by the constructor; observe() allocates nothing.
//
// Clusters. observe() puts a fingerprint in the cluster whose representative SimHash is within
// kNearDuplicateBits of it (or whose representative has the same exact hash), else in a new
// cluster with the fingerprint as representative. A cluster lives in one of `capacity` slots;
// its id (the slot index) is valid until the cluster is evicted.
//
// Near-duplicate index (a deliberate departure from lsh_bands.h's 9 bands). The 9 pigeonhole
// bands are only 7-8 bits wide, so each band key is shared by 1/128 of all clusters and a lookup
// in a table of 1M clusters would check ~64K candidates (milliseconds). Instead this table uses
// multi-index hashing with kIndexBands = 3 bands of 21/21/22 bits: if hamming(a, b) <= 8, one
// band differs in at most floor(8 / 3) = 2 bits, so a lookup probes every band value within 2
// bits of the fingerprint's (1 + 21 + 210 or 1 + 22 + 231 values per band, 718 probes in all,
// nearest radius first, stopping at the first match) and checks the few clusters found there by
// hamming on the representative: every INDEXED representative within 8 bits is found, with a
// bounded number of probes. Entries are 4 bytes: per band a bucket head array of cluster index
// + 1 and a next link per cluster.
//
// What is indexed: every cluster observed at least twice, plus the kRecentSingles most recent
// one-off texts (a FIFO: the oldest one-off leaves the index when a new one arrives, and stays
// findable by its exact hash only). Most texts of ordinary traffic are seen once; indexing all of
// them made the index as large as the table (12 MiB of bucket heads at 1M clusters), so that the
// ~700 probes of a new text were cache misses and chains long: 30-50 us per new text. A bounded
// index stays mostly in cache. What it costs: a variant of a text seen once, more than
// kRecentSingles new texts ago, starts a cluster of its own instead of joining it. A campaign
// sends its variants close together (and repeats them), so its clusters are indexed.
//
// Sliding window. Each cluster has two DistinctSketches: the current half-window and the
// previous one, half-window epoch = now / (window_seconds / 2), rotated lazily when the cluster
// is touched. The estimate is over the union of both, so it covers the destinations seen in
// between window/2 and window seconds before `now` (the current half so far plus the whole
// previous half), never older.
//
// Placement and eviction. A new cluster's slot is chosen among kProbeSlots consecutive slots from
// a hash of its exact hash (the same neighbourhood serves the exact-hash fast path): a free slot,
// else a slot whose last observation is at least a window old (its counts are empty anyway),
// else the least recently observed of those kProbeSlots clusters is evicted (counted by
// evictions()) and its index entries removed. So a busy campaign cluster survives a flood of
// one-off texts; a cluster idle for less than a window may be evicted under pressure.
//
// Times are Unix seconds; last-seen times are stored as 32 bits (good until 2106). Time going
// backwards (observations from several producers) is treated as the current half-window.
// Not thread-safe: one aggregator thread owns the table (see observation_ring.h).

#include <cstddef>
#include <cstdint>
#include <memory>

#include "campaign/distinct_sketch.h"
#include "campaign/fingerprint.h"
#include "campaign/simhash.h"

namespace smsfw::filters::campaign {

class CampaignTable {
 public:
  struct Options {
    std::size_t capacity = std::size_t{1} << 20;  // max clusters, kProbeSlots to 2^30
    std::uint32_t window_seconds = 3600;          // at least 2
  };
  struct Observation {
    std::uint32_t cluster = 0;       // slot index of the cluster
    std::uint32_t distinct = 0;      // effective estimate: max(local, shared) over the window
    bool is_new_cluster = false;     // the fingerprint created the cluster
  };

  static constexpr int kIndexBands = 3;
  static constexpr int kProbeSlots = 8;
  // One-off texts kept in the near-duplicate index (see the comment at the top).
  static constexpr std::size_t kRecentSingles = 65536;

  explicit CampaignTable(Options options);
  ~CampaignTable();
  CampaignTable(const CampaignTable&) = delete;
  CampaignTable& operator=(const CampaignTable&) = delete;

  // Adds `destination_hash` (a 64-bit hash of the destination address; remixed here, so even a
  // weak hash works) to fp's cluster, creating or evicting as described above, and returns the
  // cluster and its estimate at `now_seconds`. A cluster found idle restarts from empty counts
  // (is_new_cluster stays false).
  Observation observe(const Fingerprint& fp, std::uint64_t destination_hash, std::uint64_t now_seconds);

  // Records an estimate for `cluster`'s current window made by other instances (via Redis). The
  // effective estimate is max(local, shared) until the cluster's half-window rotates, which
  // clears it. Ignored for a free slot. The caller must know `cluster` still holds the same
  // cluster (compare representative()).
  void set_shared_estimate(std::uint32_t cluster, std::uint32_t estimate, std::uint64_t now_seconds);

  // Effective estimate of `cluster` at `now_seconds` (0 for a free slot). Does not rotate.
  std::uint32_t estimate(std::uint32_t cluster, std::uint64_t now_seconds) const;
  // The representative SimHash of `cluster` (0 for a free slot).
  std::uint64_t representative(std::uint32_t cluster) const;

  std::size_t memory_bytes() const;  // all arrays allocated by the constructor
  std::size_t size() const { return live_; }  // occupied slots (idle clusters stay until reused)
  std::size_t capacity() const { return capacity_; }
  std::uint64_t evictions() const { return evictions_; }  // clusters evicted while in their window

 private:
  struct Slot;  // per-cluster state except the index links

  std::uint32_t find_exact(std::uint64_t exact) const;
  std::uint32_t find_near(std::uint64_t simhash) const;
  std::uint32_t place(const Fingerprint& fp, std::uint64_t now);
  void link(std::uint32_t cluster);
  void unlink(std::uint32_t cluster);
  void rotate(Slot& s, std::uint32_t epoch);
  std::uint32_t epoch_of(std::uint64_t now) const { return static_cast<std::uint32_t>(now / half_); }
  std::size_t bucket(int band, std::uint64_t value) const;

  std::size_t capacity_;
  std::uint32_t window_;
  std::uint32_t half_;
  std::size_t head_mask_;  // bucket heads per band - 1 (a power of two)
  std::unique_ptr<Slot[]> slots_;
  std::unique_ptr<std::uint64_t[]> simhash_;  // representatives, dense for candidate checks
  std::unique_ptr<std::uint32_t[]> next_;     // [cluster * kIndexBands + band]: index + 1, 0 ends
  std::unique_ptr<std::uint32_t[]> heads_;    // [band * heads + bucket]: cluster index + 1, 0 empty
  // The most recent one-off texts in the index, oldest overwritten first: cluster and the slot's
  // generation when it was placed (a reused slot holds another cluster).
  struct Recent {
    std::uint32_t cluster = 0;
    std::uint32_t generation = 0;
  };
  std::unique_ptr<Recent[]> recent_;
  std::size_t recent_size_ = 0;  // min(capacity, kRecentSingles)
  std::size_t recent_next_ = 0;
  std::size_t live_ = 0;
  std::uint64_t evictions_ = 0;
};

}  // namespace smsfw::filters::campaign
