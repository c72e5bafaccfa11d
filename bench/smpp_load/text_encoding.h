#pragma once
// Turns a UTF-8 text into the octets of one short_message: GSM 03.38 (unpacked, one septet per
// octet, data_coding 0) or UCS-2 (UTF-16BE with surrogate pairs, data_coding 8), truncated to
// what one SMS holds (160 septets / 70 UTF-16 units, i.e. 140 octets) without splitting an
// escape sequence or a surrogate pair.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smsfw::bench::load {

enum class Encoding {
  automatic,  // GSM 03.38 if every character is in the default alphabet or its extension table, else UCS-2
  gsm,        // GSM 03.38; characters it lacks become '?'
  ucs2,       // always UCS-2
};

struct EncodedText {
  std::vector<std::uint8_t> octets;
  std::uint8_t data_coding = 0;  // 0x00 GSM default alphabet, 0x08 UCS-2
  bool truncated = false;
};

EncodedText encode_text(std::string_view utf8, Encoding encoding);

// Code points of a UTF-8 string; malformed sequences become U+FFFD.
std::u32string decode_utf8(std::string_view utf8);

// The GSM 03.38 septets for `c`: one (default alphabet), two (0x1B escape + extension table),
// or zero if GSM cannot represent it.
int gsm_septets(char32_t c, std::uint8_t out[2]);

}  // namespace smsfw::bench::load
