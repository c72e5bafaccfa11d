#include "smpp_load/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace smsfw::bench::load {

// Index layout: [0, 256) hold v exactly. For v >= 256 with bit width m (9..64), shift = m - 8
// keeps the top 8 bits, top = v >> shift is in [128, 256), and the bucket is
// 256 + (shift - 1) * 128 + (top - 128).
std::size_t LatencyHistogram::index_of(std::uint64_t v) {
  if (v < (1u << kSubBits)) return static_cast<std::size_t>(v);
  const unsigned shift = static_cast<unsigned>(std::bit_width(v)) - kSubBits;
  const std::uint64_t top = v >> shift;
  return (1u << kSubBits) + (shift - 1) * kHalf + static_cast<std::size_t>(top - kHalf);
}

std::uint64_t LatencyHistogram::lowest_of(std::size_t index) {
  if (index < (1u << kSubBits)) return index;
  const std::size_t rel = index - (1u << kSubBits);
  const unsigned shift = static_cast<unsigned>(rel / kHalf) + 1;
  const std::uint64_t top = kHalf + rel % kHalf;
  return top << shift;
}

std::uint64_t LatencyHistogram::width_of(std::size_t index) {
  if (index < (1u << kSubBits)) return 1;
  return std::uint64_t{1} << ((index - (1u << kSubBits)) / kHalf + 1);
}

void LatencyHistogram::record(std::uint64_t ns) {
  ++counts_[index_of(ns)];
  ++count_;
  sum_ += ns;
  max_ = std::max(max_, ns);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  max_ = std::max(max_, other.max_);
}

std::uint64_t LatencyHistogram::quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min(max_, lowest_of(i) + width_of(i) / 2);
  }
  return max_;
}

}  // namespace smsfw::bench::load
