// Fuzz target: every text decoder of filters/text (GSM 7-bit unpacked and packed, UTF-16BE,
// IA5, Latin-1 and cp1252, ISO-8859-5/-8, the data_coding dispatch text::decode) and, in
// reverse, the encoders of encode.h.
//
// Input: byte 0 = data_coding, byte 1 = options (bits 0-1 the account's SMSC default, bits 2-4
// packed-GSM fill bits 0..6, bit 5 cp1252), byte 2 = a septet count for packed GSM; the rest is
// the payload (also read as UTF-8 for the encoders). Checked: every decoder appends valid UTF-8
// (the caller's existing text untouched) and reports as many chars as it appended code points;
// unpacking packed GSM and decoding the septets equals decoding packed directly; encoders'
// output decodes back to the number of characters they claim, and UTF-16 round-trips exactly.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "fuzz/fuzz_check.h"
#include "support/utf8_check.h"
#include "text/data_coding.h"
#include "text/encode.h"
#include "text/gsm7.h"
#include "text/single_byte.h"
#include "text/utf16.h"

namespace {

using namespace smsfw::filters::text;
using smsfw::test::is_valid_utf8;
using smsfw::test::utf8_length;

const std::string kPrefix = "\xE0\xB8\x97x";  // Thai THO THAHAN + 'x': must survive every append

// Runs one decoder into a string that already holds kPrefix; checks and returns what it appended.
template <class F>
std::string run(F&& decoder) {
  std::string out = kPrefix;
  const DecodeResult r = decoder(out);
  FUZZ_CHECK(out.compare(0, kPrefix.size(), kPrefix) == 0);
  std::string added = out.substr(kPrefix.size());
  FUZZ_CHECK(is_valid_utf8(added));
  FUZZ_CHECK(r.chars == utf8_length(added));
  return added;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::uint8_t dc = data[0], opt = data[1], septets = data[2];
  const std::vector<std::uint8_t> payload(data + 3, data + size);  // own buffer: exact bounds for ASan
  const std::span<const std::uint8_t> in(payload);
  const unsigned fill = ((opt >> 2) & 7) % 7;
  const auto latin = (opt & 0x20) ? Latin1Variant::cp1252 : Latin1Variant::iso8859_1;

  // The dispatch, as the classifier calls it.
  {
    std::string out = kPrefix;
    const TextDecodeResult r = decode(dc, in, static_cast<SmscDefault>(opt & 3), out, DecodeOptions{fill, latin});
    FUZZ_CHECK(r.info.value == dc && classify_data_coding(dc).coding == r.info.coding);
    FUZZ_CHECK(out.compare(0, kPrefix.size(), kPrefix) == 0);
    const std::string_view added(out.data() + kPrefix.size(), out.size() - kPrefix.size());
    FUZZ_CHECK(is_valid_utf8(added) && r.counts.chars == utf8_length(added));
    if (r.status != DecodeStatus::text) FUZZ_CHECK(added.empty());
  }

  // Each decoder on its own.
  const std::string unpacked = run([&](std::string& o) { return decode_gsm7_unpacked(in, o); });
  FUZZ_CHECK(unpacked.size() <= 4 * payload.size());
  const std::string packed = run([&](std::string& o) { return decode_gsm7_packed(in, fill, o); });
  run([&](std::string& o) { return decode_gsm7_packed(in, septets, fill, o); });
  std::vector<std::uint8_t> septet_bytes;
  unpack_gsm7(in, fill, septet_bytes);
  FUZZ_CHECK(septet_bytes.size() == gsm7_packed_septet_count(in, fill));
  FUZZ_CHECK(septet_bytes.size() <= gsm7_packed_capacity(payload.size(), fill));
  for (const std::uint8_t s : septet_bytes) FUZZ_CHECK(s < 0x80);
  FUZZ_CHECK(run([&](std::string& o) { return decode_gsm7_unpacked(septet_bytes, o); }) == packed);

  const std::string utf16 = run([&](std::string& o) { return decode_utf16be(in, o); });
  const std::string ia5 = run([&](std::string& o) { return decode_ia5(in, o); });
  FUZZ_CHECK(utf8_length(ia5) == payload.size());
  FUZZ_CHECK(utf8_length(run([&](std::string& o) { return decode_latin1(in, o, latin); })) == payload.size());
  FUZZ_CHECK(utf8_length(run([&](std::string& o) { return decode_iso8859_5(in, o); })) == payload.size());
  FUZZ_CHECK(utf8_length(run([&](std::string& o) { return decode_iso8859_8(in, o); })) == payload.size());

  // UTF-16 round trip of valid text is exact.
  {
    std::vector<std::uint8_t> enc;
    const EncodeResult e = encode_utf16be(utf16, enc);
    FUZZ_CHECK(e.unencodable == 0 && enc.size() == 2 * e.units);
    FUZZ_CHECK(run([&](std::string& o) { return decode_utf16be(enc, o); }) == utf16);
  }
  // Encoders read any bytes as UTF-8; decoding their output gives back as many characters.
  const std::string_view raw(reinterpret_cast<const char*>(payload.data()), payload.size());
  {
    std::vector<std::uint8_t> enc;
    const EncodeResult e = encode_utf16be(raw, enc);
    const std::string back = run([&](std::string& o) { return decode_utf16be(enc, o); });
    FUZZ_CHECK(utf8_length(back) == e.chars);
    if (e.unencodable == 0) FUZZ_CHECK(back == raw);
  }
  {
    std::vector<std::uint8_t> enc;
    const EncodeResult e = encode_gsm7_unpacked(raw, enc);
    FUZZ_CHECK(enc.size() == e.units);
    FUZZ_CHECK(utf8_length(run([&](std::string& o) { return decode_gsm7_unpacked(enc, o); })) == e.chars);
    std::vector<std::uint8_t> penc;
    const EncodeResult p = encode_gsm7_packed(raw, fill, penc);
    FUZZ_CHECK(p == e);
    FUZZ_CHECK(run([&](std::string& o) { return decode_gsm7_packed(penc, p.units, fill, o); }) ==
               run([&](std::string& o) { return decode_gsm7_unpacked(enc, o); }));
  }
  {
    std::vector<std::uint8_t> enc;
    const EncodeResult e = encode_single_byte(latin1_table(latin), raw, enc);
    FUZZ_CHECK(enc.size() == e.units && e.units == e.chars);
    FUZZ_CHECK(utf8_length(run([&](std::string& o) { return decode_latin1(enc, o, latin); })) == e.chars);
  }
  return 0;
}
