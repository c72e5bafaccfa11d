#pragma once
// User Data Header (3GPP 23.040 9.2.3.24) at the start of an SMS body whose esm_class has UDHI
// (0x40): UDHL, then information elements (IEI, length, data). Parsing is bounds-checked and
// allocation-free; malformed input yields an error value, never a read past the span.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "message/concat_info.h"
#include "text/gsm7.h"

namespace smsfw::filters::message {

// esm_class bit saying the body starts with a UDH (SMPP 3.4 5.2.12).
inline constexpr std::uint8_t kEsmClassUdhi = 0x40;

// Information element identifiers this parser understands (all others are skipped).
inline constexpr std::uint8_t kIeiConcat8 = 0x00;
inline constexpr std::uint8_t kIeiPorts8 = 0x04;
inline constexpr std::uint8_t kIeiPorts16 = 0x05;
inline constexpr std::uint8_t kIeiConcat16 = 0x08;
inline constexpr std::uint8_t kIeiSingleShift = 0x24;
inline constexpr std::uint8_t kIeiLockingShift = 0x25;

// True when the body of a PDU with this esm_class starts with a UDH.
constexpr bool has_udhi(std::uint8_t esm_class) { return (esm_class & kEsmClassUdhi) != 0; }

// Application port addressing (IE 0x04 with 8-bit ports, IE 0x05 with 16-bit ports).
struct PortAddressing {
  std::uint16_t destination = 0;
  std::uint16_t origin = 0;
  bool sixteen_bit = false;

  friend bool operator==(const PortAddressing&, const PortAddressing&) = default;
};

// What the header holds. Where 23.040 9.2.3.24 says a repeated non-repeatable IE, or IEs with
// mutually exclusive meanings (8-bit and 16-bit concat or ports), resolve to the last occurrence,
// the last one is kept; concat_ies counts them all so a caller can flag such headers (duplicate
// concatenation IEs are a known way to make a firewall and a handset disagree on reassembly).
struct Udh {
  std::size_t length = 0;  // octets to strip from the body: UDHL itself + UDHL value
  std::optional<ConcatInfo> concat;
  std::optional<PortAddressing> ports;
  std::optional<std::uint8_t> single_shift;   // national language single shift table (IE 0x24)
  std::optional<std::uint8_t> locking_shift;  // national language locking shift table (IE 0x25)
  std::uint8_t ie_count = 0;       // all IEs, known and unknown
  std::uint8_t unknown_ies = 0;    // IEs skipped because this parser does not interpret them
  std::uint8_t concat_ies = 0;     // IE 0x00 and 0x08 occurrences
};

// Why a UDH was refused.
enum class UdhError : std::uint8_t {
  none,
  empty_body,           // UDHI set but the body has no octet for UDHL
  udhl_past_end,        // UDHL claims more octets than the body has
  ie_header_truncated,  // one octet left inside the UDH: an IEI without its length octet
  ie_past_udhl,         // an IE's length runs past the end of the UDH
  bad_ie_length,        // a known IE whose length is not the one its definition fixes
  concat_total_zero,
  concat_sequence_zero,
  concat_sequence_past_total,
};

// Result of parse_udh: `udh` is meaningful only when error == none (it is left default
// otherwise, so a caller cannot half-use a header it should have rejected).
struct UdhParse {
  UdhError error = UdhError::none;
  Udh udh{};
};

// Parses the UDH at the start of `body` (short_message or message_payload of a PDU whose
// esm_class has UDHI). UDHL 0 is valid (a header with no IEs, length 1).
UdhParse parse_udh(std::span<const std::uint8_t> body);

// Septet index in packed GSM 7-bit user data at which the text begins after a UDH of
// `udh_octets` octets (e.g. 6 octets -> 7: 160 - 7 = 153 characters per concatenated part). The
// fill bits themselves are text::gsm7_fill_bits_after_udh (23.040 9.2.3.24).
constexpr std::size_t gsm7_text_septet_offset(std::size_t udh_octets) {
  return (udh_octets * 8 + text::gsm7_fill_bits_after_udh(udh_octets)) / 7;
}

}  // namespace smsfw::filters::message
