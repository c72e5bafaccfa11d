// The marks a tag verdict puts on a message, with a real Engine and Classifier judging the PDU the
// way the proxy does (message_input_from_pdu -> classify -> TagMarker::mark): sender relabel,
// prefix in the message's own encoding after the UDH (GSM 7-bit, UCS-2, Latin-1; fallback to a
// relabel for packed GSM, binary, or a part without room), the TLV with the tag rule ids. The
// rebuilt PDU is compared byte for byte with the expected one, so every other field is unchanged.

#include <catch2/catch.hpp>

#include "engine/classifier.h"
#include "filter_support.h"
#include "proxy/message_input_from_pdu.h"
#include "proxy_harness.h"
#include "proxy/tag_marker.h"

using namespace smsfw::proxy::test;
using smsfw::filters::Action;
using smsfw::filters::Classifier;
using smsfw::filters::Direction;
using smsfw::filters::MessageAddress;
using smsfw::filters::MessageInput;
using smsfw::filters::Verdict;
using smsfw::proxy::TagMarker;
namespace cmd = smsfw::smpp::cmd;
namespace tlv = smsfw::smpp::tlv;

namespace {

constexpr const char* kRules = R"(set: tags
version: "1"
rules:
  - {id: ALPHA, view: raw, pattern: 'alpha', action: tag, description: sender mark, tag: {mark: sender, relabel_to: Alpha-Scam}}
  - {id: BRAVO, view: raw, pattern: 'bravo', action: tag, description: prefix mark (default prefix), tag: {mark: prefix, relabel_to: Bravo-Fb}}
  - {id: CHARLIE, view: raw, pattern: 'charlie', action: tag, description: tlv mark, tag: {mark: tlv, tlv_tag: 0x1500}}
  - {id: DELTA, view: raw, pattern: 'delta', action: tag, description: a second tlv mark, tag: {mark: tlv, tlv_tag: 0x1600}}
  - {id: ECHO, view: raw, pattern: 'echo', action: monitor, description: monitor only}
  - {id: FOX, view: raw, pattern: 'fox', action: tag, description: short prefix, tag: {mark: prefix, prefix: "! ", relabel_to: Fox-Fb}}
  - {id: OJO, view: raw, pattern: 'ojo', action: tag, description: non-ASCII prefix, tag: {mark: prefix, prefix: "¡Ojo! "}}
  - {id: THAI, pattern: 'รหัส', action: tag, description: Thai text, tag: {mark: prefix}}
  - {id: BINSHOP, field: sender, view: raw, pattern: '^BINSHOP$', action: tag, description: sender rule asking a prefix, tag: {mark: prefix, prefix: "! ", relabel_to: Bin-Fb}}
  - {id: EURO, view: raw, pattern: 'euro', action: tag, description: cp1252 prefix, tag: {mark: prefix, prefix: "€ ", relabel_to: Euro-Fb}}
)";

constexpr const char* kAccounts = R"(accounts:
  packed: {data_coding_0: gsm7-packed}
  latin: {data_coding_0: latin1}
  cp: {latin1: cp1252}
  trial: {mode: monitor}
  mo: {scan_mo: true}
)";

// "[Likely-SCAM] " (the default prefix) in each encoding. '[' and ']' are GSM extension characters.
const Bytes kDefaultPrefixGsm = {0x1B, 0x3C, 'L', 'i', 'k', 'e', 'l', 'y', '-', 'S', 'C', 'A', 'M', 0x1B, 0x3E, ' '};
const Bytes kDefaultPrefixLatin1 = to_bytes("[Likely-SCAM] ");
const Bytes kDefaultPrefixUcs2 = {0, '[', 0, 'L', 0, 'i', 0, 'k', 0, 'e', 0, 'l', 0, 'y', 0, '-',
                                  0, 'S', 0, 'C', 0, 'A', 0, 'M', 0, ']', 0, ' '};
// "¡Ojo! ": '¡' is 0x40 in GSM, 0xA1 in Latin-1, U+00A1 in UCS-2.
const Bytes kOjoGsm = {0x40, 'O', 'j', 'o', '!', ' '};
const Bytes kOjoLatin1 = {0xA1, 'O', 'j', 'o', '!', ' '};
const Bytes kOjoUcs2 = {0x00, 0xA1, 0, 'O', 0, 'j', 0, 'o', 0, '!', 0, ' '};

// A filler with none of the rules' keywords in it.
std::string filler(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + i % 10));
  return s;
}
// n Thai characters (3 UTF-8 octets, one UCS-2 unit each) with none of the keywords.
std::string thai_filler(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += "ก";
  return s;
}

class Marking {
 public:
  Marking() {
    e_.dir.write("rules.yaml", kRules);
    e_.dir.write("accounts.yaml", kAccounts);
    e_.load();
    classifier_ = std::make_unique<Classifier>(*e_.engine);
  }

  struct Outcome {
    TagMarker::Result result = TagMarker::Result::failed;
    Bytes out;
    std::size_t capacity = 0;  // single_part_capacity for this verdict
  };

  // Judges `pdu` as the proxy would and marks it; the verdict must be a tag.
  Outcome mark(const Bytes& pdu, std::string_view account = "esme1", Direction d = Direction::mobile_terminated) {
    Parsed p{Bytes(pdu)};
    REQUIRE(p.error == smsfw::smpp::ParseError::none);
    smsfw::proxy::message_input_from_pdu(p.view, p.fields, account, d, dests_, in_);
    const Verdict& v = classifier_->classify(in_);
    REQUIRE(v.judged);
    REQUIRE(v.action == Action::tag);
    Outcome o;
    o.out = {0xEE, 0xEE};  // something already queued: the frame is appended after it
    o.result = marker_.mark(p.view, p.fields, v, classifier_->account(), 64 * 1024, o.out);
    o.capacity = smsfw::proxy::single_part_capacity(v, classifier_->account());
    REQUIRE(o.out.size() >= 2);
    CHECK(o.out[0] == 0xEE);
    CHECK(o.out[1] == 0xEE);
    o.out.erase(o.out.begin(), o.out.begin() + 2);
    return o;
  }

  const Verdict& classify(const Bytes& pdu, std::string_view account = "esme1") {
    frame_ = pdu;
    parsed_ = std::make_unique<Parsed>(Bytes(pdu));
    smsfw::proxy::message_input_from_pdu(parsed_->view, parsed_->fields, account, Direction::mobile_terminated, dests_,
                                         in_);
    return classifier_->classify(in_);
  }

 private:
  EngineDir e_;
  std::unique_ptr<Classifier> classifier_;
  TagMarker marker_;
  std::vector<MessageAddress> dests_;
  MessageInput in_;
  Bytes frame_;
  std::unique_ptr<Parsed> parsed_;
};

// The message with a relabelled sender (TON 5, NPI 0).
MessageSpec relabelled(MessageSpec m, std::string_view to) {
  m.source_ton = 5;
  m.source_npi = 0;
  m.source = std::string(to);
  return m;
}

// The rebuilt frame must equal `expected` byte for byte, parse, and carry a correct command_length.
void check_rebuilt(const Bytes& out, const MessageSpec& expected) {
  const Bytes want = message_pdu(expected);
  INFO("expected " << hex(want) << "\n     got " << hex(out));
  CHECK(out == want);
  REQUIRE(out.size() >= 16);
  CHECK(smsfw::smpp::load_u32(out.data()) == out.size());
  Parsed p{Bytes(out)};
  CHECK(p.error == smsfw::smpp::ParseError::none);
  CHECK(p.fields.source.digits == expected.source);
  CHECK(int(p.fields.data_coding) == int(expected.data_coding));
  CHECK(p.short_message() == expected.short_message);
}

MessageSpec text_message(std::uint8_t data_coding, Bytes body, std::uint8_t esm_class = 0) {
  MessageSpec m;
  m.seq = 77;
  m.data_coding = data_coding;
  m.esm_class = esm_class;
  m.short_message = std::move(body);
  // TLVs the proxy cannot know, and an incomplete SAR set: all copied as they are.
  m.tlvs = {{0x1403, to_bytes(std::string("vendor\0value", 12))}, {tlv::sar_msg_ref_num, {0x12, 0x34}}};
  return m;
}

}  // namespace

TEST_CASE("tag marker: prefix in GSM 7-bit (data_coding 0), extension characters as ESC pairs") {
  Marking t;
  const MessageSpec m = text_message(0, gsm7("bravo: your parcel 123"));
  const auto o = t.mark(message_pdu(m));
  CHECK(o.result == TagMarker::Result::marked);
  CHECK(o.capacity == 160);
  MessageSpec want = m;
  want.short_message = concat({kDefaultPrefixGsm, m.short_message});
  check_rebuilt(o.out, want);
}

TEST_CASE("tag marker: prefix in UCS-2 over Thai text (data_coding 8)") {
  Marking t;
  const MessageSpec m = text_message(8, ucs2("รหัส OTP ของคุณคือ 123456"));
  const auto o = t.mark(message_pdu(m));
  CHECK(o.result == TagMarker::Result::marked);
  CHECK(o.capacity == 140);
  MessageSpec want = m;
  want.short_message = concat({kDefaultPrefixUcs2, m.short_message});
  check_rebuilt(o.out, want);
}

TEST_CASE("tag marker: a non-ASCII prefix in GSM, Latin-1 and UCS-2") {
  Marking t;
  SECTION("GSM 7-bit") {
    const MessageSpec m = text_message(0, gsm7("ojo con esto"));
    MessageSpec want = m;
    want.short_message = concat({kOjoGsm, m.short_message});
    check_rebuilt(t.mark(message_pdu(m)).out, want);
  }
  SECTION("Latin-1 (data_coding 3)") {
    const MessageSpec m = text_message(3, latin1("ojo, ça coûte cher"));
    const auto o = t.mark(message_pdu(m));
    CHECK(o.result == TagMarker::Result::marked);
    CHECK(o.capacity == 140);
    MessageSpec want = m;
    want.short_message = concat({kOjoLatin1, m.short_message});
    check_rebuilt(o.out, want);
  }
  SECTION("data_coding 0 on a latin1 account") {
    const MessageSpec m = text_message(0, latin1("ojo, ça coûte cher"));
    const auto o = t.mark(message_pdu(m), "latin");
    CHECK(o.result == TagMarker::Result::marked);
    CHECK(o.capacity == 140);
    MessageSpec want = m;
    want.short_message = concat({kOjoLatin1, m.short_message});
    check_rebuilt(o.out, want);
  }
  SECTION("UCS-2") {
    const MessageSpec m = text_message(8, ucs2("ojo ¿qué?"));
    MessageSpec want = m;
    want.short_message = concat({kOjoUcs2, m.short_message});
    check_rebuilt(t.mark(message_pdu(m)).out, want);
  }
  SECTION("GSM 7-bit of the message-class group (0xF1)") {
    const MessageSpec m = text_message(0xF1, gsm7("ojo class 1"));
    const auto o = t.mark(message_pdu(m));
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = m;
    want.short_message = concat({kOjoGsm, m.short_message});
    check_rebuilt(o.out, want);
  }
}

TEST_CASE("tag marker: the prefix goes after the UDH") {
  Marking t;
  const Bytes udh = concat_udh(0x2A, 3, 2);
  SECTION("GSM 7-bit") {
    const MessageSpec m = text_message(0, concat({udh, gsm7("bravo part two")}), 0x40);
    const auto o = t.mark(message_pdu(m));
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = m;
    want.short_message = concat({udh, kDefaultPrefixGsm, gsm7("bravo part two")});
    check_rebuilt(o.out, want);
  }
  SECTION("UCS-2") {
    const MessageSpec m = text_message(8, concat({udh, ucs2("รหัส ส่วนที่สอง")}), 0x40);
    const auto o = t.mark(message_pdu(m));
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = m;
    want.short_message = concat({udh, kDefaultPrefixUcs2, ucs2("รหัส ส่วนที่สอง")});
    check_rebuilt(o.out, want);
  }
  SECTION("a 16-bit reference UDH with a second IE") {
    const Bytes udh2 = {0x09, 0x08, 0x04, 0x12, 0x34, 0x02, 0x01, 0x24, 0x01, 0x00};  // concat16 + IE 0x24
    const MessageSpec m = text_message(0, concat({udh2, gsm7("fox in the udh")}), 0x40);
    const auto o = t.mark(message_pdu(m));
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = m;
    want.short_message = concat({udh2, to_bytes("! "), gsm7("fox in the udh")});
    check_rebuilt(o.out, want);
  }
}

TEST_CASE("tag marker: GSM 7-bit capacity is 160 septets, UDH and extension characters included") {
  Marking t;
  // "fox " + filler: the prefix "! " is 2 septets.
  auto gsm_case = [&](std::size_t septets, Bytes udh = {}) {
    const std::string text = "fox " + filler(septets - 4);
    return text_message(0, concat({udh, gsm7(text)}), udh.empty() ? 0 : 0x40);
  };
  SECTION("158 + 2 = 160 fits") {
    const MessageSpec m = gsm_case(158);
    const auto o = t.mark(message_pdu(m));
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = m;
    want.short_message = concat({to_bytes("! "), m.short_message});
    CHECK(want.short_message.size() == 160);
    check_rebuilt(o.out, want);
  }
  for (std::size_t n : {159u, 160u}) {
    SECTION("a " + std::to_string(n) + "-septet message does not take the prefix: sender relabelled") {
      const MessageSpec m = gsm_case(n);
      const auto o = t.mark(message_pdu(m));
      CHECK(o.result == TagMarker::Result::fallback);
      check_rebuilt(o.out, relabelled(m, "Fox-Fb"));
    }
  }
  SECTION("a 6-octet UDH takes 7 septets: 7 + 151 + 2 = 160 fits, 7 + 152 + 2 does not") {
    const MessageSpec fits = gsm_case(151, concat_udh());
    auto o = t.mark(message_pdu(fits));
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = fits;
    want.short_message = concat({concat_udh(), to_bytes("! "), gsm7("fox " + filler(147))});
    check_rebuilt(o.out, want);

    const MessageSpec full = gsm_case(152, concat_udh());
    o = t.mark(message_pdu(full));
    CHECK(o.result == TagMarker::Result::fallback);
    check_rebuilt(o.out, relabelled(full, "Fox-Fb"));
  }
  SECTION("an extension character counts two septets") {
    // "fox " + 77 x "€" = 4 + 154 = 158 septets: fits; one more "€" makes 160 + 2.
    std::string text = "fox ";
    for (int i = 0; i < 77; ++i) text += "€";
    const MessageSpec fits = text_message(0, gsm7(text));
    REQUIRE(fits.short_message.size() == 158);
    CHECK(t.mark(message_pdu(fits)).result == TagMarker::Result::marked);
    const MessageSpec full = text_message(0, gsm7(text + "€"));
    const auto o = t.mark(message_pdu(full));
    CHECK(o.result == TagMarker::Result::fallback);
    check_rebuilt(o.out, relabelled(full, "Fox-Fb"));
  }
}

TEST_CASE("tag marker: UCS-2 and Latin-1 capacity is 140 octets") {
  Marking t;
  auto ucs2_case = [&](std::size_t chars, Bytes udh = {}) {
    return text_message(8, concat({udh, ucs2("fox " + thai_filler(chars - 4))}), udh.empty() ? 0 : 0x40);
  };
  const Bytes bang_ucs2 = {0, '!', 0, ' '};
  SECTION("136 + 4 = 140 octets fits") {
    const MessageSpec m = ucs2_case(68);
    const auto o = t.mark(message_pdu(m));
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = m;
    want.short_message = concat({bang_ucs2, m.short_message});
    CHECK(want.short_message.size() == 140);
    check_rebuilt(o.out, want);
  }
  for (std::size_t chars : {69u, 70u}) {
    SECTION(std::to_string(chars * 2) + " octets of UCS-2 does not take the prefix: sender relabelled") {
      const MessageSpec m = ucs2_case(chars);
      const auto o = t.mark(message_pdu(m));
      CHECK(o.result == TagMarker::Result::fallback);
      check_rebuilt(o.out, relabelled(m, "Fox-Fb"));
    }
  }
  SECTION("the UDH counts: 6 + 130 + 4 = 140 fits, 6 + 132 + 4 does not") {
    const MessageSpec fits = ucs2_case(65, concat_udh());
    auto o = t.mark(message_pdu(fits));
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = fits;
    want.short_message = concat({concat_udh(), bang_ucs2, ucs2("fox " + thai_filler(61))});
    check_rebuilt(o.out, want);
    const MessageSpec full = ucs2_case(66, concat_udh());
    o = t.mark(message_pdu(full));
    CHECK(o.result == TagMarker::Result::fallback);
    check_rebuilt(o.out, relabelled(full, "Fox-Fb"));
  }
  SECTION("Latin-1: 138 + 2 fits, 139 + 2 does not") {
    const MessageSpec fits = text_message(3, latin1("fox " + filler(134)));
    auto o = t.mark(message_pdu(fits));
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = fits;
    want.short_message = concat({to_bytes("! "), fits.short_message});
    check_rebuilt(o.out, want);
    const MessageSpec full = text_message(3, latin1("fox " + filler(135)));
    o = t.mark(message_pdu(full));
    CHECK(o.result == TagMarker::Result::fallback);
    check_rebuilt(o.out, relabelled(full, "Fox-Fb"));
  }
}

TEST_CASE("tag marker: a text in message_payload takes the prefix whatever its length") {
  Marking t;
  SECTION("submit_sm with sm_length 0: 300 GSM septets") {
    MessageSpec m = text_message(0, {});
    m.tlvs.insert(m.tlvs.begin() + 1, TlvSpec{tlv::message_payload, gsm7("bravo " + filler(294))});
    const auto o = t.mark(message_pdu(m));
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = m;
    want.tlvs[1].value = concat({kDefaultPrefixGsm, m.tlvs[1].value});
    check_rebuilt(o.out, want);
  }
  SECTION("data_sm: 200 Thai characters in UCS-2, with every mark") {
    MessageSpec m;
    m.command = cmd::data_sm;
    m.seq = 9;
    m.source_ton = 1;
    m.source_npi = 1;
    m.source = "66800000001";
    m.data_coding = 8;
    m.tlvs = {{0x1403, to_bytes("x")},
              {tlv::message_payload, ucs2("รหัส alpha charlie " + thai_filler(181))},
              {tlv::sar_msg_ref_num, {0, 1}}};
    const auto o = t.mark(message_pdu(m));
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = relabelled(m, "Alpha-Scam");
    want.tlvs[1].value = concat({kDefaultPrefixUcs2, m.tlvs[1].value});
    want.tlvs.push_back({0x1500, to_bytes("ALPHA,CHARLIE,THAI")});
    check_rebuilt(o.out, want);
  }
  SECTION("short_message and message_payload both present: the short_message is what is marked") {
    MessageSpec m = text_message(0, gsm7("bravo short"));
    m.tlvs.push_back({tlv::message_payload, gsm7("the payload")});
    const auto o = t.mark(message_pdu(m));
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = m;
    want.short_message = concat({kDefaultPrefixGsm, m.short_message});
    check_rebuilt(o.out, want);
  }
}

TEST_CASE("tag marker: packed GSM and binary bodies fall back to a sender relabel") {
  Marking t;
  SECTION("packed GSM account") {
    const MessageSpec m = text_message(0, gsm7_packed("bravo packed text"));
    const auto o = t.mark(message_pdu(m), "packed");
    CHECK(o.result == TagMarker::Result::fallback);
    CHECK(o.capacity == 0);
    check_rebuilt(o.out, relabelled(m, "Bravo-Fb"));
  }
  SECTION("packed GSM in message_payload") {
    MessageSpec m = text_message(0, {});
    m.tlvs.push_back({tlv::message_payload, gsm7_packed("bravo packed payload " + filler(200))});
    const auto o = t.mark(message_pdu(m), "packed");
    CHECK(o.result == TagMarker::Result::fallback);
    check_rebuilt(o.out, relabelled(m, "Bravo-Fb"));
  }
  for (std::uint8_t dc : {std::uint8_t{4}, std::uint8_t{2}, std::uint8_t{0xF5}}) {
    SECTION("binary data_coding " + std::to_string(dc)) {
      MessageSpec m = text_message(dc, {0x00, 0x01, 0xFF, 'b', 'i', 'n'});
      m.source = "BINSHOP";
      const auto o = t.mark(message_pdu(m));
      CHECK(o.result == TagMarker::Result::fallback);
      CHECK(o.capacity == 0);
      check_rebuilt(o.out, relabelled(m, "Bin-Fb"));
    }
  }
  SECTION("a sender mark wins over the prefix rule's relabel_to") {
    const MessageSpec m = text_message(0, gsm7_packed("bravo alpha"));
    const auto o = t.mark(message_pdu(m), "packed");
    CHECK(o.result == TagMarker::Result::fallback);
    check_rebuilt(o.out, relabelled(m, "Alpha-Scam"));
  }
}

TEST_CASE("tag marker: sender mark alone") {
  Marking t;
  const MessageSpec m = text_message(0, gsm7("alpha only"));
  const auto o = t.mark(message_pdu(m));
  CHECK(o.result == TagMarker::Result::marked);
  check_rebuilt(o.out, relabelled(m, "Alpha-Scam"));
}

TEST_CASE("tag marker: TLV value lists the tag rule ids, comma separated, with the first tlv rule's tag") {
  Marking t;
  SECTION("tlv alone") {
    const MessageSpec m = text_message(0, gsm7("charlie"));
    const auto o = t.mark(message_pdu(m));
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = m;
    want.tlvs.push_back({0x1500, to_bytes("CHARLIE")});
    check_rebuilt(o.out, want);
  }
  SECTION("two tlv rules, a sender rule and a monitor match") {
    const MessageSpec m = text_message(0, gsm7("echo delta charlie alpha"));
    const auto o = t.mark(message_pdu(m));
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = relabelled(m, "Alpha-Scam");
    want.tlvs.push_back({0x1500, to_bytes("ALPHA,CHARLIE,DELTA")});  // rule order; ECHO is not a tag rule
    check_rebuilt(o.out, want);
    Parsed p{Bytes(o.out)};
    const auto tlvs = p.tlv_list();
    REQUIRE(tlvs.size() == 3);
    CHECK(tlvs.back().tag == 0x1500);
  }
  SECTION("every mark at once, UCS-2 with a UDH") {
    const Bytes udh = concat_udh(1, 2, 2);
    const MessageSpec m = text_message(8, concat({udh, ucs2("bravo charlie alpha fox")}), 0x40);
    const auto o = t.mark(message_pdu(m));
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = relabelled(m, "Alpha-Scam");
    // The first prefix rule (BRAVO) gives the prefix; FOX's is not used.
    want.short_message = concat({udh, kDefaultPrefixUcs2, ucs2("bravo charlie alpha fox")});
    want.tlvs.push_back({0x1500, to_bytes("ALPHA,BRAVO,CHARLIE,FOX")});
    check_rebuilt(o.out, want);
  }
  SECTION("a fallback still carries the TLV") {
    const MessageSpec m = text_message(0, gsm7("fox charlie " + filler(150)));
    const auto o = t.mark(message_pdu(m));
    CHECK(o.result == TagMarker::Result::fallback);
    MessageSpec want = relabelled(m, "Fox-Fb");
    want.tlvs.push_back({0x1500, to_bytes("CHARLIE,FOX")});
    check_rebuilt(o.out, want);
  }
}

TEST_CASE("tag marker: submit_multi and deliver_sm are rebuilt with every other field intact") {
  Marking t;
  SECTION("submit_multi") {
    MessageSpec m = text_message(0, gsm7("bravo charlie for all"));
    m.command = cmd::submit_multi;
    m.dests = {{1, 1, 1, "66811111111"}, {2, 0, 0, "vip-list"}, {1, 2, 3, "66822222222"}};
    const auto o = t.mark(message_pdu(m));
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = m;
    want.short_message = concat({kDefaultPrefixGsm, m.short_message});
    want.tlvs.push_back({0x1500, to_bytes("BRAVO,CHARLIE")});
    check_rebuilt(o.out, want);
  }
  SECTION("deliver_sm (MO) for an account that scans MO") {
    MessageSpec m = text_message(8, ucs2("alpha รหัส"));
    m.command = cmd::deliver_sm;
    m.schedule = "";
    m.validity = "";
    const auto o = t.mark(message_pdu(m), "mo", Direction::mobile_originated);
    CHECK(o.result == TagMarker::Result::marked);
    MessageSpec want = relabelled(m, "Alpha-Scam");
    want.short_message = concat({kDefaultPrefixUcs2, m.short_message});
    check_rebuilt(o.out, want);
  }
}

TEST_CASE("tag marker: an account in monitor mode is not marked (action monitor, decided tag)") {
  Marking t;
  const Verdict& v = t.classify(message_pdu(text_message(0, gsm7("alpha bravo"))), "trial");
  CHECK(v.action == Action::monitor);
  CHECK(v.decided == Action::tag);
}

TEST_CASE("tag marker: the buffers are reused, the output only grows when needed") {
  Marking t;
  const MessageSpec m = text_message(0, gsm7("bravo charlie alpha"));
  const Bytes pdu = message_pdu(m);
  const auto first = t.mark(pdu);
  for (int i = 0; i < 5; ++i) CHECK(t.mark(pdu).out == first.out);
}

// Encodings per account, the PDU size limit, and a broken header.

TEST_CASE("tag marker: a prefix for a cp1252 account is encoded in cp1252") {
  // The account reads data_coding 3 as cp1252 (where 0x80 is the euro sign), so its prefix must be
  // written in cp1252 too. TagMarker encodes with the default options (ISO-8859-1): "€" becomes "?".
  Marking t;
  const MessageSpec m = text_message(3, latin1("euro price list"));
  const auto o = t.mark(message_pdu(m), "cp");
  CHECK(o.result == TagMarker::Result::marked);
  MessageSpec want = m;
  want.short_message = concat({Bytes{0x80, ' '}, m.short_message});
  check_rebuilt(o.out, want);
}

TEST_CASE("tag marker: a prefix that makes the PDU too long falls back to the relabel") {
  // A data_sm of exactly max_pdu_size (65,536) octets: the prefix cannot be added (rewrite_message
  // refuses pdu_too_long). tag_marker.h promises "A prefix that cannot be applied (no room, ...)
  // falls back to the sender mark"; the capacity check only compares the prefix with 65,535, so
  // the rewrite fails and the message would be forwarded unmarked (Result::failed).
  Marking t;
  MessageSpec m;
  m.command = cmd::data_sm;
  m.source = "SHOP";
  m.data_coding = 0;
  m.tlvs = {{tlv::message_payload, {}}};
  const std::size_t frame_without_payload = message_pdu(m).size();
  m.tlvs[0].value = gsm7("bravo " + filler(65536 - frame_without_payload - 6));
  const Bytes pdu = message_pdu(m);
  REQUIRE(pdu.size() == 65536);
  const auto o = t.mark(pdu);
  CHECK(o.result == TagMarker::Result::fallback);
  if (o.result == TagMarker::Result::fallback) check_rebuilt(o.out, relabelled(m, "Bravo-Fb"));
}

TEST_CASE("tag marker: UDHI set over a malformed UDH: the prefix must not become the UDH length") {
  // esm_class 0x40 says the body starts with a UDH; here its first octet ('b' = 98) claims more
  // octets than the body has, so the engine reads the whole body as text (udh_error) and the
  // verdict's udh_length is 0. The marker then inserts the prefix at octet 0, under the UDHI bit:
  // a handset takes the prefix's first octet (0x1B = 27) as the UDH length and hides the mark and
  // the start of the text. A prefix that cannot be placed after a UDH should fall back to the
  // relabel, as for packed GSM.
  Marking t;
  const MessageSpec m = text_message(0, gsm7("bravo text behind a broken udh"), 0x40);
  const auto o = t.mark(message_pdu(m));
  CHECK(o.result == TagMarker::Result::fallback);
  Parsed p{Bytes(o.out)};
  CHECK(p.short_message() == m.short_message);
}
