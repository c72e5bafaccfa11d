#pragma once
// Rebuilding a message PDU (submit_sm, deliver_sm, data_sm, submit_multi) with a few edits: the
// way a tagged message is forwarded with a visible mark. Everything not edited is copied byte for
// byte: the header (command_length aside), every mandatory field, and every TLV in wire order,
// unknown vendor TLVs included. The edits know nothing about encodings: the caller brings the
// prefix in the message's own encoding (filters/text/encode.h) and the UDH length.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "smpp/pdu_view.h"

namespace smsfw::smpp {

// What to change in a message PDU. The default edits nothing (the rebuilt PDU equals the input).
struct MessageEdit {
  // Replaces source_addr; its TON/NPI become new_source_ton/npi (5/0: alphanumeric, unknown).
  std::optional<std::string_view> new_source;
  std::uint8_t new_source_ton = 5, new_source_npi = 0;

  // The text is where SMPP puts it: short_message, or the (first) message_payload TLV when
  // sm_length is 0 and that TLV is present; always message_payload for data_sm (a data_sm
  // without one gets one, appended after the existing TLVs, when there is something to write).
  // The body is rebuilt as: its first udh_length octets (the UDH, kept first), body_prefix,
  // then replace_text if set, otherwise the rest of the original body.
  std::span<const std::uint8_t> body_prefix;
  std::size_t udh_length = 0;
  // New text after the UDH, for encodings where a prefix cannot simply be put in front of the
  // octets (GSM 7-bit packed: re-encode the whole text; see filters/text/encode.h).
  std::optional<std::span<const std::uint8_t>> replace_text;

  // A TLV appended at the end of the TLV section (after any message_payload created above).
  std::optional<std::uint16_t> append_tlv_tag;
  std::span<const std::uint8_t> append_tlv_value;

  // A rebuilt short_message longer than this is refused (sm_length can never exceed 255). A
  // short_message the edit leaves alone is not checked.
  std::size_t max_short_message = 254;
  // A rebuilt PDU longer than this is refused (the proxy's max_pdu_size default).
  std::size_t max_pdu_length = 64 * 1024;
};

// Why a rewrite was refused.
enum class RewriteError : std::uint8_t {
  none,
  not_a_message,    // the PDU is not submit_sm, deliver_sm, data_sm or submit_multi
  bad_fields,       // `fields` is not parse_message's result for this very PDU (its views must
                    // point into pdu.bytes())
  bad_udh_length,   // udh_length is longer than the body
  source_too_long,  // new_source over 20 characters (64 for data_sm: SMPP 3.4 5.2.8)
  bad_source,       // new_source contains NUL, which a C-Octet String cannot carry
  body_too_long,    // short_message over max_short_message, or message_payload over 65,535
  tlv_too_long,     // append_tlv_value over 65,535 octets
  pdu_too_long,     // the rebuilt PDU is over max_pdu_length
};

std::string_view to_string(RewriteError e);

// Appends the rebuilt PDU to `out` (command_length patched, everything not edited as it was). On
// error appends nothing. `fields` must be pdu.parse_message's successful result. Allocates only
// when `out` must grow. Neither the frame nor any span or string in `edit` may point into `out`
// (growing `out` would move them).
RewriteError rewrite_message(const PduView& pdu, const MessageFields& fields, const MessageEdit& edit,
                             std::vector<std::uint8_t>& out);

}  // namespace smsfw::smpp
