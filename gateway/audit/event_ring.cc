#include "audit/event_ring.h"

#include <algorithm>
#include <cstring>

namespace smsfw::audit {

EventRing::EventRing(std::size_t capacity)
    : capacity_(std::max<std::size_t>(64, padded(capacity))), buffer_(new std::uint8_t[capacity_]) {}

std::uint8_t* EventRing::reserve(std::size_t size) {
  if (size == 0 || size > max_payload()) return nullptr;
  const std::size_t need = kHeader + padded(size);
  std::uint64_t pos = head_.load(std::memory_order_relaxed);
  const std::size_t index = pos % capacity_;
  const std::size_t to_end = capacity_ - index;
  const std::size_t skip = to_end < need ? to_end : 0;
  if (pos + skip + need - tail_.load(std::memory_order_acquire) > capacity_) return nullptr;
  if (skip != 0) {
    if (skip >= kHeader) std::memcpy(buffer_.get() + index, &kWrapMarker, kHeader);
    pos += skip;
  }
  reserved_at_ = pos;
  const auto length = static_cast<std::uint32_t>(size);
  std::uint8_t* at = buffer_.get() + pos % capacity_;
  std::memcpy(at, &length, kHeader);
  return at + kHeader;
}

void EventRing::publish(std::size_t size) {
  head_.store(reserved_at_ + kHeader + padded(size), std::memory_order_release);
}

std::span<const std::uint8_t> EventRing::front() {
  std::uint64_t pos = tail_.load(std::memory_order_relaxed);
  const std::uint64_t head = head_.load(std::memory_order_acquire);
  while (pos != head) {
    const std::size_t index = pos % capacity_;
    const std::size_t to_end = capacity_ - index;
    std::uint32_t length = kWrapMarker;
    if (to_end >= kHeader) std::memcpy(&length, buffer_.get() + index, kHeader);
    if (length == kWrapMarker) {  // the producer started again at the beginning
      pos += to_end;
      continue;
    }
    front_end_ = pos + kHeader + padded(length);
    // The skipped end is released with this record (pop), never before the producer's next one.
    tail_.store(pos, std::memory_order_release);
    return {buffer_.get() + index + kHeader, length};
  }
  tail_.store(pos, std::memory_order_release);
  return {};
}

void EventRing::pop() { tail_.store(front_end_, std::memory_order_release); }

}  // namespace smsfw::audit
