// The adapter from a received message PDU to the filter engine's MessageInput: every field, where
// the body is taken from, the SAR TLVs, submit_multi destinations, and that the input only points
// into the frame.

#include <catch2/catch.hpp>

#include "filter_support.h"
#include "pdu_builders.h"
#include "proxy/message_input_from_pdu.h"

using namespace smsfw::proxy::test;
using smsfw::filters::Direction;
using smsfw::filters::MessageAddress;
using smsfw::filters::MessageInput;
using smsfw::filters::message::ConcatInfo;
using smsfw::filters::message::ConcatSource;
using smsfw::proxy::message_input_from_pdu;
using smsfw::proxy::text_in_payload;
namespace tlv = smsfw::smpp::tlv;

namespace {

struct Adapted {
  explicit Adapted(Bytes b, std::string_view account = "esme1", Direction d = Direction::mobile_terminated)
      : parsed(std::move(b)) {
    REQUIRE(parsed.error == smsfw::smpp::ParseError::none);
    message_input_from_pdu(parsed.view, parsed.fields, account, d, destinations, in);
  }
  Parsed parsed;
  std::vector<MessageAddress> destinations;
  MessageInput in;

  Bytes body() const { return Bytes(in.body.begin(), in.body.end()); }
  // The body is a view into the frame, not a copy.
  bool body_in_frame() const {
    if (in.body.empty()) return true;
    const auto* first = parsed.bytes.data();
    return in.body.data() >= first && in.body.data() + in.body.size() <= first + parsed.bytes.size();
  }
};

void check_address(const MessageAddress& a, std::string_view text, std::uint8_t ton, std::uint8_t npi) {
  CHECK(a.text == text);
  CHECK(int(a.ton) == int(ton));
  CHECK(int(a.npi) == int(npi));
}

std::string_view as_text(std::span<const std::uint8_t> b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

Bytes sar_pdu(std::vector<TlvSpec> tlvs) {
  MessageSpec m;
  m.short_message = gsm7("part two");
  m.tlvs = std::move(tlvs);
  return message_pdu(m);
}

}  // namespace

TEST_CASE("message input: submit_sm from the existing builder") {
  Adapted a(submit_sm_pdu(2, "hello there"), "esme-A");
  const MessageInput& in = a.in;
  CHECK(in.account == "esme-A");
  CHECK(in.direction == Direction::mobile_terminated);
  check_address(in.source, "BANK", 5, 0);
  check_address(in.destination, "66812345678", 1, 1);
  CHECK(in.more_destinations.empty());
  CHECK(int(in.data_coding) == 0);
  CHECK(int(in.esm_class) == 0);
  CHECK(as_text(in.body) == "hello there");
  CHECK(a.body_in_frame());
  // The builder adds sar_msg_ref_num alone: an incomplete SAR set is no concatenation.
  CHECK_FALSE(in.sar.has_value());
  CHECK_FALSE(text_in_payload(a.parsed.fields));
}

TEST_CASE("message input: data_sm carrying its text in message_payload only") {
  const std::string payload("payload \x00 bytes \xFF", 17);
  Adapted a(data_sm_pdu(smsfw::smpp::cmd::data_sm, 3, payload));
  const MessageInput& in = a.in;
  CHECK(in.account == "esme1");
  check_address(in.source, "66800000001", 1, 1);
  check_address(in.destination, "66800000002", 1, 1);
  CHECK(int(in.esm_class) == 0);
  CHECK(int(in.data_coding) == 8);
  CHECK(as_text(in.body) == payload);
  CHECK(a.body_in_frame());
  CHECK_FALSE(in.sar.has_value());
  CHECK(in.more_destinations.empty());
  CHECK(text_in_payload(a.parsed.fields));
}

TEST_CASE("message input: data_sm without message_payload has an empty body") {
  MessageSpec m;
  m.command = smsfw::smpp::cmd::data_sm;
  m.esm_class = 0x40;
  m.data_coding = 0xF0;
  m.tlvs = {{0x1403, to_bytes("x")}};
  Adapted a(message_pdu(m));
  CHECK(a.in.body.empty());
  CHECK(int(a.in.esm_class) == 0x40);
  CHECK(int(a.in.data_coding) == 0xF0);
  CHECK_FALSE(text_in_payload(a.parsed.fields));
}

TEST_CASE("message input: submit_sm with both short_message and message_payload judges short_message") {
  MessageSpec m;
  m.short_message = gsm7("the short one");
  m.tlvs = {{tlv::message_payload, to_bytes("the payload one")}};
  Adapted a(message_pdu(m));
  CHECK(as_text(a.in.body) == "the short one");
  CHECK(a.body_in_frame());
  CHECK_FALSE(text_in_payload(a.parsed.fields));
}

TEST_CASE("message input: submit_sm with sm_length 0 takes the text from message_payload") {
  MessageSpec m;
  m.data_coding = 8;
  m.tlvs = {{0x1403, to_bytes("vendor")}, {tlv::message_payload, ucs2("สวัสดี")}};
  Adapted a(message_pdu(m));
  CHECK(a.body() == ucs2("สวัสดี"));
  CHECK(int(a.in.data_coding) == 8);
  CHECK(a.body_in_frame());
  CHECK(text_in_payload(a.parsed.fields));

  SECTION("and with neither the body is empty") {
    MessageSpec e;
    Adapted b(message_pdu(e));
    CHECK(b.in.body.empty());
    CHECK_FALSE(text_in_payload(b.parsed.fields));
  }
}

TEST_CASE("message input: the UDH stays in the body (the engine strips it)") {
  MessageSpec m;
  m.esm_class = 0x40;
  m.short_message = concat({concat_udh(7, 3, 2), gsm7("middle part")});
  Adapted a(message_pdu(m));
  CHECK(int(a.in.esm_class) == 0x40);
  CHECK(a.body() == m.short_message);
}

TEST_CASE("message input: submit_multi from the existing builder, SME and distribution-list destinations") {
  Adapted a(submit_multi_pdu(4));
  const MessageInput& in = a.in;
  check_address(in.source, "SHOP", 5, 0);
  // The first SME address; the distribution list between the two is a name, not an address.
  check_address(in.destination, "66811111111", 1, 1);
  REQUIRE(in.more_destinations.size() == 1);
  check_address(in.more_destinations[0], "66822222222", 1, 1);
  CHECK(as_text(in.body) == "sale");
  CHECK(in.more_destinations.data() == a.destinations.data());  // the caller's storage
}

TEST_CASE("message input: submit_multi with several SMEs, lists first, and distinct TON/NPI") {
  MessageSpec m;
  m.command = smsfw::smpp::cmd::submit_multi;
  m.dests = {{2, 0, 0, "list-a"}, {1, 2, 9, "111"}, {2, 0, 0, "list-b"}, {1, 1, 1, "222"}, {1, 0, 0, "333"}};
  m.short_message = gsm7("hi all");
  Adapted a(message_pdu(m));
  check_address(a.in.destination, "111", 2, 9);
  REQUIRE(a.in.more_destinations.size() == 2);
  check_address(a.in.more_destinations[0], "222", 1, 1);
  check_address(a.in.more_destinations[1], "333", 0, 0);

  SECTION("only distribution lists: no destination address at all") {
    MessageSpec l = m;
    l.dests = {{2, 0, 0, "list-a"}, {2, 0, 0, "list-b"}};
    Adapted b(message_pdu(l));
    CHECK(b.in.destination.text.empty());
    CHECK(b.in.more_destinations.empty());
  }
}

TEST_CASE("message input: reused storage does not leak destinations into the next message") {
  std::vector<MessageAddress> destinations;
  MessageInput in;
  Parsed multi(submit_multi_pdu(4));
  message_input_from_pdu(multi.view, multi.fields, "a", Direction::mobile_terminated, destinations, in);
  REQUIRE(in.more_destinations.size() == 1);
  message_input_from_pdu(multi.view, multi.fields, "a", Direction::mobile_terminated, destinations, in);
  CHECK(in.more_destinations.size() == 1);  // cleared, not appended twice
  Parsed single(submit_sm_pdu(5, "x"));
  message_input_from_pdu(single.view, single.fields, "b", Direction::mobile_terminated, destinations, in);
  CHECK(in.more_destinations.empty());
  CHECK(in.account == "b");
  check_address(in.destination, "66812345678", 1, 1);
}

TEST_CASE("message input: deliver_sm (MO) with its direction and esm_class") {
  Adapted a(deliver_sm_pdu(100, "reply text"), "esme-mo", Direction::mobile_originated);
  CHECK(a.in.direction == Direction::mobile_originated);
  CHECK(a.in.account == "esme-mo");
  check_address(a.in.source, "BANK", 5, 0);
  check_address(a.in.destination, "66812345678", 1, 1);
  CHECK(as_text(a.in.body) == "reply text");

  Adapted r(short_message_pdu(smsfw::smpp::cmd::deliver_sm, 101, "id:1 stat:DELIVRD", false, 0x04), "esme-mo",
            Direction::mobile_originated);
  CHECK(int(r.in.esm_class) == 0x04);
  CHECK(smsfw::filters::is_receipt_or_ack(r.in.esm_class));
}

TEST_CASE("message input: SAR TLVs") {
  const TlvSpec ref{tlv::sar_msg_ref_num, {0x12, 0x34}};
  const TlvSpec total{tlv::sar_total_segments, {3}};
  const TlvSpec seq{tlv::sar_segment_seqnum, {2}};

  SECTION("complete, in any order") {
    for (const auto& order : {std::vector<TlvSpec>{ref, total, seq}, std::vector<TlvSpec>{seq, {0x1403, {1}}, ref, total}}) {
      Adapted a(sar_pdu(order));
      REQUIRE(a.in.sar.has_value());
      CHECK(*a.in.sar == ConcatInfo{0x1234, 3, 2, ConcatSource::sar});
    }
  }
  SECTION("the last part") {
    Adapted a(sar_pdu({ref, {tlv::sar_total_segments, {3}}, {tlv::sar_segment_seqnum, {3}}}));
    REQUIRE(a.in.sar.has_value());
    CHECK(a.in.sar->sequence == 3);
  }
  SECTION("incomplete: any one or two of the three") {
    for (const auto& tlvs : {std::vector<TlvSpec>{ref}, std::vector<TlvSpec>{total}, std::vector<TlvSpec>{seq},
                             std::vector<TlvSpec>{ref, total}, std::vector<TlvSpec>{ref, seq},
                             std::vector<TlvSpec>{total, seq}}) {
      Adapted a(sar_pdu(tlvs));
      CHECK_FALSE(a.in.sar.has_value());
    }
  }
  SECTION("bad lengths") {
    for (const auto& tlvs : {std::vector<TlvSpec>{{tlv::sar_msg_ref_num, {0x12}}, total, seq},
                             std::vector<TlvSpec>{{tlv::sar_msg_ref_num, {0, 0x12, 0x34}}, total, seq},
                             std::vector<TlvSpec>{ref, {tlv::sar_total_segments, {0, 3}}, seq},
                             std::vector<TlvSpec>{ref, total, {tlv::sar_segment_seqnum, {}}}}) {
      Adapted a(sar_pdu(tlvs));
      CHECK_FALSE(a.in.sar.has_value());
    }
  }
  SECTION("bad values: total 0, sequence 0, sequence past total") {
    for (const auto& tlvs : {std::vector<TlvSpec>{ref, {tlv::sar_total_segments, {0}}, seq},
                             std::vector<TlvSpec>{ref, total, {tlv::sar_segment_seqnum, {0}}},
                             std::vector<TlvSpec>{ref, total, {tlv::sar_segment_seqnum, {4}}}}) {
      Adapted a(sar_pdu(tlvs));
      CHECK_FALSE(a.in.sar.has_value());
    }
  }
  SECTION("none") {
    Adapted a(sar_pdu({}));
    CHECK_FALSE(a.in.sar.has_value());
  }
}

TEST_CASE("message input: every field of a fully specified submit_sm") {
  MessageSpec m;
  m.source_ton = 1;
  m.source_npi = 1;
  m.source = "66899999999";
  m.dest_ton = 2;
  m.dest_npi = 8;
  m.destination = "0812345678";
  m.esm_class = 0x43;
  m.data_coding = 3;
  m.short_message = latin1("Ça va? ¿Sí!");
  Adapted a(message_pdu(m), "acct", Direction::mobile_terminated);
  check_address(a.in.source, "66899999999", 1, 1);
  check_address(a.in.destination, "0812345678", 2, 8);
  CHECK(int(a.in.esm_class) == 0x43);
  CHECK(int(a.in.data_coding) == 3);
  CHECK(a.body() == m.short_message);
  CHECK(a.body_in_frame());
  CHECK(a.in.more_destinations.empty());
  CHECK_FALSE(a.in.sar.has_value());
}
