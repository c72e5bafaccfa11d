#pragma once
// Hand-off of campaign observations from one worker thread to the aggregator thread that owns the
// CampaignTable: a fixed-capacity single-producer single-consumer lock-free ring.
//
// One producer thread calls try_push(), one consumer thread calls drain(); each side owns its
// index and publishes it with a release store, the other side reads it with an acquire load, so a
// slot's contents are visible before its index moves. Indices count up forever (64 bits) and are
// masked; the capacity is a power of two. Each index sits on its own cache line so the two
// threads do not false-share. The buffer is allocated by the constructor, never after.

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>

#include "campaign/fingerprint.h"

namespace smsfw::filters::campaign {

struct PendingObservation {
  Fingerprint fp;
  std::uint64_t destination_hash = 0;
  std::uint64_t time_seconds = 0;
};

class ObservationRing {
 public:
  // `capacity` must be a power of two (>= 2).
  explicit ObservationRing(std::size_t capacity)
      : mask_(capacity - 1), slots_(std::make_unique<PendingObservation[]>(capacity)) {
    if (capacity < 2 || !std::has_single_bit(capacity)) throw std::invalid_argument("ObservationRing: capacity must be a power of two");
  }
  ObservationRing(const ObservationRing&) = delete;
  ObservationRing& operator=(const ObservationRing&) = delete;

  // Producer only. False when the ring is full (the caller counts a drop); never blocks.
  bool try_push(const PendingObservation& o) {
    const std::uint64_t tail = tail_.load(std::memory_order_relaxed);
    if (tail - head_cache_ > mask_) {
      head_cache_ = head_.load(std::memory_order_acquire);  // refresh only when it looks full
      if (tail - head_cache_ > mask_) return false;
    }
    slots_[tail & mask_] = o;
    tail_.store(tail + 1, std::memory_order_release);
    return true;
  }

  // Consumer only. Calls f(const PendingObservation&) for every observation pushed so far, in
  // order, then frees their slots; returns how many.
  template <class F>
  std::size_t drain(F&& f) {
    const std::uint64_t head = head_.load(std::memory_order_relaxed);
    const std::uint64_t tail = tail_.load(std::memory_order_acquire);
    for (std::uint64_t i = head; i != tail; ++i) f(static_cast<const PendingObservation&>(slots_[i & mask_]));
    head_.store(tail, std::memory_order_release);
    return static_cast<std::size_t>(tail - head);
  }

  std::size_t capacity() const { return mask_ + 1; }

 private:
  const std::uint64_t mask_;
  std::unique_ptr<PendingObservation[]> slots_;
  alignas(64) std::atomic<std::uint64_t> tail_{0};  // written by the producer
  std::uint64_t head_cache_ = 0;                    // producer's last view of head_
  alignas(64) std::atomic<std::uint64_t> head_{0};  // written by the consumer
};

}  // namespace smsfw::filters::campaign
