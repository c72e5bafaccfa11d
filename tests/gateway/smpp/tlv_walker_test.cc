// TlvWalker, validate_tlvs and find_tlv: wire order, duplicates, empty values, malformed
// sections, and a message_payload of the largest size a TLV can carry.

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "smpp/pdu_view.h"
#include "smpp/pdu_writer.h"
#include "smpp/smpp_constants.h"
#include "smpp_test_util.h"

using namespace smsfw::smpp;
using namespace smsfw::smpp::test;

namespace {

std::vector<std::uint8_t> section_of(const std::vector<TestTlv>& tlvs) {
  std::vector<std::uint8_t> out;
  PduWriter w(out);
  for (const auto& t : tlvs) w.tlv(t.tag, t.value);
  return out;
}

std::vector<TestTlv> walk(std::span<const std::uint8_t> section, bool& error) {
  std::vector<TestTlv> seen;
  TlvWalker w(section);
  Tlv t;
  while (w.next(t)) seen.push_back({t.tag, to_vector(t.value)});
  error = w.error();
  return seen;
}

bool same(const std::vector<TestTlv>& a, const std::vector<TestTlv>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].tag != b[i].tag || a[i].value != b[i].value) return false;
  return true;
}

}  // namespace

TEST_CASE("TlvWalker: an empty section has no TLV and no error", "[smpp][tlv]") {
  TlvWalker w{std::span<const std::uint8_t>{}};
  Tlv t;
  CHECK_FALSE(w.next(t));
  CHECK_FALSE(w.error());
  CHECK(validate_tlvs({}) == ParseError::none);
  CHECK_FALSE(find_tlv({}, tlv::message_payload, t));
}

TEST_CASE("TlvWalker: yields TLVs in wire order with their exact values", "[smpp][tlv]") {
  const std::vector<TestTlv> tlvs = {
      {tlv::sar_msg_ref_num, be16(0x1234)},
      {tlv::sar_total_segments, {3}},
      {tlv::sar_segment_seqnum, {1}},
      {0x1400, {}},
      {tlv::receipted_message_id, {'a', 'b', 0}},
      {0xFFFF, {0xFF, 0x00, 0xFF}},
      {0x0000, {0x00}},
  };
  const auto section = section_of(tlvs);
  CHECK(section.size() == 7 * 4 + 2 + 1 + 1 + 0 + 3 + 3 + 1);
  bool error = true;
  CHECK(same(walk(section, error), tlvs));
  CHECK_FALSE(error);
  CHECK(validate_tlvs(section) == ParseError::none);

  // Values are views into the section, not copies.
  TlvWalker w(section);
  Tlv t;
  REQUIRE(w.next(t));
  CHECK(t.value.data() == section.data() + 4);
  CHECK(t.value.size() == 2u);
}

TEST_CASE("find_tlv: the first TLV with the tag, and nothing for an absent tag", "[smpp][tlv]") {
  const std::vector<TestTlv> tlvs = {
      {tlv::message_state, {1}},
      {tlv::receipted_message_id, {'x', 0}},
      {tlv::message_state, {2}},  // duplicate: the first one wins
  };
  const auto section = section_of(tlvs);
  Tlv t;
  REQUIRE(find_tlv(section, tlv::message_state, t));
  CHECK(t.tag == tlv::message_state);
  REQUIRE(t.value.size() == 1u);
  CHECK(t.value[0] == 1);
  REQUIRE(find_tlv(section, tlv::receipted_message_id, t));
  CHECK(to_string(t.value) == std::string("x") + '\0');
  CHECK_FALSE(find_tlv(section, tlv::message_payload, t));
  CHECK_FALSE(find_tlv(section, tlv::sar_msg_ref_num, t));
}

TEST_CASE("find_tlv: stops at a malformed TLV instead of reading past it", "[smpp][tlv]") {
  auto section = section_of({{tlv::message_state, {1}}});
  const std::uint8_t bad[] = {0x04, 0x24, 0x00, 0x10, 'a'};  // message_payload claiming 16 octets
  section.insert(section.end(), bad, bad + sizeof bad);
  Tlv t;
  CHECK(find_tlv(section, tlv::message_state, t));
  CHECK_FALSE(find_tlv(section, tlv::message_payload, t));
  CHECK(validate_tlvs(section) == ParseError::bad_tlv);
}

TEST_CASE("TlvWalker: malformed sections report an error after the good TLVs", "[smpp][tlv]") {
  const std::vector<TestTlv> good = {{tlv::sar_total_segments, {2}}, {0x1401, {'v'}}};
  const auto base = section_of(good);

  SECTION("a header of 1 to 3 octets") {
    for (std::size_t n = 1; n <= 3; ++n) {
      auto section = base;
      for (std::size_t i = 0; i < n; ++i) section.push_back(0x02);
      bool error = false;
      CHECK(same(walk(section, error), good));
      CHECK(error);
      CHECK(validate_tlvs(section) == ParseError::bad_tlv);
    }
  }
  SECTION("a length beyond the end, by one octet and by a lot") {
    for (std::uint16_t claimed : {std::uint16_t{4}, std::uint16_t{0xFFFF}}) {
      auto section = base;
      PduWriter(section).u16(tlv::message_payload).u16(claimed).u8('a').u8('b').u8('c');
      bool error = false;
      CHECK(same(walk(section, error), good));
      CHECK(error);
      CHECK(validate_tlvs(section) == ParseError::bad_tlv);
    }
  }
  SECTION("the walker stays failed") {
    std::vector<std::uint8_t> section = {0x00};
    TlvWalker w(section);
    Tlv t;
    CHECK_FALSE(w.next(t));
    CHECK(w.error());
    CHECK_FALSE(w.next(t));
    CHECK(w.error());
  }
  SECTION("every cut of a well-formed section is an error unless it falls on a TLV boundary") {
    const std::vector<TestTlv> tlvs = {{tlv::message_payload, {'h', 'e', 'l', 'l', 'o'}}, {0x0005, {1}}, {0x4000, {}}};
    const auto section = section_of(tlvs);
    const std::size_t boundaries[] = {0, 9, 14, 18};
    REQUIRE(section.size() == 18u);
    for (std::size_t k = 0; k <= section.size(); ++k) {
      std::vector<std::uint8_t> cut(section.begin(), section.begin() + static_cast<std::ptrdiff_t>(k));
      bool on_boundary = false;
      for (std::size_t b : boundaries) on_boundary |= (b == k);
      INFO("cut at " << k);
      CHECK((validate_tlvs(cut) == ParseError::none) == on_boundary);
    }
  }
}

TEST_CASE("TlvWalker: message_payload of every size up to 64 KiB - 1", "[smpp][tlv]") {
  Rng rng(64);
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{254}, std::size_t{255}, std::size_t{1024},
                           std::size_t{1025}, std::size_t{4096}, std::size_t{65534}, std::size_t{65535}}) {
    const auto payload = rng.octets_exact(size);
    TestMessage m;
    m.command_id = cmd::submit_sm;
    m.source = "A";
    m.destination = "1";
    m.tlvs = {{0x1400, {1, 2}}, {tlv::message_payload, payload}, {tlv::sar_msg_ref_num, be16(9)}};
    const auto pdu = write_message(m);
    INFO("payload size " << size);
    MessageFields f;
    REQUIRE(PduView(std::span<const std::uint8_t>(pdu)).parse_message(f) == ParseError::none);
    CHECK(f.short_message.empty());
    Tlv t;
    REQUIRE(find_tlv(f.tlvs, tlv::message_payload, t));
    CHECK(t.value.size() == size);
    CHECK(to_vector(t.value) == payload);
    REQUIRE(find_tlv(f.tlvs, tlv::sar_msg_ref_num, t));
    CHECK(to_vector(t.value) == be16(9));
  }
}
