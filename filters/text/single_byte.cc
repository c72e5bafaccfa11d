#include "text/single_byte.h"

#include <unicode/ucnv.h>

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

}  // namespace

void SingleByteTable::set(std::uint8_t b, char32_t cp) {
  Entry e;
  if (cp < 0x80) {
    e.len = 1;
    e.utf8[0] = static_cast<char>(cp);
  } else if (cp < 0x800) {
    e.len = 2;
    e.utf8[0] = static_cast<char>(0xC0 | (cp >> 6));
    e.utf8[1] = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000 && (cp < 0xD800 || cp > 0xDFFF)) {
    e.len = 3;
    e.utf8[0] = static_cast<char>(0xE0 | (cp >> 12));
    e.utf8[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    e.utf8[2] = static_cast<char>(0x80 | (cp & 0x3F));
  }
  entries_[b] = e;
}

char32_t SingleByteTable::code_point(std::uint8_t b) const {
  const Entry& e = entries_[b];
  const auto c = [&](int i) { return static_cast<char32_t>(static_cast<unsigned char>(e.utf8[i])); };
  switch (e.len) {
    case 1: return c(0);
    case 2: return ((c(0) & 0x1F) << 6) | (c(1) & 0x3F);
    case 3: return ((c(0) & 0x0F) << 12) | ((c(1) & 0x3F) << 6) | (c(2) & 0x3F);
    default: return 0;
  }
}

DecodeResult SingleByteTable::decode(std::span<const std::uint8_t> bytes, std::string& out) const {
  DecodeResult r;
  r.chars = bytes.size();
  for (const std::uint8_t b : bytes) {
    const Entry& e = entries_[b];
    if (e.len == 0) {
      append_utf8(out, kReplacementChar);
      ++r.invalid;
    } else {
      out.append(e.utf8, e.len);
    }
  }
  return r;
}

DecodeResult decode_ia5(std::span<const std::uint8_t> bytes, std::string& out) {
  DecodeResult r;
  r.chars = bytes.size();
  for (const std::uint8_t b : bytes) {
    if (b < 0x80) {
      out.push_back(static_cast<char>(b));
    } else {
      append_utf8(out, kReplacementChar);
      ++r.invalid;
    }
  }
  return r;
}

DecodeResult decode_latin1(std::span<const std::uint8_t> bytes, std::string& out,
                           Latin1Variant variant) {
  DecodeResult r;
  r.chars = bytes.size();
  for (const std::uint8_t b : bytes) {
    if (variant == Latin1Variant::cp1252 && b >= 0x80 && b <= 0x9F) {
      append_utf8(out, kCp1252High[b - 0x80]);
    } else {
      append_utf8(out, b);
    }
  }
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
