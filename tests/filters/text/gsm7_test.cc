// GSM 03.38 decoding: the full default alphabet and extension table against 3GPP TS 23.038,
// unpacked and packed carriage, fill bits after a UDH, trailing padding, malformed escapes.

#include "text/gsm7.h"

#include <catch2/catch.hpp>

#include "filters/text/decode_result_print.h"

#include <cstdint>
#include <string>
#include <vector>

#include "support/utf8_check.h"
#include "support/rng.h"

using namespace smsfw::filters::text;
using smsfw::test::utf8;
using Bytes = std::vector<std::uint8_t>;

namespace {

// 3GPP TS 23.038 6.2.1, default alphabet: septet -> Unicode (0x1B is ESC, tested separately).
struct Pair {
  std::uint8_t septet;
  char32_t cp;
};
const Pair kDefaultAlphabet[128] = {
    {0x00, 0x0040}, {0x01, 0x00A3}, {0x02, 0x0024}, {0x03, 0x00A5}, {0x04, 0x00E8}, {0x05, 0x00E9},
    {0x06, 0x00F9}, {0x07, 0x00EC}, {0x08, 0x00F2}, {0x09, 0x00C7}, {0x0A, 0x000A}, {0x0B, 0x00D8},
    {0x0C, 0x00F8}, {0x0D, 0x000D}, {0x0E, 0x00C5}, {0x0F, 0x00E5}, {0x10, 0x0394}, {0x11, 0x005F},
    {0x12, 0x03A6}, {0x13, 0x0393}, {0x14, 0x039B}, {0x15, 0x03A9}, {0x16, 0x03A0}, {0x17, 0x03A8},
    {0x18, 0x03A3}, {0x19, 0x0398}, {0x1A, 0x039E}, {0x1B, 0x00A0}, {0x1C, 0x00C6}, {0x1D, 0x00E6},
    {0x1E, 0x00DF}, {0x1F, 0x00C9}, {0x20, 0x0020}, {0x21, 0x0021}, {0x22, 0x0022}, {0x23, 0x0023},
    {0x24, 0x00A4}, {0x25, 0x0025}, {0x26, 0x0026}, {0x27, 0x0027}, {0x28, 0x0028}, {0x29, 0x0029},
    {0x2A, 0x002A}, {0x2B, 0x002B}, {0x2C, 0x002C}, {0x2D, 0x002D}, {0x2E, 0x002E}, {0x2F, 0x002F},
    {0x30, 0x0030}, {0x31, 0x0031}, {0x32, 0x0032}, {0x33, 0x0033}, {0x34, 0x0034}, {0x35, 0x0035},
    {0x36, 0x0036}, {0x37, 0x0037}, {0x38, 0x0038}, {0x39, 0x0039}, {0x3A, 0x003A}, {0x3B, 0x003B},
    {0x3C, 0x003C}, {0x3D, 0x003D}, {0x3E, 0x003E}, {0x3F, 0x003F}, {0x40, 0x00A1}, {0x41, 0x0041},
    {0x42, 0x0042}, {0x43, 0x0043}, {0x44, 0x0044}, {0x45, 0x0045}, {0x46, 0x0046}, {0x47, 0x0047},
    {0x48, 0x0048}, {0x49, 0x0049}, {0x4A, 0x004A}, {0x4B, 0x004B}, {0x4C, 0x004C}, {0x4D, 0x004D},
    {0x4E, 0x004E}, {0x4F, 0x004F}, {0x50, 0x0050}, {0x51, 0x0051}, {0x52, 0x0052}, {0x53, 0x0053},
    {0x54, 0x0054}, {0x55, 0x0055}, {0x56, 0x0056}, {0x57, 0x0057}, {0x58, 0x0058}, {0x59, 0x0059},
    {0x5A, 0x005A}, {0x5B, 0x00C4}, {0x5C, 0x00D6}, {0x5D, 0x00D1}, {0x5E, 0x00DC}, {0x5F, 0x00A7},
    {0x60, 0x00BF}, {0x61, 0x0061}, {0x62, 0x0062}, {0x63, 0x0063}, {0x64, 0x0064}, {0x65, 0x0065},
    {0x66, 0x0066}, {0x67, 0x0067}, {0x68, 0x0068}, {0x69, 0x0069}, {0x6A, 0x006A}, {0x6B, 0x006B},
    {0x6C, 0x006C}, {0x6D, 0x006D}, {0x6E, 0x006E}, {0x6F, 0x006F}, {0x70, 0x0070}, {0x71, 0x0071},
    {0x72, 0x0072}, {0x73, 0x0073}, {0x74, 0x0074}, {0x75, 0x0075}, {0x76, 0x0076}, {0x77, 0x0077},
    {0x78, 0x0078}, {0x79, 0x0079}, {0x7A, 0x007A}, {0x7B, 0x00E4}, {0x7C, 0x00F6}, {0x7D, 0x00F1},
    {0x7E, 0x00FC}, {0x7F, 0x00E0},
};

// 3GPP TS 23.038 6.2.1.1, extension table (after ESC 0x1B).
const Pair kExtensionTable[] = {
    {0x0A, 0x000C}, {0x14, 0x005E}, {0x28, 0x007B}, {0x29, 0x007D}, {0x2F, 0x005C},
    {0x3C, 0x005B}, {0x3D, 0x007E}, {0x3E, 0x005D}, {0x40, 0x007C}, {0x65, 0x20AC},
};

// 7-bit packing, LSB first, after `fill` zero fill bits (the test's own encoder).
Bytes pack(const Bytes& septets, unsigned fill = 0) {
  const std::size_t bits = fill + 7 * septets.size();
  Bytes out((bits + 7) / 8, 0);
  for (std::size_t i = 0; i < septets.size(); ++i) {
    for (unsigned k = 0; k < 7; ++k) {
      if ((septets[i] >> k) & 1) {
        const std::size_t p = fill + 7 * i + k;
        out[p / 8] = static_cast<std::uint8_t>(out[p / 8] | (1u << (p % 8)));
      }
    }
  }
  return out;
}

std::string unpacked(const Bytes& b, DecodeResult* r = nullptr) {
  std::string s;
  const DecodeResult res = decode_gsm7_unpacked(b, s);
  if (r) *r = res;
  return s;
}

// Random septets that are not ESC (so the text has exactly one character per septet).
Bytes random_septets(smsfw::test::Rng& rng, std::size_t n) {
  Bytes s(n);
  for (auto& c : s) {
    do c = static_cast<std::uint8_t>(rng.below(128)); while (c == 0x1B);
  }
  return s;
}

}  // namespace

TEST_CASE("gsm7 every default-alphabet character matches 23.038") {
  std::string all;
  Bytes all_septets;
  for (const Pair& p : kDefaultAlphabet) {
    REQUIRE(gsm7_base_char(p.septet) == p.cp);
    if (p.septet == 0x1B) continue;
    DecodeResult r;
    INFO("septet " << int(p.septet));
    CHECK(unpacked({p.septet}, &r) == utf8(p.cp));
    CHECK(r == DecodeResult{1, 0});
    all += utf8(p.cp);
    all_septets.push_back(p.septet);
  }
  DecodeResult r;
  CHECK(unpacked(all_septets, &r) == all);
  CHECK(r == DecodeResult{127, 0});
}

TEST_CASE("gsm7 every extension character matches 23.038") {
  for (const Pair& p : kExtensionTable) {
    INFO("escape " << int(p.septet));
    CHECK(gsm7_extension_char(p.septet) == p.cp);
    DecodeResult r;
    CHECK(unpacked({0x1B, p.septet}, &r) == utf8(p.cp));
    CHECK(r == DecodeResult{1, 0});
  }
  DecodeResult r;
  CHECK(unpacked({'a', 0x1B, 0x65, '5', 0x1B, 0x28, 0x1B, 0x29}, &r) == "a\u20AC5{}");
  CHECK(r == DecodeResult{5, 0});
}

TEST_CASE("gsm7 undefined escapes fall back to the base character and are counted") {
  for (unsigned e = 0; e < 128; ++e) {
    bool defined = false;
    for (const Pair& p : kExtensionTable) defined |= p.septet == e;
    if (defined) continue;
    INFO("escape " << e);
    CHECK(gsm7_extension_char(static_cast<std::uint8_t>(e)) == 0);
    DecodeResult r;
    const std::string want = e == 0x1B ? std::string(" ") : utf8(kDefaultAlphabet[e].cp);
    CHECK(unpacked({0x1B, static_cast<std::uint8_t>(e)}, &r) == want);
    CHECK(r == DecodeResult{1, 1});
  }
}

TEST_CASE("gsm7 lone ESC and non-septet octets become U+FFFD") {
  DecodeResult r;
  CHECK(unpacked({'h', 'i', 0x1B}, &r) == "hi\uFFFD");
  CHECK(r == DecodeResult{3, 1});
  CHECK(unpacked({0x1B}, &r) == "\uFFFD");
  CHECK(r == DecodeResult{1, 1});
  CHECK(unpacked({0x1B, 0x80, 'a'}, &r) == "\uFFFD\uFFFDa");
  CHECK(r == DecodeResult{3, 2});
  CHECK(unpacked({0xFF, 'a'}, &r) == "\uFFFDa");
  CHECK(r == DecodeResult{2, 1});
  CHECK(unpacked({}, &r).empty());
  CHECK(r == DecodeResult{0, 0});
}

TEST_CASE("gsm7 '@' is 0x00 inside text") {
  const Bytes septets = {'m', 'e', 0x00, 'x', '.', 'c', 'o', 0x00};
  CHECK(unpacked(septets) == "me@x.co@");
  std::string s;
  CHECK(decode_gsm7_packed(pack(septets), septets.size(), 0, s) == DecodeResult{8, 0});
  CHECK(s == "me@x.co@");
}

TEST_CASE("gsm7 packed known vector") {
  // "hellohello" from 3GPP TS 23.038 style examples: E8 32 9B FD 46 97 D9 EC 37.
  const Bytes packed = {0xE8, 0x32, 0x9B, 0xFD, 0x46, 0x97, 0xD9, 0xEC, 0x37};
  CHECK(pack({'h', 'e', 'l', 'l', 'o', 'h', 'e', 'l', 'l', 'o'}) == packed);
  std::string s;
  CHECK(decode_gsm7_packed(packed, 0, s) == DecodeResult{10, 0});
  CHECK(s == "hellohello");
}

TEST_CASE("gsm7 capacity and fill bits") {
  CHECK(gsm7_packed_capacity(0, 0) == 0);
  CHECK(gsm7_packed_capacity(7, 0) == 8);
  CHECK(gsm7_packed_capacity(140, 0) == 160);
  CHECK(gsm7_packed_capacity(134, 1) == 153);  // 140 octets minus a 6-octet concatenation UDH
  CHECK(gsm7_packed_capacity(1, 8) == 0);
  CHECK(gsm7_packed_capacity(1, 100) == 0);
  CHECK(gsm7_fill_bits_after_udh(6) == 1);  // 05 00 03 ref total seq
  CHECK(gsm7_fill_bits_after_udh(7) == 0);  // 06 08 04 ref ref total seq
  CHECK(gsm7_fill_bits_after_udh(5) == 2);
  CHECK(gsm7_fill_bits_after_udh(0) == 0);
  for (std::size_t u = 0; u < 200; ++u) CHECK((u * 8 + gsm7_fill_bits_after_udh(u)) % 7 == 0);
}

TEST_CASE("gsm7 packed round trips for lengths 1 to 200 with every fill") {
  smsfw::test::Rng rng(0x6A5D);
  std::string got;
  for (std::size_t n = 1; n <= 200; ++n) {
    const Bytes septets = random_septets(rng, n);
    const std::string want = unpacked(septets);
    for (unsigned fill = 0; fill <= 6; ++fill) {
      INFO("length " << n << " fill " << fill);
      const Bytes packed = pack(septets, fill);
      got.clear();
      REQUIRE(decode_gsm7_packed(packed, n, fill, got) == DecodeResult{n, 0});
      REQUIRE(got == want);
      // Without a septet count: exact unless the last slot is whole and holds '@' or CR.
      const std::size_t cap = gsm7_packed_capacity(packed.size(), fill);
      REQUIRE((cap == n || cap == n + 1));
      const bool ambiguous_tail = cap == n && (packed.size() * 8 - fill) % 7 == 0 &&
                                  (septets.back() == 0x00 || septets.back() == 0x0D);
      REQUIRE(gsm7_packed_septet_count(packed, fill) == (ambiguous_tail ? n - 1 : n));
    }
  }
}

TEST_CASE("gsm7 packed trailing padding for 8n-1 septets is not a spurious '@'") {
  for (const std::size_t n : {7u, 15u, 23u, 159u}) {
    INFO("length " << n);
    const Bytes septets(n, 'A');
    const Bytes zero_pad = pack(septets);  // 7 zero bits at the end
    REQUIRE(zero_pad.size() == (n + 1) * 7 / 8);
    std::string s;
    CHECK(decode_gsm7_packed(zero_pad, 0, s) == DecodeResult{n, 0});
    CHECK(s == std::string(n, 'A'));
    // 23.038 6.1.2.3.1: <CR> as the padding septet.
    Bytes with_cr = septets;
    with_cr.push_back(0x0D);
    const Bytes cr_pad = pack(with_cr);
    REQUIRE(cr_pad.size() == zero_pad.size());
    s.clear();
    CHECK(decode_gsm7_packed(cr_pad, 0, s) == DecodeResult{n, 0});
    CHECK(s == std::string(n, 'A'));
    // With the septet count known, a real final '@' survives.
    Bytes with_at = septets;
    with_at.push_back(0x00);
    s.clear();
    CHECK(decode_gsm7_packed(pack(with_at), n + 1, 0, s) == DecodeResult{n + 1, 0});
    CHECK(s == std::string(n, 'A') + "@");
  }
  for (const std::size_t n : {8u, 16u}) {
    // 8n septets fill 7n octets exactly, so the last slot is indistinguishable from padding:
    // a final non-padding character is kept, a final '@' needs the septet count (documented).
    INFO("length " << n);
    std::string s;
    Bytes septets(n, 'B');
    CHECK(decode_gsm7_packed(pack(septets), 0, s) == DecodeResult{n, 0});
    CHECK(s == std::string(n, 'B'));
    septets.back() = 0x00;
    s.clear();
    CHECK(decode_gsm7_packed(pack(septets), 0, s) == DecodeResult{n - 1, 0});
    CHECK(s == std::string(n - 1, 'B'));
    s.clear();
    CHECK(decode_gsm7_packed(pack(septets), n, 0, s) == DecodeResult{n, 0});
    CHECK(s == std::string(n - 1, 'B') + "@");
  }
}

TEST_CASE("gsm7 packed text after a concatenation UDH with fill bits") {
  const Bytes udh = {0x05, 0x00, 0x03, 0x2A, 0x02, 0x01};
  const Bytes septets = {'Y', 'o', 'u', 'r', ' ', 'c', 'o', 'd', 'e', 0x1B, 0x65, '1', 0x00};
  const unsigned fill = gsm7_fill_bits_after_udh(udh.size());
  REQUIRE(fill == 1);
  Bytes ud = udh;
  const Bytes text = pack(septets, fill);
  ud.insert(ud.end(), text.begin(), text.end());
  const std::span<const std::uint8_t> after_udh(ud.data() + udh.size(), ud.size() - udh.size());
  std::string s;
  CHECK(decode_gsm7_packed(after_udh, septets.size(), fill, s) == DecodeResult{12, 0});
  CHECK(s == "Your code\u20AC1@");
  // A 7-octet UDH (16-bit reference) needs no fill.
  const Bytes udh16 = {0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x02};
  REQUIRE(gsm7_fill_bits_after_udh(udh16.size()) == 0);
  s.clear();
  CHECK(decode_gsm7_packed(pack(septets, 0), septets.size(), 0, s) == DecodeResult{12, 0});
  CHECK(s == "Your code\u20AC1@");
}

TEST_CASE("gsm7 packed septet count beyond the buffer is counted, never read") {
  const Bytes packed = pack({'a', 'b', 'c'});
  std::string s;
  CHECK(decode_gsm7_packed(packed, 10, 0, s) == DecodeResult{3, 7});
  CHECK(s == "abc");
  s.clear();
  CHECK(decode_gsm7_packed({}, 5, 3, s) == DecodeResult{0, 5});
  CHECK(s.empty());
  CHECK(decode_gsm7_packed({}, 0, s) == DecodeResult{0, 0});
  const Bytes one = {0x41};
  CHECK(decode_gsm7_packed(one, 0, s) == DecodeResult{1, 0});  // 8 bits: one septet 'A'
  CHECK(s == "A");
}

TEST_CASE("gsm7 decoding reuses the caller's buffer") {
  std::string out;
  out.reserve(1024);
  const char* data = out.data();
  const Bytes septets(160, 'x');
  for (int i = 0; i < 3; ++i) {
    out.clear();
    decode_gsm7_unpacked(septets, out);
    decode_gsm7_packed(pack(septets), 0, out);
  }
  CHECK(out.size() == 320);
  CHECK(out.data() == data);
}
