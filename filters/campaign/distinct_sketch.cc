// HyperLogLog estimate with linear counting for small ranges (see distinct_sketch.h).
#include "campaign/distinct_sketch.h"

#include <algorithm>
#include <cmath>

namespace smsfw::filters::campaign {
namespace {

// 2^-r for every register value.
constexpr std::array<double, 16> kInversePowers = [] {
  std::array<double, 16> t{};
  double v = 1.0;
  for (double& x : t) {
    x = v;
    v /= 2;
  }
  return t;
}();

std::uint32_t estimate_bytes(const DistinctSketch& a, const DistinctSketch& b) {
  constexpr double m = DistinctSketch::kRegisters;
  constexpr double alpha = 0.7213 / (1.0 + 1.079 / m);
  double sum = 0;
  int zeros = 0;
  for (std::size_t i = 0; i < a.nibbles.size(); ++i) {
    const int lo = std::max(a.nibbles[i] & 0xF, b.nibbles[i] & 0xF);
    const int hi = std::max(a.nibbles[i] >> 4, b.nibbles[i] >> 4);
    sum += kInversePowers[lo] + kInversePowers[hi];
    zeros += (lo == 0) + (hi == 0);
  }
  double e = alpha * m * m / sum;
  // Linear counting, with the exact inversion of E[empty registers] = m (1 - 1/m)^n rather than
  // the usual approximation m ln(m / zeros), which reads n well-spread hashes as ~n + n^2/2m.
  if (e <= 2.5 * m && zeros > 0) e = std::log(zeros / m) / std::log1p(-1.0 / m);
  return static_cast<std::uint32_t>(std::lround(e));
}

}  // namespace

std::uint32_t estimate_union(const DistinctSketch& a, const DistinctSketch& b) { return estimate_bytes(a, b); }
std::uint32_t estimate(const DistinctSketch& a) { return estimate_bytes(a, a); }

}  // namespace smsfw::filters::campaign
