#pragma once
// SimHash of masked message text over character 4-gram shingles, and the near-duplicate distance.
//
// Shingles are runs of 4 consecutive code points (the UTF-8 bytes of each run hashed with
// hash64()), so no word segmentation is needed: Thai, which has no spaces between words, works
// like English. A text of 1-3 code points is one shingle; an empty text has none and gives 0.
// Every shingle has weight 1; bit b of the result is set when more than half of the shingle
// hashes have bit b set (a tie gives 0).

#include <bit>
#include <cstdint>
#include <string_view>

namespace smsfw::filters::campaign {

// Two fingerprints whose SimHashes differ in at most this many of 64 bits are near duplicates.
// Chosen by measurement on the SMS Spam Collection (4,827 ham, 747 spam; normalized, masked), see
// tests/filters/campaign/fingerprint_measure.cc (shingles hashed with XXH3). Fraction with
// hamming <= k:
//   k                      0     2     3     4     6     8     10    12    16
//   ham pairs (count of    1     3     3     12    36    49    87    322   2617
//     11.6M distinct-text pairs)
//   spam, one word swapped .008  .052  .111  .204  .460  .728  .895  .962  .991
//   spam, one word inserted .003 .103  .234  .394  .738  .897  .967  .985  .993
//   spam, numbers changed  1.0 (all masked to the same exact hash)
//   spam, URL path changed .973 (exact; the rest are odd host spellings in the corpus) ... .997 at 10
// SMS are short (about 80 shingles), so one changed word moves ~10-15% of the shingles and
// flips ~8 bits on average: k = 3 would catch about 11% of one-word variants. At k = 8 the ham
// count is 49 pairs (4.2e-6 of pairs) and the ones inspected are genuine near copies (canned
// replies: "Sorry, I'll call later" / "... ok bye"), while 73% of word swaps and 90% of word
// insertions are caught (and a campaign has many siblings, so a variant usually has some
// sibling within k). k = 10 catches more (90%/97%) for a similar ham count, but needs 11 LSH
// bands of 5-6 bits (lsh_bands.h), which select ~20% of an index per lookup instead of ~7%.
inline constexpr int kNearDuplicateBits = 8;

// Number of differing bits between two 64-bit fingerprints.
inline int hamming(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

struct SimHash {
  std::uint64_t value = 0;
  std::uint32_t shingles = 0;  // shingles hashed (0 for empty text): a confidence hint
};

// SimHash of `text` (any bytes; ill-formed UTF-8 is split at lead bytes and still hashed).
// No allocation.
SimHash simhash(std::string_view text);

}  // namespace smsfw::filters::campaign
