// UCS-2 / UTF-16BE decoding: BMP text (Thai), surrogate pairs, and every malformed shape.

#include "text/utf16.h"

#include <catch2/catch.hpp>

#include "filters/text/decode_result_print.h"

#include <cstdint>
#include <string>
#include <vector>

#include "support/utf8_check.h"

using namespace smsfw::filters::text;
using Bytes = std::vector<std::uint8_t>;

namespace {

// UTF-16BE of a list of code units.
Bytes be(std::initializer_list<std::uint16_t> units) {
  Bytes b;
  for (const auto u : units) {
    b.push_back(static_cast<std::uint8_t>(u >> 8));
    b.push_back(static_cast<std::uint8_t>(u & 0xFF));
  }
  return b;
}

std::string dec(const Bytes& b, DecodeResult* r = nullptr) {
  std::string s;
  const DecodeResult res = decode_utf16be(b, s);
  if (r) *r = res;
  return s;
}

}  // namespace

TEST_CASE("utf16 Thai verify-identity text") {
  // ยืนยันตัวตน
  const Bytes b = be({0x0E22, 0x0E37, 0x0E19, 0x0E22, 0x0E31, 0x0E19, 0x0E15, 0x0E31, 0x0E27,
                      0x0E15, 0x0E19});
  DecodeResult r;
  CHECK(dec(b, &r) == "\u0E22\u0E37\u0E19\u0E22\u0E31\u0E19\u0E15\u0E31\u0E27\u0E15\u0E19");
  CHECK(dec(b) == "ยืนยันตัวตน");
  CHECK(r == DecodeResult{11, 0});
}

TEST_CASE("utf16 ASCII, NUL and the BMP edges") {
  DecodeResult r;
  CHECK(dec(be({'H', 'i', 0x0000, 0x00E9, 0x07FF, 0x0800, 0xFFFD, 0xFFFF, 0xFEFF}), &r) ==
        std::string("Hi\0", 3) + "\u00E9\u07FF\u0800\uFFFD\uFFFF\uFEFF");
  CHECK(r == DecodeResult{9, 0});
}

TEST_CASE("utf16 emoji surrogate pair") {
  DecodeResult r;
  CHECK(dec(be({0xD83D, 0xDE00}), &r) == "\U0001F600");
  CHECK(r == DecodeResult{1, 0});
  CHECK(dec(be({'o', 'k', 0xD83D, 0xDC4D, '!'}), &r) == "ok\U0001F44D!");
  CHECK(r == DecodeResult{4, 0});
  CHECK(dec(be({0xDBFF, 0xDFFF, 0xD800, 0xDC00}), &r) == "\U0010FFFF\U00010000");
  CHECK(r == DecodeResult{2, 0});
}

TEST_CASE("utf16 unpaired surrogates become U+FFFD") {
  DecodeResult r;
  CHECK(dec(be({0xD83D}), &r) == "\uFFFD");  // high at end
  CHECK(r == DecodeResult{1, 1});
  CHECK(dec(be({0xD83D, 'a'}), &r) == "\uFFFDa");  // high then non-surrogate
  CHECK(r == DecodeResult{2, 1});
  CHECK(dec(be({0xDE00, 'a'}), &r) == "\uFFFDa");  // lone low
  CHECK(r == DecodeResult{2, 1});
  CHECK(dec(be({0xD83D, 0xD83D, 0xDE00}), &r) == "\uFFFD\U0001F600");  // high, then a pair
  CHECK(r == DecodeResult{2, 1});
  CHECK(dec(be({0xDE00, 0xD83D}), &r) == "\uFFFD\uFFFD");  // reversed pair
  CHECK(r == DecodeResult{2, 2});
}

TEST_CASE("utf16 odd length") {
  DecodeResult r;
  CHECK(dec({0x00}, &r) == "\uFFFD");
  CHECK(r == DecodeResult{1, 1});
  CHECK(dec({0x00, 'A', 0x0E}, &r) == "A\uFFFD");
  CHECK(r == DecodeResult{2, 1});
  CHECK(dec({0xD8, 0x3D, 0xDE}, &r) == "\uFFFD\uFFFD");  // a pair cut in the middle
  CHECK(r == DecodeResult{2, 2});
  CHECK(dec({}, &r).empty());
  CHECK(r == DecodeResult{0, 0});
}
