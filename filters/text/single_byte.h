#pragma once
// Single-byte character sets carried by SMPP: IA5/ASCII (0x01), Latin-1 (0x03, optionally read as
// cp1252), ISO-8859-5 Cyrillic (0x06) and ISO-8859-8 Hebrew (0x07), decoded to UTF-8.

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "text/decode_result.h"

namespace smsfw::filters::text {

// A 256-entry byte -> UTF-8 table. Every mapped byte of the supported sets is in the BMP, so an
// entry holds at most 3 UTF-8 bytes; an unmapped byte is decoded as U+FFFD, counted.
class SingleByteTable {
 public:
  // Sets byte `b` to code point `cp` (a BMP scalar value; anything else leaves `b` unmapped).
  void set(std::uint8_t b, char32_t cp);
  // The code point of byte `b`, or 0 when unmapped (byte 0x00 itself maps to U+0000, len 1).
  char32_t code_point(std::uint8_t b) const;
  bool mapped(std::uint8_t b) const { return utf8_[b] != 0; }

  // Appends the UTF-8 of every byte to `out`: no allocation once `out` has the capacity.
  DecodeResult decode(std::span<const std::uint8_t> bytes, std::string& out) const;

 private:
  // Per byte: its UTF-8 in bits 0-23 (first byte lowest) and the length in bits 24-31 (1-3), or
  // 0 when unmapped (utf8_append.h's packed form).
  std::array<std::uint32_t, 256> utf8_{};
};

// IA5 / ASCII: bytes >= 0x80 are invalid (U+FFFD, counted). Control characters are kept.
DecodeResult decode_ia5(std::span<const std::uint8_t> bytes, std::string& out);

// Which table a "Latin-1" payload is read with.
enum class Latin1Variant : std::uint8_t {
  iso8859_1,  // byte = code point; 0x80-0x9F are C1 controls
  cp1252,     // 0x80-0x9F per Windows-1252 (€, ‘ ’ “ ” …); its five undefined bytes (0x81, 0x8D,
              // 0x8F, 0x90, 0x9D) map to the C1 control of the same value, as WHATWG does
};

// Latin-1 (ISO-8859-1), or cp1252 for 0x80-0x9F. Never invalid: every byte maps.
DecodeResult decode_latin1(std::span<const std::uint8_t> bytes, std::string& out,
                           Latin1Variant variant = Latin1Variant::iso8859_1);

// ISO-8859-5 and ISO-8859-8 tables, built once from ICU (ucnv, stop-on-unmapped) on first use
// (thread-safe function-local statics). ICU is the source of truth; per-message ucnv calls would be
// slow and need a converter per thread. If ICU cannot open a converter, the table keeps ASCII only
// and every other byte decodes as invalid.
const SingleByteTable& iso8859_5_table();
const SingleByteTable& iso8859_8_table();

// Cyrillic (data_coding 0x06) and Hebrew (0x07). Bytes ISO-8859-8 leaves undefined are invalid.
DecodeResult decode_iso8859_5(std::span<const std::uint8_t> bytes, std::string& out);
DecodeResult decode_iso8859_8(std::span<const std::uint8_t> bytes, std::string& out);

}  // namespace smsfw::filters::text
