// Band keys of a SimHash (see lsh_bands.h).
#include "campaign/lsh_bands.h"

namespace smsfw::filters::campaign {

BandKeys bands(std::uint64_t simhash) {
  BandKeys keys{};
  int lo = 0;
  for (int b = 0; b < kBandCount; ++b) {
    const int hi = 64 * (b + 1) / kBandCount;  // band b is bits [lo, hi)
    const int width = hi - lo;
    const std::uint64_t mask = width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
    keys[b] = (std::uint64_t(b) << 32) | ((simhash >> lo) & mask);
    lo = hi;
  }
  return keys;
}

}  // namespace smsfw::filters::campaign
