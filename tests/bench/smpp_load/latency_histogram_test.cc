// smpp-load's latency histogram: exact below 256 ns, every percentile within the documented
// 0.8 % (1/128) of the true one on known distributions, exact max and mean, merging, empty.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "smpp_load/latency_histogram.h"

using smsfw::bench::load::LatencyHistogram;

namespace {

// The ceil(q*n)-th smallest sample: the definition the histogram approximates.
std::uint64_t exact_quantile(std::vector<std::uint64_t> v, double q) {
  std::sort(v.begin(), v.end());
  const auto rank = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))));
  return v[rank - 1];
}

void check_close(std::uint64_t reported, std::uint64_t truth) {
  INFO("reported " << reported << ", true " << truth);
  CHECK(std::abs(static_cast<double>(reported) - static_cast<double>(truth)) <= static_cast<double>(truth) / 128.0);
}

void check_quantiles(const std::vector<std::uint64_t>& samples) {
  LatencyHistogram h;
  for (std::uint64_t v : samples) h.record(v);
  for (double q : {0.0, 0.1, 0.5, 0.9, 0.99, 0.999, 1.0}) {
    INFO("q = " << q);
    check_close(h.quantile(q), exact_quantile(samples, q));
  }
  CHECK(h.max() == *std::max_element(samples.begin(), samples.end()));
  CHECK(h.count() == samples.size());
}

}  // namespace

TEST_CASE("An empty histogram reports zeros") {
  const LatencyHistogram h;
  CHECK(h.count() == 0);
  CHECK(h.max() == 0);
  CHECK(h.mean() == 0.0);
  CHECK(h.quantile(0.5) == 0);
  CHECK(h.quantile(0.999) == 0);
}

TEST_CASE("Values below 256 ns are exact") {
  LatencyHistogram h;
  for (std::uint64_t v = 0; v < 256; ++v) h.record(v);
  CHECK(h.quantile(0.5) == 127);
  CHECK(h.quantile(0.0) == 0);
  CHECK(h.quantile(1.0) == 255);
  CHECK(h.quantile(0.25) == 63);
  CHECK(h.max() == 255);
  CHECK(h.mean() == Approx(127.5));
}

TEST_CASE("Uniform 1..1,000,000 ns: percentiles within 1/128, exact max and mean") {
  LatencyHistogram h;
  for (std::uint64_t v = 1; v <= 1'000'000; ++v) h.record(v);
  check_close(h.quantile(0.5), 500'000);
  check_close(h.quantile(0.99), 990'000);
  check_close(h.quantile(0.999), 999'000);
  CHECK(h.quantile(1.0) == 1'000'000);
  CHECK(h.max() == 1'000'000);
  CHECK(h.mean() == Approx(500'000.5));
}

TEST_CASE("A long-tailed distribution (log-uniform 1 us..10 s): percentiles within 1/128") {
  std::mt19937_64 rng(42);  // the engine's output is fixed by the standard
  std::vector<std::uint64_t> samples;
  for (int i = 0; i < 200'000; ++i) {
    const double u = static_cast<double>(rng() >> 11) / 9007199254740992.0;  // [0, 1)
    samples.push_back(static_cast<std::uint64_t>(1000.0 * std::pow(1e7, u)));
  }
  check_quantiles(samples);
}

TEST_CASE("A bimodal distribution: the tail percentiles land in the slow mode") {
  std::vector<std::uint64_t> samples;
  for (int i = 0; i < 9'900; ++i) samples.push_back(50'000 + static_cast<std::uint64_t>(i % 100));  // ~50 us
  for (int i = 0; i < 100; ++i) samples.push_back(20'000'000 + static_cast<std::uint64_t>(i) * 1000);  // ~20 ms
  check_quantiles(samples);
  LatencyHistogram h;
  for (std::uint64_t v : samples) h.record(v);
  CHECK(h.quantile(0.99) < 51'000);
  CHECK(h.quantile(0.995) > 19'000'000);
}

TEST_CASE("One sample: every percentile is that value within 1/128 and never above max") {
  LatencyHistogram h;
  h.record(123'456'789);
  for (double q : {0.0, 0.5, 0.999, 1.0}) {
    check_close(h.quantile(q), 123'456'789);
    CHECK(h.quantile(q) <= 123'456'789u);
  }
  CHECK(h.max() == 123'456'789u);
}

TEST_CASE("Quantiles outside 0..1 are clamped") {
  LatencyHistogram h;
  for (std::uint64_t v = 1; v <= 100; ++v) h.record(v);
  CHECK(h.quantile(-1.0) == 1);
  CHECK(h.quantile(2.0) == 100);
}

TEST_CASE("The largest 64-bit value lands in the last bucket and is reported within 1/128") {
  LatencyHistogram h;
  h.record(std::numeric_limits<std::uint64_t>::max());
  CHECK(h.max() == std::numeric_limits<std::uint64_t>::max());  // max itself is exact
  check_close(h.quantile(1.0), std::numeric_limits<std::uint64_t>::max());  // a bucket middle
  CHECK(h.quantile(0.5) == h.quantile(1.0));
}

TEST_CASE("Merging adds counts and keeps the larger max") {
  LatencyHistogram a, b;
  for (std::uint64_t v = 1; v <= 500; ++v) a.record(v * 1000);
  for (std::uint64_t v = 501; v <= 1000; ++v) b.record(v * 1000);
  a.merge(b);
  CHECK(a.count() == 1000);
  CHECK(a.max() == 1'000'000);
  CHECK(a.mean() == Approx(500'500.0));
  check_close(a.quantile(0.5), 500'000);
  check_close(a.quantile(0.9), 900'000);
  LatencyHistogram empty;
  a.merge(empty);
  CHECK(a.count() == 1000);
}
