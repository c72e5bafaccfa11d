#pragma once
// Campaign fingerprints of a message: an exact hash and a SimHash of its masked text.
//
// A campaign is one lure sent to many subscribers with small changes meant to defeat hashing
// (numbers, tracking URLs, names, a word swapped). Masking (masker.h) removes the changes that
// are mechanical, so `exact` is equal across them; `simhash` (simhash.h) stays within
// kNearDuplicateBits bits when a word or two differ; bands() (lsh_bands.h) turns it into keys
// for candidate lookup. Groundwork: nothing in the engine uses these yet.
//
// Empty or all-space text masks to "" and gives exact = hash64(""), simhash 0 and shingles 0;
// text of 1-3 code points gives one shingle. Short texts are legitimately identical across
// unrelated senders ("ok", "#"), so a detector should ignore fingerprints with few shingles.

#include <cstdint>
#include <string>
#include <string_view>

namespace smsfw::filters::campaign {

struct Fingerprint {
  std::uint64_t exact = 0;     // hash64 of the masked text
  std::uint64_t simhash = 0;   // SimHash of the masked text's code-point 4-grams
  std::uint32_t shingles = 0;  // number of 4-grams hashed (0 only for empty masked text)
};

// Computes fingerprints. One per thread; reuses its masked-text buffer, so after the first few
// messages (once the buffer has grown to the longest text seen) nothing is allocated per
// message. Not thread-safe.
class Fingerprinter {
 public:
  Fingerprinter();

  // Fingerprint of `normalized` (the normalized view of normalize/normalizer.h; any bytes are
  // accepted).
  Fingerprint fingerprint(std::string_view normalized);

  // The masked text of the last fingerprint() call (valid until the next call): for logs/tests.
  std::string_view masked() const { return masked_; }

 private:
  std::string masked_;
};

}  // namespace smsfw::filters::campaign
