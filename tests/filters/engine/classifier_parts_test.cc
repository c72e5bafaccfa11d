// A concatenated message judged whole (MessageInput::parts): each part's UDH stripped, the parts'
// code units joined before decoding, so text split anywhere (mid-word, mid surrogate pair, between
// a GSM escape and its character, in packed GSM after headers of different lengths) is judged as
// the text the handset shows.

#include <algorithm>

#include "engine_fixture.h"
#include "text/encode.h"
#include "text/gsm7.h"

using smsfw::filters::Action;
using smsfw::filters::MessageInput;
using smsfw::filters::MessagePart;
using smsfw::filters::test::EngineFixture;
using Bytes = std::vector<std::uint8_t>;

namespace {

constexpr const char* kRules = R"(set: parts-test
version: "1"
rules:
  - {id: THAI-VERIFY-URGENT, pattern: 'ยืนยันตัวตนด่วน', action: block, description: split Thai}
  - {id: EURO-FEE, view: raw, pattern: 'fee 100€ now', action: block, description: escape split}
  - {id: MONEYBAG, view: raw, pattern: 'win 💰 today', action: block, description: surrogate split}
  - {id: VERIFY, pattern: 'verify your account', action: block, description: packed split}
)";

constexpr const char* kAccounts = R"(accounts:
  packed: {data_coding_0: gsm7-packed}
)";

Bytes udh8(std::uint8_t ref, std::uint8_t total, std::uint8_t seq) { return {0x05, 0x00, 0x03, ref, total, seq}; }
Bytes udh16(std::uint16_t ref, std::uint8_t total, std::uint8_t seq) {
  return {0x06, 0x08, 0x04, static_cast<std::uint8_t>(ref >> 8), static_cast<std::uint8_t>(ref), total, seq};
}
Bytes join(const Bytes& a, const Bytes& b) {
  Bytes out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

struct PartsFixture : EngineFixture {
  PartsFixture() {
    dir.write("rules.yaml", kRules);
    dir.write("accounts.yaml", kAccounts);
    load();
  }
  // Judges `bodies` (each with its header) as one message of `data_coding`.
  const smsfw::filters::Verdict& whole(const std::vector<Bytes>& bodies, std::uint8_t data_coding,
                                       std::string_view account = "esme-a", std::uint8_t esm_class = 0x40) {
    parts.clear();
    for (const Bytes& b : bodies) parts.push_back({b, data_coding, esm_class});
    MessageInput in;
    in.account = account;
    in.source = {"SHOP", 5, 0};
    in.destination = {destination, 1, 1};
    in.data_coding = data_coding;
    in.esm_class = esm_class;
    in.body = bodies.front();
    in.parts = parts;
    in.sar = sar;
    return classifier->classify(in);
  }
  std::vector<MessagePart> parts;
};

}  // namespace

TEST_CASE("parts: Thai UCS-2 split mid-word is blocked whole, while each part alone passes") {
  PartsFixture f;
  Bytes a, b;
  smsfw::filters::text::encode_utf16be("กรุณายืนยันตัว", a);
  smsfw::filters::text::encode_utf16be("ตนด่วนที่ลิงก์นี้", b);
  const Bytes p1 = join(udh16(0xBEEF, 2, 1), a), p2 = join(udh16(0xBEEF, 2, 2), b);
  CHECK(f.classify_bytes(p1, 8, "SHOP", "esme-a", 0x40).action == Action::allow);
  CHECK(f.classify_bytes(p2, 8, "SHOP", "esme-a", 0x40).action == Action::allow);
  const auto& v = f.whole({p1, p2}, 8);
  CHECK(v.action == Action::block);
  CHECK(EngineFixture::ids(v.rules) == std::vector<std::string>{"THAI-VERIFY-URGENT"});
  CHECK(v.text == "กรุณายืนยันตัวตนด่วนที่ลิงก์นี้");
  REQUIRE(v.concat);
  CHECK(v.concat->reference == 0xBEEF);
  CHECK(v.concat->source == smsfw::filters::message::ConcatSource::udh16);
}

TEST_CASE("parts: a UTF-16 surrogate pair split across two parts decodes as one character") {
  PartsFixture f;
  Bytes all;
  smsfw::filters::text::encode_utf16be("win 💰 today", all);
  // "win " is 8 octets; the money bag is D8 3D DC B0: cut between its two code units.
  const Bytes a(all.begin(), all.begin() + 10), b(all.begin() + 10, all.end());
  const auto& v = f.whole({join(udh8(7, 2, 1), a), join(udh8(7, 2, 2), b)}, 8);
  CHECK(v.text == "win 💰 today");
  CHECK(v.invalid_units == 0);
  CHECK(v.action == Action::block);
}

TEST_CASE("parts: a GSM escape at the end of one part applies to the first septet of the next") {
  PartsFixture f;
  Bytes all;
  smsfw::filters::text::encode_gsm7_unpacked("fee 100€ now", all);
  const auto esc = std::find(all.begin(), all.end(), std::uint8_t{0x1B});
  REQUIRE(esc != all.end());
  const Bytes a(all.begin(), esc + 1), b(esc + 1, all.end());  // ESC | 0x65 ...
  const auto& v = f.whole({join(udh8(1, 2, 1), a), join(udh8(1, 2, 2), b)}, 0);
  CHECK(v.text == "fee 100€ now");
  CHECK(v.invalid_units == 0);
  CHECK(v.action == Action::block);
}

TEST_CASE("parts: packed GSM parts are unpacked after their own headers' fill bits and joined") {
  PartsFixture f;
  // A 6-octet UDH leaves 1 fill bit, a 7-octet one none (56 bits end on a septet boundary).
  const Bytes h1 = udh8(3, 2, 1), h2 = udh16(3, 2, 2);
  Bytes a = h1, b = h2;
  smsfw::filters::text::encode_gsm7_packed("please verify yo", smsfw::filters::text::gsm7_fill_bits_after_udh(h1.size()),
                                           a);
  smsfw::filters::text::encode_gsm7_packed("ur account today", smsfw::filters::text::gsm7_fill_bits_after_udh(h2.size()),
                                           b);
  const auto& v = f.whole({a, b}, 0, "packed");
  CHECK(v.text == "please verify your account today");
  CHECK(v.action == Action::block);
}

TEST_CASE("parts: SAR parts (no UDH) join their plain bodies; parts judged alone do not match") {
  PartsFixture f;
  Bytes p1, p2;
  smsfw::filters::text::encode_gsm7_unpacked("please verify yo", p1);
  smsfw::filters::text::encode_gsm7_unpacked("ur account", p2);
  CHECK(f.classify_bytes(p1, 0).action == Action::allow);
  f.sar = smsfw::filters::message::ConcatInfo{0x1234, 2, 1, smsfw::filters::message::ConcatSource::sar};
  const auto& v = f.whole({p1, p2}, 0, "esme-a", 0x00);
  CHECK(v.action == Action::block);
  CHECK(v.text == "please verify your account");
  CHECK(v.udh_length == 0);
  REQUIRE(v.concat);
  CHECK(v.concat->source == smsfw::filters::message::ConcatSource::sar);
}

TEST_CASE("parts: parts in different codings are decoded one by one and their text joined") {
  PartsFixture f;
  Bytes a, b;
  smsfw::filters::text::encode_gsm7_unpacked("please verify yo", a);
  smsfw::filters::text::encode_utf16be("ur account", b);
  f.parts = {{a, 0, 0}, {b, 8, 0}};
  MessageInput in;
  in.account = "esme-a";
  in.source = {"SHOP", 5, 0};
  in.destination = {f.destination, 1, 1};
  in.body = a;
  in.parts = f.parts;
  const auto& v = f.classifier->classify(in);
  CHECK(v.text == "please verify your account");
  CHECK(v.action == Action::block);
}
