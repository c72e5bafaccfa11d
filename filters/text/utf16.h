#pragma once
// UCS-2 / UTF-16BE (SMPP data_coding 0x08) to UTF-8.
//
// In practice "UCS-2" on SMPP is UTF-16BE: emoji arrive as surrogate pairs, so pairs are joined.
// An unpaired high or low surrogate and an odd trailing byte each become one U+FFFD, counted as
// invalid. A byte-order mark is not special: U+FEFF is kept (it is a valid, invisible character).
// A pair or byte split across concatenated parts is the reassembler's job: decode the joined
// payload, not the parts one by one.

#include <cstdint>
#include <span>
#include <string>

#include "text/decode_result.h"

namespace smsfw::filters::text {

// Decodes big-endian UTF-16 code units (UCS-2 is a subset) and appends UTF-8 to `out`.
DecodeResult decode_utf16be(std::span<const std::uint8_t> bytes, std::string& out);

}  // namespace smsfw::filters::text
