#include "text/gsm7.h"

#include <algorithm>
#include <array>
#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// Septet (or unpacked octet) -> packed UTF-8 (utf8_append.h). Length 0 marks what the table alone
// cannot decode: ESC (looks at the next septet) and octets >= 0x80 (invalid).
constexpr std::array<std::uint32_t, 256> kBaseUtf8 = [] {
  std::array<std::uint32_t, 256> t{};
  for (unsigned s = 0; s < 0x80; ++s) t[s] = s == kEsc ? 0 : utf8_packed(kBase[s]);
  return t;
}();

// Extension septet -> packed UTF-8 of its character, or 0 when undefined.
constexpr std::array<std::uint32_t, 128> kExtensionUtf8 = [] {
  std::array<std::uint32_t, 128> t{};
  for (unsigned s = 0; s < 0x80; ++s) t[s] = kExtension[s] != 0 ? utf8_packed(kExtension[s]) : 0;
  return t;
}();

// At most 3 UTF-8 bytes per septet: a base character is 1-2 bytes, ESC + septet at most 3 (the
// euro sign) for 2 septets, an invalid octet or lone ESC 3 (U+FFFD).
constexpr std::size_t kMaxBytesPerSeptet = 3;

#if defined(__SSE2__)
// Bit i set when septet i of `v` decodes to the same ASCII byte: ' '..'#', '%'..'?', 'A'..'Z',
// 'a'..'z', LF and CR (everything else, octets >= 0x80 included, goes through the table).
inline unsigned ascii_identity_mask(__m128i v) {
  // A range check is one signed compare after a wrapping add that moves the range's start to
  // -128: v + 0x60 < -37 <=> v in 0x20..0x7A; v + 0x25 < -122 <=> v in 0x5B..0x60.
  const __m128i printable =
      _mm_cmpgt_epi8(_mm_set1_epi8(-37), _mm_add_epi8(v, _mm_set1_epi8(0x60)));
  const __m128i brackets =
      _mm_cmpgt_epi8(_mm_set1_epi8(-122), _mm_add_epi8(v, _mm_set1_epi8(0x25)));
  const __m128i other = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x24)),   // currency sign
                                     _mm_cmpeq_epi8(v, _mm_set1_epi8(0x40)));  // inverted !
  const __m128i lines = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x0A)),
                                     _mm_cmpeq_epi8(v, _mm_set1_epi8(0x0D)));
  const __m128i ok =
      _mm_or_si128(_mm_andnot_si128(_mm_or_si128(brackets, other), printable), lines);
  return static_cast<unsigned>(_mm_movemask_epi8(ok));
}
#endif

// The one decoding loop for both carriages: decodes septets s[0..n) (octets >= 0x80 possible in
// unpacked input) at p, which has room for kMaxBytesPerSeptet * n + kUtf8Slack bytes. With `last`
// false, more septets follow s[n - 1]: an ESC there is left for the next call. Returns the number
// of septets consumed (n, or n - 1 for such an ESC); the counts go to `r`.
std::size_t decode_septets(const std::uint8_t* s, std::size_t n, bool last, char*& out_p,
                           DecodeResult& r) {
  char* p = out_p;
  std::size_t i = 0;
  std::size_t pairs = 0;  // ESC + septet: two septets, one character
#if defined(__SSE2__)
  bool copied16 = false;  // the last step copied 16 ASCII-identical septets as they are
#endif
  while (i < n) {
    std::size_t stop = n;   // the table loop below runs to here at most
    std::size_t block = 0;  // with `resume`: bit j set = septet block + j is ASCII-identical,
    unsigned resume = 0;    // the table loop hands back to the vector loop there
#if defined(__SSE2__)
    // 16 (or, near the end, 8) septets at a time while they are all ASCII-identical (most English
    // text): copied as they are. The store fits: with at least 8 septets left the room is >= 24.
    if (copied16 && n - i < 16) {
      // The tail, as the last 16 septets: the ones before i were just copied as they are, so
      // when all 16 are ASCII-identical the store may start 16 - (n - i) bytes back.
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + n - 16));
      if (ascii_identity_mask(v) == 0xFFFF) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(p - (16 - (n - i))), v);
        p += n - i;
        i = n;
        break;
      }
    }
    copied16 = false;
    if (n - i >= 8) {
      __m128i v;
      std::size_t width;
      unsigned full;
      if (n - i >= 16) {
        v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
        width = 16;
        full = 0xFFFF;
      } else {
        v = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(s + i));
        _mm_storel_epi64(reinterpret_cast<__m128i*>(p), v);
        width = 8;
        full = 0xFF;
      }
      const unsigned mask = ascii_identity_mask(v) & full;
      if (mask == full) {
        i += width;
        p += width;
        copied16 = width == 16;
        continue;
      }
      const auto k = static_cast<std::size_t>(std::countr_one(mask));
      block = i;
      stop = i + width;
      resume = mask;
      i += k;
      p += k;
    }
#endif
    while (i < stop) {
      const std::uint8_t c = s[i];
      if (const std::uint32_t e = kBaseUtf8[c]; e != 0) {
        p = put_packed(p, e);
        ++i;
      } else if (c != kEsc) {  // an octet >= 0x80: not a septet
        p = put_packed(p, kReplacementPacked);
        ++r.invalid;
        ++i;
      } else if (i + 1 >= n && !last) {  // ESC: its septet is in the next call
        out_p = p;
        r.chars += i - pairs;
        return i;
      } else if (i + 1 >= n || s[i + 1] >= 0x80) {
        p = put_packed(p, kReplacementPacked);  // lone ESC; a following bad octet: next turn
        ++r.invalid;
        ++i;
      } else {
        const std::uint8_t x = s[i + 1];
        i += 2;
        ++pairs;
        if (const std::uint32_t ext = kExtensionUtf8[x]; ext != 0) {
          p = put_packed(p, ext);
        } else {
          // 23.038 6.2.1.1: show the base character (and a space for ESC ESC).
          p = put_packed(p, x == kEsc ? utf8_packed(U' ') : kBaseUtf8[x]);
          ++r.invalid;
        }
      }
      if (resume != 0 && i < stop && ((resume >> (i - block)) & 1) != 0) break;
    }
  }
  out_p = p;
  r.chars += n - pairs;
  return n;
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
  DecodeResult r;
  if (septets.empty()) return r;
  Utf8Output o(out, kMaxBytesPerSeptet * septets.size());
  char* p = o.begin();
  decode_septets(septets.data(), septets.size(), true, p, r);
  o.finish(p);
  return r;
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
  DecodeResult r;
  r.invalid = septets - n;
  if (n == 0) return r;
  Utf8Output o(out, kMaxBytesPerSeptet * n);
  char* p = o.begin();
  // Unpacked a chunk at a time into `buf`; an ESC left at the end of a chunk moves to the front.
  constexpr std::size_t kChunk = 256;
  std::uint8_t buf[kChunk];
  std::size_t held = 0;  // septets at the front of buf not yet decoded
  std::size_t next = 0;  // next septet to unpack
  while (next < n) {
    const std::size_t take = std::min(kChunk - held, n - next);
    std::size_t bit = fill_bits + next * 7;
    for (std::size_t k = 0; k < take; ++k, bit += 7) buf[held + k] = septet_at(octets, bit);
    next += take;
    const std::size_t have = held + take;
    const std::size_t used = decode_septets(buf, have, next == n, p, r);
    held = have - used;  // 0 or 1 (an ESC)
    if (held != 0) buf[0] = buf[used];
  }
  o.finish(p);
  return r;
}

DecodeResult decode_gsm7_packed(std::span<const std::uint8_t> octets, unsigned fill_bits,
                                std::string& out) {
  return decode_gsm7_packed(octets, gsm7_packed_septet_count(octets, fill_bits), fill_bits, out);
}

void unpack_gsm7(std::span<const std::uint8_t> octets, unsigned fill_bits, std::vector<std::uint8_t>& out) {
  const std::size_t n = gsm7_packed_septet_count(octets, fill_bits);
  const std::size_t start = out.size();
  out.resize(start + n);
  std::size_t bit = fill_bits;
  for (std::size_t k = 0; k < n; ++k, bit += 7) out[start + k] = septet_at(octets, bit);
}

}  // namespace smsfw::filters::text
