#pragma once
// UTF-8 to the octets of an SMPP message's own encoding: the inverse of the decoders in gsm7.h,
// utf16.h, single_byte.h and data_coding.h. Used to put a visible marker in front of a tagged
// message's text in that message's encoding, and to encode test text for a chosen data_coding.
//
// Every function APPENDS to the caller's vector (nothing else is allocated) and never fails:
// a character the target set lacks is written as '?' (U+FFFD for UTF-16) and counted. Ill-formed
// UTF-8 is read as the Unicode "maximal subpart" practice says (each maximal ill-formed
// subsequence is one replacement) and counted the same way. No transliteration is attempted
// (e.g. NO-BREAK SPACE is not encodable in GSM: its table slot 0x1B is the escape).

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "text/data_coding.h"
#include "text/single_byte.h"

namespace smsfw::filters::text {

// What one encoder call appended.
//   units:       code units written: septets for GSM (an extension character is two: ESC + code),
//                16-bit units for UTF-16 (a surrogate pair is two), octets for single-byte sets;
//   unencodable: characters replaced ('?' or U+FFFD), ill-formed input included;
//   chars:       characters read from the input (code points; each ill-formed subsequence is one),
//                i.e. what decoding the output back reports as DecodeResult::chars.
struct EncodeResult {
  std::size_t units = 0;
  std::size_t unencodable = 0;
  std::size_t chars = 0;

  friend bool operator==(const EncodeResult&, const EncodeResult&) = default;
};

// The GSM 03.38 encoding of one code point: `septet` (0..0x7F), preceded by ESC (0x1B) when
// `extension` is set. found == false when the code point is in neither table.
struct Gsm7Code {
  bool found = false;
  bool extension = false;
  std::uint8_t septet = 0;
};
// The code of `cp` (from gsm7.h's tables, so encoder and decoder cannot disagree).
Gsm7Code gsm7_code(char32_t cp);

// GSM 7-bit, one septet per octet (data_coding 0 on most SMSCs). Unencodable -> '?' (0x3F).
EncodeResult encode_gsm7_unpacked(std::string_view utf8, std::vector<std::uint8_t>& out);

// GSM 7-bit packed LSB first (23.038 6.1.2.1), starting after `fill_bits` zero bits (the fill
// after a UDH: gsm7_fill_bits_after_udh; bits past 7 are further zero bits). When the last octet
// has 7 spare bits they hold <CR> as 23.038 6.1.2.3.1 prescribes (gsm7_packed_septet_count drops
// it). Empty text appends nothing. Caveat of the carriage, not of this encoder: when the septets
// end exactly on an octet boundary and the last one is '@' or <CR>, a decoder that only knows the
// octet count (gsm7_packed_septet_count) drops it; result.units is the exact septet count.
EncodeResult encode_gsm7_packed(std::string_view utf8, unsigned fill_bits,
                                std::vector<std::uint8_t>& out);

// UTF-16BE (data_coding 0x08): BMP characters as one unit, others as a surrogate pair.
// Ill-formed UTF-8 -> U+FFFD (counted as unencodable).
EncodeResult encode_utf16be(std::string_view utf8, std::vector<std::uint8_t>& out);

// A single-byte set by reverse lookup in `table` (first byte mapping to the code point wins).
// Unencodable -> '?' (0x3F). Fast for ASCII; other characters cost one scan of the table.
EncodeResult encode_single_byte(const SingleByteTable& table, std::string_view utf8,
                                std::vector<std::uint8_t>& out);

// Tables equal to decode_ia5 (bytes 0x00-0x7F) and decode_latin1 (`variant`), built once from
// those decoders (thread-safe statics), for encode_single_byte. ISO-8859-5/-8: the tables of
// single_byte.h (iso8859_5_table, iso8859_8_table).
const SingleByteTable& ia5_table();
const SingleByteTable& latin1_table(Latin1Variant variant = Latin1Variant::iso8859_1);

// Whether encode() produced octets (mirrors DecodeStatus).
enum class EncodeStatus : std::uint8_t {
  text,         // `out` got the encoded text
  not_text,     // the data_coding names binary data: nothing appended
  unsupported,  // a character set without an encoder here (JIS, kanji, KS C 5601, pictogram,
                // ISO-2022-JP, reserved values): nothing appended
};

// Encodes `utf8` as `data_coding` says, with decode()'s exact interpretation: 0x00 per
// `account_default`; GSM 7-bit of the GSM DCS groups packed when the account default is
// gsm7_packed, unpacked otherwise; packed text starts after options.gsm7_fill_bits; Latin-1 per
// options.latin1. So decode(dc, <output>, account_default, s, options) gives back `utf8` wherever
// every character was encodable (see encode_gsm7_packed for its one caveat). `result`, if given,
// receives the counts (zero unless the status is text); classify_data_coding tells the coding.
EncodeStatus encode(std::uint8_t data_coding, SmscDefault account_default, std::string_view utf8,
                    std::vector<std::uint8_t>& out, EncodeResult* result = nullptr,
                    const DecodeOptions& options = {});

// Encodes `utf8` the way ESMEs commonly choose: GSM 7-bit unpacked (data_coding 0) when every
// character has a GSM 03.38 code, UCS-2/UTF-16BE (data_coding 8) otherwise. Appends to `out`
// and returns the data_coding used; `result` gets the chosen encoder's counts.
std::uint8_t encode_like_esme(std::string_view utf8, std::vector<std::uint8_t>& out, EncodeResult* result = nullptr);

}  // namespace smsfw::filters::text
