// PduView: the bounds-checked reader of message-carrying PDUs and binds. Every field is read
// back from PDUs written with PduWriter; defective bodies must give the right ParseError.

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "smpp/frame.h"
#include "smpp/pdu_view.h"
#include "smpp/pdu_writer.h"
#include "smpp/smpp_constants.h"
#include "smpp_test_util.h"

using namespace smsfw::smpp;
using namespace smsfw::smpp::test;

namespace {

std::vector<std::uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

TestMessage sample_submit() {
  TestMessage m;
  m.command_id = cmd::submit_sm;
  m.sequence = 0x01020304;
  m.service_type = "CMT";
  m.source_ton = 5;
  m.source_npi = 0;
  m.source = "MyBank";
  m.dest_ton = 1;
  m.dest_npi = 1;
  m.destination = "66812345678";
  m.esm_class = 0x40;
  m.protocol_id = 0x7F;
  m.priority_flag = 2;
  m.schedule_delivery_time = "250101120000000+";
  m.validity_period = "000001000000000R";
  m.registered_delivery = 0x11;
  m.replace_if_present_flag = 1;
  m.data_coding = 0x08;
  m.sm_default_msg_id = 0x11;
  m.short_message = {0x05, 0x00, 0x03, 0xA5, 0x02, 0x01, 0x0E, 0x2A, 0x00, 0x20};
  m.tlvs = {{tlv::sar_msg_ref_num, be16(0xBEEF)}, {0x1400, bytes_of("vendor")}, {tlv::sar_total_segments, {2}}};
  return m;
}

PduView view_of(const std::vector<std::uint8_t>& pdu) { return PduView(std::span<const std::uint8_t>(pdu)); }

void check_tlvs(std::span<const std::uint8_t> section, const std::vector<TestTlv>& expected) {
  TlvWalker w(section);
  Tlv t;
  std::size_t i = 0;
  while (w.next(t)) {
    REQUIRE(i < expected.size());
    CHECK(t.tag == expected[i].tag);
    CHECK(to_vector(t.value) == expected[i].value);
    ++i;
  }
  CHECK_FALSE(w.error());
  CHECK(i == expected.size());
}

// What parse_message must report for a PDU cut to its first `k` bytes, given where its fields lie.
ParseError expected_for_cut(const std::vector<FieldSpan>& layout, std::size_t k) {
  for (const FieldSpan& f : layout) {
    if (f.end <= k) continue;
    switch (f.kind) {
      case FieldKind::tlv: return f.start < k ? ParseError::bad_tlv : ParseError::none;
      case FieldKind::u8: return ParseError::truncated;
      case FieldKind::cstring: return f.start == k ? ParseError::truncated : ParseError::unterminated_string;
      case FieldKind::octets: return ParseError::bad_sm_length;
    }
  }
  return ParseError::none;
}

// Cuts `pdu` at every position from the end of the header, each copy in its own exactly sized
// heap block (so AddressSanitizer catches any read past it), and checks the verdict.
void check_every_cut(const TestMessage& m) {
  std::vector<std::uint8_t> full;
  std::vector<FieldSpan> layout;
  write_message(full, m, &layout);
  REQUIRE(!layout.empty());
  REQUIRE(layout.back().end == full.size());
  std::size_t errors = 0;
  for (std::size_t k = kHeaderSize; k <= full.size(); ++k) {
    std::vector<std::uint8_t> cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(k));
    store_u32(cut.data(), static_cast<std::uint32_t>(k));  // a frame that is consistent in itself
    const PduView v{std::span<const std::uint8_t>(cut)};
    MessageFields f;
    const ParseError got = v.parse_message(f);
    const ParseError want = expected_for_cut(layout, k);
    INFO("command " << command_name(m.command_id) << ", cut at " << k << " of " << full.size());
    REQUIRE(got == want);
    if (got != ParseError::none) ++errors;
  }
  // The cut positions that are not field boundaries of the TLV section are all errors.
  std::size_t tlv_boundaries = 0;
  for (const FieldSpan& f : layout)
    if (f.kind == FieldKind::tlv) ++tlv_boundaries;
  CHECK(errors == full.size() - kHeaderSize - tlv_boundaries);
}

}  // namespace

TEST_CASE("PduView: header accessors", "[smpp][pdu_view]") {
  std::vector<std::uint8_t> buf;
  write_header_only(buf, cmd::enquire_link_resp, status::throttled, 0xDEADBEEF);
  const PduView v = view_of(buf);
  CHECK(v.header().command_length == 16u);
  CHECK(v.command_id() == cmd::enquire_link_resp);
  CHECK(v.command_status() == status::throttled);
  CHECK(v.sequence_number() == 0xDEADBEEFu);
  CHECK(v.bytes().data() == buf.data());
  CHECK(v.bytes().size() == 16u);
  CHECK(v.body().empty());
}

TEST_CASE("PduView: carries_message is exactly the four message PDUs", "[smpp][pdu_view]") {
  CHECK(PduView::carries_message(cmd::submit_sm));
  CHECK(PduView::carries_message(cmd::deliver_sm));
  CHECK(PduView::carries_message(cmd::data_sm));
  CHECK(PduView::carries_message(cmd::submit_multi));
  for (std::uint32_t id : {cmd::submit_sm_resp, cmd::deliver_sm_resp, cmd::data_sm_resp, cmd::submit_multi_resp,
                           cmd::bind_transceiver, cmd::enquire_link, cmd::query_sm, cmd::replace_sm,
                           cmd::alert_notification, cmd::generic_nack, 0x00010203u})
    CHECK_FALSE(PduView::carries_message(id));
}

TEST_CASE("PduView: submit_sm read field by field", "[smpp][pdu_view]") {
  const TestMessage m = sample_submit();
  const auto pdu = write_message(m);
  const PduView v = view_of(pdu);
  CHECK(v.command_id() == cmd::submit_sm);
  CHECK(v.sequence_number() == 0x01020304u);
  CHECK(v.header().command_length == pdu.size());

  MessageFields f;
  REQUIRE(v.parse_message(f) == ParseError::none);
  CHECK(f.service_type == "CMT");
  CHECK(f.source.ton == 5);
  CHECK(f.source.npi == 0);
  CHECK(f.source.digits == "MyBank");
  CHECK(f.destination.ton == 1);
  CHECK(f.destination.npi == 1);
  CHECK(f.destination.digits == "66812345678");
  CHECK(f.number_of_dests == 1);
  CHECK(f.dest_list.empty());
  CHECK(f.esm_class == 0x40);
  CHECK(f.protocol_id == 0x7F);
  CHECK(f.priority_flag == 2);
  CHECK(f.schedule_delivery_time == "250101120000000+");
  CHECK(f.validity_period == "000001000000000R");
  CHECK(f.registered_delivery == 0x11);
  CHECK(f.replace_if_present_flag == 1);
  CHECK(f.data_coding == 0x08);
  CHECK(f.sm_default_msg_id == 0x11);
  CHECK(to_vector(f.short_message) == m.short_message);
  check_tlvs(f.tlvs, m.tlvs);
  // Zero-copy: the views point into the frame.
  CHECK(f.source.digits.data() >= reinterpret_cast<const char*>(pdu.data()));
  CHECK(f.short_message.data() > pdu.data());
  CHECK(f.tlvs.data() + f.tlvs.size() == pdu.data() + pdu.size());
}

TEST_CASE("PduView: write_short_message and parse_message agree", "[smpp][pdu_view]") {
  const std::uint8_t text[] = {'O', 'T', 'P', ' ', '1', '2', '3', '4'};
  ShortMessage sm;
  sm.service_type = "";
  sm.source = "BANK";
  sm.destination = "0812345678";
  sm.esm_class = 3;
  sm.data_coding = 0xF0;
  sm.short_message = text;
  for (std::uint32_t id : {cmd::submit_sm, cmd::deliver_sm}) {
    std::vector<std::uint8_t> buf;
    const auto pdu = write_short_message(buf, id, 42, sm);
    const PduView v(pdu);
    CHECK(v.command_id() == id);
    CHECK(v.sequence_number() == 42u);
    MessageFields f;
    REQUIRE(v.parse_message(f) == ParseError::none);
    CHECK(f.service_type.empty());
    CHECK(f.source.ton == 5);
    CHECK(f.source.npi == 0);
    CHECK(f.source.digits == "BANK");
    CHECK(f.destination.ton == 1);
    CHECK(f.destination.npi == 1);
    CHECK(f.destination.digits == "0812345678");
    CHECK(f.esm_class == 3);
    CHECK(f.data_coding == 0xF0);
    CHECK(f.schedule_delivery_time.empty());
    CHECK(f.validity_period.empty());
    CHECK(to_string(f.short_message) == "OTP 1234");
    CHECK(f.tlvs.empty());
  }
}

TEST_CASE("PduView: deliver_sm delivery receipt with its TLVs", "[smpp][pdu_view]") {
  TestMessage m;
  m.command_id = cmd::deliver_sm;
  m.sequence = 77;
  m.source_ton = 1;
  m.source_npi = 1;
  m.source = "66812345678";
  m.dest_ton = 5;
  m.destination = "MyBank";
  m.esm_class = 0x04;
  const std::string receipt =
      "id:0A1B2C sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:DELIVRD err:000 text:";
  m.short_message = bytes_of(receipt);
  m.tlvs = {{tlv::receipted_message_id, bytes_of(std::string("0A1B2C") + '\0')}, {tlv::message_state, {2}}};
  const auto pdu = write_message(m);
  MessageFields f;
  REQUIRE(view_of(pdu).parse_message(f) == ParseError::none);
  CHECK(f.esm_class == 0x04);
  CHECK(f.source.digits == "66812345678");
  CHECK(f.destination.ton == 5);
  CHECK(f.destination.digits == "MyBank");
  CHECK(to_string(f.short_message) == receipt);
  check_tlvs(f.tlvs, m.tlvs);
  Tlv t;
  REQUIRE(find_tlv(f.tlvs, tlv::message_state, t));
  REQUIRE(t.value.size() == 1);
  CHECK(t.value[0] == 2);
  REQUIRE(find_tlv(f.tlvs, tlv::receipted_message_id, t));
  CHECK(to_string(t.value) == std::string("0A1B2C") + '\0');
}

TEST_CASE("PduView: data_sm read field by field", "[smpp][pdu_view]") {
  TestMessage m;
  m.command_id = cmd::data_sm;
  m.sequence = 9;
  m.service_type = "WAP";
  m.source_ton = 2;
  m.source_npi = 8;
  m.source = "1234";
  m.dest_ton = 1;
  m.dest_npi = 14;
  m.destination = std::string(64, '9');  // data_sm addresses may hold 64 characters
  m.esm_class = 0x43;
  m.registered_delivery = 0x11;
  m.data_coding = 0x04;
  m.tlvs = {{tlv::message_payload, bytes_of("payload text")}, {0x020A, be16(2948)}};
  const auto pdu = write_message(m);
  MessageFields f;
  REQUIRE(view_of(pdu).parse_message(f) == ParseError::none);
  CHECK(f.service_type == "WAP");
  CHECK(f.source.ton == 2);
  CHECK(f.source.npi == 8);
  CHECK(f.source.digits == "1234");
  CHECK(f.destination.ton == 1);
  CHECK(f.destination.npi == 14);
  CHECK(f.destination.digits == std::string(64, '9'));
  CHECK(f.esm_class == 0x43);
  CHECK(f.registered_delivery == 0x11);
  CHECK(f.data_coding == 0x04);
  // data_sm has no short_message, no protocol_id etc.: they keep their defaults.
  CHECK(f.short_message.empty());
  CHECK(f.protocol_id == 0);
  CHECK(f.priority_flag == 0);
  CHECK(f.schedule_delivery_time.empty());
  CHECK(f.sm_default_msg_id == 0);
  check_tlvs(f.tlvs, m.tlvs);
  Tlv t;
  REQUIRE(find_tlv(f.tlvs, tlv::message_payload, t));
  CHECK(to_string(t.value) == "payload text");
}

TEST_CASE("PduView: submit_multi with SME and distribution-list destinations", "[smpp][pdu_view]") {
  TestMessage m;
  m.command_id = cmd::submit_multi;
  m.sequence = 1000;
  m.service_type = "USSD";
  m.source_ton = 5;
  m.source = "Shop";
  m.dests = {{2, 0, 0, "friends"}, {1, 1, 1, "66811111111"}, {1, 2, 8, "0822222222"}, {2, 0, 0, "family"}};
  m.esm_class = 0;
  m.protocol_id = 1;
  m.priority_flag = 3;
  m.registered_delivery = 1;
  m.data_coding = 3;
  m.short_message = bytes_of("Sale! 50% off");
  m.tlvs = {{tlv::sar_segment_seqnum, {1}}};
  const auto pdu = write_message(m);
  MessageFields f;
  REQUIRE(view_of(pdu).parse_message(f) == ParseError::none);
  CHECK(f.service_type == "USSD");
  CHECK(f.source.ton == 5);
  CHECK(f.source.digits == "Shop");
  CHECK(f.number_of_dests == 4);
  // destination is the first SME destination, even when a list name comes before it.
  CHECK(f.destination.ton == 1);
  CHECK(f.destination.npi == 1);
  CHECK(f.destination.digits == "66811111111");
  CHECK(f.protocol_id == 1);
  CHECK(f.priority_flag == 3);
  CHECK(f.registered_delivery == 1);
  CHECK(f.data_coding == 3);
  CHECK(to_string(f.short_message) == "Sale! 50% off");
  check_tlvs(f.tlvs, m.tlvs);

  // The raw destination list spans exactly the dest_address entries.
  const std::size_t list_size = (1 + 8) + (3 + 12) + (3 + 11) + (1 + 7);
  CHECK(f.dest_list.size() == list_size);
  MultiDestinationWalker w(f.dest_list);
  MultiDestination d;
  std::size_t i = 0;
  while (w.next(d)) {
    REQUIRE(i < m.dests.size());
    CHECK(d.dest_flag == m.dests[i].flag);
    if (d.dest_flag == 1) {
      CHECK(d.address.ton == m.dests[i].ton);
      CHECK(d.address.npi == m.dests[i].npi);
      CHECK(d.address.digits == m.dests[i].address);
      CHECK(d.dl_name.empty());
    } else {
      CHECK(d.dl_name == m.dests[i].address);
      CHECK(d.address.digits.empty());
    }
    ++i;
  }
  CHECK(i == 4u);
}

TEST_CASE("PduView: submit_multi with only distribution lists, and with no destination", "[smpp][pdu_view]") {
  TestMessage m;
  m.command_id = cmd::submit_multi;
  m.source = "S";
  m.dests = {{2, 0, 0, "dl1"}};
  m.short_message = bytes_of("x");
  auto pdu = write_message(m);
  MessageFields f;
  REQUIRE(view_of(pdu).parse_message(f) == ParseError::none);
  CHECK(f.number_of_dests == 1);
  CHECK(f.destination.digits.empty());
  CHECK(f.dest_list.size() == 5u);
  CHECK(to_string(f.short_message) == "x");

  m.dests.clear();
  pdu = write_message(m);
  REQUIRE(view_of(pdu).parse_message(f) == ParseError::none);
  CHECK(f.number_of_dests == 0);
  CHECK(f.dest_list.empty());
  CHECK(to_string(f.short_message) == "x");
  MultiDestinationWalker w(f.dest_list);
  MultiDestination d;
  CHECK_FALSE(w.next(d));
}

TEST_CASE("PduView: submit_multi with a bad dest_flag", "[smpp][pdu_view]") {
  for (std::uint8_t flag : {std::uint8_t{0}, std::uint8_t{3}, std::uint8_t{0xFF}}) {
    TestMessage m;
    m.command_id = cmd::submit_multi;
    m.source = "S";
    m.dests = {{1, 1, 1, "123"}, {flag, 0, 0, "bad"}};
    m.short_message = bytes_of("hello");
    const auto pdu = write_message(m);
    MessageFields f;
    INFO("dest_flag " << int(flag));
    CHECK(view_of(pdu).parse_message(f) == ParseError::bad_dest_flag);
    CHECK(status_for(ParseError::bad_dest_flag) != status::ok);
  }
  // A bad flag as the very first destination too.
  TestMessage m;
  m.command_id = cmd::submit_multi;
  m.dests = {{7, 0, 0, "x"}};
  const auto pdu = write_message(m);
  MessageFields f;
  CHECK(view_of(pdu).parse_message(f) == ParseError::bad_dest_flag);
}

TEST_CASE("PduView: number_of_dests larger than the entries present", "[smpp][pdu_view]") {
  TestMessage m;
  m.command_id = cmd::submit_multi;
  m.dests = {{1, 1, 1, "123"}};
  auto pdu = write_message(m);
  // Claim 5 destinations while only one entry (and the tail) follows.
  const std::size_t at = kHeaderSize + 1 /*service_type*/ + 2 + 1 /*source*/;
  REQUIRE(pdu[at] == 1);
  pdu[at] = 5;
  MessageFields f;
  const ParseError e = view_of(pdu).parse_message(f);
  CHECK(e != ParseError::none);
}

TEST_CASE("PduView: GSM text with NUL octets ('@' = 0x00) inside short_message", "[smpp][pdu_view]") {
  // "@@ Hi @" in GSM 03.38 unpacked: '@' is 0x00.
  const std::vector<std::uint8_t> gsm = {0x00, 0x00, 0x20, 'H', 'i', 0x20, 0x00};
  for (std::uint32_t id : {cmd::submit_sm, cmd::deliver_sm, cmd::submit_multi}) {
    TestMessage m;
    m.command_id = id;
    m.source = "A";
    m.destination = "1";
    m.dests = {{1, 1, 1, "1"}};
    m.data_coding = 0;
    m.short_message = gsm;
    m.tlvs = {{0x1500, {0x00, 0x00}}};
    const auto pdu = write_message(m);
    MessageFields f;
    REQUIRE(view_of(pdu).parse_message(f) == ParseError::none);
    CHECK(f.short_message.size() == gsm.size());
    CHECK(to_vector(f.short_message) == gsm);
    check_tlvs(f.tlvs, m.tlvs);
  }
  // A message that is all '@', 254 of them (the maximum short_message).
  TestMessage m;
  m.source = "A";
  m.destination = "1";
  m.short_message.assign(254, 0x00);
  const auto pdu = write_message(m);
  MessageFields f;
  REQUIRE(view_of(pdu).parse_message(f) == ParseError::none);
  CHECK(f.short_message.size() == 254u);
  CHECK(f.tlvs.empty());
}

TEST_CASE("PduView: a PDU cut at every byte position gives the right error", "[smpp][pdu_view]") {
  SECTION("submit_sm") { check_every_cut(sample_submit()); }
  SECTION("submit_sm with empty strings and no short_message") {
    TestMessage m;
    m.tlvs = {{tlv::message_payload, bytes_of("body in the payload")}, {0x4000, {}}};
    check_every_cut(m);
  }
  SECTION("deliver_sm") {
    TestMessage m = sample_submit();
    m.command_id = cmd::deliver_sm;
    m.schedule_delivery_time.clear();
    m.validity_period.clear();
    check_every_cut(m);
  }
  SECTION("data_sm") {
    TestMessage m;
    m.command_id = cmd::data_sm;
    m.service_type = "ab";
    m.source = "12345";
    m.destination = "678";
    m.tlvs = {{tlv::message_payload, bytes_of("hello there")}, {tlv::sar_msg_ref_num, be16(1)}};
    check_every_cut(m);
  }
  SECTION("submit_multi") {
    TestMessage m = sample_submit();
    m.command_id = cmd::submit_multi;
    m.dests = {{1, 1, 1, "6681"}, {2, 0, 0, "list"}, {1, 0, 0, ""}};
    check_every_cut(m);
  }
}

TEST_CASE("PduView: a header-only frame is truncated for every message command", "[smpp][pdu_view]") {
  for (std::uint32_t id : {cmd::submit_sm, cmd::deliver_sm, cmd::data_sm, cmd::submit_multi}) {
    std::vector<std::uint8_t> buf;
    write_header_only(buf, id, 0, 1);
    MessageFields f;
    CHECK(view_of(buf).parse_message(f) == ParseError::truncated);
  }
}

TEST_CASE("PduView: unterminated C-Octet String", "[smpp][pdu_view]") {
  // The whole body is one string with no NUL.
  std::vector<std::uint8_t> buf;
  PduWriter w(buf);
  w.begin(cmd::submit_sm, 0, 1).bytes(std::string_view("CMTxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
  w.finish();
  MessageFields f;
  CHECK(view_of(buf).parse_message(f) == ParseError::unterminated_string);

  // The destination address runs to the end of the frame.
  buf.clear();
  PduWriter w2(buf);
  w2.begin(cmd::deliver_sm, 0, 1).cstring("").u8(1).u8(1).cstring("123").u8(1).u8(1).bytes(std::string_view("4567"));
  w2.finish();
  CHECK(view_of(buf).parse_message(f) == ParseError::unterminated_string);

  // In a bind: the password has no terminator.
  buf.clear();
  PduWriter w3(buf);
  w3.begin(cmd::bind_transmitter, 0, 1).cstring("sys").bytes(std::string_view("secret"));
  w3.finish();
  BindFields b;
  CHECK(view_of(buf).parse_bind(b) == ParseError::unterminated_string);
}

TEST_CASE("PduView: sm_length beyond the frame", "[smpp][pdu_view]") {
  TestMessage m;
  m.source = "A";
  m.destination = "1";
  m.short_message = bytes_of("0123456789");
  auto pdu = write_message(m);
  // sm_length is the octet just before the short_message.
  const std::size_t sm_length_at = pdu.size() - 10 - 1;
  REQUIRE(pdu[sm_length_at] == 10);
  MessageFields f;
  for (std::uint8_t len : {std::uint8_t{11}, std::uint8_t{200}, std::uint8_t{255}}) {
    pdu[sm_length_at] = len;
    CHECK(view_of(pdu).parse_message(f) == ParseError::bad_sm_length);
  }
  // A shorter sm_length leaves octets behind that must then parse as TLVs: 9 leaves one octet,
  // which is a cut TLV header.
  pdu[sm_length_at] = 9;
  CHECK(view_of(pdu).parse_message(f) == ParseError::bad_tlv);
  // 6 leaves "6789" = tag 0x3637, length 0x3839: far beyond the end.
  pdu[sm_length_at] = 6;
  CHECK(view_of(pdu).parse_message(f) == ParseError::bad_tlv);
}

TEST_CASE("PduView: malformed TLVs in a message", "[smpp][pdu_view]") {
  TestMessage m;
  m.source = "A";
  m.destination = "1";
  m.short_message = bytes_of("hi");
  m.tlvs = {{tlv::sar_msg_ref_num, be16(7)}};
  const auto good = write_message(m);
  MessageFields f;
  REQUIRE(view_of(good).parse_message(f) == ParseError::none);

  SECTION("TLV header cut after 1, 2 and 3 octets") {
    for (std::size_t extra = 1; extra <= 3; ++extra) {
      auto pdu = good;
      const std::uint8_t hdr[4] = {0x04, 0x24, 0x00, 0x01};
      pdu.insert(pdu.end(), hdr, hdr + extra);
      store_u32(pdu.data(), static_cast<std::uint32_t>(pdu.size()));
      CHECK(view_of(pdu).parse_message(f) == ParseError::bad_tlv);
    }
  }
  SECTION("TLV length beyond the end") {
    auto pdu = good;
    // The one TLV claims 3 octets but has 2.
    pdu[pdu.size() - 3] = 3;
    CHECK(view_of(pdu).parse_message(f) == ParseError::bad_tlv);
    pdu[pdu.size() - 4] = 0xFF;
    pdu[pdu.size() - 3] = 0xFF;
    CHECK(view_of(pdu).parse_message(f) == ParseError::bad_tlv);
  }
  SECTION("TLV with length 0 is well formed") {
    auto pdu = good;
    const std::uint8_t hdr[4] = {0x13, 0x0C, 0x00, 0x00};  // alert_on_message_delivery
    pdu.insert(pdu.end(), hdr, hdr + 4);
    store_u32(pdu.data(), static_cast<std::uint32_t>(pdu.size()));
    REQUIRE(view_of(pdu).parse_message(f) == ParseError::none);
    Tlv t;
    REQUIRE(find_tlv(f.tlvs, 0x130C, t));
    CHECK(t.value.empty());
  }
}

TEST_CASE("PduView: bind requests read field by field", "[smpp][pdu_view]") {
  for (std::uint32_t id : {cmd::bind_transmitter, cmd::bind_receiver, cmd::bind_transceiver}) {
    std::vector<std::uint8_t> buf;
    const auto pdu = write_bind(buf, id, 5, "esme_system_id1", "pass1234", "VMA");
    const PduView v(pdu);
    REQUIRE(is_bind(v.command_id()));
    CHECK(v.command_id() == id);
    CHECK(v.sequence_number() == 5u);
    BindFields b;
    REQUIRE(v.parse_bind(b) == ParseError::none);
    CHECK(b.system_id == "esme_system_id1");
    CHECK(b.password == "pass1234");
    CHECK(b.system_type == "VMA");
    CHECK(b.interface_version == 0x34);
    CHECK(b.address_range.ton == 0);
    CHECK(b.address_range.npi == 0);
    CHECK(b.address_range.digits.empty());
  }
  // A bind with an address_range and no system_type.
  std::vector<std::uint8_t> buf;
  PduWriter w(buf);
  w.begin(cmd::bind_receiver, 0, 6).cstring("rx").cstring("").cstring("").u8(0x33).u8(1).u8(1).cstring("^668[0-9]+$");
  w.finish();
  BindFields b;
  REQUIRE(view_of(buf).parse_bind(b) == ParseError::none);
  CHECK(b.system_id == "rx");
  CHECK(b.password.empty());
  CHECK(b.system_type.empty());
  CHECK(b.interface_version == 0x33);
  CHECK(b.address_range.ton == 1);
  CHECK(b.address_range.npi == 1);
  CHECK(b.address_range.digits == "^668[0-9]+$");
}

TEST_CASE("PduView: a bind cut at every byte position is an error", "[smpp][pdu_view]") {
  std::vector<std::uint8_t> full;
  write_bind(full, cmd::bind_transceiver, 1, "system", "pw", "t");
  // Fields: "system\0" [16,23) "pw\0" [23,26) "t\0" [26,28) version 28, ton 29, npi 30, "\0" 31.
  REQUIRE(full.size() == 32u);
  for (std::size_t k = kHeaderSize; k < full.size(); ++k) {
    std::vector<std::uint8_t> cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(k));
    BindFields b;
    const ParseError e = PduView(std::span<const std::uint8_t>(cut)).parse_bind(b);
    INFO("cut at " << k);
    const bool inside_string = (k > 16 && k < 23) || (k > 23 && k < 26) || (k > 26 && k < 28);
    if (inside_string)
      CHECK(e == ParseError::unterminated_string);
    else
      CHECK(e == ParseError::truncated);
  }
  BindFields b;
  CHECK(view_of(full).parse_bind(b) == ParseError::none);
  // Trailing garbage after the bind's fields is a malformed TLV section.
  full.push_back(0x02);
  store_u32(full.data(), static_cast<std::uint32_t>(full.size()));
  CHECK(view_of(full).parse_bind(b) == ParseError::bad_tlv);
}

TEST_CASE("PduView: parse_message on a PDU that carries no message", "[smpp][pdu_view]") {
  std::vector<std::uint8_t> buf;
  write_bind(buf, cmd::bind_transmitter, 1, "a", "b");
  MessageFields f;
  f.esm_class = 99;
  CHECK(view_of(buf).parse_message(f) != ParseError::none);
  CHECK(f.esm_class == 0);  // the output is reset
}

TEST_CASE("ParseError: to_string and status_for", "[smpp][pdu_view]") {
  CHECK(to_string(ParseError::none) == "ok");
  CHECK(status_for(ParseError::none) == status::ok);
  CHECK(status_for(ParseError::truncated) == status::invalid_command_length);
  CHECK(status_for(ParseError::unterminated_string) == status::invalid_command_length);
  CHECK(status_for(ParseError::bad_sm_length) == status::invalid_message_length);
  CHECK(status_for(ParseError::bad_dest_flag) == status::system_error);
  CHECK(status_for(ParseError::bad_tlv) == status::invalid_optional_stream);
  CHECK(status::invalid_command_length == 0x02u);
  CHECK(status::invalid_message_length == 0x01u);
  CHECK(status::invalid_optional_stream == 0xC0u);

  const ParseError errors[] = {ParseError::truncated, ParseError::unterminated_string, ParseError::bad_sm_length,
                               ParseError::bad_dest_flag, ParseError::bad_tlv};
  for (ParseError e : errors) {
    CHECK(status_for(e) != status::ok);
    CHECK_FALSE(to_string(e).empty());
    CHECK(to_string(e) != "ok");
    CHECK(to_string(e) != "unknown");
    for (ParseError o : errors)
      if (o != e) CHECK(to_string(o) != to_string(e));
  }
  CHECK(to_string(static_cast<ParseError>(200)) == "unknown");
  CHECK(status_for(static_cast<ParseError>(200)) == status::system_error);
}
