#pragma once
// Band keys of a SimHash for candidate lookup (locality-sensitive hashing by pigeonhole).
//
// The 64 bits are cut into kBandCount = kNearDuplicateBits + 1 contiguous bands of near-equal
// width (64 / kBandCount rounded down or up). Guarantee: if hamming(a, b) <= kNearDuplicateBits,
// then at least one band of a equals the same band of b (k flipped bits touch at most k of the
// k + 1 bands), so a detector that indexes every fingerprint under its band keys and looks up a
// new message's band keys finds every near duplicate among the candidates (it must still check
// hamming(), since sharing a band does not imply being near). Keys carry their band index in
// the high 32 bits, so one hash table can hold all bands.
// With kNearDuplicateBits = 8: 9 bands of 7 or 8 bits (bands 0-7: 7 bits, band 8: 8 bits). An
// unrelated fingerprint shares at least one band with probability about 1 - (1 - 2^-7)^8 (1 - 2^-8)
// ~= 6.4%, so a lookup returns ~6% of the index as candidates to check with hamming().

#include <array>
#include <cstdint>

#include "campaign/simhash.h"

namespace smsfw::filters::campaign {

inline constexpr int kBandCount = kNearDuplicateBits + 1;
using BandKeys = std::array<std::uint64_t, kBandCount>;

// Band b's key: (b << 32) | the bits of band b. Pure, no allocation.
BandKeys bands(std::uint64_t simhash);

}  // namespace smsfw::filters::campaign
