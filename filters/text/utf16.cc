#include "text/utf16.h"

#include <bit>
#include <cstring>

#include "text/utf8_append.h"

namespace smsfw::filters::text {
namespace {

// Eight input bytes (four units) as one little-endian-ordered word: byte 0 = first byte in memory.
inline std::uint64_t load_le64(const std::uint8_t* b) {
  std::uint64_t x;
  std::memcpy(&x, b, 8);
  if constexpr (std::endian::native == std::endian::big) x = __builtin_bswap64(x);
  return x;
}

inline void store_le64(char* p, std::uint64_t w) {
  if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
  std::memcpy(p, &w, 8);
}

// Of four big-endian units: the high bytes (bytes 0, 2, 4, 6) and bit 7 of the low bytes.
constexpr std::uint64_t kHighAndBit7 = 0x80FF80FF80FF80FFull;
// Four units in U+0E00..U+0E7F (Thai, and the unassigned rest of its block): high byte 0x0E.
constexpr std::uint64_t kThaiHigh = 0x000E000E000E000Eull;

// The low bytes (1, 3, 5, 7) of four units, as four consecutive bytes.
inline std::uint32_t low_bytes(std::uint64_t x) {
  return static_cast<std::uint32_t>(((x >> 8) & 0xFF) | ((x >> 16) & 0xFF00) |
                                    ((x >> 24) & 0xFF0000) | ((x >> 32) & 0xFF000000));
}

// UTF-8 of U+0E00 + l (l < 0x80): E0, B8 or B9, 80 + the low 6 bits, in the low 24 bits.
inline std::uint32_t thai_utf8(std::uint32_t l) {
  return 0xE0 | ((0xB8 | (l >> 6)) << 8) | ((0x80 | (l & 0x3F)) << 16);
}

}  // namespace

DecodeResult decode_utf16be(std::span<const std::uint8_t> bytes, std::string& out) {
  DecodeResult r;
  const std::size_t n = bytes.size();
  if (n == 0) return r;
  // Worst case: 3 bytes per unit (a BMP character or U+FFFD; a pair is 4 bytes for 2 units) and
  // 3 for an odd trailing byte.
  Utf8Output o(out, n / 2 * 3 + (n & 1) * 3);
  char* p = o.begin();
  const std::uint8_t* b = bytes.data();
  const auto unit = [&](std::size_t i) -> std::uint32_t {
    return static_cast<std::uint32_t>((b[i] << 8) | b[i + 1]);
  };
  std::size_t i = 0;
  std::size_t chars = 0;
  while (i + 1 < n) {
    // Four units at a time when they are all ASCII (4 bytes out) or all in the Thai block (12 bytes
    // out, four 4-byte stores); the room for 4 units is >= 12 + kUtf8Slack bytes.
    if (n - i >= 8) {
      const std::uint64_t x = load_le64(b + i);
      const std::uint64_t tag = x & kHighAndBit7;
      if (tag == 0) {
        store_le32(p, low_bytes(x));
        p += 4;
        i += 8;
        chars += 4;
        continue;
      }
      if (tag == kThaiHigh) {
        const std::uint32_t l = low_bytes(x);
        store_le32(p, thai_utf8(l & 0xFF));
        store_le32(p + 3, thai_utf8((l >> 8) & 0xFF));
        store_le32(p + 6, thai_utf8((l >> 16) & 0xFF));
        store_le32(p + 9, thai_utf8(l >> 24));
        p += 12;
        i += 8;
        chars += 4;
        continue;
      }
    }
    const std::uint32_t u = unit(i);
    i += 2;
    ++chars;
    if (u - 0xD800 >= 0x800) {  // not a surrogate
      p = put_bmp(p, u);
    } else if (u <= 0xDBFF && i + 1 < n && unit(i) - 0xDC00 < 0x400) {
      p = put_utf8(p, 0x10000 + ((u - 0xD800) << 10) + (unit(i) - 0xDC00));
      i += 2;
    } else {
      // Unpaired surrogate: only this unit is replaced; whatever follows is decoded on its own.
      p = put_packed(p, kReplacementPacked);
      ++r.invalid;
    }
  }
  if (i < n) {  // odd trailing byte
    p = put_packed(p, kReplacementPacked);
    ++chars;
    ++r.invalid;
  }
  r.chars = chars;
  o.finish(p);
  return r;
}

}  // namespace smsfw::filters::text
