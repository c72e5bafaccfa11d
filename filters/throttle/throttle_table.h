#pragma once
// ThrottleTable: a fixed-capacity concurrent map from 64-bit keys (throttle_key.h) to shared
// TokenBuckets, for limits that must hold across worker threads (one ESME account may be bound on
// several workers). Open addressing with linear probing; a key claims an empty slot with one CAS;
// no locks, no allocation after construction, memory fixed at 16 bytes per slot.
//
// Slots are never freed: the table holds the first keys to arrive. A key that finds neither its
// own slot nor an empty one within kMaxProbes slots of its home slot (the table is full, or that
// neighbourhood is) gets the shared overflow bucket: all such keys together are throttled as if
// they were one key, with the limit each caller passes, so a key that arrives late is throttled
// harder, never left unthrottled. Every lookup that ends there is counted (overflow_lookups())
// for the caller to expose as a metric. Use one table per kind of limit (accounts, account +
// sender) so that each kind has its own overflow bucket.
//
// Why no reclaiming of idle slots: a thread that has found key K in a slot may be preempted just
// before taking from that slot's bucket; if the slot were meanwhile handed to key K2, the take
// would be charged to K2. Making the key and the bucket change together needs a 16-byte CAS or
// an epoch scheme, which this table does not have; size the table for the distinct keys of a run.
//
// Counting (optional, for sharing limits between smsfw instances, gateway/shared/): a table built
// with `count_takes` keeps, next to each slot, a cumulative count of the tokens taken through
// try_take_counted() and the BucketLimits that take used (the exchange needs each key's limits
// to debit it, and cannot map a 64-bit key back to its configuration: sender keys are hashes).
// The counters live in a parallel array allocated only then, so a table without counting keeps
// its 16 bytes per slot; with counting a slot costs 40 bytes. An exchange thread reads them with
// for_each_counted(). Takes from the overflow bucket are not counted: it stands for many keys,
// which no other instance could match. The limits are stored (relaxed) only when they differ
// from the stored ones, so a refused take still writes nothing in the steady state; the two
// halves of BucketLimits are separate atomics and may be seen torn for one exchange right after
// a reload changed them, which only mis-sizes that exchange's debit.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>

#include "throttle/token_bucket.h"

namespace smsfw::filters::throttle {

class ThrottleTable {
 public:
  // The longest probe sequence, so a lookup of a key without a slot costs a bounded scan (64
  // slots = 16 cache lines) instead of the whole table. With linear probing a window of 64
  // rarely overflows below ~80% load.
  static constexpr std::size_t kMaxProbes = 64;

  // `capacity` slots, rounded up to a power of two (at least 1). The only allocation.
  // With `count_takes`, also the counter array (see the top).
  explicit ThrottleTable(std::size_t capacity, bool count_takes = false);

  ThrottleTable(const ThrottleTable&) = delete;
  ThrottleTable& operator=(const ThrottleTable&) = delete;

  // The bucket of `key`, claiming a slot on first sight; the overflow bucket when the key has no
  // slot and none is free in its probe window. The reference stays valid for the table's life.
  TokenBucket& bucket(std::uint64_t key);

  // bucket(key).try_take(now_ns, config).
  bool try_take(std::uint64_t key, std::uint64_t now_ns, const BucketConfig& config) {
    return bucket(key).try_take(now_ns, config);
  }

  // Takes one token from `key`'s bucket and, when the table counts and the key has a slot, adds
  // one to the key's counter on success and records `limits` as the key's (see the top).
  // Lock-free and allocation-free like try_take(); on a table without counting it is
  // bucket(key).try_take_limits(now_ns, limits).
  bool try_take_counted(std::uint64_t key, std::uint64_t now_ns, const BucketLimits& limits) {
    bool overflowed = false;
    return try_take_counted(key, now_ns, limits, 1, overflowed);
  }

  // The same for `tokens` tokens, taken one at a time from one lookup and stopping at the first
  // refusal (no refund: the tokens taken before it stay taken and counted). `overflowed` is set
  // when the key has no slot (the overflow bucket was used, uncounted).
  bool try_take_counted(std::uint64_t key, std::uint64_t now_ns, const BucketLimits& limits,
                        std::size_t tokens, bool& overflowed) {
    const std::size_t i = index_of(key);
    overflowed = i == kNoSlot;
    TokenBucket& b = overflowed ? overflow_ : slots_[i].bucket;
    Counted* c = overflowed || !counted_ ? nullptr : &counted_[i];
    if (c) c->record(limits);
    for (std::size_t n = 0; n < tokens; ++n) {
      if (!b.try_take_limits(now_ns, limits)) return false;
      if (c) c->taken.fetch_add(1, std::memory_order_relaxed);
    }
    return true;
  }

  // Calls f(key, TokenBucket&, std::uint64_t taken, const BucketLimits& limits) for every claimed
  // slot, in slot order; `taken` is the slot's cumulative counter and `limits` the limits of the
  // last counted take (on a table without counting, or for a key never taken through
  // try_take_counted(), 0 and {0, 0}: interval_ns == 0 marks "no limits recorded"). A callable
  // taking only the first three arguments is accepted too. For one background thread (the
  // exchange): it scans the whole array, so it costs O(capacity), and it reads with relaxed
  // loads, so a count may lag takes in flight by a few (they show in the next visit). A key
  // stored as 0 is reported as its stand-in kZeroKey. Slots claimed concurrently may or may not
  // be visited.
  template <class F>
  void for_each_counted(F&& f) {
    for (std::size_t i = 0; i <= mask_; ++i) {
      const std::uint64_t k = slots_[i].key.load(std::memory_order_relaxed);
      if (k == kEmpty) continue;
      const std::uint64_t taken = counted_ ? counted_[i].taken.load(std::memory_order_relaxed) : 0;
      if constexpr (std::is_invocable_v<F&, std::uint64_t, TokenBucket&, std::uint64_t, const BucketLimits&>) {
        const BucketLimits l = counted_ ? counted_[i].limits() : BucketLimits{0, 0};
        f(k, slots_[i].bucket, taken, l);
      } else {
        f(k, slots_[i].bucket, taken);
      }
    }
  }

  bool counts_takes() const { return counted_ != nullptr; }

  bool is_overflow(const TokenBucket& b) const { return &b == &overflow_; }

  std::size_t capacity() const { return mask_ + 1; }
  // Keys holding a slot.
  std::size_t size() const { return size_.load(std::memory_order_relaxed); }
  // Lookups that ended at the overflow bucket.
  std::uint64_t overflow_lookups() const { return overflow_lookups_.load(std::memory_order_relaxed); }

 private:
  // One key and its bucket. Key 0 marks an empty slot (a key that hashes to 0 is stored as
  // kZeroKey, sharing that key's bucket like any other 64-bit collision).
  struct Slot {
    std::atomic<std::uint64_t> key{0};
    TokenBucket bucket;
  };
  static_assert(sizeof(Slot) == 16);
  static constexpr std::uint64_t kEmpty = 0;
  static constexpr std::uint64_t kZeroKey = 0x9e3779b97f4a7c15ull;
  static constexpr std::size_t kNoSlot = ~std::size_t{0};

  // A slot's counting storage (parallel to slots_, only on a counting table).
  struct Counted {
    std::atomic<std::uint64_t> taken{0};
    std::atomic<std::uint64_t> interval_ns{0};  // 0: no counted take yet
    std::atomic<std::uint64_t> tolerance_ns{0};
    // Stores `l` unless already stored: loads only in the steady state (no cache-line write on
    // a refused take).
    void record(const BucketLimits& l) {
      if (interval_ns.load(std::memory_order_relaxed) != l.interval_ns)
        interval_ns.store(l.interval_ns, std::memory_order_relaxed);
      if (tolerance_ns.load(std::memory_order_relaxed) != l.tolerance_ns)
        tolerance_ns.store(l.tolerance_ns, std::memory_order_relaxed);
    }
    BucketLimits limits() const {
      return {interval_ns.load(std::memory_order_relaxed), tolerance_ns.load(std::memory_order_relaxed)};
    }
  };

  std::size_t home_of(std::uint64_t key) const;
  // The slot index of `key`, claiming one on first sight; kNoSlot when the probe window is full
  // (counted in overflow_lookups_).
  std::size_t index_of(std::uint64_t key);

  std::size_t mask_;
  std::size_t probes_;  // min(capacity, kMaxProbes)
  std::unique_ptr<Slot[]> slots_;
  std::unique_ptr<Counted[]> counted_;  // parallel to slots_; null unless counting
  std::atomic<std::size_t> size_{0};
  // On their own cache lines: the overflow bucket and its counter are written by every thread
  // that overflows, and should not slow down the other fields' readers.
  alignas(64) TokenBucket overflow_;
  alignas(64) std::atomic<std::uint64_t> overflow_lookups_{0};
};

}  // namespace smsfw::filters::throttle
