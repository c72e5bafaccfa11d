// Single-byte sets: IA5 and Latin-1 edge bytes, cp1252, and the ISO-8859-5/-8 tables checked
// byte by byte against ICU (an independent converter opened here).

#include "text/single_byte.h"

#include <catch2/catch.hpp>

#include "filters/text/decode_result_print.h"
#include <unicode/ucnv.h>

#include <cstdint>
#include <string>
#include <vector>

#include "support/utf8_check.h"

using namespace smsfw::filters::text;
using smsfw::test::utf8;
using Bytes = std::vector<std::uint8_t>;

namespace {

// ICU's answer for one byte: the code point, or 0 when ICU reports the byte as unmapped/illegal.
char32_t icu_byte(const char* converter, std::uint8_t b) {
  UErrorCode st = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(converter, &st);
  REQUIRE(U_SUCCESS(st));
  ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &st);
  REQUIRE(U_SUCCESS(st));
  const char src = static_cast<char>(b);
  UChar dst[4];
  const int32_t n = ucnv_toUChars(cnv, dst, 4, &src, 1, &st);
  ucnv_close(cnv);
  return U_SUCCESS(st) && n == 1 ? char32_t{dst[0]} : 0;
}

void check_against_icu(const char* converter, DecodeResult (*decode)(std::span<const std::uint8_t>,
                                                                     std::string&),
                       const SingleByteTable& table) {
  std::size_t unmapped = 0;
  for (unsigned b = 0; b < 256; ++b) {
    INFO(converter << " byte " << b);
    const char32_t want = icu_byte(converter, static_cast<std::uint8_t>(b));
    const Bytes in = {static_cast<std::uint8_t>(b)};
    std::string s;
    const DecodeResult r = decode(in, s);
    if (want == 0 && b != 0) {
      ++unmapped;
      CHECK_FALSE(table.mapped(static_cast<std::uint8_t>(b)));
      CHECK(s == "\uFFFD");
      CHECK(r == DecodeResult{1, 1});
    } else {
      CHECK(table.code_point(static_cast<std::uint8_t>(b)) == want);
      CHECK(s == utf8(want));
      CHECK(r == DecodeResult{1, 0});
    }
  }
  INFO(converter << " unmapped bytes: " << unmapped);
  CHECK(unmapped < 256);
}

std::string run(DecodeResult (*decode)(std::span<const std::uint8_t>, std::string&),
                const Bytes& b, DecodeResult* r = nullptr) {
  std::string s;
  const DecodeResult res = decode(b, s);
  if (r) *r = res;
  return s;
}

// decode_latin1 with its default variant, as a plain two-argument function.
DecodeResult latin1(std::span<const std::uint8_t> b, std::string& out) { return decode_latin1(b, out); }

}  // namespace

TEST_CASE("single_byte IA5 edge bytes") {
  DecodeResult r;
  CHECK(run(decode_ia5, {0x00, 0x1B, 0x40, 0x7F}, &r) == std::string("\0\x1B@\x7F", 4));
  CHECK(r == DecodeResult{4, 0});
  CHECK(run(decode_ia5, {'a', 0x80, 0xFF, 'b'}, &r) == "a\uFFFD\uFFFDb");
  CHECK(r == DecodeResult{4, 2});
  for (unsigned b = 0; b < 256; ++b) {
    std::string s;
    const Bytes in = {static_cast<std::uint8_t>(b)};
    CHECK(decode_ia5(in, s) == DecodeResult{1, b >= 0x80 ? 1u : 0u});
    CHECK(s == (b < 0x80 ? utf8(b) : std::string("\uFFFD")));
  }
}

TEST_CASE("single_byte Latin-1 maps every byte to its code point") {
  for (unsigned b = 0; b < 256; ++b) {
    std::string s;
    const Bytes in = {static_cast<std::uint8_t>(b)};
    CHECK(decode_latin1(in, s) == DecodeResult{1, 0});
    CHECK(s == utf8(b));
  }
  CHECK(run(latin1, {0x80, 0x9F, 0xA0, 0xE9, 0xFF}) == "\u0080\u009F\u00A0\u00E9\u00FF");
}

TEST_CASE("single_byte cp1252 reads 0x80-0x9F as Windows-1252") {
  std::string s;
  const Bytes in = {0x80, 0x81, 0x85, 0x8D, 0x91, 0x92, 0x93, 0x94, 0x99, 0x9F, 0xA0, 0xE9, 'a'};
  CHECK(decode_latin1(in, s, Latin1Variant::cp1252) == DecodeResult{13, 0});
  CHECK(s == "\u20AC\u0081\u2026\u008D\u2018\u2019\u201C\u201D\u2122\u0178\u00A0\u00E9a");
  // Against ICU's windows-1252 for every defined byte of 0x80-0x9F.
  for (unsigned b = 0x80; b <= 0x9F; ++b) {
    const char32_t want = icu_byte("windows-1252", static_cast<std::uint8_t>(b));
    if (want == 0) continue;  // undefined in cp1252: we keep the C1 control
    std::string one;
    const Bytes bb = {static_cast<std::uint8_t>(b)};
    decode_latin1(bb, one, Latin1Variant::cp1252);
    INFO("byte " << b);
    CHECK(one == utf8(want));
  }
}

TEST_CASE("single_byte ISO-8859-5 table equals ICU for all 256 bytes") {
  check_against_icu("ISO-8859-5", decode_iso8859_5, iso8859_5_table());
  CHECK(run(decode_iso8859_5, {0xB0, 0xD0, 0xF0, 0xFD, 'Z'}) == "\u0410\u0430\u2116\u00A7Z");
}

TEST_CASE("single_byte ISO-8859-8 table equals ICU for all 256 bytes") {
  check_against_icu("ISO-8859-8", decode_iso8859_8, iso8859_8_table());
  CHECK(run(decode_iso8859_8, {0xE0, 0xFA, 0xAA, 0xFD, 0xFE}) == "\u05D0\u05EA\u00D7\u200E\u200F");
  DecodeResult r;
  CHECK(run(decode_iso8859_8, {0xA1, 'x'}, &r) == "\uFFFDx");  // undefined in ISO-8859-8
  CHECK(r == DecodeResult{2, 1});
}

TEST_CASE("single_byte table decode reuses the caller's buffer") {
  std::string out;
  out.reserve(512);
  const char* data = out.data();
  const Bytes in(160, 0xE0);
  out.clear();
  decode_iso8859_8(in, out);
  CHECK(out.size() == 320);
  CHECK(out.data() == data);
}
