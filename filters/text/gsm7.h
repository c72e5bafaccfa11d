#pragma once
// GSM 03.38 / 3GPP TS 23.038 default alphabet and its extension table, decoded to UTF-8.
//
// Two carriages occur on SMPP:
//  - unpacked: one septet per octet (the usual meaning of data_coding 0), sm_length = septets;
//  - packed:   7-bit packed, LSB first (3GPP TS 23.038 6.1.2.1), sm_length = octets; when a UDH
//              precedes the text, fill bits pad the UDH to a septet boundary (23.040 9.2.3.24).
//
// Escapes (ESC = 0x1B followed by a septet): the extension table gives FF, ^ { } \ [ ~ ] | and €.
// An undefined escape is decoded as the base-table character of the second septet, as 23.038
// 6.2.1.1 tells a receiver to do, and counted as invalid; ESC ESC (reserved for a further table)
// is shown as a space, also counted. A lone ESC (at the end, or before an octet >= 0x80 in unpacked
// input) becomes U+FFFD and is counted.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>
#include <string>

#include "text/decode_result.h"

namespace smsfw::filters::text {

// The Unicode character of a base-table septet (only the low 7 bits are used). 0x1B (ESC) has no
// character of its own; it is reported as U+00A0 (NO-BREAK SPACE), as in the Unicode mapping file.
char32_t gsm7_base_char(std::uint8_t septet);

// The Unicode character of extension-table septet `septet` (after ESC), or 0 when undefined.
char32_t gsm7_extension_char(std::uint8_t septet);

// Decodes unpacked septets (one per octet). Octets >= 0x80 are not septets: U+FFFD, counted.
DecodeResult decode_gsm7_unpacked(std::span<const std::uint8_t> septets, std::string& out);

// Fill bits needed after a UDH of `udh_octets` octets (the UDHL octet included) so that the first
// septet starts on a septet boundary of the user data (23.040 9.2.3.24): 0..6.
constexpr unsigned gsm7_fill_bits_after_udh(std::size_t udh_octets) {
  return static_cast<unsigned>((7 - (udh_octets * 8) % 7) % 7);
}

// How many whole septets fit in `octets` packed octets after `fill_bits` leading fill bits.
constexpr std::size_t gsm7_packed_capacity(std::size_t octets, unsigned fill_bits) {
  const std::size_t bits = octets * 8;
  return bits > fill_bits ? (bits - fill_bits) / 7 : 0;
}

// How many septets a packed buffer holds when the sender did not say (SMPP gives the octet count
// only): the capacity, minus one when the last 7 bits form a whole septet slot that holds 0x0D
// (the <CR> padding 23.038 6.1.2.3.1 prescribes for 8n-1 septets) or 0x00 (the zero padding many
// encoders write, which would otherwise decode as a spurious trailing '@'). A genuine trailing '@'
// in exactly that position is indistinguishable and is dropped too; callers that know the septet
// count (e.g. from a GSM TPDU's TP-UDL) pass it to decode_gsm7_packed instead.
std::size_t gsm7_packed_septet_count(std::span<const std::uint8_t> octets, unsigned fill_bits);

// Decodes `septets` septets from 7-bit packed `octets` (the text part: after the UDH, if any),
// skipping `fill_bits` fill bits first. Septets beyond the buffer's capacity are not read: each
// missing one is counted as invalid (nothing is appended for it).
DecodeResult decode_gsm7_packed(std::span<const std::uint8_t> octets, std::size_t septets,
                                unsigned fill_bits, std::string& out);

// Appends the septets of 7-bit packed `octets` (after `fill_bits` fill bits), one per octet, to
// `out`: gsm7_packed_septet_count's count of them. For texts split over several packed parts,
// whose septets are joined before decoding so that an escape at the end of one part still
// applies to the first septet of the next.
void unpack_gsm7(std::span<const std::uint8_t> octets, unsigned fill_bits, std::vector<std::uint8_t>& out);

// Convenience: decode_gsm7_packed with gsm7_packed_septet_count's septet count.
DecodeResult decode_gsm7_packed(std::span<const std::uint8_t> octets, unsigned fill_bits,
                                std::string& out);

}  // namespace smsfw::filters::text
