// smpp-load's text encoding: GSM 03.38 (default alphabet + 0x1B extension table) when every
// character fits, else UCS-2 (UTF-16BE with surrogate pairs), cut to one SMS (160 septets / 70
// UTF-16 units) without splitting an escape sequence or a surrogate pair; UTF-8 decoding.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "smpp_load/text_encoding.h"

using namespace smsfw::bench::load;
using Octets = std::vector<std::uint8_t>;

namespace {

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("GSM default alphabet: ASCII letters map to themselves, @ is 0x00, $ is 0x02") {
  const EncodedText e = encode_text("Hi @ $5_", Encoding::automatic);
  CHECK(e.data_coding == 0x00);
  CHECK_FALSE(e.truncated);
  CHECK(e.octets == Octets{'H', 'i', ' ', 0x00, ' ', 0x02, '5', 0x11});
}

TEST_CASE("GSM default alphabet: accented and Greek letters use their own septets") {
  // £ 0x01, è 0x04, é 0x05, Ä 0x5B, ü 0x7E, à 0x7F, Δ 0x10, Ω 0x15, ß 0x1E, ¿ 0x60, § 0x5F
  const EncodedText e = encode_text("£èéÄüàΔΩß¿§", Encoding::automatic);
  CHECK(e.data_coding == 0x00);
  CHECK(e.octets == Octets{0x01, 0x04, 0x05, 0x5B, 0x7E, 0x7F, 0x10, 0x15, 0x1E, 0x60, 0x5F});
}

TEST_CASE("GSM extension table: each character is ESC 0x1B plus its septet") {
  const EncodedText e = encode_text("€[]{}~^\\|", Encoding::automatic);
  CHECK(e.data_coding == 0x00);
  CHECK(e.octets == Octets{0x1B, 0x65, 0x1B, 0x3C, 0x1B, 0x3E, 0x1B, 0x28, 0x1B, 0x29,
                           0x1B, 0x3D, 0x1B, 0x14, 0x1B, 0x2F, 0x1B, 0x40});
}

TEST_CASE("gsm_septets reports 1, 2 or 0 septets") {
  std::uint8_t s[2] = {0xFF, 0xFF};
  CHECK(gsm_septets(U'@', s) == 1);
  CHECK(s[0] == 0x00);
  CHECK(gsm_septets(U'\u20AC', s) == 2);
  CHECK((s[0] == 0x1B && s[1] == 0x65));
  CHECK(gsm_septets(U'\f', s) == 2);
  CHECK((s[0] == 0x1B && s[1] == 0x0A));
  CHECK(gsm_septets(U'\u0E18', s) == 0);  // Thai
  CHECK(gsm_septets(U'`', s) == 0);       // not in GSM 03.38
  CHECK(gsm_septets(U'\0', s) == 0);      // slot 0x1B (escape) maps to no character
}

TEST_CASE("Thai text falls back to UCS-2 big-endian") {
  const EncodedText e = encode_text("ธนาคาร", Encoding::automatic);
  CHECK(e.data_coding == 0x08);
  CHECK_FALSE(e.truncated);
  CHECK(e.octets == Octets{0x0E, 0x18, 0x0E, 0x19, 0x0E, 0x32, 0x0E, 0x04, 0x0E, 0x32, 0x0E, 0x23});
}

TEST_CASE("One non-GSM character switches the whole text to UCS-2") {
  const EncodedText e = encode_text("A`", Encoding::automatic);
  CHECK(e.data_coding == 0x08);
  CHECK(e.octets == Octets{0x00, 'A', 0x00, '`'});
}

TEST_CASE("An emoji outside the BMP becomes a surrogate pair") {
  const EncodedText e = encode_text("ok \xF0\x9F\x98\x80", Encoding::automatic);  // U+1F600
  CHECK(e.data_coding == 0x08);
  CHECK(e.octets == Octets{0x00, 'o', 0x00, 'k', 0x00, ' ', 0xD8, 0x3D, 0xDE, 0x00});
}

TEST_CASE("Forced encodings: gsm writes ? for what it lacks, ucs2 encodes even ASCII") {
  const EncodedText g = encode_text("aธ€", Encoding::gsm);
  CHECK(g.data_coding == 0x00);
  CHECK(g.octets == Octets{'a', '?', 0x1B, 0x65});
  const EncodedText u = encode_text("a@", Encoding::ucs2);
  CHECK(u.data_coding == 0x08);
  CHECK(u.octets == Octets{0x00, 'a', 0x00, '@'});
}

TEST_CASE("GSM: 160 septets fit, the 161st is cut") {
  const EncodedText fits = encode_text(std::string(160, 'x'), Encoding::automatic);
  CHECK(fits.octets.size() == 160);
  CHECK_FALSE(fits.truncated);
  const EncodedText cut = encode_text(std::string(161, 'x'), Encoding::automatic);
  CHECK(cut.octets.size() == 160);
  CHECK(cut.truncated);
}

TEST_CASE("GSM: an escape sequence that would end past 160 septets is dropped whole") {
  const EncodedText e = encode_text(std::string(159, 'x') + "€", Encoding::automatic);
  CHECK(e.truncated);
  REQUIRE(e.octets.size() == 159);
  CHECK(e.octets.back() == 'x');  // no dangling 0x1B
  const EncodedText fits = encode_text(std::string(158, 'x') + "€", Encoding::automatic);
  CHECK_FALSE(fits.truncated);
  CHECK(fits.octets.size() == 160);
  CHECK(fits.octets[158] == 0x1B);
  CHECK(fits.octets[159] == 0x65);
  const EncodedText euros = encode_text(repeat("€", 81), Encoding::automatic);
  CHECK(euros.truncated);
  CHECK(euros.octets.size() == 160);  // 80 whole escape sequences
}

TEST_CASE("UCS-2: 70 units fit, the 71st is cut") {
  const EncodedText fits = encode_text(repeat("ธ", 70), Encoding::automatic);
  CHECK_FALSE(fits.truncated);
  CHECK(fits.octets.size() == 140);
  const EncodedText cut = encode_text(repeat("ธ", 71), Encoding::automatic);
  CHECK(cut.truncated);
  CHECK(cut.octets.size() == 140);
}

TEST_CASE("UCS-2: a surrogate pair that would end past 70 units is dropped whole") {
  const std::string emoji = "\xF0\x9F\x98\x80";
  const EncodedText e = encode_text(repeat("ธ", 69) + emoji, Encoding::automatic);
  CHECK(e.truncated);
  REQUIRE(e.octets.size() == 138);
  CHECK(e.octets[136] == 0x0E);  // the last unit is the 69th Thai letter, not a high surrogate
  const EncodedText fits = encode_text(repeat("ธ", 68) + emoji, Encoding::automatic);
  CHECK_FALSE(fits.truncated);
  REQUIRE(fits.octets.size() == 140);
  CHECK(fits.octets[136] == 0xD8);
  CHECK(fits.octets[138] == 0xDE);
  const EncodedText emojis = encode_text(repeat(emoji, 36), Encoding::automatic);
  CHECK(emojis.truncated);
  CHECK(emojis.octets.size() == 140);  // 35 whole pairs
}

TEST_CASE("The empty text encodes to nothing, as GSM") {
  const EncodedText e = encode_text("", Encoding::automatic);
  CHECK(e.octets.empty());
  CHECK(e.data_coding == 0x00);
  CHECK_FALSE(e.truncated);
}

TEST_CASE("decode_utf8 decodes 1 to 4 octet sequences") {
  CHECK(decode_utf8("a\xC3\xA9\xE0\xB8\x98\xF0\x9F\x98\x80") == std::u32string{U'a', U'\u00E9', U'\u0E18', U'\U0001F600'});
}

TEST_CASE("decode_utf8 turns malformed input into U+FFFD and resynchronises") {
  CHECK(decode_utf8("\xFF" "a") == std::u32string{U'\uFFFD', U'a'});
  CHECK(decode_utf8("\xC0\xAF") == std::u32string{U'\uFFFD', U'\uFFFD'});          // overlong '/'
  CHECK(decode_utf8("\xED\xA0\x80") == std::u32string(3, U'\uFFFD'));             // a UTF-16 surrogate
  CHECK(decode_utf8("\xF4\x90\x80\x80") == std::u32string(4, U'\uFFFD'));         // above U+10FFFF
  CHECK(decode_utf8("a\xE0\xB8") == std::u32string{U'a', U'\uFFFD', U'\uFFFD'});  // cut short
  // Malformed input is not GSM: the replacement character goes out as UCS-2.
  const EncodedText e = encode_text("\xFF", Encoding::automatic);
  CHECK(e.data_coding == 0x08);
  CHECK(e.octets == Octets{0xFF, 0xFD});
}
