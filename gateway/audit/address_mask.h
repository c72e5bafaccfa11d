#pragma once
// Masks an SMPP address (source_addr / destination_addr) for the audit log, so that subscribers'
// numbers never reach the logs in full (Thailand PDPA). The rules (also in audit/README.md):
//
//   * empty                                  -> "" (unchanged)
//   * alphanumeric sender ID (printable ASCII containing at least one ASCII letter; the TON is not
//     trusted: an all-digit address with TON 5 follows the numeric rules below)
//                                            -> kept: it is a brand, not a subscriber; but any run of
//                                               7+ digits inside it is masked like a national number
//   * short code: at most 6 digits (optional leading '+')
//                                            -> kept: services, not subscribers
//   * national format: digits starting with '0' (this also covers "00" international access
//     prefixes), or any digits when the caller says TON 2 (national)
//                                            -> only the last 2 digits kept: "0812345678" -> "********78"
//   * international / E.164-like: digits with an optional leading '+'
//                                            -> country calling code and last 2 digits kept, every
//                                               other digit '*': "66812345678" -> "66*******78",
//                                               "+14155550123" -> "+1********23". The code comes from
//                                               the ITU E.164 table (1 and 7; every 2-digit code; the
//                                               common 3-digit ones incl. all of ASEAN); an unknown
//                                               code keeps the first 2 digits.
//   * digits written with separators (' ', '-', '.', '(', ')'), e.g. "+66 81-234-5678", are
//     normalised (separators dropped) and then masked as above -> "+66*******78"
//   * anything else ("garbage": control bytes, non-ASCII, '+' in the middle, ...): every byte
//     outside printable ASCII becomes '?', every digit becomes '*' except the last 2 digits.
//
// The result is always printable ASCII and never longer than the input.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smsfw::audit {

// SMPP 3.4 type_of_number values (only national changes the masking; the others are judged by content).
inline constexpr std::uint8_t kTonInternational = 0x01;
inline constexpr std::uint8_t kTonNational = 0x02;
inline constexpr std::uint8_t kTonAlphanumeric = 0x05;

// Length (1..3) of the E.164 country calling code `digits` starts with, or 0 when the prefix is
// not in the table. `digits` must be digits only (no '+').
std::size_t country_code_length(std::string_view digits);

// The masked form of `address` (rules above). `ton` is the PDU's source/dest_addr_ton when known.
std::string mask_address(std::string_view address, std::optional<std::uint8_t> ton = std::nullopt);

}  // namespace smsfw::audit
