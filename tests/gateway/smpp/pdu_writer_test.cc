// PduWriter and the write_* helpers: exact bytes on the wire.

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "smpp/frame.h"
#include "smpp/pdu_writer.h"
#include "smpp/smpp_constants.h"
#include "smpp_test_util.h"

using namespace smsfw::smpp;
using Bytes = std::vector<std::uint8_t>;

TEST_CASE("PduWriter: primitive fields are big-endian and C strings end in NUL", "[smpp][pdu_writer]") {
  Bytes out;
  PduWriter w(out);
  w.u8(0xAB).u16(0x0102).u32(0x03040506).cstring("hi").cstring("").bytes(std::string_view("xy"));
  const std::uint8_t raw[] = {0x00, 0xFF};
  w.bytes(std::span<const std::uint8_t>(raw));
  const Bytes want = {0xAB, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 'h', 'i', 0x00, 0x00, 'x', 'y', 0x00, 0xFF};
  CHECK(out == want);
}

TEST_CASE("PduWriter: tlv writes tag, length and value", "[smpp][pdu_writer]") {
  Bytes out;
  PduWriter w(out);
  w.tlv(0x0424, std::string_view("abc")).tlv(0x020E, std::span<const std::uint8_t>{}).tlv(0x1400, std::string_view(""));
  const Bytes want = {0x04, 0x24, 0x00, 0x03, 'a', 'b', 'c', 0x02, 0x0E, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00};
  CHECK(out == want);

  Bytes big;
  const Bytes value(300, 0x5A);
  PduWriter(big).tlv(0x0424, value);
  REQUIRE(big.size() == 304u);
  CHECK(big[2] == 0x01);
  CHECK(big[3] == 0x2C);
}

TEST_CASE("PduWriter: begin/finish write the header and patch command_length", "[smpp][pdu_writer]") {
  Bytes out = {0xEE, 0xEE, 0xEE};  // finish must patch the PDU's own start, not the vector's
  PduWriter w(out);
  w.begin(cmd::submit_sm, 0x45, 0x7FFFFFFF).cstring("abc");
  const auto pdu = w.finish();
  REQUIRE(out.size() == 3 + 20u);
  CHECK(out[0] == 0xEE);
  CHECK(out[2] == 0xEE);
  CHECK(pdu.data() == out.data() + 3);
  CHECK(pdu.size() == 20u);
  const Header h = load_header(pdu.data());
  CHECK(h.command_length == 20u);
  CHECK(h.command_id == cmd::submit_sm);
  CHECK(h.command_status == 0x45u);
  CHECK(h.sequence_number == 0x7FFFFFFFu);
  CHECK(pdu[16] == 'a');
  CHECK(pdu[19] == 0);

  // The same writer can write a second PDU after the first.
  w.begin(cmd::enquire_link, 0, 8);
  const auto second = w.finish();
  CHECK(out.size() == 3 + 20 + 16u);
  CHECK(second.data() == out.data() + 23);
  CHECK(load_header(second.data()).command_length == 16u);
  CHECK(load_header(second.data()).sequence_number == 8u);
  // ... and the first one is unchanged.
  CHECK(load_u32(out.data() + 3) == 20u);
}

TEST_CASE("write_header_only: exact bytes", "[smpp][pdu_writer]") {
  Bytes out;
  const auto pdu = write_header_only(out, cmd::generic_nack, status::invalid_command_id, 0x01020304);
  const Bytes want = {0, 0, 0, 16, 0x80, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4};
  CHECK(smsfw::smpp::test::to_vector(pdu) == want);
  CHECK(out == want);
}

TEST_CASE("write_bind: exact bytes", "[smpp][pdu_writer]") {
  Bytes out;
  const auto pdu = write_bind(out, cmd::bind_transceiver, 2, "sys", "pw", "T");
  const Bytes want = {0,   0,   0,   29,  0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 2,  // header
                      's', 'y', 's', 0,                                          // system_id
                      'p', 'w', 0,                                               // password
                      'T', 0,                                                    // system_type
                      0x34,                                                      // interface_version
                      0,   0,   0};                                              // addr_ton, addr_npi, address_range
  CHECK(smsfw::smpp::test::to_vector(pdu) == want);

  Bytes out2;
  const auto pdu2 = write_bind(out2, cmd::bind_receiver, 3, "", "");
  CHECK(pdu2.size() == 16u + 1 + 1 + 1 + 1 + 2 + 1);
  CHECK(load_header(pdu2.data()).command_id == cmd::bind_receiver);
}

TEST_CASE("write_id_response: exact bytes", "[smpp][pdu_writer]") {
  Bytes out;
  const auto pdu = write_id_response(out, cmd::submit_sm_resp, status::ok, 9, "A1");
  const Bytes want = {0, 0, 0, 19, 0x80, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 9, 'A', '1', 0};
  CHECK(smsfw::smpp::test::to_vector(pdu) == want);
  Bytes out2;
  const auto pdu2 = write_id_response(out2, cmd::bind_transmitter_resp, status::bind_failed, 1, "");
  const Bytes want2 = {0, 0, 0, 17, 0x80, 0, 0, 2, 0, 0, 0, 0x0D, 0, 0, 0, 1, 0};
  CHECK(smsfw::smpp::test::to_vector(pdu2) == want2);
}

TEST_CASE("write_short_message: exact bytes", "[smpp][pdu_writer]") {
  const std::uint8_t text[] = {'H', 0x00, 'i'};
  ShortMessage m;
  m.service_type = "CMT";
  m.source = "AB";
  m.destination = "12";
  m.esm_class = 0x40;
  m.protocol_id = 1;
  m.priority_flag = 2;
  m.schedule_delivery_time = "S";
  m.validity_period = "V";
  m.registered_delivery = 3;
  m.replace_if_present_flag = 4;
  m.data_coding = 8;
  m.sm_default_msg_id = 6;
  m.short_message = text;
  Bytes out;
  const auto pdu = write_short_message(out, cmd::deliver_sm, 0x10, m);
  const Bytes want = {0,   0,   0,   45, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0x10,  // header: 16 + 29 octets
                      'C', 'M', 'T', 0,                                           // service_type
                      5,   0,   'A', 'B', 0,                                      // source
                      1,   1,   '1', '2', 0,                                      // destination
                      0x40, 1,  2,                                                // esm_class, protocol_id, priority
                      'S', 0,   'V', 0,                                           // schedule, validity
                      3,   4,   8,   6,                                           // registered .. sm_default_msg_id
                      3,   'H', 0,   'i'};                                        // sm_length, short_message
  CHECK(smsfw::smpp::test::to_vector(pdu) == want);
}

TEST_CASE("PduWriter: lengths the wire format cannot express are refused", "[smpp][pdu_writer]") {
  std::vector<std::uint8_t> out;
  const std::vector<std::uint8_t> body256(256, 'a');
  ShortMessage m;
  m.short_message = body256;
  CHECK_THROWS_AS(write_short_message(out, cmd::submit_sm, 1, m), std::length_error);
  const std::vector<std::uint8_t> body255(255, 'a');
  m.short_message = body255;
  CHECK(write_short_message(out, cmd::submit_sm, 1, m).size() > 255);

  const std::vector<std::uint8_t> huge(0x10000, 0);
  PduWriter w(out);
  w.begin(cmd::submit_sm, 0, 1);
  CHECK_THROWS_AS(w.tlv(tlv::message_payload, huge), std::length_error);
  CHECK_NOTHROW(w.tlv(tlv::message_payload, std::span<const std::uint8_t>(huge).first(0xFFFF)));
}
