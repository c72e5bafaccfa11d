// Differential tests: every decoder against a straightforward reference implementation kept
// here (one code point at a time, appended with the test's own UTF-8 encoder), over random
// inputs shaped to reach the decoders' fast paths and their edges: vector and word blocks, the
// tail of a message, ESC and surrogate pairs across block and chunk boundaries, mixed scripts.
// Output and DecodeResult must be identical, also when the string already holds text and keeps
// its capacity from one message to the next (as the classifier's does).

#include <catch2/catch.hpp>

#include "filters/text/decode_result_print.h"

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "support/rng.h"
#include "support/utf8_check.h"
#include "text/data_coding.h"
#include "text/gsm7.h"
#include "text/single_byte.h"
#include "text/utf16.h"

using namespace smsfw::filters::text;
using smsfw::test::utf8;
using Bytes = std::vector<std::uint8_t>;
using Span = std::span<const std::uint8_t>;

namespace {

constexpr char32_t kFffd = 0xFFFD;

// ---- Reference decoders ----

// GSM 7-bit over septets get(0..n): one septet at a time (gsm7_base_char and
// gsm7_extension_char are checked against 23.038 in gsm7_test.cc).
template <class Get>
DecodeResult ref_septets(std::size_t n, Get get, std::string& out) {
  DecodeResult r;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t s = get(i);
    ++r.chars;
    if (s >= 0x80) {
      out += utf8(kFffd);
      ++r.invalid;
    } else if (s != 0x1B) {
      out += utf8(gsm7_base_char(s));
    } else if (i + 1 >= n || get(i + 1) >= 0x80) {
      out += utf8(kFffd);  // lone ESC
      ++r.invalid;
    } else {
      const std::uint8_t e = get(++i);
      if (const char32_t c = gsm7_extension_char(e); c != 0) {
        out += utf8(c);
      } else {
        out += e == 0x1B ? std::string(" ") : utf8(gsm7_base_char(e));
        ++r.invalid;
      }
    }
  }
  return r;
}

DecodeResult ref_gsm7_unpacked(Span b, std::string& out) {
  return ref_septets(b.size(), [&](std::size_t i) { return b[i]; }, out);
}

// Septet i of packed octets after `fill` fill bits, bit by bit (bits past the end read as 0).
std::uint8_t ref_septet(Span b, unsigned fill, std::size_t i) {
  std::uint8_t s = 0;
  for (unsigned k = 0; k < 7; ++k) {
    const std::size_t bit = fill + 7 * i + k;
    if (bit / 8 < b.size() && ((b[bit / 8] >> (bit % 8)) & 1)) s = static_cast<std::uint8_t>(s | (1u << k));
  }
  return s;
}

DecodeResult ref_gsm7_packed(Span b, std::size_t septets, unsigned fill, std::string& out) {
  const std::size_t bits = b.size() * 8;
  const std::size_t cap = bits > fill ? (bits - fill) / 7 : 0;
  const std::size_t n = septets < cap ? septets : cap;
  DecodeResult r = ref_septets(n, [&](std::size_t i) { return ref_septet(b, fill, i); }, out);
  r.invalid += septets - n;
  return r;
}

DecodeResult ref_utf16be(Span b, std::string& out) {
  DecodeResult r;
  const auto unit = [&](std::size_t i) -> char32_t { return static_cast<char32_t>((b[i] << 8) | b[i + 1]); };
  std::size_t i = 0;
  while (i + 1 < b.size()) {
    const char32_t u = unit(i);
    i += 2;
    ++r.chars;
    if (u < 0xD800 || u > 0xDFFF) {
      out += utf8(u);
    } else if (u <= 0xDBFF && i + 1 < b.size() && unit(i) >= 0xDC00 && unit(i) <= 0xDFFF) {
      out += utf8(0x10000 + ((u - 0xD800) << 10) + (unit(i) - 0xDC00));
      i += 2;
    } else {
      out += utf8(kFffd);
      ++r.invalid;
    }
  }
  if (i < b.size()) {
    out += utf8(kFffd);
    ++r.chars;
    ++r.invalid;
  }
  return r;
}

DecodeResult ref_ia5(Span b, std::string& out) {
  DecodeResult r;
  for (const std::uint8_t c : b) {
    ++r.chars;
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += utf8(kFffd);
      ++r.invalid;
    }
  }
  return r;
}

// Windows-1252 0x80-0x9F (WHATWG: the five undefined bytes keep their C1 value).
constexpr std::array<char32_t, 32> kCp1252 = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

DecodeResult ref_latin1(Span b, std::string& out, Latin1Variant v) {
  DecodeResult r;
  for (const std::uint8_t c : b) {
    ++r.chars;
    out += utf8(v == Latin1Variant::cp1252 && c >= 0x80 && c <= 0x9F ? kCp1252[c - 0x80] : char32_t{c});
  }
  return r;
}

// A table's reference: code_point() per byte (the tables are checked against ICU in
// single_byte_test.cc), U+FFFD when unmapped.
DecodeResult ref_table(const SingleByteTable& t, Span b, std::string& out) {
  DecodeResult r;
  for (const std::uint8_t c : b) {
    ++r.chars;
    if (t.mapped(c)) {
      out += utf8(t.code_point(c));
    } else {
      out += utf8(kFffd);
      ++r.invalid;
    }
  }
  return r;
}

// ---- Inputs ----

// Septets/octets for GSM: mostly ASCII-identical septets (the vector path), with a given share of
// everything else: non-identical base septets, ESC (before any septet, or last), octets >= 0x80.
Bytes gsm_input(smsfw::test::Rng& rng, std::size_t n, unsigned special_percent, bool octets) {
  static const std::string kIdentity =
      " !\"#%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n\r";
  Bytes b(n);
  for (auto& c : b) {
    if (!rng.chance(special_percent)) {
      c = static_cast<std::uint8_t>(kIdentity[rng.below(static_cast<std::uint32_t>(kIdentity.size()))]);
      continue;
    }
    switch (rng.below(octets ? 5 : 4)) {
      case 0: c = 0x1B; break;
      case 1: c = static_cast<std::uint8_t>(rng.below(0x20)); break;  // controls, Greek, accents
      case 2: {
        static const std::uint8_t kOthers[] = {0x24, 0x40, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x60,
                                               0x7B, 0x7C, 0x7D, 0x7E, 0x7F, 0x1F, 0x20, 0x7A};
        c = kOthers[rng.below(sizeof kOthers)];
        break;
      }
      case 3: c = static_cast<std::uint8_t>(rng.below(0x80)); break;
      default: c = rng.byte(); break;  // any octet, >= 0x80 included (unpacked only)
    }
  }
  return b;
}

// UTF-16BE: units from a mix of ASCII, the Thai block and its neighbours, high bytes that share
// bits with 0x0E, low bytes >= 0x80, other scripts, surrogates (paired or not), random units;
// sometimes an odd trailing byte.
Bytes utf16_input(smsfw::test::Rng& rng, std::size_t units, unsigned thai_percent, unsigned other_percent) {
  Bytes b;
  const auto put = [&](std::uint32_t u) {
    b.push_back(static_cast<std::uint8_t>(u >> 8));
    b.push_back(static_cast<std::uint8_t>(u));
  };
  for (std::size_t k = 0; k < units; ++k) {
    if (rng.chance(other_percent)) {
      switch (rng.below(8)) {
        case 0: put(0xD800 + rng.below(0x400)); put(0xDC00 + rng.below(0x400)); ++k; break;
        case 1: put(0xD800 + rng.below(0x800)); break;  // any surrogate, alone
        case 2: put((static_cast<std::uint32_t>(rng.below(8)) * 2) << 8 | rng.below(0x80)); break;
        case 3: put(0x0E80 + rng.below(0x80)); break;  // just past the Thai block
        case 4: put(rng.below(2) ? 0x0080 + rng.below(0x80) : 0x0E00 + 0x80 + rng.below(0x80)); break;
        case 5: put(0x0080 + rng.below(0x780)); break;  // 2-byte UTF-8
        case 6: put(0x0F00 + rng.below(0xF100)); break;
        default: put(static_cast<std::uint32_t>(rng.below(0x10000))); break;
      }
    } else if (rng.chance(thai_percent)) {
      put(0x0E00 + rng.below(0x80));
    } else {
      put(rng.below(0x80));
    }
  }
  if (rng.chance(10)) b.push_back(rng.byte());
  return b;
}

// Single-byte text: ASCII with a share of bytes >= 0x80.
Bytes byte_input(smsfw::test::Rng& rng, std::size_t n, unsigned high_percent) {
  Bytes b(n);
  for (auto& c : b) c = rng.chance(high_percent) ? static_cast<std::uint8_t>(0x80 + rng.below(0x80)) : static_cast<std::uint8_t>(rng.below(0x80));
  return b;
}

// A length that often sits near the decoders' block sizes (4, 8, 16 units; 256-septet chunks).
std::size_t pick_length(smsfw::test::Rng& rng) {
  switch (rng.below(4)) {
    case 0: return rng.below(40);
    case 1: return 16 * (1 + rng.below(20)) + rng.below(3) - 1;  // 16k - 1, 16k, 16k + 1
    case 2: return rng.range(200, 800);
    default: return rng.below(300);
  }
}

using Decoder = std::function<DecodeResult(Span, std::string&)>;

// Runs `got` and `want` on the same input, both appending after the same prefix; `reused` is a
// string kept across calls (cleared, capacity kept), as the classifier's.
void compare(Span in, const Decoder& got, const Decoder& want, std::string& reused) {
  static const std::string kPrefix = "prefix\u00E9|";
  std::string a = kPrefix;
  std::string b = kPrefix;
  const DecodeResult ra = got(in, a);
  const DecodeResult rb = want(in, b);
  INFO("input length " << in.size());
  REQUIRE(a == b);
  REQUIRE(ra == rb);
  reused.clear();
  const DecodeResult rc = got(in, reused);
  REQUIRE(reused == b.substr(kPrefix.size()));
  REQUIRE(rc == rb);
}

}  // namespace

TEST_CASE("differential gsm7 unpacked") {
  smsfw::test::Rng rng(101);
  std::string reused;
  for (int it = 0; it < 6000; ++it) {
    const Bytes in = gsm_input(rng, pick_length(rng), rng.below(4) == 0 ? 50 : rng.below(8), true);
    compare(in, decode_gsm7_unpacked, ref_gsm7_unpacked, reused);
  }
}

TEST_CASE("differential gsm7 unpacked: every octet at every position of a block") {
  std::string reused;
  for (unsigned c = 0; c < 256; ++c) {
    for (const std::size_t len : {1u, 7u, 8u, 9u, 15u, 16u, 17u, 23u, 24u, 31u, 32u, 33u}) {
      for (std::size_t pos = 0; pos < len; ++pos) {
        Bytes in(len, 'a');
        in[pos] = static_cast<std::uint8_t>(c);
        compare(in, decode_gsm7_unpacked, ref_gsm7_unpacked, reused);
        if (pos + 1 < len) {  // and as an escape's second septet
          in[pos] = 0x1B;
          in[pos + 1] = static_cast<std::uint8_t>(c);
          compare(in, decode_gsm7_unpacked, ref_gsm7_unpacked, reused);
        }
      }
    }
  }
}

TEST_CASE("differential gsm7 packed") {
  smsfw::test::Rng rng(102);
  std::string reused;
  for (int it = 0; it < 3000; ++it) {
    const std::size_t len = pick_length(rng);
    // Mostly septets packed by the test; sometimes arbitrary octets.
    Bytes octets;
    const unsigned fill = rng.below(9);  // 7 and 8 are out of spec but must stay safe
    if (rng.chance(70)) {
      const Bytes septets = gsm_input(rng, len, rng.below(4) == 0 ? 50 : rng.below(8), false);
      octets.assign((fill + 7 * septets.size() + 7) / 8, 0);
      for (std::size_t i = 0; i < septets.size(); ++i)
        for (unsigned k = 0; k < 7; ++k)
          if ((septets[i] >> k) & 1) {
            const std::size_t bit = fill + 7 * i + k;
            octets[bit / 8] = static_cast<std::uint8_t>(octets[bit / 8] | (1u << (bit % 8)));
          }
    } else {
      octets = rng.octets_exact(len);
    }
    const std::size_t septets = rng.chance(80) ? gsm7_packed_capacity(octets.size(), fill) + rng.below(3)
                                               : rng.below(static_cast<std::uint32_t>(len + 10));
    compare(
        octets,
        [&](Span b, std::string& out) { return decode_gsm7_packed(b, septets, fill, out); },
        [&](Span b, std::string& out) { return ref_gsm7_packed(b, septets, fill, out); }, reused);
  }
}

TEST_CASE("differential gsm7 packed: ESC on either side of the 256-septet chunk boundary") {
  std::string reused;
  for (const std::size_t at : {253u, 254u, 255u, 256u, 257u, 510u, 511u, 512u}) {
    for (const std::uint8_t second : {std::uint8_t{0x65}, std::uint8_t{0x1B}, std::uint8_t{'a'}}) {
      for (const std::size_t len : {at + 1, at + 2, at + 3, std::size_t{600}}) {
        if (at >= len) continue;
        Bytes septets(len, 'b');
        septets[at] = 0x1B;
        if (at + 1 < len) septets[at + 1] = second;
        if (at >= 1 && second == 0x1B) septets[at - 1] = 0x1B;  // ESC ESC ESC across it
        Bytes octets((7 * len + 7) / 8, 0);
        for (std::size_t i = 0; i < len; ++i)
          for (unsigned k = 0; k < 7; ++k)
            if ((septets[i] >> k) & 1) octets[(7 * i + k) / 8] |= static_cast<std::uint8_t>(1u << ((7 * i + k) % 8));
        compare(
            octets, [&](Span b, std::string& out) { return decode_gsm7_packed(b, len, 0, out); },
            [&](Span b, std::string& out) { return ref_gsm7_packed(b, len, 0, out); }, reused);
      }
    }
  }
}

TEST_CASE("differential utf16be") {
  smsfw::test::Rng rng(103);
  std::string reused;
  for (int it = 0; it < 8000; ++it) {
    const std::size_t units = pick_length(rng) / 2;
    const unsigned thai = rng.below(3) == 0 ? 100 : rng.below(101);
    const unsigned other = rng.below(3) == 0 ? 0 : rng.below(30);
    compare(utf16_input(rng, units, thai, other), decode_utf16be, ref_utf16be, reused);
  }
  for (int it = 0; it < 2000; ++it) {
    compare(rng.octets(300), decode_utf16be, ref_utf16be, reused);  // anything at all
  }
}

TEST_CASE("differential utf16be: every high byte with every low-byte class at every lane") {
  std::string reused;
  for (unsigned hi = 0; hi < 256; ++hi) {
    for (const unsigned lo : {0x00u, 0x41u, 0x7Fu, 0x80u, 0xFFu}) {
      for (const std::size_t units : {1u, 3u, 4u, 5u, 7u, 8u, 9u}) {
        for (std::size_t pos = 0; pos < units; ++pos) {
          Bytes in;
          for (std::size_t k = 0; k < units; ++k) {
            in.push_back(k == pos ? static_cast<std::uint8_t>(hi) : (k % 2 ? 0x0E : 0x00));
            in.push_back(k == pos ? static_cast<std::uint8_t>(lo) : static_cast<std::uint8_t>(0x20 + k));
          }
          compare(in, decode_utf16be, ref_utf16be, reused);
          in.push_back(0x0E);  // odd trailing byte
          compare(in, decode_utf16be, ref_utf16be, reused);
        }
      }
    }
  }
}

TEST_CASE("differential single-byte decoders") {
  smsfw::test::Rng rng(104);
  std::string reused;
  const auto latin1 = [](Latin1Variant v) {
    return [v](Span b, std::string& out) { return decode_latin1(b, out, v); };
  };
  const auto ref_l1 = [](Latin1Variant v) {
    return [v](Span b, std::string& out) { return ref_latin1(b, out, v); };
  };
  const auto table = [](const SingleByteTable& t) {
    return [&t](Span b, std::string& out) { return ref_table(t, b, out); };
  };
  for (int it = 0; it < 3000; ++it) {
    const Bytes in = byte_input(rng, pick_length(rng), rng.below(3) == 0 ? 0 : rng.below(101));
    compare(in, decode_ia5, ref_ia5, reused);
    compare(in, latin1(Latin1Variant::iso8859_1), ref_l1(Latin1Variant::iso8859_1), reused);
    compare(in, latin1(Latin1Variant::cp1252), ref_l1(Latin1Variant::cp1252), reused);
    compare(in, decode_iso8859_5, table(iso8859_5_table()), reused);
    compare(in, decode_iso8859_8, table(iso8859_8_table()), reused);
  }
}

TEST_CASE("differential single-byte: every byte at every position of a word") {
  std::string reused;
  for (unsigned c = 0; c < 256; ++c) {
    for (const std::size_t len : {1u, 7u, 8u, 9u, 16u, 17u}) {
      for (std::size_t pos = 0; pos < len; ++pos) {
        Bytes in(len, 'x');
        in[pos] = static_cast<std::uint8_t>(c);
        compare(in, decode_ia5, ref_ia5, reused);
        compare(
            in, [](Span b, std::string& out) { return decode_latin1(b, out, Latin1Variant::cp1252); },
            [](Span b, std::string& out) { return ref_latin1(b, out, Latin1Variant::cp1252); }, reused);
        compare(
            in, [](Span b, std::string& out) { return decode_latin1(b, out); },
            [](Span b, std::string& out) { return ref_latin1(b, out, Latin1Variant::iso8859_1); }, reused);
      }
    }
  }
}

TEST_CASE("differential decode() dispatch against the decoders") {
  // decode() must call the decoder its data_coding names (classification itself is checked value
  // by value in data_coding_test.cc); the references stand in for those decoders.
  smsfw::test::Rng rng(105);
  for (unsigned dc = 0; dc < 256; ++dc) {
    for (const auto def : {SmscDefault::gsm7_unpacked, SmscDefault::gsm7_packed, SmscDefault::latin1,
                           SmscDefault::ascii}) {
      for (int it = 0; it < 4; ++it) {
        const Bytes in = rng.octets(120);
        DecodeOptions o;
        o.gsm7_fill_bits = rng.below(7);
        o.latin1 = rng.chance(50) ? Latin1Variant::cp1252 : Latin1Variant::iso8859_1;
        std::string got;
        const TextDecodeResult r = decode(static_cast<std::uint8_t>(dc), in, def, got, o);
        std::string want;
        DecodeResult counts;
        const DataCodingInfo info = classify_data_coding(static_cast<std::uint8_t>(dc));
        const auto gsm = [&] {
          if (def != SmscDefault::gsm7_packed) return ref_gsm7_unpacked(in, want);
          const std::size_t bits = in.size() * 8;
          std::size_t n = bits > o.gsm7_fill_bits ? (bits - o.gsm7_fill_bits) / 7 : 0;
          if (n > 0 && (bits - o.gsm7_fill_bits) % 7 == 0) {
            const std::uint8_t last = ref_septet(in, o.gsm7_fill_bits, n - 1);
            if (last == 0x00 || last == 0x0D) --n;
          }
          return ref_gsm7_packed(in, n, o.gsm7_fill_bits, want);
        };
        DecodeStatus status = DecodeStatus::text;
        switch (info.coding) {
          case Coding::smsc_default:
            counts = def == SmscDefault::latin1  ? ref_latin1(in, want, o.latin1)
                     : def == SmscDefault::ascii ? ref_ia5(in, want)
                                                 : gsm();
            break;
          case Coding::gsm7: counts = gsm(); break;
          case Coding::ia5: counts = ref_ia5(in, want); break;
          case Coding::latin1: counts = ref_latin1(in, want, o.latin1); break;
          case Coding::cyrillic: counts = ref_table(iso8859_5_table(), in, want); break;
          case Coding::hebrew: counts = ref_table(iso8859_8_table(), in, want); break;
          case Coding::ucs2: counts = ref_utf16be(in, want); break;
          case Coding::binary: status = DecodeStatus::not_text; break;
          default: status = DecodeStatus::unsupported; break;
        }
        INFO("data_coding " << dc << " default " << static_cast<int>(def));
        REQUIRE(r.status == status);
        REQUIRE(got == want);
        REQUIRE(r.counts == counts);
      }
    }
  }
}
