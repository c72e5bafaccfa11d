// Encoders (UTF-8 to message octets): every GSM 03.38 base and extension character, packing with
// and without fill bits, UTF-16BE with surrogate pairs, the single-byte sets, unencodable and
// ill-formed input, and decode(encode(x)) == x through the existing decoders for every data_coding.

#include "text/encode.h"

#include <catch2/catch.hpp>

#include "filters/text/decode_result_print.h"

#include <cstdint>
#include <string>
#include <vector>

#include "support/rng.h"
#include "support/utf8_check.h"
#include "text/gsm7.h"
#include "text/single_byte.h"
#include "text/utf16.h"

using namespace smsfw::filters::text;
using smsfw::test::utf8;
using Bytes = std::vector<std::uint8_t>;

namespace Catch {
template <>
struct StringMaker<EncodeResult> {
  static std::string convert(const EncodeResult& r) {
    return "{chars " + std::to_string(r.chars) + ", units " + std::to_string(r.units) + ", unencodable " +
           std::to_string(r.unencodable) + "}";
  }
};
}  // namespace Catch

namespace {

// 7-bit packing, LSB first, after `fill` zero fill bits (the test's own packer, no padding).
Bytes pack(const Bytes& septets, unsigned fill = 0) {
  const std::size_t bits = fill + 7 * septets.size();
  Bytes out((bits + 7) / 8, 0);
  for (std::size_t i = 0; i < septets.size(); ++i)
    for (unsigned k = 0; k < 7; ++k)
      if ((septets[i] >> k) & 1) {
        const std::size_t p = fill + 7 * i + k;
        out[p / 8] = static_cast<std::uint8_t>(out[p / 8] | (1u << (p % 8)));
      }
  return out;
}

// pack() plus the <CR> 23.038 6.1.2.3.1 puts in 7 spare bits of the last octet.
// No septets, no octets (the fill bits then have nothing to align).
Bytes pack_with_cr_padding(const Bytes& septets, unsigned fill) {
  if (septets.empty()) return {};
  Bytes out = pack(septets, fill);
  if ((fill + 7 * septets.size()) % 8 == 1) out.back() |= 0x0D << 1;
  return out;
}

Bytes gsm_unpacked(std::string_view s, EncodeResult* r = nullptr) {
  Bytes out;
  const EncodeResult res = encode_gsm7_unpacked(s, out);
  if (r) *r = res;
  return out;
}

Bytes utf16(std::string_view s, EncodeResult* r = nullptr) {
  Bytes out;
  const EncodeResult res = encode_utf16be(s, out);
  if (r) *r = res;
  return out;
}

Bytes single(const SingleByteTable& t, std::string_view s, EncodeResult* r = nullptr) {
  Bytes out;
  const EncodeResult res = encode_single_byte(t, s, out);
  if (r) *r = res;
  return out;
}

// Every GSM character (base table without ESC, then the extension table) as UTF-8, and the
// unpacked septets that encode it, built from the decoder's tables (checked against 23.038 in
// gsm7_test.cc).
struct GsmRepertoire {
  std::vector<std::string> chars;
  std::vector<Bytes> codes;
};
GsmRepertoire gsm_repertoire() {
  GsmRepertoire r;
  for (unsigned s = 0; s < 128; ++s) {
    if (s == 0x1B) continue;
    r.chars.push_back(utf8(gsm7_base_char(static_cast<std::uint8_t>(s))));
    r.codes.push_back({static_cast<std::uint8_t>(s)});
  }
  for (unsigned s = 0; s < 128; ++s) {
    if (const char32_t cp = gsm7_extension_char(static_cast<std::uint8_t>(s)); cp != 0) {
      r.chars.push_back(utf8(cp));
      r.codes.push_back({0x1B, static_cast<std::uint8_t>(s)});
    }
  }
  return r;
}

}  // namespace

TEST_CASE("encode gsm7 every base character is its septet and decodes back") {
  const GsmRepertoire rep = gsm_repertoire();
  std::size_t base = 0;
  for (std::size_t i = 0; i < rep.chars.size(); ++i) {
    if (rep.codes[i].size() != 1) continue;
    ++base;
    INFO("septet " << int(rep.codes[i][0]));
    EncodeResult r;
    CHECK(gsm_unpacked(rep.chars[i], &r) == rep.codes[i]);
    CHECK(r == EncodeResult{1, 0, 1});
    std::string back;
    CHECK(decode_gsm7_unpacked(rep.codes[i], back) == DecodeResult{1, 0});
    CHECK(back == rep.chars[i]);
  }
  CHECK(base == 127);
  // Spot checks written from 23.038 directly.
  CHECK(gsm_unpacked("@") == Bytes{0x00});
  CHECK(gsm_unpacked("\u00A3$\u00A5") == Bytes{0x01, 0x02, 0x03});
  CHECK(gsm_unpacked("\u0394\u03A9\u039E") == Bytes{0x10, 0x15, 0x1A});
  CHECK(gsm_unpacked("\u00A1\u00BF\u00E0\u00A7") == Bytes{0x40, 0x60, 0x7F, 0x5F});
  CHECK(gsm_unpacked("\n\r") == Bytes{0x0A, 0x0D});
}

TEST_CASE("encode gsm7 every extension character is ESC plus its code and decodes back") {
  const GsmRepertoire rep = gsm_repertoire();
  std::size_t ext = 0;
  for (std::size_t i = 0; i < rep.chars.size(); ++i) {
    if (rep.codes[i].size() != 2) continue;
    ++ext;
    INFO("escape " << int(rep.codes[i][1]));
    EncodeResult r;
    CHECK(gsm_unpacked(rep.chars[i], &r) == rep.codes[i]);
    CHECK(r == EncodeResult{2, 0, 1});
    std::string back;
    CHECK(decode_gsm7_unpacked(rep.codes[i], back) == DecodeResult{1, 0});
    CHECK(back == rep.chars[i]);
  }
  CHECK(ext == 10);
  CHECK(gsm_unpacked("[Likely-SCAM] ") ==
        Bytes{0x1B, 0x3C, 'L', 'i', 'k', 'e', 'l', 'y', '-', 'S', 'C', 'A', 'M', 0x1B, 0x3E, ' '});
  CHECK(gsm_unpacked("\u20AC{}|^~\\\f") == Bytes{0x1B, 0x65, 0x1B, 0x28, 0x1B, 0x29, 0x1B, 0x40, 0x1B,
                                                0x14, 0x1B, 0x3D, 0x1B, 0x2F, 0x1B, 0x0A});
}

TEST_CASE("encode gsm7_code reports table and septet") {
  CHECK(gsm7_code(U'A').found);
  CHECK_FALSE(gsm7_code(U'A').extension);
  CHECK(gsm7_code(U'A').septet == 0x41);
  CHECK(gsm7_code(U'\u20AC').extension);
  CHECK(gsm7_code(U'\u20AC').septet == 0x65);
  CHECK_FALSE(gsm7_code(U'\u00A0').found);  // NBSP: slot 0x1B is the escape
  CHECK_FALSE(gsm7_code(U'`').found);
  CHECK_FALSE(gsm7_code(U'\u0416').found);
  CHECK_FALSE(gsm7_code(U'\U0001F600').found);
  CHECK_FALSE(gsm7_code(0x110000).found);
}

TEST_CASE("encode gsm7 whole repertoire round trips unpacked and packed with every fill") {
  const GsmRepertoire rep = gsm_repertoire();
  std::string all;
  Bytes septets;
  for (std::size_t i = 0; i < rep.chars.size(); ++i) {
    all += rep.chars[i];
    septets.insert(septets.end(), rep.codes[i].begin(), rep.codes[i].end());
  }
  EncodeResult r;
  CHECK(gsm_unpacked(all, &r) == septets);
  CHECK(r == EncodeResult{147, 0, 137});
  std::string back;
  CHECK(decode_gsm7_unpacked(septets, back) == DecodeResult{137, 0});
  CHECK(back == all);

  for (unsigned fill = 0; fill <= 6; ++fill) {
    INFO("fill " << fill);
    Bytes packed;
    CHECK(encode_gsm7_packed(all, fill, packed) == EncodeResult{147, 0, 137});
    CHECK(packed == pack_with_cr_padding(septets, fill));
    back.clear();
    CHECK(decode_gsm7_packed(packed, 147, fill, back) == DecodeResult{137, 0});
    CHECK(back == all);
    back.clear();  // the text ends in an extension septet: no trailing ambiguity
    CHECK(decode_gsm7_packed(packed, fill, back) == DecodeResult{137, 0});
    CHECK(back == all);
  }
}

TEST_CASE("encode gsm7 packed known vectors and padding") {
  Bytes out;
  CHECK(encode_gsm7_packed("hellohello", 0, out) == EncodeResult{10, 0, 10});
  CHECK(out == Bytes{0xE8, 0x32, 0x9B, 0xFD, 0x46, 0x97, 0xD9, 0xEC, 0x37});

  // 7 septets = 49 bits: the 7th octet has 7 spare bits, which hold <CR>.
  out.clear();
  CHECK(encode_gsm7_packed("1234567", 0, out) == EncodeResult{7, 0, 7});
  REQUIRE(out.size() == 7);
  CHECK(out.back() == ((0x0D << 1) | ('7' >> 6)));
  std::string back;
  CHECK(decode_gsm7_packed(out, 0, back) == DecodeResult{7, 0});
  CHECK(back == "1234567");

  // 8 septets fill 7 octets exactly: no padding octet.
  out.clear();
  encode_gsm7_packed("12345678", 0, out);
  CHECK(out.size() == 7);

  // One fill bit after a 6-octet concatenation UDH: the first septet starts at bit 1.
  out.clear();
  CHECK(encode_gsm7_packed("A", 1, out) == EncodeResult{1, 0, 1});
  CHECK(out == Bytes{0x41 << 1});
  out.clear();
  CHECK(encode_gsm7_packed("", 3, out) == EncodeResult{});
  CHECK(out.empty());
  // Fill bits past one octet are whole zero octets first.
  out.clear();
  encode_gsm7_packed("A", 9, out);
  CHECK(out == Bytes{0x00, 0x41 << 1});
}

TEST_CASE("encode gsm7 packed random text matches an independent packer") {
  smsfw::test::Rng rng(0xE7C0DE);
  const GsmRepertoire rep = gsm_repertoire();
  for (int round = 0; round < 400; ++round) {
    std::string text;
    Bytes septets;
    const std::size_t n = rng.range(0, 200);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t k = rng.below(static_cast<std::uint32_t>(rep.chars.size()));
      text += rep.chars[k];
      septets.insert(septets.end(), rep.codes[k].begin(), rep.codes[k].end());
    }
    const unsigned fill = rng.range(0, 6);
    INFO("round " << round << " fill " << fill);
    Bytes packed = {0xAA};  // appends after what is there
    const EncodeResult r = encode_gsm7_packed(text, fill, packed);
    CHECK(r == EncodeResult{septets.size(), 0, n});
    REQUIRE(packed.front() == 0xAA);
    const Bytes body(packed.begin() + 1, packed.end());
    CHECK(body == pack_with_cr_padding(septets, fill));
    std::string back;
    CHECK(decode_gsm7_packed(body, r.units, fill, back) == DecodeResult{n, 0});
    CHECK(back == text);
  }
}

TEST_CASE("encode gsm7 unencodable characters become question marks") {
  EncodeResult r;
  CHECK(gsm_unpacked("a\u00A0b", &r) == Bytes{'a', '?', 'b'});
  CHECK(r == EncodeResult{3, 1, 3});
  CHECK(gsm_unpacked("\u041F\u0440\u0438`", &r) == Bytes{'?', '?', '?', '?'});
  CHECK(r == EncodeResult{4, 4, 4});
  CHECK(gsm_unpacked("ok \U0001F600", &r) == Bytes{'o', 'k', ' ', '?'});
  CHECK(r == EncodeResult{4, 1, 4});
  CHECK(gsm_unpacked(std::string_view("\0", 1), &r) == Bytes{'?'});  // U+0000 is not '@'
  CHECK(r == EncodeResult{1, 1, 1});
  Bytes packed;
  CHECK(encode_gsm7_packed("\u0E01", 0, packed) == EncodeResult{1, 1, 1});
  CHECK(packed == Bytes{'?'});
}

TEST_CASE("encode ill-formed UTF-8 counts one replacement per maximal subpart") {
  struct Case {
    std::string_view in;
    std::size_t replacements;
    std::string_view gsm;  // expected GSM septets as ASCII
  };
  const Case cases[] = {
      {"\xC3", 1, "?"},                   // truncated 2-byte sequence
      {"a\xC3z", 1, "a?z"},               // ... in the middle
      {"\xE2\x82", 1, "?"},               // truncated euro sign: one maximal subpart
      {"\xE2\x82z", 1, "?z"},
      {"\xE0\x80\x80", 3, "???"},         // overlong: E0 then two stray continuations
      {"\xC0\xAF", 2, "??"},              // C0 is never a lead byte
      {"\xED\xA0\x80", 3, "???"},         // a UTF-8 encoded surrogate
      {"\xF4\x90\x80\x80", 4, "????"},    // above U+10FFFF
      {"\xF0\x9F\x98z", 1, "?z"},         // truncated emoji
      {"\xFF\xFE", 2, "??"},
      {"\x80", 1, "?"},
  };
  for (const Case& c : cases) {
    INFO("input of " << c.in.size() << " octets, expected " << c.gsm);
    EncodeResult r;
    const Bytes g = gsm_unpacked(c.in, &r);
    CHECK(std::string(g.begin(), g.end()) == c.gsm);
    CHECK(r.unencodable == c.replacements);
    CHECK(r.chars == c.gsm.size());

    const Bytes u = utf16(c.in, &r);
    CHECK(r.unencodable == c.replacements);
    std::string back;
    decode_utf16be(u, back);
    std::string want;
    for (const char ch : c.gsm) want += ch == '?' ? std::string("\uFFFD") : std::string(1, ch);
    CHECK(back == want);

    const Bytes l = single(latin1_table(), c.in, &r);
    CHECK(std::string(l.begin(), l.end()) == c.gsm);
    CHECK(r.unencodable == c.replacements);
  }
}

TEST_CASE("encode utf16be Thai, emoji and the plane edges") {
  EncodeResult r;
  // "สวัสดี" (hello), six BMP characters.
  const std::string thai = "\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35";
  CHECK(utf16(thai, &r) == Bytes{0x0E, 0x2A, 0x0E, 0x27, 0x0E, 0x31, 0x0E, 0x2A, 0x0E, 0x14, 0x0E, 0x35});
  CHECK(r == EncodeResult{6, 0, 6});
  CHECK(utf16("\U0001F600", &r) == Bytes{0xD8, 0x3D, 0xDE, 0x00});
  CHECK(r == EncodeResult{2, 0, 1});
  CHECK(utf16("\U00010000\U0010FFFF\uFFFF\uFEFF", &r) ==
        Bytes{0xD8, 0x00, 0xDC, 0x00, 0xDB, 0xFF, 0xDF, 0xFF, 0xFF, 0xFF, 0xFE, 0xFF});
  CHECK(r == EncodeResult{6, 0, 4});
  CHECK(utf16("\uFFFD", &r) == Bytes{0xFF, 0xFD});  // a real U+FFFD is not a replacement
  CHECK(r == EncodeResult{1, 0, 1});

  const std::string mixed = "[Likely-SCAM] " + thai + " \U0001F600\U0001F4B0 ok\u200B";
  std::string back;
  const Bytes u = utf16(mixed, &r);
  CHECK(decode_utf16be(u, back) == DecodeResult{r.chars, 0});
  CHECK(back == mixed);
  CHECK(r.units * 2 == u.size());
}

TEST_CASE("encode utf16be random scalar values round trip") {
  smsfw::test::Rng rng(0x16BE);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const std::size_t n = rng.range(0, 80);
    for (std::size_t i = 0; i < n; ++i) {
      char32_t cp;
      do cp = rng.chance(30) ? rng.range(0x10000, 0x10FFFF) : rng.range(0, 0xFFFF);
      while (cp >= 0xD800 && cp <= 0xDFFF);
      text += utf8(cp);
    }
    EncodeResult r;
    const Bytes u = utf16(text, &r);
    CHECK(r.chars == n);
    CHECK(r.unencodable == 0);
    std::string back;
    CHECK(decode_utf16be(u, back) == DecodeResult{n, 0});
    CHECK(back == text);
  }
}

TEST_CASE("encode latin1 and cp1252 round trip every byte") {
  for (const Latin1Variant v : {Latin1Variant::iso8859_1, Latin1Variant::cp1252}) {
    Bytes all(256);
    for (unsigned b = 0; b < 256; ++b) all[b] = static_cast<std::uint8_t>(b);
    std::string text;
    decode_latin1(all, text, v);
    EncodeResult r;
    CHECK(single(latin1_table(v), text, &r) == all);
    CHECK(r == EncodeResult{256, 0, 256});
  }
  EncodeResult r;
  CHECK(single(latin1_table(), "caf\u00E9 \u00FF\u00A0", &r) == Bytes{'c', 'a', 'f', 0xE9, ' ', 0xFF, 0xA0});
  CHECK(r.unencodable == 0);
  // The euro sign: cp1252 0x80, not in ISO-8859-1; U+0080 is the reverse.
  CHECK(single(latin1_table(Latin1Variant::iso8859_1), "\u20AC\u0080", &r) == Bytes{'?', 0x80});
  CHECK(r.unencodable == 1);
  CHECK(single(latin1_table(Latin1Variant::cp1252), "\u20AC\u0080\u2019\u0081", &r) ==
        Bytes{0x80, '?', 0x92, 0x81});
  CHECK(r.unencodable == 1);
  CHECK(single(latin1_table(), "\u0100\u0E01", &r) == Bytes{'?', '?'});
  CHECK(r == EncodeResult{2, 2, 2});
}

TEST_CASE("encode ia5 keeps ASCII and replaces the rest") {
  EncodeResult r;
  const std::string ascii("\0\x1B@~\x7F", 5);
  CHECK(single(ia5_table(), ascii, &r) == Bytes{0x00, 0x1B, '@', '~', 0x7F});
  CHECK(r == EncodeResult{5, 0, 5});
  CHECK(single(ia5_table(), "\u00E9t\u00E9", &r) == Bytes{'?', 't', '?'});
  CHECK(r == EncodeResult{3, 2, 3});
}

TEST_CASE("encode ISO-8859-5 Cyrillic and ISO-8859-8 Hebrew") {
  EncodeResult r;
  CHECK(single(iso8859_5_table(), "\u041F\u0440\u0438\u0432\u0435\u0442!", &r) ==
        Bytes{0xBF, 0xE0, 0xD8, 0xD2, 0xD5, 0xE2, '!'});
  CHECK(r == EncodeResult{7, 0, 7});
  CHECK(single(iso8859_8_table(), "\u05E9\u05DC\u05D5\u05DD 1", &r) == Bytes{0xF9, 0xEC, 0xE5, 0xED, ' ', '1'});
  CHECK(r == EncodeResult{6, 0, 6});
  CHECK(single(iso8859_5_table(), "\u05E9", &r) == Bytes{'?'});
  CHECK(r.unencodable == 1);
  CHECK(single(iso8859_8_table(), "\u0416", &r) == Bytes{'?'});
  CHECK(r.unencodable == 1);

  // Every mapped byte round trips through its decoder.
  for (const SingleByteTable* t : {&iso8859_5_table(), &iso8859_8_table()}) {
    Bytes mapped;
    for (unsigned b = 0; b < 256; ++b)
      if (t->mapped(static_cast<std::uint8_t>(b))) mapped.push_back(static_cast<std::uint8_t>(b));
    CHECK(mapped.size() > 200);
    std::string text;
    CHECK(t->decode(mapped, text).invalid == 0);
    CHECK(single(*t, text, &r) == mapped);
    CHECK(r == EncodeResult{mapped.size(), 0, mapped.size()});
  }
}

TEST_CASE("encode appends and never touches what is already in the vector") {
  Bytes out = {1, 2, 3};
  encode_gsm7_unpacked("A", out);
  encode_utf16be("B", out);
  encode_single_byte(latin1_table(), "\u00E9", out);
  encode_gsm7_packed("hellohello", 0, out);
  CHECK(out == Bytes{1, 2, 3, 'A', 0x00, 'B', 0xE9, 0xE8, 0x32, 0x9B, 0xFD, 0x46, 0x97, 0xD9, 0xEC, 0x37});
  const Bytes before = out;
  EncodeResult r{9, 9, 9};
  CHECK(encode(0x04, SmscDefault::gsm7_unpacked, "x", out, &r) == EncodeStatus::not_text);
  CHECK(r == EncodeResult{});
  CHECK(encode(0x05, SmscDefault::gsm7_unpacked, "x", out) == EncodeStatus::unsupported);
  CHECK(out == before);
}

TEST_CASE("encode dispatch follows decode for every data_coding and account default") {
  // Text every supported set can carry (no '@' or CR at the end: no packed ambiguity).
  const std::string text = "Hello 123 ok.";
  const SmscDefault defaults[] = {SmscDefault::gsm7_unpacked, SmscDefault::gsm7_packed,
                                  SmscDefault::latin1, SmscDefault::ascii};
  int texts = 0;
  for (unsigned dc = 0; dc < 256; ++dc) {
    for (const SmscDefault d : defaults) {
      for (unsigned fill = 0; fill <= 6; ++fill) {
        for (const Latin1Variant v : {Latin1Variant::iso8859_1, Latin1Variant::cp1252}) {
          INFO("data_coding " << dc << " default " << int(d) << " fill " << fill << " variant " << int(v));
          DecodeOptions o;
          o.gsm7_fill_bits = fill;
          o.latin1 = v;
          Bytes out;
          EncodeResult counts{9, 9, 9};
          const EncodeStatus status = encode(static_cast<std::uint8_t>(dc), d, text, out, &counts, o);
          std::string back;
          const TextDecodeResult dr = decode(static_cast<std::uint8_t>(dc), out, d, back, o);
          CHECK(static_cast<int>(status) == static_cast<int>(dr.status));
          if (status != EncodeStatus::text) {
            CHECK(out.empty());
            CHECK(counts == EncodeResult{});
            continue;
          }
          ++texts;
          CHECK(counts.chars == text.size());
          CHECK(counts.unencodable == 0);
          CHECK(back == text);
          CHECK(dr.counts == DecodeResult{text.size(), 0});
        }
      }
    }
  }
  CHECK(texts > 0);
}

TEST_CASE("encode dispatch picks the expected encoder") {
  const auto enc = [](std::uint8_t dc, std::string_view s, SmscDefault d, unsigned fill = 0) {
    Bytes out;
    DecodeOptions o;
    o.gsm7_fill_bits = fill;
    encode(dc, d, s, out, nullptr, o);
    return out;
  };
  const auto packed = [](std::string_view s, unsigned fill) {
    Bytes out;
    encode_gsm7_packed(s, fill, out);
    return out;
  };
  CHECK(enc(0x00, "\u20AC@", SmscDefault::gsm7_unpacked) == Bytes{0x1B, 0x65, 0x00});
  CHECK(enc(0x00, "hellohello", SmscDefault::gsm7_packed, 1) == packed("hellohello", 1));
  CHECK(enc(0x00, "\u00E9", SmscDefault::latin1) == Bytes{0xE9});
  CHECK(enc(0x00, "\u00E9", SmscDefault::ascii) == Bytes{'?'});
  CHECK(enc(0x01, "@\u00E9", SmscDefault::gsm7_unpacked) == Bytes{'@', '?'});
  CHECK(enc(0x03, "\u00E9", SmscDefault::gsm7_unpacked) == Bytes{0xE9});
  CHECK(enc(0x06, "\u0416", SmscDefault::gsm7_unpacked) == Bytes{0xB6});
  CHECK(enc(0x07, "\u05D0", SmscDefault::gsm7_unpacked) == Bytes{0xE0});
  CHECK(enc(0x08, "\u0E01", SmscDefault::gsm7_unpacked) == Bytes{0x0E, 0x01});
  CHECK(enc(0xE3, "\u0E01", SmscDefault::gsm7_unpacked) == Bytes{0x0E, 0x01});
  CHECK(enc(0xF0, "\u00E9", SmscDefault::gsm7_unpacked) == Bytes{0x05});
  CHECK(enc(0xF1, "hellohello", SmscDefault::gsm7_packed) == packed("hellohello", 0));
  CHECK(enc(0xC0, "A", SmscDefault::latin1) == Bytes{0x41});
  Bytes out;
  EncodeResult r;
  CHECK(encode(0x08, SmscDefault::gsm7_unpacked, "\U0001F600", out, &r) == EncodeStatus::text);
  CHECK(r == EncodeResult{2, 0, 1});
  CHECK(out == Bytes{0xD8, 0x3D, 0xDE, 0x00});
  CHECK(encode(0xF6, SmscDefault::gsm7_unpacked, "x", out, &r) == EncodeStatus::not_text);
  CHECK(out.size() == 4);
}

TEST_CASE("encode_like_esme picks GSM 7-bit when every character has a code, else UCS-2") {
  using namespace smsfw::filters::text;
  std::vector<std::uint8_t> out = {0xAA};  // appends after what is there
  EncodeResult r;
  CHECK(encode_like_esme("Pay {5} now", out, &r) == 0x00);
  CHECK(out.size() == 1 + 13);  // braces are ESC + code
  CHECK(r.unencodable == 0);
  out.assign(1, 0xAA);
  CHECK(encode_like_esme("ok ยืนยัน", out, &r) == 0x08);
  CHECK(out.size() == 1 + 2 * 9);  // the GSM attempt is discarded, not left in front
  CHECK(out[0] == 0xAA);
  CHECK(r.unencodable == 0);
}
