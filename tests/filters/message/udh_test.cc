// Tests of the User Data Header parser and the GSM 7-bit fill-bit helpers.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "message/udh.h"

using namespace smsfw::filters::message;

namespace {

using Bytes = std::vector<std::uint8_t>;

// Parses from an exact-size heap copy, so AddressSanitizer builds catch any read past the end.
UdhParse parse(const Bytes& body) {
  const Bytes copy(body);
  return parse_udh(std::span<const std::uint8_t>(copy.data(), copy.size()));
}

// Valid headers (UDHL octet first) used by the truncation tests.
const std::vector<Bytes>& valid_headers() {
  static const std::vector<Bytes> headers{
      {0x00},
      {0x05, 0x00, 0x03, 0x2A, 0x03, 0x01},
      {0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x02},
      {0x04, 0x04, 0x02, 0xF0, 0xF1},
      {0x06, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0},
      {0x03, 0x24, 0x01, 0x02},
      {0x03, 0x25, 0x01, 0x0B},
      {0x0B, 0x00, 0x03, 0x07, 0x02, 0x01, 0x24, 0x01, 0x01, 0x25, 0x01, 0x01},
      {0x07, 0x70, 0x00, 0x00, 0x03, 0x01, 0x02, 0x02},
      {0x02, 0x99, 0x00},
  };
  return headers;
}

}  // namespace

TEST_CASE("has_udhi looks at bit 0x40 only") {
  CHECK(has_udhi(0x40));
  CHECK(has_udhi(0x43));
  CHECK(has_udhi(0xC0));
  CHECK_FALSE(has_udhi(0x00));
  CHECK_FALSE(has_udhi(0x04));
  CHECK_FALSE(has_udhi(0xBF));
}

TEST_CASE("UDHL 0 is a valid empty header of one octet") {
  const auto r = parse({0x00, 'h', 'i'});
  REQUIRE(r.error == UdhError::none);
  CHECK(r.udh.length == 1);
  CHECK(r.udh.ie_count == 0);
  CHECK_FALSE(r.udh.concat);
  CHECK_FALSE(r.udh.ports);
  CHECK_FALSE(r.udh.single_shift);
  CHECK_FALSE(r.udh.locking_shift);
  CHECK(parse({0x00}).error == UdhError::none);
}

TEST_CASE("empty body with UDHI is an error") {
  CHECK(parse({}).error == UdhError::empty_body);
}

TEST_CASE("concatenation, 8-bit reference") {
  const auto r = parse({0x05, 0x00, 0x03, 0x2A, 0x03, 0x01, 'a', 'b'});
  REQUIRE(r.error == UdhError::none);
  CHECK(r.udh.length == 6);
  REQUIRE(r.udh.concat);
  CHECK(*r.udh.concat == ConcatInfo{0x2A, 3, 1, ConcatSource::udh8});
  CHECK(r.udh.ie_count == 1);
  CHECK(r.udh.concat_ies == 1);
  CHECK(r.udh.unknown_ies == 0);
}

TEST_CASE("concatenation, 16-bit reference") {
  const auto r = parse({0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x02, 'x'});
  REQUIRE(r.error == UdhError::none);
  CHECK(r.udh.length == 7);
  REQUIRE(r.udh.concat);
  CHECK(*r.udh.concat == ConcatInfo{0x1234, 2, 2, ConcatSource::udh16});
}

TEST_CASE("concatenation edge values: ref 255 and 65535, total 255, seq == total") {
  auto r = parse({0x05, 0x00, 0x03, 0xFF, 0xFF, 0xFF});
  REQUIRE(r.error == UdhError::none);
  CHECK(*r.udh.concat == ConcatInfo{255, 255, 255, ConcatSource::udh8});

  r = parse({0x06, 0x08, 0x04, 0xFF, 0xFF, 0xFF, 0xFF});
  REQUIRE(r.error == UdhError::none);
  CHECK(*r.udh.concat == ConcatInfo{65535, 255, 255, ConcatSource::udh16});

  r = parse({0x05, 0x00, 0x03, 0x00, 0x01, 0x01});
  REQUIRE(r.error == UdhError::none);
  CHECK(*r.udh.concat == ConcatInfo{0, 1, 1, ConcatSource::udh8});

  r = parse({0x06, 0x08, 0x04, 0x00, 0x00, 0x07, 0x07});
  REQUIRE(r.error == UdhError::none);
  CHECK(*r.udh.concat == ConcatInfo{0, 7, 7, ConcatSource::udh16});
}

TEST_CASE("invalid concatenation values are errors") {
  CHECK(parse({0x05, 0x00, 0x03, 0x01, 0x00, 0x01}).error == UdhError::concat_total_zero);
  CHECK(parse({0x05, 0x00, 0x03, 0x01, 0x00, 0x00}).error == UdhError::concat_total_zero);
  CHECK(parse({0x05, 0x00, 0x03, 0x01, 0x03, 0x00}).error == UdhError::concat_sequence_zero);
  CHECK(parse({0x05, 0x00, 0x03, 0x01, 0x03, 0x04}).error ==
        UdhError::concat_sequence_past_total);
  CHECK(parse({0x05, 0x00, 0x03, 0x01, 0x01, 0xFF}).error ==
        UdhError::concat_sequence_past_total);
  CHECK(parse({0x06, 0x08, 0x04, 0x00, 0x01, 0x00, 0x01}).error == UdhError::concat_total_zero);
  CHECK(parse({0x06, 0x08, 0x04, 0x00, 0x01, 0x02, 0x00}).error ==
        UdhError::concat_sequence_zero);
  CHECK(parse({0x06, 0x08, 0x04, 0x00, 0x01, 0x02, 0x03}).error ==
        UdhError::concat_sequence_past_total);
  // An invalid concat IE fails the whole header even after a valid one.
  CHECK(parse({0x0A, 0x00, 0x03, 0x01, 0x02, 0x01, 0x00, 0x03, 0x01, 0x02, 0x03}).error ==
        UdhError::concat_sequence_past_total);
}

TEST_CASE("known IEs with the wrong length are errors") {
  CHECK(parse({0x04, 0x00, 0x02, 0x01, 0x01}).error == UdhError::bad_ie_length);
  CHECK(parse({0x06, 0x00, 0x04, 0x01, 0x01, 0x01, 0x01}).error == UdhError::bad_ie_length);
  CHECK(parse({0x05, 0x08, 0x03, 0x01, 0x01, 0x01}).error == UdhError::bad_ie_length);
  CHECK(parse({0x07, 0x08, 0x05, 0x00, 0x01, 0x01, 0x01, 0x00}).error == UdhError::bad_ie_length);
  CHECK(parse({0x03, 0x04, 0x01, 0x01}).error == UdhError::bad_ie_length);
  CHECK(parse({0x05, 0x04, 0x03, 0x01, 0x01, 0x01}).error == UdhError::bad_ie_length);
  CHECK(parse({0x05, 0x05, 0x03, 0x01, 0x01, 0x01}).error == UdhError::bad_ie_length);
  CHECK(parse({0x02, 0x24, 0x00}).error == UdhError::bad_ie_length);
  CHECK(parse({0x04, 0x24, 0x02, 0x01, 0x01}).error == UdhError::bad_ie_length);
  CHECK(parse({0x02, 0x25, 0x00}).error == UdhError::bad_ie_length);
  CHECK(parse({0x04, 0x25, 0x02, 0x01, 0x01}).error == UdhError::bad_ie_length);
}

TEST_CASE("application port addressing, 8-bit") {
  const auto r = parse({0x04, 0x04, 0x02, 0xF5, 0xF0});
  REQUIRE(r.error == UdhError::none);
  CHECK(r.udh.length == 5);
  REQUIRE(r.udh.ports);
  CHECK(*r.udh.ports == PortAddressing{0xF5, 0xF0, false});
  CHECK_FALSE(r.udh.concat);
}

TEST_CASE("application port addressing, 16-bit (WAP push 2948)") {
  const auto r = parse({0x06, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0});
  REQUIRE(r.error == UdhError::none);
  REQUIRE(r.udh.ports);
  CHECK(*r.udh.ports == PortAddressing{2948, 9200, true});
}

TEST_CASE("national language single and locking shift tables") {
  auto r = parse({0x03, 0x24, 0x01, 0x02});
  REQUIRE(r.error == UdhError::none);
  CHECK(r.udh.single_shift == std::optional<std::uint8_t>{2});
  CHECK_FALSE(r.udh.locking_shift);

  r = parse({0x03, 0x25, 0x01, 0x0D});
  REQUIRE(r.error == UdhError::none);
  CHECK(r.udh.locking_shift == std::optional<std::uint8_t>{0x0D});
  CHECK_FALSE(r.udh.single_shift);
}

TEST_CASE("several IEs together") {
  // concat8 + single shift + locking shift + 16-bit ports, then text.
  const auto r = parse({0x11, 0x00, 0x03, 0x07, 0x02, 0x01, 0x24, 0x01, 0x03, 0x25, 0x01, 0x04,
                        0x05, 0x04, 0x12, 0x34, 0x56, 0x78, 'T', 'e', 'x', 't'});
  REQUIRE(r.error == UdhError::none);
  CHECK(r.udh.length == 18);
  CHECK(*r.udh.concat == ConcatInfo{7, 2, 1, ConcatSource::udh8});
  CHECK(r.udh.single_shift == std::optional<std::uint8_t>{3});
  CHECK(r.udh.locking_shift == std::optional<std::uint8_t>{4});
  CHECK(*r.udh.ports == PortAddressing{0x1234, 0x5678, true});
  CHECK(r.udh.ie_count == 4);
  CHECK(r.udh.unknown_ies == 0);
  CHECK(r.udh.concat_ies == 1);
}

TEST_CASE("unknown IEs are skipped, including zero-length and at either end") {
  const auto r = parse({0x0E, 0x70, 0x00, 0x0A, 0x02, 0xAA, 0xBB, 0x08, 0x04, 0x01, 0x00, 0x05,
                        0x03, 0xFF, 0x00, 'z'});
  REQUIRE(r.error == UdhError::none);
  CHECK(r.udh.length == 15);
  CHECK(*r.udh.concat == ConcatInfo{0x0100, 5, 3, ConcatSource::udh16});
  CHECK(r.udh.ie_count == 4);
  CHECK(r.udh.unknown_ies == 3);
  // An unknown IE's content is never interpreted: bytes that look like a concat IE inside it.
  const auto hidden = parse({0x07, 0x99, 0x05, 0x00, 0x03, 0x01, 0x00, 0x00});
  REQUIRE(hidden.error == UdhError::none);
  CHECK_FALSE(hidden.udh.concat);
  CHECK(hidden.udh.unknown_ies == 1);
}

TEST_CASE("repeated and mutually exclusive IEs: the last occurrence wins, all are counted") {
  const auto r = parse({0x0B, 0x00, 0x03, 0x01, 0x02, 0x01, 0x08, 0x04, 0x02, 0x00, 0x03, 0x03});
  REQUIRE(r.error == UdhError::none);
  CHECK(*r.udh.concat == ConcatInfo{0x0200, 3, 3, ConcatSource::udh16});
  CHECK(r.udh.concat_ies == 2);

  const auto p = parse({0x0A, 0x05, 0x04, 0x00, 0x01, 0x00, 0x02, 0x04, 0x02, 0x09, 0x08});
  REQUIRE(p.error == UdhError::none);
  CHECK(*p.udh.ports == PortAddressing{9, 8, false});
}

TEST_CASE("UDHL past the end of the body") {
  CHECK(parse({0x01}).error == UdhError::udhl_past_end);
  CHECK(parse({0x05, 0x00, 0x03, 0x01, 0x01}).error == UdhError::udhl_past_end);
  CHECK(parse({0xFF, 0x00, 0x03, 0x01, 0x01, 0x01}).error == UdhError::udhl_past_end);
}

TEST_CASE("IE running past UDHL, even when the body has the octets") {
  // UDHL 4, but the concat IE needs 5 octets; the text octet after it must not be used.
  CHECK(parse({0x04, 0x00, 0x03, 0x01, 0x01, 0x01, 'x'}).error == UdhError::ie_past_udhl);
  CHECK(parse({0x02, 0x70, 0x01, 0x01}).error == UdhError::ie_past_udhl);
  CHECK(parse({0x03, 0x70, 0x00, 0x70}).error == UdhError::ie_header_truncated);
  CHECK(parse({0x01, 0x00, 0x00}).error == UdhError::ie_header_truncated);
}

TEST_CASE("every truncation of the body of a valid UDH is an error") {
  for (const Bytes& h : valid_headers()) {
    REQUIRE(parse(h).error == UdhError::none);
    for (std::size_t n = 0; n < h.size(); ++n) {
      const Bytes cut(h.begin(), h.begin() + static_cast<std::ptrdiff_t>(n));
      INFO("header size " << h.size() << " cut to " << n);
      CHECK(parse(cut).error != UdhError::none);
    }
  }
}

TEST_CASE("every shortening of UDHL is an error unless it falls on an IE boundary") {
  for (const Bytes& h : valid_headers()) {
    // IE boundaries within the header (offsets after UDHL), walked independently of the parser.
    std::vector<std::size_t> boundaries{0};
    for (std::size_t pos = 0; pos < h[0];) {
      pos += 2 + h[1 + pos + 1];
      boundaries.push_back(pos);
    }
    for (std::size_t udhl = 0; udhl < h[0]; ++udhl) {
      Bytes cut(h);
      cut[0] = static_cast<std::uint8_t>(udhl);  // the rest of the old header becomes "text"
      const auto r = parse(cut);
      INFO("header size " << h.size() << " UDHL set to " << udhl);
      const bool on_boundary =
          std::find(boundaries.begin(), boundaries.end(), udhl) != boundaries.end();
      if (on_boundary) {
        CHECK(r.error == UdhError::none);
        CHECK(r.udh.length == udhl + 1);
      } else {
        CHECK((r.error == UdhError::ie_header_truncated || r.error == UdhError::ie_past_udhl));
      }
    }
  }
}

TEST_CASE("a failed parse leaves the result default") {
  const auto r = parse({0x09, 0x04, 0x02, 0x01, 0x02, 0x00, 0x03, 0x01, 0x00, 0x00});
  CHECK(r.error == UdhError::concat_total_zero);
  CHECK(r.udh.length == 0);
  CHECK_FALSE(r.udh.ports);
  CHECK(r.udh.ie_count == 0);
}

TEST_CASE("a maximal UDH: UDHL 255 of one unknown IE") {
  Bytes b(256 + 3, 0x00);
  b[0] = 0xFF;
  b[1] = 0x70;
  b[2] = 0xFD;  // 253 data octets: 2 + 253 = 255
  const auto r = parse(b);
  REQUIRE(r.error == UdhError::none);
  CHECK(r.udh.length == 256);
  CHECK(r.udh.unknown_ies == 1);
}

TEST_CASE("GSM 7-bit fill bits for UDH lengths 0..140, computed bit by bit") {
  for (std::size_t octets = 0; octets <= 140; ++octets) {
    // Walk the bit positions: the header takes octets*8 bits; pad one bit at a time until
    // the next septet starts.
    std::size_t bit = 0;
    for (std::size_t i = 0; i < octets * 8; ++i) ++bit;
    unsigned fill = 0;
    while (bit % 7 != 0) {
      ++bit;
      ++fill;
    }
    const std::size_t septet = bit / 7;
    INFO("udh octets " << octets);
    CHECK(smsfw::filters::text::gsm7_fill_bits_after_udh(octets) == fill);
    CHECK(gsm7_text_septet_offset(octets) == septet);
    CHECK(fill < 7);
  }
  // Known values: the usual 6-octet concat header leaves 153 of 160 septets, 7 octets 152.
  STATIC_REQUIRE(smsfw::filters::text::gsm7_fill_bits_after_udh(0) == 0);
  STATIC_REQUIRE(smsfw::filters::text::gsm7_fill_bits_after_udh(6) == 1);
  STATIC_REQUIRE(gsm7_text_septet_offset(6) == 7);
  STATIC_REQUIRE(smsfw::filters::text::gsm7_fill_bits_after_udh(7) == 0);
  STATIC_REQUIRE(gsm7_text_septet_offset(7) == 8);
  STATIC_REQUIRE(smsfw::filters::text::gsm7_fill_bits_after_udh(1) == 6);
  STATIC_REQUIRE(gsm7_text_septet_offset(1) == 2);
}

TEST_CASE("random bytes never crash and results are self-consistent") {
  std::mt19937 rng(0x5EED1234u);  // deterministic
  std::uniform_int_distribution<int> octet(0, 255);
  std::uniform_int_distribution<int> size(0, 300);
  std::size_t ok = 0;
  for (int iter = 0; iter < 200000; ++iter) {
    Bytes b(static_cast<std::size_t>(size(rng)));
    for (auto& x : b) x = static_cast<std::uint8_t>(octet(rng));
    // Half the time make UDHL fit and draw IEIs from the known set, so parsing goes deep.
    if (!b.empty() && (iter & 1)) {
      b[0] = static_cast<std::uint8_t>(b[0] % b.size());
      static const std::uint8_t kIeis[] = {0x00, 0x04, 0x05, 0x08, 0x24, 0x25, 0x70};
      for (std::size_t i = 1; i < b.size(); i += 2 + (b[i] & 3)) {
        b[i] = kIeis[b[i] % 7];
        if (i + 1 < b.size()) b[i + 1] = static_cast<std::uint8_t>(b[i + 1] % 6);
      }
    }
    const auto r = parse(b);
    if (r.error != UdhError::none) continue;
    ++ok;
    REQUIRE(!b.empty());
    REQUIRE(r.udh.length == std::size_t{b[0]} + 1);
    REQUIRE(r.udh.length <= b.size());
    REQUIRE(r.udh.unknown_ies <= r.udh.ie_count);
    if (r.udh.concat) {
      REQUIRE(r.udh.concat->total >= 1);
      REQUIRE(r.udh.concat->sequence >= 1);
      REQUIRE(r.udh.concat->sequence <= r.udh.concat->total);
    }
  }
  CHECK(ok > 1000);  // the biased half reaches valid headers, so the deep paths ran
}
