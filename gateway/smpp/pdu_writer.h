#pragma once
// Appends SMPP PDUs to a byte vector field by field, patching command_length at the end.
// Used by the bench tools (smsc-sim, smpp-load) and tests, where libsmpp34 would be too slow
// (about 1 µs per pack, global state). The proxy itself builds what it originates with
// libsmpp34 (see smpp34_codec.h); tests check that both produce the same bytes.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "smpp/frame.h"

namespace smsfw::smpp {

class PduWriter {
 public:
  // Appends to `out`; allocates only when `out` must grow.
  explicit PduWriter(std::vector<std::uint8_t>& out) : out_(out) {}

  // Starts a PDU with the given header; command_length is filled in by finish().
  PduWriter& begin(std::uint32_t command_id, std::uint32_t command_status, std::uint32_t sequence);
  PduWriter& u8(std::uint8_t v) { out_.push_back(v); return *this; }
  PduWriter& u16(std::uint16_t v);
  PduWriter& u32(std::uint32_t v);
  // A C-Octet String: the characters, then NUL.
  PduWriter& cstring(std::string_view s);
  PduWriter& bytes(std::span<const std::uint8_t> b);
  PduWriter& bytes(std::string_view b);
  // Throws std::length_error for a value over 65,535 octets, which a TLV length cannot express.
  PduWriter& tlv(std::uint16_t tag, std::span<const std::uint8_t> value);
  PduWriter& tlv(std::uint16_t tag, std::string_view value);
  // Writes command_length; returns the finished PDU's bytes.
  std::span<const std::uint8_t> finish();

 private:
  std::vector<std::uint8_t>& out_;
  std::size_t start_ = 0;
};

// The fields of a submit_sm or deliver_sm, for writing (defaults are what ESMEs commonly send).
struct ShortMessage {
  std::string_view service_type;
  std::uint8_t source_ton = 5, source_npi = 0;
  std::string_view source;
  std::uint8_t dest_ton = 1, dest_npi = 1;
  std::string_view destination;
  std::uint8_t esm_class = 0, protocol_id = 0, priority_flag = 0;
  std::string_view schedule_delivery_time, validity_period;
  std::uint8_t registered_delivery = 0, replace_if_present_flag = 0;
  std::uint8_t data_coding = 0, sm_default_msg_id = 0;
  std::span<const std::uint8_t> short_message;
};

// Appends a complete submit_sm / deliver_sm (`command_id` picks which) without TLVs (for TLVs,
// write the PDU with PduWriter directly). Throws std::length_error for a short_message over 255
// octets, which sm_length cannot express.
std::span<const std::uint8_t> write_short_message(std::vector<std::uint8_t>& out, std::uint32_t command_id,
                                                  std::uint32_t sequence, const ShortMessage& m);

// Appends a PDU consisting only of a header (enquire_link, unbind, their responses, generic_nack).
std::span<const std::uint8_t> write_header_only(std::vector<std::uint8_t>& out, std::uint32_t command_id,
                                                std::uint32_t status, std::uint32_t sequence);

// Appends a bind request.
std::span<const std::uint8_t> write_bind(std::vector<std::uint8_t>& out, std::uint32_t bind_command,
                                         std::uint32_t sequence, std::string_view system_id,
                                         std::string_view password, std::string_view system_type = {});

// Appends a response carrying a message_id C-Octet String (submit_sm_resp, data_sm_resp,
// deliver_sm_resp) or a system_id (bind responses): same shape.
std::span<const std::uint8_t> write_id_response(std::vector<std::uint8_t>& out, std::uint32_t command_id,
                                                std::uint32_t status, std::uint32_t sequence,
                                                std::string_view id);

}  // namespace smsfw::smpp
