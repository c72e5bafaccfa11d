// ThrottleTable: lookup and slot claiming (see throttle_table.h for the policy).
#include "throttle/throttle_table.h"

#include <algorithm>
#include <bit>

namespace smsfw::filters::throttle {

ThrottleTable::ThrottleTable(std::size_t capacity, bool count_takes)
    : mask_(std::bit_ceil(std::max<std::size_t>(capacity, 1)) - 1),
      probes_(std::min(mask_ + 1, kMaxProbes)),
      slots_(new Slot[mask_ + 1]),  // value-initialised: every key empty, every bucket full
      counted_(count_takes ? new Counted[mask_ + 1] : nullptr) {}  // all 0

// Keys are hashes already, but callers may pass structured values (small integers in tests, a
// weak hash later): a multiplicative mix spreads them over the table.
std::size_t ThrottleTable::home_of(std::uint64_t key) const {
  std::uint64_t h = key * 0x9e3779b97f4a7c15ull;
  h ^= h >> 32;
  return static_cast<std::size_t>(h) & mask_;
}

TokenBucket& ThrottleTable::bucket(std::uint64_t key) {
  const std::size_t i = index_of(key);
  return i == kNoSlot ? overflow_ : slots_[i].bucket;
}

std::size_t ThrottleTable::index_of(std::uint64_t key) {
  if (key == kEmpty) key = kZeroKey;
  // Every thread walks the same probe sequence for a key, and a slot changes only once, from
  // empty to its key. So the first empty slot in the sequence goes to exactly one key (the CAS
  // winner), a key is in at most one slot, and a lookup may stop at the first empty slot.
  //
  // Relaxed is enough: the key is the only thing a claim publishes. The bucket behind it was
  // zeroed at construction (which happens-before any thread uses the table) and is only ever
  // changed by atomic read-modify-writes, which see the latest value whatever the ordering.
  std::size_t i = home_of(key);
  for (std::size_t n = 0; n < probes_; ++n, i = (i + 1) & mask_) {
    Slot& s = slots_[i];
    std::uint64_t k = s.key.load(std::memory_order_relaxed);
    if (k == kEmpty) {
      if (s.key.compare_exchange_strong(k, key, std::memory_order_relaxed,
                                        std::memory_order_relaxed)) {
        size_.fetch_add(1, std::memory_order_relaxed);
        return i;
      }
      // Lost the race: `k` is the key that won the slot; it may be ours.
    }
    if (k == key) return i;
  }
  overflow_lookups_.fetch_add(1, std::memory_order_relaxed);
  return kNoSlot;
}

}  // namespace smsfw::filters::throttle
