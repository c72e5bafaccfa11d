// AuditEvent: encode/decode round trip (every field, optional ones absent, the rule-id cap),
// truncated bytes refused, and to_record() masking and hashing as AuditRecord does.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "audit/audit_event.h"
#include "audit/body_hash.h"

using namespace smsfw::audit;

namespace {

std::vector<std::uint8_t> encoded(const AuditEvent& e) {
  std::vector<std::uint8_t> bytes(encoded_size(e));
  encode(e, bytes);
  return bytes;
}

}  // namespace

TEST_CASE("AuditEvent: every field survives encode and decode") {
  const std::string_view rules[] = {"R1", "phish.parcel", ""};
  AuditEvent e;
  e.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'764'000'000'123));
  e.session_id = 42;
  e.account = "esme_a";
  e.direction = Direction::mo;
  e.command = "deliver_sm";
  e.sequence = 0xFFFFFFFEu;
  e.action = "tag";
  e.rule_ids = rules;
  e.status = 0x45;
  e.source = "66898765432";
  e.source_ton = 1;
  e.destination = "0812345678";
  e.destination_ton = 2;
  e.destination_count = 3;
  e.data_coding = 8;
  e.parts = 4;
  e.body = std::string_view("thai \xe0\xb8\x94 and a NUL \0 inside", 28);
  e.body_is_text = true;
  e.include_body = true;
  const auto bytes = encoded(e);
  DecodedEvent d;
  REQUIRE(decode(bytes, d));
  const AuditEvent& g = d.event;
  CHECK(g.time == e.time);
  CHECK(g.session_id == 42);
  CHECK(g.account == "esme_a");
  CHECK(g.direction == Direction::mo);
  CHECK(g.command == "deliver_sm");
  CHECK(g.sequence == 0xFFFFFFFEu);
  CHECK(g.action == "tag");
  REQUIRE(g.rule_ids.size() == 3);
  CHECK(g.rule_ids[1] == "phish.parcel");
  CHECK(g.rule_ids[2].empty());
  CHECK(g.status == 0x45u);
  CHECK(g.source == "66898765432");
  CHECK(g.source_ton == 1);
  CHECK(g.destination == "0812345678");
  CHECK(g.destination_ton == 2);
  CHECK(g.destination_count == 3);
  CHECK(g.data_coding == 8);
  CHECK(g.parts == 4);
  CHECK(g.body == e.body);
  CHECK(g.body_is_text);
  CHECK(g.include_body);
}

TEST_CASE("AuditEvent: absent optionals stay absent; more than 64 rule ids keep the first 64") {
  std::vector<std::string> ids;
  for (int i = 0; i < 70; ++i) {
    std::string id = "R";  // appended piecewise: GCC 12's -Wrestrict misfires on "R" + string
    id += std::to_string(i);
    ids.push_back(id);
  }
  std::vector<std::string_view> views(ids.begin(), ids.end());
  AuditEvent e;
  e.rule_ids = views;
  const auto bytes = encoded(e);
  DecodedEvent d;
  REQUIRE(decode(bytes, d));
  CHECK_FALSE(d.event.status.has_value());
  CHECK_FALSE(d.event.source_ton.has_value());
  CHECK_FALSE(d.event.destination_ton.has_value());
  REQUIRE(d.event.rule_ids.size() == 64);
  CHECK(d.event.rule_ids[63] == "R63");
}

TEST_CASE("AuditEvent: truncated or padded bytes are refused") {
  AuditEvent e;
  e.account = "acct";
  e.body = "text";
  auto bytes = encoded(e);
  DecodedEvent d;
  for (std::size_t n = 0; n < bytes.size(); ++n) CHECK_FALSE(decode(std::span(bytes.data(), n), d));
  bytes.push_back(0);
  CHECK_FALSE(decode(bytes, d));
}

TEST_CASE("AuditEvent: to_record masks the addresses and hashes the body like AuditRecord") {
  const BodyHasher hasher(std::string(32, 'k'));
  AuditEvent e;
  e.source = "66898765432";
  e.source_ton = 1;
  e.destination = "+66812345678";
  e.body = "pay now";
  e.body_is_text = true;
  AuditRecord r;
  to_record(e, hasher, r);
  CHECK(r.source_masked == "66*******32");
  CHECK(r.destination_masked == "+66*******78");
  CHECK(r.body_hash == hasher.hash("pay now"));
  CHECK_FALSE(r.body.has_value());
  e.include_body = true;
  to_record(e, hasher, r);
  REQUIRE(r.body.has_value());
  CHECK(*r.body == "pay now");
}
