#pragma once
// The PDUs the scripted ESME and SMSC send, written with smpp::PduWriter so every byte is known.

#include <cstdint>
#include <string_view>
#include <vector>

#include "smpp/pdu_writer.h"
#include "smpp/smpp_constants.h"

namespace smsfw::proxy::test {

using Bytes = std::vector<std::uint8_t>;

inline constexpr std::uint16_t kVendorTag = 0x1403;  // vendor-specific TLV range 0x1400-0x3FFF

inline Bytes bind_pdu(std::uint32_t command, std::uint32_t seq, std::string_view system_id = "esme1",
                      std::string_view password = "secret", std::string_view system_type = "VMA") {
  Bytes out;
  smpp::write_bind(out, command, seq, system_id, password, system_type);
  return out;
}

inline Bytes bind_resp_pdu(std::uint32_t bind_command, std::uint32_t status, std::uint32_t seq,
                           std::string_view system_id = "SMSC") {
  Bytes out;
  smpp::write_id_response(out, smpp::response_for(bind_command), status, seq, system_id);
  return out;
}

inline Bytes header_pdu(std::uint32_t id, std::uint32_t status, std::uint32_t seq) {
  Bytes out;
  smpp::write_header_only(out, id, status, seq);
  return out;
}

inline Bytes id_resp_pdu(std::uint32_t id, std::uint32_t status, std::uint32_t seq, std::string_view message_id) {
  Bytes out;
  smpp::write_id_response(out, id, status, seq, message_id);
  return out;
}

// submit_sm / deliver_sm with an optional vendor TLV and message_payload-free body.
inline Bytes short_message_pdu(std::uint32_t id, std::uint32_t seq, std::string_view text, bool with_tlvs = true,
                               std::uint8_t esm_class = 0) {
  Bytes out;
  smpp::PduWriter w(out);
  w.begin(id, 0, seq)
      .cstring("CMT")
      .u8(5).u8(0).cstring("BANK")
      .u8(1).u8(1).cstring("66812345678")
      .u8(esm_class).u8(0).u8(0)
      .cstring("").cstring("")
      .u8(1).u8(0).u8(0).u8(0)
      .u8(static_cast<std::uint8_t>(text.size()))
      .bytes(text);
  if (with_tlvs) {
    const std::uint8_t ref[2] = {0x12, 0x34};
    w.tlv(smpp::tlv::sar_msg_ref_num, std::span<const std::uint8_t>(ref));
    w.tlv(kVendorTag, std::string_view("vendor\0value", 12));
  }
  w.finish();
  return out;
}

inline Bytes submit_sm_pdu(std::uint32_t seq, std::string_view text = "hello", bool with_tlvs = true) {
  return short_message_pdu(smpp::cmd::submit_sm, seq, text, with_tlvs);
}

inline Bytes deliver_sm_pdu(std::uint32_t seq, std::string_view text = "reply", bool with_tlvs = true) {
  return short_message_pdu(smpp::cmd::deliver_sm, seq, text, with_tlvs);
}

inline Bytes data_sm_pdu(std::uint32_t id_or_data_sm, std::uint32_t seq, std::string_view payload) {
  Bytes out;
  smpp::PduWriter w(out);
  w.begin(id_or_data_sm, 0, seq)
      .cstring("")
      .u8(1).u8(1).cstring("66800000001")
      .u8(1).u8(1).cstring("66800000002")
      .u8(0).u8(1).u8(8)
      .tlv(smpp::tlv::message_payload, payload)
      .tlv(kVendorTag, std::string_view("x"));
  w.finish();
  return out;
}

inline Bytes submit_multi_pdu(std::uint32_t seq) {
  Bytes out;
  smpp::PduWriter w(out);
  w.begin(smpp::cmd::submit_multi, 0, seq)
      .cstring("")
      .u8(5).u8(0).cstring("SHOP")
      .u8(3)                                            // number_of_dests
      .u8(1).u8(1).u8(1).cstring("66811111111")         // SME address
      .u8(2).cstring("vip-list")                        // distribution list
      .u8(1).u8(1).u8(1).cstring("66822222222")
      .u8(0).u8(0).u8(0)
      .cstring("").cstring("")
      .u8(0).u8(0).u8(0).u8(0)
      .u8(4).bytes(std::string_view("sale"))
      .tlv(kVendorTag, std::string_view("multi"));
  w.finish();
  return out;
}

inline Bytes submit_multi_resp_pdu(std::uint32_t seq) {
  Bytes out;
  smpp::PduWriter w(out);
  w.begin(smpp::cmd::submit_multi_resp, 0, seq)
      .cstring("M-77")
      .u8(1)                                             // no_unsuccess
      .u8(1).u8(1).cstring("66822222222").u32(0x0B);    // one unsuccessful SME
  w.finish();
  return out;
}

inline Bytes query_sm_pdu(std::uint32_t seq) {
  Bytes out;
  smpp::PduWriter w(out);
  w.begin(smpp::cmd::query_sm, 0, seq).cstring("MSG-1").u8(5).u8(0).cstring("BANK");
  w.finish();
  return out;
}

inline Bytes query_sm_resp_pdu(std::uint32_t seq) {
  Bytes out;
  smpp::PduWriter w(out);
  w.begin(smpp::cmd::query_sm_resp, 0, seq).cstring("MSG-1").cstring("2601011200000+").u8(2).u8(0);
  w.finish();
  return out;
}

inline Bytes cancel_sm_pdu(std::uint32_t seq) {
  Bytes out;
  smpp::PduWriter w(out);
  w.begin(smpp::cmd::cancel_sm, 0, seq)
      .cstring("")
      .cstring("MSG-2")
      .u8(5).u8(0).cstring("BANK")
      .u8(1).u8(1).cstring("66812345678");
  w.finish();
  return out;
}

inline Bytes replace_sm_pdu(std::uint32_t seq) {
  Bytes out;
  smpp::PduWriter w(out);
  w.begin(smpp::cmd::replace_sm, 0, seq)
      .cstring("MSG-3")
      .u8(5).u8(0).cstring("BANK")
      .cstring("").cstring("")
      .u8(0).u8(0)
      .u8(7).bytes(std::string_view("changed"));
  w.finish();
  return out;
}

// An id no SMPP 3.4 PDU uses, carrying a vendor TLV the proxy cannot know.
inline constexpr std::uint32_t kUnknownCommand = 0x00010200;

inline Bytes unknown_command_pdu(std::uint32_t seq) {
  Bytes out;
  smpp::PduWriter w(out);
  w.begin(kUnknownCommand, 0, seq).u32(0xDEADBEEF).tlv(kVendorTag, std::string_view("\x01\x02\x03", 3));
  w.finish();
  return out;
}

}  // namespace smsfw::proxy::test
