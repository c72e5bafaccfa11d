#include "smpp_load/text_encoding.h"

#include <array>

namespace smsfw::bench::load {

namespace {

constexpr std::size_t kMaxSeptets = 160;
constexpr std::size_t kMaxUcs2Units = 70;
constexpr std::uint8_t kGsmEscape = 0x1B;

// GSM 03.38 default alphabet, indexed by septet (3GPP TS 23.038 section 6.2.1). 0x1B is the
// escape to the extension table and maps to no character here.
constexpr std::array<char32_t, 128> kGsmBasic = {
    U'@',    U'\u00A3', U'$',     U'\u00A5', U'\u00E8', U'\u00E9', U'\u00F9', U'\u00EC',
    U'\u00F2', U'\u00C7', U'\n',  U'\u00D8', U'\u00F8', U'\r',     U'\u00C5', U'\u00E5',
    U'\u0394', U'_',    U'\u03A6', U'\u0393', U'\u039B', U'\u03A9', U'\u03A0', U'\u03A8',
    U'\u03A3', U'\u0398', U'\u039E', 0,       U'\u00C6', U'\u00E6', U'\u00DF', U'\u00C9',
    U' ',    U'!',      U'"',     U'#',      U'\u00A4', U'%',      U'&',      U'\'',
    U'(',    U')',      U'*',     U'+',      U',',      U'-',      U'.',      U'/',
    U'0',    U'1',      U'2',     U'3',      U'4',      U'5',      U'6',      U'7',
    U'8',    U'9',      U':',     U';',      U'<',      U'=',      U'>',      U'?',
    U'\u00A1', U'A',    U'B',     U'C',      U'D',      U'E',      U'F',      U'G',
    U'H',    U'I',      U'J',     U'K',      U'L',      U'M',      U'N',      U'O',
    U'P',    U'Q',      U'R',     U'S',      U'T',      U'U',      U'V',      U'W',
    U'X',    U'Y',      U'Z',     U'\u00C4', U'\u00D6', U'\u00D1', U'\u00DC', U'\u00A7',
    U'\u00BF', U'a',    U'b',     U'c',      U'd',      U'e',      U'f',      U'g',
    U'h',    U'i',      U'j',     U'k',      U'l',      U'm',      U'n',      U'o',
    U'p',    U'q',      U'r',     U's',      U't',      U'u',      U'v',      U'w',
    U'x',    U'y',      U'z',     U'\u00E4', U'\u00F6', U'\u00F1', U'\u00FC', U'\u00E0',
};

// The extension table (after 0x1B): {septet, character}.
struct GsmExtension {
  std::uint8_t septet;
  char32_t c;
};
constexpr std::array<GsmExtension, 10> kGsmExtension = {{
    {0x0A, U'\f'}, {0x14, U'^'}, {0x28, U'{'}, {0x29, U'}'}, {0x2F, U'\\'},
    {0x3C, U'['}, {0x3D, U'~'}, {0x3E, U']'}, {0x40, U'|'}, {0x65, U'\u20AC'},
}};

// Appends `c` as UTF-16BE; returns the number of 16-bit units written (1 or 2).
int put_utf16be(char32_t c, std::vector<std::uint8_t>& out) {
  auto unit = [&out](std::uint32_t u) {
    out.push_back(static_cast<std::uint8_t>(u >> 8));
    out.push_back(static_cast<std::uint8_t>(u));
  };
  if (c < 0x10000) {
    unit(c);
    return 1;
  }
  const std::uint32_t v = static_cast<std::uint32_t>(c) - 0x10000;
  unit(0xD800 | (v >> 10));
  unit(0xDC00 | (v & 0x3FF));
  return 2;
}

}  // namespace

int gsm_septets(char32_t c, std::uint8_t out[2]) {
  for (std::size_t i = 0; i < kGsmBasic.size(); ++i) {
    if (i != kGsmEscape && kGsmBasic[i] == c) {
      out[0] = static_cast<std::uint8_t>(i);
      return 1;
    }
  }
  for (const GsmExtension& e : kGsmExtension) {
    if (e.c == c) {
      out[0] = kGsmEscape;
      out[1] = e.septet;
      return 2;
    }
  }
  return 0;
}

std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    int len = 0;
    char32_t c = 0;
    if (b0 < 0x80) len = 1, c = b0;
    else if ((b0 & 0xE0) == 0xC0) len = 2, c = b0 & 0x1F;
    else if ((b0 & 0xF0) == 0xE0) len = 3, c = b0 & 0x0F;
    else if ((b0 & 0xF8) == 0xF0) len = 4, c = b0 & 0x07;
    bool ok = len > 0 && i + static_cast<std::size_t>(len) <= s.size();
    for (int k = 1; ok && k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((b & 0xC0) != 0x80) ok = false;
      else c = (c << 6) | (b & 0x3F);
    }
    // Reject overlong forms, surrogates and values beyond U+10FFFF.
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (ok && (c < kMin[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))) ok = false;
    if (!ok) {
      out.push_back(U'\uFFFD');
      ++i;  // resynchronise on the next octet
      continue;
    }
    out.push_back(c);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

EncodedText encode_text(std::string_view utf8, Encoding encoding) {
  const std::u32string text = decode_utf8(utf8);
  std::uint8_t septets[2];
  bool use_gsm = encoding == Encoding::gsm;
  if (encoding == Encoding::automatic) {
    use_gsm = true;
    for (char32_t c : text)
      if (gsm_septets(c, septets) == 0) use_gsm = false;
  }

  EncodedText out;
  if (use_gsm) {
    out.data_coding = 0x00;
    for (char32_t c : text) {
      int n = gsm_septets(c, septets);
      if (n == 0) septets[0] = '?', n = 1;  // '?' is septet 0x3F, same as ASCII
      if (out.octets.size() + static_cast<std::size_t>(n) > kMaxSeptets) {
        out.truncated = true;
        break;
      }
      out.octets.insert(out.octets.end(), septets, septets + n);
    }
  } else {
    out.data_coding = 0x08;
    std::size_t units = 0;
    for (char32_t c : text) {
      const std::size_t need = c < 0x10000 ? 1 : 2;
      if (units + need > kMaxUcs2Units) {
        out.truncated = true;
        break;
      }
      units += static_cast<std::size_t>(put_utf16be(c, out.octets));
    }
  }
  return out;
}

}  // namespace smsfw::bench::load
