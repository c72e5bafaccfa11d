#pragma once
// A single-producer, single-consumer ring of variable-length byte records: how a worker thread
// hands audit events to the audit writer thread without locks, system calls or allocation. The
// producer copies a record into the ring (try_push) or, when the ring is full, gets false and the
// record is dropped; the consumer reads records in order (front / pop).
//
// Layout: records are [u32 length][payload], each padded to 4 bytes. A record never wraps: when
// it does not fit before the end of the buffer, the producer leaves a wrap marker (0xFFFFFFFF)
// there, if there is room for one, and starts again at the beginning; the consumer skips a
// marker, or an end too short to hold one. Positions are 64-bit counters that never wrap.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>

namespace smsfw::audit {

class EventRing {
 public:
  // `capacity` bytes (rounded up to a multiple of 4, at least 64), allocated once here.
  explicit EventRing(std::size_t capacity);
  EventRing(const EventRing&) = delete;
  EventRing& operator=(const EventRing&) = delete;

  // The largest payload that can ever fit.
  std::size_t max_payload() const { return capacity_ - kHeader; }
  std::size_t capacity() const { return capacity_; }

  // Producer: reserves `size` bytes (at least 1: an empty span means "no record"), lets
  // `fill(span)` write exactly them, publishes the record. False (and `fill` not called) when
  // `size` is 0 or the ring has no room for it now.
  template <typename Fill>
  bool try_push(std::size_t size, Fill&& fill) {
    std::uint8_t* at = reserve(size);
    if (at == nullptr) return false;
    fill(std::span<std::uint8_t>(at, size));
    publish(size);
    return true;
  }

  // Consumer: the oldest record's payload, or an empty span when there is none. Valid until pop().
  std::span<const std::uint8_t> front();
  // Consumer: releases the record front() returned.
  void pop();

 private:
  static constexpr std::size_t kHeader = 4;
  static constexpr std::uint32_t kWrapMarker = 0xFFFFFFFFu;
  static std::size_t padded(std::size_t n) { return (n + 3) & ~std::size_t{3}; }

  std::uint8_t* reserve(std::size_t size);
  void publish(std::size_t size);

  std::size_t capacity_;
  std::unique_ptr<std::uint8_t[]> buffer_;
  // Producer side: where the reserved record starts (after a skipped end, if any).
  std::uint64_t reserved_at_ = 0;
  alignas(64) std::atomic<std::uint64_t> head_{0};  // written by the producer
  alignas(64) std::atomic<std::uint64_t> tail_{0};  // written by the consumer
  std::uint64_t front_end_ = 0;                     // consumer: tail after the current front()
};

}  // namespace smsfw::audit
