// Fuzz target: the matching views of filters/normalize (normalized(), squeezed()).
//
// Input: any bytes, read as (possibly ill-formed) UTF-8. Checked, as the unit tests state them:
// both views are valid UTF-8; normalized() (fast path or not) equals normalized_reference() (the
// full ICU pipeline); normalized() is idempotent; squeezed() only removes characters (never
// longer than its input) and gives the same result when called again on the same input.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "normalize/normalizer.h"
#include "support/utf8_check.h"

using smsfw::filters::normalize::Normalizer;
using smsfw::test::is_valid_utf8;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Normalizer n;  // one per thread, reused, as the classifier does
  const std::string input(reinterpret_cast<const char*>(data), size);  // own buffer: exact bounds

  std::string fast, reference, twice, squeezed, squeezed2;
  n.normalized(input, fast);
  FUZZ_CHECK(is_valid_utf8(fast));
  n.normalized_reference(input, reference);
  FUZZ_CHECK(fast == reference);
  n.normalized(fast, twice);
  FUZZ_CHECK(twice == fast);

  n.squeezed(fast, squeezed);
  FUZZ_CHECK(is_valid_utf8(squeezed));
  FUZZ_CHECK(squeezed.size() <= fast.size());
  n.squeezed(fast, squeezed2);
  FUZZ_CHECK(squeezed2 == squeezed);

  // squeezed() of arbitrary bytes (the header allows any input) is still valid UTF-8.
  n.squeezed(input, squeezed2);
  FUZZ_CHECK(is_valid_utf8(squeezed2));
  return 0;
}
