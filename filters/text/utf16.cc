#include "text/utf16.h"

#include "text/utf8_append.h"

namespace smsfw::filters::text {

DecodeResult decode_utf16be(std::span<const std::uint8_t> bytes, std::string& out) {
  DecodeResult r;
  const std::size_t n = bytes.size();
  auto unit = [&](std::size_t i) -> char32_t {
    return static_cast<char32_t>((bytes[i] << 8) | bytes[i + 1]);
  };
  std::size_t i = 0;
  while (i + 1 < n) {
    const char32_t u = unit(i);
    i += 2;
    ++r.chars;
    if (u < 0xD800 || u > 0xDFFF) {
      append_utf8(out, u);
    } else if (u <= 0xDBFF && i + 1 < n && unit(i) >= 0xDC00 && unit(i) <= 0xDFFF) {
      append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (unit(i) - 0xDC00));
      i += 2;
    } else {
      // Unpaired surrogate: only this unit is replaced; whatever follows is decoded on its own.
      append_utf8(out, kReplacementChar);
      ++r.invalid;
    }
  }
  if (i < n) {  // odd trailing byte
    append_utf8(out, kReplacementChar);
    ++r.chars;
    ++r.invalid;
  }
  return r;
}

}  // namespace smsfw::filters::text
