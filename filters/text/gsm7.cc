#include "text/gsm7.h"

#include <array>

#include "text/utf8_append.h"

namespace smsfw::filters::text {
namespace {

// 3GPP TS 23.038 6.2.1, default alphabet (0x1B = ESC, mapped to NBSP like the Unicode mapping).
constexpr std::array<char16_t, 128> kBase = {
    u'@',    u'\u00A3', u'$',    u'\u00A5', u'\u00E8', u'\u00E9', u'\u00F9', u'\u00EC',  // 0x00
    u'\u00F2', u'\u00C7', u'\n', u'\u00D8', u'\u00F8', u'\r',   u'\u00C5', u'\u00E5',    // 0x08
    u'\u0394', u'_',    u'\u03A6', u'\u0393', u'\u039B', u'\u03A9', u'\u03A0', u'\u03A8',  // 0x10
    u'\u03A3', u'\u0398', u'\u039E', u'\u00A0', u'\u00C6', u'\u00E6', u'\u00DF', u'\u00C9',  // 0x18
    u' ',    u'!',    u'"',    u'#',    u'\u00A4', u'%',    u'&',    u'\'',    // 0x20
    u'(',    u')',    u'*',    u'+',    u',',    u'-',    u'.',    u'/',       // 0x28
    u'0',    u'1',    u'2',    u'3',    u'4',    u'5',    u'6',    u'7',       // 0x30
    u'8',    u'9',    u':',    u';',    u'<',    u'=',    u'>',    u'?',       // 0x38
    u'\u00A1', u'A',  u'B',    u'C',    u'D',    u'E',    u'F',    u'G',       // 0x40
    u'H',    u'I',    u'J',    u'K',    u'L',    u'M',    u'N',    u'O',       // 0x48
    u'P',    u'Q',    u'R',    u'S',    u'T',    u'U',    u'V',    u'W',       // 0x50
    u'X',    u'Y',    u'Z',    u'\u00C4', u'\u00D6', u'\u00D1', u'\u00DC', u'\u00A7',  // 0x58
    u'\u00BF', u'a',  u'b',    u'c',    u'd',    u'e',    u'f',    u'g',       // 0x60
    u'h',    u'i',    u'j',    u'k',    u'l',    u'm',    u'n',    u'o',       // 0x68
    u'p',    u'q',    u'r',    u's',    u't',    u'u',    u'v',    u'w',       // 0x70
    u'x',    u'y',    u'z',    u'\u00E4', u'\u00F6', u'\u00F1', u'\u00FC', u'\u00E0',  // 0x78
};

// 3GPP TS 23.038 6.2.1.1, extension table: 0 = undefined. 0x0D (CR2) and 0x1B (SS2) are
// reserved codes, deliberately left undefined here (handled by the fallback rules).
constexpr std::array<char16_t, 128> kExtension = [] {
  std::array<char16_t, 128> t{};
  t[0x0A] = u'\f';
  t[0x14] = u'^';
  t[0x28] = u'{';
  t[0x29] = u'}';
  t[0x2F] = u'\\';
  t[0x3C] = u'[';
  t[0x3D] = u'~';
  t[0x3E] = u']';
  t[0x40] = u'|';
  t[0x65] = u'\u20AC';
  return t;
}();

constexpr std::uint8_t kEsc = 0x1B;

// The one decoding loop for both carriages: `get(i)` returns septet i (< n), possibly >= 0x80
// for unpacked input.
template <class Get>
DecodeResult decode_septets(std::size_t n, Get get, std::string& out) {
  DecodeResult r;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t s = get(i);
    ++r.chars;
    if (s >= 0x80) {
      append_utf8(out, kReplacementChar);
      ++r.invalid;
      continue;
    }
    if (s != kEsc) {
      append_utf8(out, kBase[s]);
      continue;
    }
    // ESC: needs a following septet.
    if (i + 1 >= n || get(i + 1) >= 0x80) {
      append_utf8(out, kReplacementChar);  // lone ESC; a following bad octet is handled next turn
      ++r.invalid;
      continue;
    }
    const std::uint8_t e = get(++i);
    if (const char16_t c = kExtension[e]; c != 0) {
      append_utf8(out, c);
    } else {
      // 23.038 6.2.1.1: show the base character (and a space for ESC ESC).
      append_utf8(out, e == kEsc ? char32_t{U' '} : char32_t{kBase[e]});
      ++r.invalid;
    }
  }
  return r;
}

// Septet at bit position `bit` (LSB-first packing); bits past the end read as 0. Callers only ask
// for septets within capacity, so the second octet is the only one that may be past the end.
inline std::uint8_t septet_at(std::span<const std::uint8_t> octets, std::size_t bit) {
  const std::size_t byte = bit / 8;
  unsigned v = octets[byte];
  if (byte + 1 < octets.size()) v |= static_cast<unsigned>(octets[byte + 1]) << 8;
  return static_cast<std::uint8_t>((v >> (bit % 8)) & 0x7F);
}

}  // namespace

char32_t gsm7_base_char(std::uint8_t septet) { return kBase[septet & 0x7F]; }

char32_t gsm7_extension_char(std::uint8_t septet) {
  return septet < 0x80 ? char32_t{kExtension[septet]} : 0;
}

DecodeResult decode_gsm7_unpacked(std::span<const std::uint8_t> septets, std::string& out) {
  return decode_septets(septets.size(), [&](std::size_t i) { return septets[i]; }, out);
}

std::size_t gsm7_packed_septet_count(std::span<const std::uint8_t> octets, unsigned fill_bits) {
  std::size_t n = gsm7_packed_capacity(octets.size(), fill_bits);
  if (n == 0) return 0;
  const std::size_t bits = octets.size() * 8 - fill_bits;
  if (bits % 7 == 0) {  // the last septet slot ends exactly at the last bit: maybe padding
    const std::uint8_t last = septet_at(octets, fill_bits + (n - 1) * 7);
    if (last == 0x00 || last == 0x0D) --n;
  }
  return n;
}

DecodeResult decode_gsm7_packed(std::span<const std::uint8_t> octets, std::size_t septets,
                                unsigned fill_bits, std::string& out) {
  const std::size_t cap = gsm7_packed_capacity(octets.size(), fill_bits);
  const std::size_t n = septets < cap ? septets : cap;
  DecodeResult r = decode_septets(
      n, [&](std::size_t i) { return septet_at(octets, fill_bits + i * 7); }, out);
  r.invalid += septets - n;
  return r;
}

DecodeResult decode_gsm7_packed(std::span<const std::uint8_t> octets, unsigned fill_bits,
                                std::string& out) {
  return decode_gsm7_packed(octets, gsm7_packed_septet_count(octets, fill_bits), fill_bits, out);
}

}  // namespace smsfw::filters::text
