// data_coding classification for all 256 values and decode()'s dispatch.

#include "text/data_coding.h"

#include <catch2/catch.hpp>

#include "filters/text/decode_result_print.h"

#include <cstdint>
#include <string>
#include <vector>

#include "text/gsm7.h"

using namespace smsfw::filters::text;
using Bytes = std::vector<std::uint8_t>;

namespace {

// The expected classification, written from SMPP 3.4 5.2.19 and GSM 03.38 clause 4.
DataCodingInfo expected(unsigned v) {
  DataCodingInfo i;
  i.value = static_cast<std::uint8_t>(v);
  if (v >= 0xF0) {
    i.group = CodingGroup::message_class;
    i.coding = (v & 0x04) ? Coding::binary : Coding::gsm7;
    i.message_class = static_cast<std::int8_t>(v & 3);
  } else if (v >= 0xE0) {
    i.group = CodingGroup::mwi;
    i.coding = Coding::ucs2;
  } else if (v >= 0xC0) {
    i.group = CodingGroup::mwi;
    i.coding = Coding::gsm7;
  } else {
    static const Coding kSmpp[15] = {
        Coding::smsc_default, Coding::ia5,      Coding::binary,    Coding::latin1,
        Coding::binary,       Coding::jis,      Coding::cyrillic,  Coding::hebrew,
        Coding::ucs2,         Coding::pictogram, Coding::iso2022jp, Coding::reserved,
        Coding::reserved,     Coding::kanji,    Coding::ksc5601};
    i.coding = v < 15 ? kSmpp[v] : Coding::reserved;
  }
  return i;
}

}  // namespace

TEST_CASE("data_coding classification of every value 0x00-0xFF") {
  for (unsigned v = 0; v < 256; ++v) {
    INFO("data_coding " << v);
    const DataCodingInfo got = classify_data_coding(static_cast<std::uint8_t>(v));
    const DataCodingInfo want = expected(v);
    CHECK(got.value == want.value);
    CHECK(got.coding == want.coding);
    CHECK(got.group == want.group);
    CHECK(got.message_class == want.message_class);
  }
  CHECK(classify_data_coding(0xF1).message_class == 1);
  CHECK(classify_data_coding(0xF6).coding == Coding::binary);
  CHECK(classify_data_coding(0xF6).message_class == 2);
}

TEST_CASE("data_coding 0 follows the account default") {
  const Bytes gsm = {'P', 0x00, 'y', 0x1B, 0x65};  // "P@y€" unpacked
  std::string s;
  auto r = decode(0x00, gsm, SmscDefault::gsm7_unpacked, s);
  CHECK(r.status == DecodeStatus::text);
  CHECK(r.counts == DecodeResult{4, 0});
  CHECK(s == "P@y\u20AC");

  const Bytes latin = {'c', 0xE9, 0x80};
  s.clear();
  r = decode(0x00, latin, SmscDefault::latin1, s);
  CHECK(s == "c\u00E9\u0080");
  s.clear();
  r = decode(0x00, latin, SmscDefault::latin1, s, {.latin1 = Latin1Variant::cp1252});
  CHECK(s == "c\u00E9\u20AC");
  s.clear();
  r = decode(0x00, latin, SmscDefault::ascii, s);
  CHECK(s == "c\uFFFD\uFFFD");
  CHECK(r.counts == DecodeResult{3, 2});

  const Bytes packed = {0xE8, 0x32, 0x9B, 0xFD, 0x46, 0x97, 0xD9, 0xEC, 0x37};  // hellohello
  s.clear();
  r = decode(0x00, packed, SmscDefault::gsm7_packed, s);
  CHECK(s == "hellohello");
  s.clear();
  r = decode(0xF0, packed, SmscDefault::gsm7_packed, s);
  CHECK(s == "hellohello");
  CHECK(r.info.message_class == 0);
}

TEST_CASE("data_coding packed GSM after a UDH uses the fill bits option") {
  // "Hi" packed after one fill bit: septets at bits 1 and 8.
  const Bytes text = {static_cast<std::uint8_t>('H' << 1), 'i'};
  std::string s;
  const auto r = decode(0x00, text, SmscDefault::gsm7_packed, s,
                        {.gsm7_fill_bits = gsm7_fill_bits_after_udh(6)});
  CHECK(r.counts == DecodeResult{2, 0});
  CHECK(s == "Hi");
}

TEST_CASE("data_coding dispatches the other character sets") {
  std::string s;
  CHECK(decode(0x01, Bytes{'o', 'k'}, SmscDefault::latin1, s).counts == DecodeResult{2, 0});
  CHECK(s == "ok");
  s.clear();
  decode(0x03, Bytes{0xFC}, SmscDefault::gsm7_unpacked, s);
  CHECK(s == "\u00FC");
  s.clear();
  decode(0x06, Bytes{0xB0}, SmscDefault::gsm7_unpacked, s);
  CHECK(s == "\u0410");
  s.clear();
  decode(0x07, Bytes{0xE0}, SmscDefault::gsm7_unpacked, s);
  CHECK(s == "\u05D0");
  s.clear();
  decode(0x08, Bytes{0x0E, 0x22, 0xD8, 0x3D, 0xDE, 0x00}, SmscDefault::gsm7_unpacked, s);
  CHECK(s == "\u0E22\U0001F600");
  s.clear();
  decode(0xE8, Bytes{0x00, 'A'}, SmscDefault::gsm7_unpacked, s);  // MWI group, UCS2
  CHECK(s == "A");
  s.clear();
  decode(0xF2, Bytes{'A', 0x00}, SmscDefault::latin1, s);  // class 2, GSM 7-bit unpacked
  CHECK(s == "A@");
}

TEST_CASE("data_coding binary and unsupported codings produce no text") {
  const Bytes b = {0x41, 0x42, 0x00};
  for (const std::uint8_t dc : {0x02, 0x04, 0xF4, 0xF5, 0xF6, 0xF7, 0xFC, 0xFF}) {
    std::string s;
    const auto r = decode(dc, b, SmscDefault::gsm7_unpacked, s);
    INFO("data_coding " << int(dc));
    CHECK(r.status == DecodeStatus::not_text);
    CHECK(r.info.coding == Coding::binary);
    CHECK(s.empty());
  }
  for (const std::uint8_t dc : {0x05, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x42, 0xBF}) {
    std::string s;
    const auto r = decode(dc, b, SmscDefault::gsm7_unpacked, s);
    INFO("data_coding " << int(dc));
    CHECK(r.status == DecodeStatus::unsupported);
    CHECK(s.empty());
  }
}
