// Campaign fingerprints (see fingerprint.h).
#include "campaign/fingerprint.h"

#include "campaign/hash64.h"
#include "campaign/masker.h"
#include "campaign/simhash.h"

namespace smsfw::filters::campaign {

// A concatenated SMS of 6 UCS-2 parts is < 1 KiB of UTF-8 in most scripts, Thai is 3 bytes per
// code point: reserve enough that typical traffic never grows the buffer.
Fingerprinter::Fingerprinter() { masked_.reserve(2048); }

Fingerprint Fingerprinter::fingerprint(std::string_view normalized) {
  mask_text(normalized, masked_);
  const SimHash s = simhash(masked_);
  return {hash64(masked_), s.value, s.shingles};
}

}  // namespace smsfw::filters::campaign
