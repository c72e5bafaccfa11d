#pragma once
// One message as the engine sees it: who sent it on which bind, the addresses, and the body
// octets with the SMPP fields that say how to read them. Views only: the caller owns the bytes
// (for the proxy they point into the received frame) and keeps them alive during classify().

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "message/concat_info.h"

namespace smsfw::filters {

// Which way the message travels.
enum class Direction : std::uint8_t {
  mobile_terminated,  // submit_sm / data_sm / submit_multi from an ESME towards the SMSC
  mobile_originated,  // deliver_sm / data_sm from the SMSC towards the ESME
};

// An SMPP address: digits or alphanumeric text, with its type of number and numbering plan.
struct MessageAddress {
  std::string_view text;
  std::uint8_t ton = 0;
  std::uint8_t npi = 0;
};

// One part of a concatenated message judged whole (MessageInput::parts).
struct MessagePart {
  std::span<const std::uint8_t> body;  // as MessageInput::body: with the part's UDH, if any
  std::uint8_t data_coding = 0;
  std::uint8_t esm_class = 0;
};

struct MessageInput {
  std::string_view account;  // the ESME's bind system_id
  Direction direction = Direction::mobile_terminated;
  MessageAddress source;
  MessageAddress destination;                       // the first (or only) destination
  std::span<const MessageAddress> more_destinations;  // submit_multi: the others
  std::uint8_t data_coding = 0;
  std::uint8_t esm_class = 0;
  // short_message, or the message_payload TLV's value when that carries the text; with the UDH
  // when esm_class has UDHI.
  std::span<const std::uint8_t> body;
  // Concatenation from the SAR TLVs when present (message::concat_from_sar_values); a UDH
  // concatenation IE, if any, is read from the body by the engine.
  std::optional<message::ConcatInfo> sar;
  // A concatenated message judged whole: its parts in part-number order (the gateway holds them
  // until all have arrived). When set, the text is read from these instead of `body`: each
  // part's UDH is stripped, the parts' code units are joined and the whole decoded at once, so a
  // UCS-2 surrogate pair or a GSM escape split across two parts decodes as one character.
  // data_coding/esm_class/body above describe the first part.
  std::span<const MessagePart> parts;
};

// True for deliver_sm esm_class values that carry a receipt or acknowledgement rather than a
// user's text (message type bits 5-2 non-zero: delivery receipt 0x04, SME acks 0x08/0x10,
// intermediate notification 0x20). These are never judged as content.
constexpr bool is_receipt_or_ack(std::uint8_t esm_class) { return (esm_class & 0x3C) != 0; }

}  // namespace smsfw::filters
