#pragma once
// Fixed-memory latency histogram (HdrHistogram-style log-linear buckets): values below 256 ns
// are exact; above, each power of two is split into 128 buckets, so any reported value is
// within 1/128 (< 0.8 %) of the true one. Recording is a few integer operations and never
// allocates; histograms of several connections merge by adding counts.

#include <array>
#include <cstdint>

namespace smsfw::bench::load {

class LatencyHistogram {
 public:
  void record(std::uint64_t ns);
  void merge(const LatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  std::uint64_t max() const { return max_; }
  double mean() const { return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0.0; }
  // The value at quantile q (0..1): the middle of the bucket holding the ceil(q*count)-th
  // smallest sample, clamped to the exact max. 0 when empty.
  std::uint64_t quantile(double q) const;

 private:
  static constexpr unsigned kSubBits = 8;                  // 256 exact values, then 128 per octave
  static constexpr unsigned kHalf = 1u << (kSubBits - 1);  // 128
  static constexpr std::size_t kBuckets = (1u << kSubBits) + (64 - kSubBits) * kHalf;

  static std::size_t index_of(std::uint64_t v);
  static std::uint64_t lowest_of(std::size_t index);
  static std::uint64_t width_of(std::size_t index);

  std::array<std::uint64_t, kBuckets> counts_{};
  std::uint64_t count_ = 0;
  std::uint64_t max_ = 0;
  std::uint64_t sum_ = 0;
};

}  // namespace smsfw::bench::load
