#include "text/single_byte.h"

#include <unicode/ucnv.h>

#include <cstring>

#include "text/utf8_append.h"

namespace smsfw::filters::text {
namespace {

// Windows-1252 0x80-0x9F (undefined positions hold their C1 value, see Latin1Variant).
constexpr std::array<char16_t, 32> kCp1252High = {
    u'\u20AC', u'\u0081', u'\u201A', u'\u0192', u'\u201E', u'\u2026', u'\u2020', u'\u2021',
    u'\u02C6', u'\u2030', u'\u0160', u'\u2039', u'\u0152', u'\u008D', u'\u017D', u'\u008F',
    u'\u0090', u'\u2018', u'\u2019', u'\u201C', u'\u201D', u'\u2022', u'\u2013', u'\u2014',
    u'\u02DC', u'\u2122', u'\u0161', u'\u203A', u'\u0153', u'\u009D', u'\u017E', u'\u0178',
};

// Builds a table from ICU converter `name`, byte by byte, with the STOP callback so that an
// unmapped byte is reported as an error instead of a substitute (ICU substitutes U+001A for
// single-byte sets, which would look like a real character).
SingleByteTable table_from_icu(const char* name) {
  SingleByteTable t;
  for (unsigned b = 0; b < 0x80; ++b) t.set(static_cast<std::uint8_t>(b), b);  // fallback
  UErrorCode status = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(name, &status);
  if (U_FAILURE(status) || cnv == nullptr) return t;
  ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  SingleByteTable icu;
  for (unsigned b = 0; b < 256; ++b) {
    const char src = static_cast<char>(b);
    UChar dst[4];
    UErrorCode st = U_ZERO_ERROR;
    ucnv_reset(cnv);
    const int32_t n = ucnv_toUChars(cnv, dst, 4, &src, 1, &st);
    if (U_SUCCESS(st) && n == 1) icu.set(static_cast<std::uint8_t>(b), dst[0]);
  }
  ucnv_close(cnv);
  return U_SUCCESS(status) ? icu : t;
}

// Latin-1 and cp1252 (packed UTF-8 per byte: every byte maps).
constexpr std::array<std::uint32_t, 256> kLatin1Utf8 = [] {
  std::array<std::uint32_t, 256> t{};
  for (unsigned b = 0; b < 256; ++b) t[b] = utf8_packed(b);
  return t;
}();

constexpr std::array<std::uint32_t, 256> kCp1252Utf8 = [] {
  std::array<std::uint32_t, 256> t = kLatin1Utf8;
  for (unsigned b = 0x80; b <= 0x9F; ++b) t[b] = utf8_packed(kCp1252High[b - 0x80]);
  return t;
}();

// Every supported byte decodes to at most 3 UTF-8 bytes (U+FFFD included).
constexpr std::size_t kMaxBytesPerByte = 3;

constexpr std::uint64_t kHighBits = 0x8080808080808080ull;

inline std::uint64_t load64(const std::uint8_t* b) {
  std::uint64_t x;
  std::memcpy(&x, b, 8);
  return x;
}

}  // namespace

void SingleByteTable::set(std::uint8_t b, char32_t cp) {
  utf8_[b] = cp < 0x10000 && (cp < 0xD800 || cp > 0xDFFF) ? utf8_packed(cp) : 0;
}

char32_t SingleByteTable::code_point(std::uint8_t b) const {
  const std::uint32_t e = utf8_[b];
  const auto c = [&](int i) { return static_cast<char32_t>((e >> (8 * i)) & 0xFF); };
  switch (e >> 24) {
    case 1: return c(0);
    case 2: return ((c(0) & 0x1F) << 6) | (c(1) & 0x3F);
    case 3: return ((c(0) & 0x0F) << 12) | ((c(1) & 0x3F) << 6) | (c(2) & 0x3F);
    default: return 0;
  }
}

DecodeResult SingleByteTable::decode(std::span<const std::uint8_t> bytes, std::string& out) const {
  DecodeResult r;
  r.chars = bytes.size();
  if (bytes.empty()) return r;
  Utf8Output o(out, kMaxBytesPerByte * bytes.size());
  char* p = o.begin();
  for (const std::uint8_t b : bytes) {
    const std::uint32_t e = utf8_[b];
    if (e != 0) {
      p = put_packed(p, e);
    } else {
      p = put_packed(p, kReplacementPacked);
      ++r.invalid;
    }
  }
  o.finish(p);
  return r;
}

DecodeResult decode_ia5(std::span<const std::uint8_t> bytes, std::string& out) {
  DecodeResult r;
  r.chars = bytes.size();
  if (bytes.empty()) return r;
  Utf8Output o(out, kMaxBytesPerByte * bytes.size());
  char* p = o.begin();
  const std::uint8_t* b = bytes.data();
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    if (n - i >= 8 && (load64(b + i) & kHighBits) == 0) {  // 8 ASCII bytes: copied as they are
      std::memcpy(p, b + i, 8);
      p += 8;
      i += 8;
      continue;
    }
    if (b[i] < 0x80) {
      *p++ = static_cast<char>(b[i]);
    } else {
      p = put_packed(p, kReplacementPacked);
      ++r.invalid;
    }
    ++i;
  }
  o.finish(p);
  return r;
}

DecodeResult decode_latin1(std::span<const std::uint8_t> bytes, std::string& out,
                           Latin1Variant variant) {
  DecodeResult r;
  r.chars = bytes.size();
  if (bytes.empty()) return r;
  const std::array<std::uint32_t, 256>& table =
      variant == Latin1Variant::cp1252 ? kCp1252Utf8 : kLatin1Utf8;
  Utf8Output o(out, kMaxBytesPerByte * bytes.size());
  char* p = o.begin();
  const std::uint8_t* b = bytes.data();
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    if (n - i >= 8 && (load64(b + i) & kHighBits) == 0) {  // 8 ASCII bytes: copied as they are
      std::memcpy(p, b + i, 8);
      p += 8;
      i += 8;
      continue;
    }
    p = put_packed(p, table[b[i]]);
    ++i;
  }
  o.finish(p);
  return r;
}

const SingleByteTable& iso8859_5_table() {
  static const SingleByteTable t = table_from_icu("ISO-8859-5");
  return t;
}

const SingleByteTable& iso8859_8_table() {
  static const SingleByteTable t = table_from_icu("ISO-8859-8");
  return t;
}

DecodeResult decode_iso8859_5(std::span<const std::uint8_t> bytes, std::string& out) {
  return iso8859_5_table().decode(bytes, out);
}

DecodeResult decode_iso8859_8(std::span<const std::uint8_t> bytes, std::string& out) {
  return iso8859_8_table().decode(bytes, out);
}

}  // namespace smsfw::filters::text
