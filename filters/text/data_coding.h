#pragma once
// The SMPP data_coding octet (SMPP 3.4 5.2.19, with the GSM 03.38 DCS groups it defers to) and
// one dispatching decoder from short_message / message_payload octets to UTF-8.

#include <cstdint>
#include <span>
#include <string>

#include "text/decode_result.h"
#include "text/single_byte.h"

namespace smsfw::filters::text {

// The character set a data_coding value names.
enum class Coding : std::uint8_t {
  smsc_default,  // 0x00: meaning configured per account (SmscDefault)
  ia5,           // 0x01
  binary,        // 0x02, 0x04, and 8-bit data of the GSM message-class group: not text
  latin1,        // 0x03
  jis,           // 0x05 JIS X 0208-1990
  cyrillic,      // 0x06 ISO-8859-5
  hebrew,        // 0x07 ISO-8859-8
  ucs2,          // 0x08 (UTF-16BE in practice); also the 0xE0-0xEF MWI group
  pictogram,     // 0x09
  iso2022jp,     // 0x0A ISO-2022-JP (music codes)
  kanji,         // 0x0D extended kanji JIS X 0212-1990
  ksc5601,       // 0x0E KS C 5601
  gsm7,          // GSM 7-bit of the 0xC0-0xDF MWI groups and the 0xF0-0xFF message-class group
  reserved,      // 0x0B, 0x0C, 0x0F-0xBF
};

// Which part of the table the value came from.
enum class CodingGroup : std::uint8_t {
  smpp,           // 0x00-0xBF: SMPP's own values (incl. reserved)
  mwi,            // 0xC0-0xEF: GSM message waiting indication groups (discard/store)
  message_class,  // 0xF0-0xFF: GSM data coding / message class group
};

// A classified data_coding octet.
struct DataCodingInfo {
  std::uint8_t value = 0;
  Coding coding = Coding::smsc_default;
  CodingGroup group = CodingGroup::smpp;
  std::int8_t message_class = -1;  // 0..3 in the 0xF0-0xFF group (bits 0-1), otherwise -1
};

// Classifies any of the 256 values. In 0xF0-0xFF, bit 2 set = 8-bit data, clear = GSM 7-bit
// (bit 3 is reserved and ignored). In 0xC0-0xCF / 0xD0-0xDF the text is GSM 7-bit, in 0xE0-0xEF UCS2.
DataCodingInfo classify_data_coding(std::uint8_t data_coding);

// What data_coding 0 (and GSM 7-bit from the GSM DCS groups) means for an account's SMSC/ESME.
enum class SmscDefault : std::uint8_t {
  gsm7_unpacked,  // one septet per octet (the common case)
  gsm7_packed,    // 7-bit packed, sm_length = octets
  latin1,
  ascii,
};

// Per-call knobs beyond the account default.
struct DecodeOptions {
  // Packed GSM after a UDH: gsm7_fill_bits_after_udh(UDH octets); `bytes` then starts after the UDH.
  unsigned gsm7_fill_bits = 0;
  // How 0x03 (and an account default of latin1) is read; cp1252 for stacks that send it.
  Latin1Variant latin1 = Latin1Variant::iso8859_1;
};

// Whether decode() produced text.
enum class DecodeStatus : std::uint8_t {
  text,         // `out` got the decoded text
  not_text,     // binary data: nothing appended
  unsupported,  // a character set this decoder does not handle (JIS, kanji, KS C 5601,
                // pictogram, ISO-2022-JP, reserved values): nothing appended
};

// The outcome of decode(): status, the classified coding, and the decoder's counts.
struct TextDecodeResult {
  DecodeStatus status = DecodeStatus::text;
  DataCodingInfo info;
  DecodeResult counts;
};

// Decodes `bytes` (the text part of the message, after any UDH) as `data_coding` says and appends
// UTF-8 to `out`. data_coding 0 follows `account_default`. GSM 7-bit from the GSM DCS groups is
// read packed when the account's default is gsm7_packed, unpacked otherwise (SMPP carries GSM
// text one septet per octet unless the SMSC is configured otherwise). Packed GSM without a known
// septet count uses gsm7_packed_septet_count.
TextDecodeResult decode(std::uint8_t data_coding, std::span<const std::uint8_t> bytes,
                        SmscDefault account_default, std::string& out,
                        const DecodeOptions& options = {});

}  // namespace smsfw::filters::text
