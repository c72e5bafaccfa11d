#pragma once
// Concatenation (multi-part message) identity: which part of which message a PDU carries,
// whether it came from a UDH IE or from the SMPP SAR TLVs. Validation is shared by both sources.

#include <cstdint>
#include <optional>
#include <span>

namespace smsfw::filters::message {

// Where the concatenation data was found.
enum class ConcatSource : std::uint8_t {
  udh8,   // UDH IE 0x00: 8-bit reference
  udh16,  // UDH IE 0x08: 16-bit reference
  sar,    // SMPP TLVs sar_msg_ref_num / sar_total_segments / sar_segment_seqnum
};

// One part's place in a concatenated message. The reference is widened to 16 bits for every
// source so that callers can key reassembly state uniformly (the source stays part of the key:
// an 8-bit ref 5 and a 16-bit ref 5 are different messages).
struct ConcatInfo {
  std::uint16_t reference = 0;
  std::uint8_t total = 0;     // number of parts, 1..255
  std::uint8_t sequence = 0;  // this part, 1..total
  ConcatSource source = ConcatSource::udh8;

  friend bool operator==(const ConcatInfo&, const ConcatInfo&) = default;
};

// Why concatenation values were refused.
enum class ConcatError : std::uint8_t {
  none,
  total_zero,           // total segments 0
  sequence_zero,        // sequence number 0 (parts are numbered from 1)
  sequence_past_total,  // sequence > total
  sar_incomplete,       // some but not all of the three SAR TLVs are present
  sar_bad_length,       // a SAR TLV value has the wrong size (2, 1, 1 octets expected)
};

// Checks total/sequence as 3GPP 23.040 9.2.3.24.1 and SMPP 3.4 5.3.2.22-24 require.
// total == 1 is accepted (a one-part "concatenated" message is odd but legal).
ConcatError check_concat(std::uint8_t total, std::uint8_t sequence);

// Result of building a ConcatInfo: `info` is meaningful only when error == none.
struct ConcatResult {
  ConcatError error = ConcatError::none;
  ConcatInfo info{};
};

// Builds concatenation info from SAR TLV values the caller has already decoded to integers.
ConcatResult concat_from_sar(std::uint16_t msg_ref_num, std::uint8_t total_segments,
                             std::uint8_t segment_seqnum);

// Result of looking at the raw SAR TLV values: `present` is false when none of the three TLVs
// is there (not an error: the message is simply not SAR-concatenated).
struct SarLookup {
  bool present = false;
  ConcatResult result{};
};

// Builds concatenation info from the raw TLV values (big-endian, as on the wire), each given as
// std::nullopt when its TLV is absent. filters/ does not depend on gateway/'s TLV walker, so the
// caller extracts the values. All three absent -> present=false; one or two absent ->
// sar_incomplete; a value of the wrong size -> sar_bad_length.
SarLookup concat_from_sar_values(std::optional<std::span<const std::uint8_t>> msg_ref_num,
                                 std::optional<std::span<const std::uint8_t>> total_segments,
                                 std::optional<std::span<const std::uint8_t>> segment_seqnum);

}  // namespace smsfw::filters::message
