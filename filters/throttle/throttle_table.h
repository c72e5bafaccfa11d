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

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "throttle/token_bucket.h"

namespace smsfw::filters::throttle {

class ThrottleTable {
 public:
  // The longest probe sequence, so a lookup of a key without a slot costs a bounded scan (64
  // slots = 16 cache lines) instead of the whole table. With linear probing a window of 64
  // rarely overflows below ~80% load.
  static constexpr std::size_t kMaxProbes = 64;

  // `capacity` slots, rounded up to a power of two (at least 1). The only allocation.
  explicit ThrottleTable(std::size_t capacity);

  ThrottleTable(const ThrottleTable&) = delete;
  ThrottleTable& operator=(const ThrottleTable&) = delete;

  // The bucket of `key`, claiming a slot on first sight; the overflow bucket when the key has no
  // slot and none is free in its probe window. The reference stays valid for the table's life.
  TokenBucket& bucket(std::uint64_t key);

  // bucket(key).try_take(now_ns, config).
  bool try_take(std::uint64_t key, std::uint64_t now_ns, const BucketConfig& config) {
    return bucket(key).try_take(now_ns, config);
  }

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

  std::size_t home_of(std::uint64_t key) const;

  std::size_t mask_;
  std::size_t probes_;  // min(capacity, kMaxProbes)
  std::unique_ptr<Slot[]> slots_;
  std::atomic<std::size_t> size_{0};
  // On their own cache lines: the overflow bucket and its counter are written by every thread
  // that overflows, and should not slow down the other fields' readers.
  alignas(64) TokenBucket overflow_;
  alignas(64) std::atomic<std::uint64_t> overflow_lookups_{0};
};

}  // namespace smsfw::filters::throttle
