#include "text/utf16.h"

#include <array>
#include <bit>
#include <cstring>

#include "text/utf8_append.h"

namespace smsfw::filters::text {
namespace {

// Eight input bytes (four units) as one word: byte 0 (the first unit's high byte) lowest.
inline std::uint64_t load_le64(const std::uint8_t* b) {
  std::uint64_t x;
  std::memcpy(&x, b, 8);
  if constexpr (std::endian::native == std::endian::big) x = __builtin_bswap64(x);
  return x;
}

// In a load_le64 word each unit is a 16-bit lane holding its high byte in bits 0-7 and its low
// byte in bits 8-15. A unit is ASCII or in the Thai block U+0E00..U+0E7F exactly when its lane,
// masked with kHighAndBit7, is 0x0000 or 0x000E.
constexpr std::uint64_t kHighAndBit7 = 0x80FF80FF80FF80FFull;
constexpr std::uint64_t kThaiHigh = 0x000E000E000E000Eull;
constexpr std::uint64_t kLaneBits01 = 0x0003000300030003ull;

// Whether all four units of `x` are ASCII or Thai-block: the masked lanes may only have bits
// 1-3 set (0x0E), and those three bits must be equal (all clear or all set).
inline bool ascii_or_thai(std::uint64_t x) {
  const std::uint64_t tag = x & kHighAndBit7;
  return ((tag & ~kThaiHigh) | (((tag >> 1) ^ (tag >> 2)) & kLaneBits01)) == 0;
}

// Per lane of an ascii_or_thai word: its table index, the low byte (< 0x80) plus 0x80 when the
// high byte is 0x0E (bit 3 moved to bit 7).
inline std::uint64_t table_indexes(std::uint64_t x) {
  return ((x >> 8) & 0x007F007F007F007Full) | ((x << 4) & 0x0080008000800080ull);
}

// Packed UTF-8 (utf8_append.h) of ASCII l at index l, and of U+0E00 + l at index 0x80 | l.
constexpr std::array<std::uint32_t, 256> kAsciiThaiUtf8 = [] {
  std::array<std::uint32_t, 256> t{};
  for (char32_t l = 0; l < 0x80; ++l) {
    t[l] = utf8_packed(l);
    t[0x80 | l] = utf8_packed(0x0E00 + l);
  }
  return t;
}();

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
  const std::size_t m = n & ~std::size_t{1};  // the bytes of whole units
  std::size_t i = 0;
  std::size_t chars = 0;
  while (i < m) {
    // Four units at a time when each is ASCII or Thai-block (Thai text with its spaces, digits
    // and links): a table entry per unit, the same steps whatever the mix, so no branch to
    // mispredict per character. The room for 4 units is >= 12 + kUtf8Slack bytes.
    if (m - i >= 8) {
      const std::uint64_t x = load_le64(b + i);
      if (ascii_or_thai(x)) {
        const std::uint64_t idx = table_indexes(x);
        p = put_packed(p, kAsciiThaiUtf8[idx & 0xFF]);
        p = put_packed(p, kAsciiThaiUtf8[(idx >> 16) & 0xFF]);
        p = put_packed(p, kAsciiThaiUtf8[(idx >> 32) & 0xFF]);
        p = put_packed(p, kAsciiThaiUtf8[idx >> 48]);
        i += 8;
        chars += 4;
        continue;
      }
    } else if (m >= 8) {
      // The last 1-3 units, as the last four: the first `skip` were decoded already, so they
      // are left out of the check and their entries are stored but not kept (the next store
      // overwrites them; the room left is >= 3 + kUtf8Slack).
      const std::size_t skip = 4 - (m - i) / 2;
      const std::uint64_t x = load_le64(b + m - 8);
      if (ascii_or_thai(x & (~std::uint64_t{0} << (16 * skip)))) {
        const std::uint64_t idx = table_indexes(x);
        const auto keep = [&](std::size_t lane) { return 0u - static_cast<unsigned>(lane >= skip); };
        std::uint32_t e = kAsciiThaiUtf8[idx & 0xFF];
        store_le32(p, e);
        p += (e >> 24) & keep(0);
        e = kAsciiThaiUtf8[(idx >> 16) & 0xFF];
        store_le32(p, e);
        p += (e >> 24) & keep(1);
        e = kAsciiThaiUtf8[(idx >> 32) & 0xFF];
        store_le32(p, e);
        p += (e >> 24) & keep(2);
        p = put_packed(p, kAsciiThaiUtf8[idx >> 48]);
        chars += 4 - skip;
        i = m;
        break;
      }
    }
    const std::uint32_t u = unit(i);
    i += 2;
    ++chars;
    if (u - 0xD800 >= 0x800) {  // not a surrogate
      p = put_bmp(p, u);
    } else if (u <= 0xDBFF && i < m && unit(i) - 0xDC00 < 0x400) {
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
