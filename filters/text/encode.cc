#include "text/encode.h"

#include <array>
#include <string>

#include "text/gsm7.h"
#include "text/utf16.h"
#include "text/utf8_append.h"

namespace smsfw::filters::text {
namespace {

// Returned by next_scalar for an ill-formed subsequence (not a scalar value).
constexpr char32_t kIllFormed = 0x110000;
constexpr std::uint8_t kQuestionMark = 0x3F;
constexpr std::uint8_t kEsc = 0x1B;

// Reads one scalar value at s[i] and advances i. An ill-formed subsequence yields kIllFormed and
// consumes its maximal subpart (Unicode 3.9, "U+FFFD substitution of maximal subparts"): the
// lead byte and as many continuation bytes as could still start a well-formed sequence.
// Precondition: i < s.size().
char32_t next_scalar(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<std::uint8_t>(s[i++]);
  if (b0 < 0x80) return b0;
  unsigned need = 0;
  char32_t cp = 0;
  std::uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the next continuation byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2, cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // no overlongs
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3, cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // no overlongs
    if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return kIllFormed;
  }
  for (unsigned k = 0; k < need; ++k) {
    if (i >= s.size()) return kIllFormed;
    const auto b = static_cast<std::uint8_t>(s[i]);
    if (b < lo || b > hi) return kIllFormed;
    lo = 0x80, hi = 0xBF;
    cp = (cp << 6) | (b & 0x3F);
    ++i;
  }
  return cp;
}

// Calls f(cp) for every scalar value of `utf8` (kIllFormed for each ill-formed subsequence).
template <class F>
void for_each_scalar(std::string_view utf8, F f) {
  for (std::size_t i = 0; i < utf8.size();) f(next_scalar(utf8, i));
}

// Code point -> GSM code, built once from gsm7.h's tables so the encoder can never disagree
// with the decoder. A code is the septet, | 0x80 for the extension table; kNone = not encodable
// (no extension septet is 0x7F, so 0xFF is free). The GSM sets only touch Latin-1, Greek capitals
// and the euro sign: two direct tables and a short list cover them.
class Gsm7Reverse {
 public:
  static constexpr std::uint8_t kNone = 0xFF;

  Gsm7Reverse() {
    low_.fill(kNone);
    greek_.fill(kNone);
    for (unsigned s = 0; s < 128; ++s) {
      if (s == kEsc) continue;  // its "character" (NBSP) is the escape, not a text character
      add(gsm7_base_char(static_cast<std::uint8_t>(s)), static_cast<std::uint8_t>(s));
    }
    for (unsigned s = 0; s < 128; ++s) {
      if (const char32_t cp = gsm7_extension_char(static_cast<std::uint8_t>(s)); cp != 0)
        add(cp, static_cast<std::uint8_t>(0x80 | s));
    }
  }

  std::uint8_t find(char32_t cp) const {
    if (cp < 0x100) return low_[cp];
    if (cp >= kGreekBase && cp < kGreekBase + greek_.size()) return greek_[cp - kGreekBase];
    for (std::size_t k = 0; k < other_count_; ++k)
      if (other_[k].cp == cp) return other_[k].code;
    return kNone;
  }

 private:
  static constexpr char32_t kGreekBase = 0x0380;
  struct Other {
    char32_t cp = 0;
    std::uint8_t code = kNone;
  };

  // First mapping wins (the base table is added first; the tables share no character).
  void add(char32_t cp, std::uint8_t code) {
    if (find(cp) != kNone) return;
    if (cp < 0x100) {
      low_[cp] = code;
    } else if (cp >= kGreekBase && cp < kGreekBase + greek_.size()) {
      greek_[cp - kGreekBase] = code;
    } else if (other_count_ < other_.size()) {
      other_[other_count_++] = {cp, code};
    }
  }

  std::array<std::uint8_t, 0x100> low_{};
  std::array<std::uint8_t, 0x40> greek_{};  // U+0380-U+03BF
  std::array<Other, 8> other_{};            // the euro sign, and room to spare
  std::size_t other_count_ = 0;
};

const Gsm7Reverse& gsm7_reverse() {
  static const Gsm7Reverse r;
  return r;
}

// The one GSM loop for both carriages: put(septet) receives every septet in order.
template <class Put>
EncodeResult encode_gsm7(std::string_view utf8, Put put) {
  EncodeResult r;
  for_each_scalar(utf8, [&](char32_t cp) {
    ++r.chars;
    const Gsm7Code c = cp == kIllFormed ? Gsm7Code{} : gsm7_code(cp);
    if (!c.found) {
      put(kQuestionMark);
      ++r.units;
      ++r.unencodable;
    } else if (c.extension) {
      put(kEsc);
      put(c.septet);
      r.units += 2;
    } else {
      put(c.septet);
      ++r.units;
    }
  });
  return r;
}

// 7-bit packing LSB first into `out`, after `fill_bits` zero bits.
class SeptetPacker {
 public:
  SeptetPacker(std::vector<std::uint8_t>& out, unsigned fill_bits) : out_(out), bits_(fill_bits) {}

  void put(std::uint8_t septet) {
    flush_whole_octets();  // leading fill beyond one octet, on the first septet only
    acc_ |= static_cast<std::uint32_t>(septet & 0x7F) << bits_;
    bits_ += 7;
    wrote_ = true;
    flush_whole_octets();
  }

  // Writes the last partial octet; 7 spare bits get <CR> (23.038 6.1.2.3.1).
  void finish() {
    if (!wrote_ || bits_ == 0) return;
    if (bits_ == 1) acc_ |= 0x0Du << 1;
    out_.push_back(static_cast<std::uint8_t>(acc_));
    acc_ = 0, bits_ = 0;
  }

 private:
  void flush_whole_octets() {
    while (bits_ >= 8) {
      out_.push_back(static_cast<std::uint8_t>(acc_));
      acc_ >>= 8;
      bits_ -= 8;
    }
  }

  std::vector<std::uint8_t>& out_;
  std::uint32_t acc_ = 0;
  unsigned bits_ = 0;
  bool wrote_ = false;
};

void put_u16be(std::vector<std::uint8_t>& out, char32_t u) {
  out.push_back(static_cast<std::uint8_t>(u >> 8));
  out.push_back(static_cast<std::uint8_t>(u));
}

// The byte `table` maps to `cp`, or -1.
int reverse_lookup(const SingleByteTable& table, char32_t cp) {
  if (cp < 0x80 && table.mapped(static_cast<std::uint8_t>(cp)) &&
      table.code_point(static_cast<std::uint8_t>(cp)) == cp)
    return static_cast<int>(cp);
  if (cp == 0) return -1;  // code_point() also says 0 for "unmapped": U+0000 only maps to itself
  for (unsigned b = 0; b < 256; ++b)
    if (table.code_point(static_cast<std::uint8_t>(b)) == cp) return static_cast<int>(b);
  return -1;
}

// A table equal to a single-byte decoder: every byte it decodes without an error maps to the
// code point it decodes to.
template <class Decode>
SingleByteTable table_from_decoder(Decode decode) {
  SingleByteTable t;
  std::string s;
  for (unsigned b = 0; b < 256; ++b) {
    const std::uint8_t byte = static_cast<std::uint8_t>(b);
    s.clear();
    if (decode(std::span<const std::uint8_t>(&byte, 1), s).invalid != 0 || s.empty()) continue;
    std::size_t i = 0;
    const char32_t cp = next_scalar(s, i);
    if (cp != kIllFormed && i == s.size()) t.set(byte, cp);
  }
  return t;
}

}  // namespace

Gsm7Code gsm7_code(char32_t cp) {
  const std::uint8_t code = gsm7_reverse().find(cp);
  if (code == Gsm7Reverse::kNone) return {};
  return Gsm7Code{true, (code & 0x80) != 0, static_cast<std::uint8_t>(code & 0x7F)};
}

EncodeResult encode_gsm7_unpacked(std::string_view utf8, std::vector<std::uint8_t>& out) {
  return encode_gsm7(utf8, [&](std::uint8_t s) { out.push_back(s); });
}

EncodeResult encode_gsm7_packed(std::string_view utf8, unsigned fill_bits,
                                std::vector<std::uint8_t>& out) {
  SeptetPacker packer(out, fill_bits);
  const EncodeResult r = encode_gsm7(utf8, [&](std::uint8_t s) { packer.put(s); });
  packer.finish();
  return r;
}

EncodeResult encode_utf16be(std::string_view utf8, std::vector<std::uint8_t>& out) {
  EncodeResult r;
  for_each_scalar(utf8, [&](char32_t cp) {
    ++r.chars;
    if (cp == kIllFormed) {
      cp = kReplacementChar;
      ++r.unencodable;
    }
    if (cp < 0x10000) {
      put_u16be(out, cp);
      ++r.units;
    } else {
      const char32_t v = cp - 0x10000;
      put_u16be(out, 0xD800 + (v >> 10));
      put_u16be(out, 0xDC00 + (v & 0x3FF));
      r.units += 2;
    }
  });
  return r;
}

EncodeResult encode_single_byte(const SingleByteTable& table, std::string_view utf8,
                                std::vector<std::uint8_t>& out) {
  EncodeResult r;
  for_each_scalar(utf8, [&](char32_t cp) {
    ++r.chars;
    ++r.units;
    const int b = cp == kIllFormed ? -1 : reverse_lookup(table, cp);
    if (b < 0) {
      out.push_back(kQuestionMark);
      ++r.unencodable;
    } else {
      out.push_back(static_cast<std::uint8_t>(b));
    }
  });
  return r;
}

const SingleByteTable& ia5_table() {
  static const SingleByteTable t = table_from_decoder(
      [](std::span<const std::uint8_t> b, std::string& s) { return decode_ia5(b, s); });
  return t;
}

const SingleByteTable& latin1_table(Latin1Variant variant) {
  static const SingleByteTable iso = table_from_decoder([](std::span<const std::uint8_t> b, std::string& s) {
    return decode_latin1(b, s, Latin1Variant::iso8859_1);
  });
  static const SingleByteTable cp1252 = table_from_decoder([](std::span<const std::uint8_t> b, std::string& s) {
    return decode_latin1(b, s, Latin1Variant::cp1252);
  });
  return variant == Latin1Variant::cp1252 ? cp1252 : iso;
}

EncodeStatus encode(std::uint8_t data_coding, SmscDefault account_default, std::string_view utf8,
                    std::vector<std::uint8_t>& out, EncodeResult* result, const DecodeOptions& options) {
  EncodeResult counts;
  EncodeStatus status = EncodeStatus::text;
  const auto gsm7 = [&] {
    return account_default == SmscDefault::gsm7_packed
               ? encode_gsm7_packed(utf8, options.gsm7_fill_bits, out)
               : encode_gsm7_unpacked(utf8, out);
  };
  const auto latin1 = [&] { return encode_single_byte(latin1_table(options.latin1), utf8, out); };
  switch (classify_data_coding(data_coding).coding) {
    case Coding::smsc_default:
      switch (account_default) {
        case SmscDefault::gsm7_unpacked:
        case SmscDefault::gsm7_packed: counts = gsm7(); break;
        case SmscDefault::latin1: counts = latin1(); break;
        case SmscDefault::ascii: counts = encode_single_byte(ia5_table(), utf8, out); break;
      }
      break;
    case Coding::gsm7: counts = gsm7(); break;
    case Coding::ia5: counts = encode_single_byte(ia5_table(), utf8, out); break;
    case Coding::latin1: counts = latin1(); break;
    case Coding::cyrillic: counts = encode_single_byte(iso8859_5_table(), utf8, out); break;
    case Coding::hebrew: counts = encode_single_byte(iso8859_8_table(), utf8, out); break;
    case Coding::ucs2: counts = encode_utf16be(utf8, out); break;
    case Coding::binary: status = EncodeStatus::not_text; break;
    case Coding::jis:
    case Coding::pictogram:
    case Coding::iso2022jp:
    case Coding::kanji:
    case Coding::ksc5601:
    case Coding::reserved: status = EncodeStatus::unsupported; break;
  }
  if (result) *result = counts;
  return status;
}

std::uint8_t encode_like_esme(std::string_view utf8, std::vector<std::uint8_t>& out, EncodeResult* result) {
  const std::size_t start = out.size();
  EncodeResult r = encode_gsm7_unpacked(utf8, out);
  std::uint8_t coding = 0x00;
  if (r.unencodable > 0) {
    out.resize(start);
    r = encode_utf16be(utf8, out);
    coding = 0x08;
  }
  if (result) *result = r;
  return coding;
}

}  // namespace smsfw::filters::text
