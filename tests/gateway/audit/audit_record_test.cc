// AuditRecord -> one JSON line: fixed field order, time format, escaping of odd bodies.

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit_record.h"
#include "audit/body_hash.h"

using namespace smsfw::audit;
using nlohmann::ordered_json;
using namespace std::string_literals;

namespace {

AuditRecord sample() {
  static const BodyHasher hasher(std::string(20, '\x0b'));
  AuditRecord r;
  r.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1767323045678));  // 2026-01-02T03:04:05.678Z
  r.session_id = 42;
  r.account = "esme_a";
  r.direction = Direction::mt;
  r.command = "submit_sm";
  r.sequence = 7;
  r.action = "block";
  r.rule_ids = {"phish.kbank", "url.shortener"};
  r.status = 0x45;
  r.set_source("KBank");
  r.set_destination("66812345678");
  r.data_coding = 8;
  r.parts = 3;
  r.set_body(hasher, "Hi There", true, false);
  return r;
}

ordered_json parse_line(const std::string& line) {
  INFO(line);
  REQUIRE(line.find('\n') == std::string::npos);
  REQUIRE(line.find('\r') == std::string::npos);
  REQUIRE(ordered_json::accept(line));
  return ordered_json::parse(line);
}

}  // namespace

TEST_CASE("format_time_utc: ISO-8601 UTC with milliseconds") {
  using namespace std::chrono;
  CHECK(format_time_utc(system_clock::time_point(milliseconds(1767323045678))) == "2026-01-02T03:04:05.678Z");
  CHECK(format_time_utc(system_clock::time_point(milliseconds(0))) == "1970-01-01T00:00:00.000Z");
  CHECK(format_time_utc(system_clock::time_point(microseconds(1999999))) == "1970-01-01T00:00:01.999Z");
  CHECK(format_time_utc(system_clock::now()).size() == 24);
}

TEST_CASE("to_json_line: the documented fields in the documented order") {
  const std::string line = to_json_line(sample());
  CHECK(line ==
        R"({"time":"2026-01-02T03:04:05.678Z","session":42,"account":"esme_a","dir":"MT","cmd":"submit_sm",)"
        R"("seq":7,"action":"block","rules":["phish.kbank","url.shortener"],"status":"0x00000045",)"
        R"("src":"KBank","dst":"66*******78","dst_count":1,"dcs":8,"parts":3,)"
        R"("body_hash":"b0344c61d8db38535ca8afceaf0bf12b"})");
  const ordered_json j = parse_line(line);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"time", "session", "account", "dir", "cmd", "seq", "action", "rules",
                                         "status", "src", "dst", "dst_count", "dcs", "parts", "body_hash"});
}

TEST_CASE("to_json_line: MO without status or rules with submit_multi destinations and the body") {
  static const BodyHasher hasher(std::string(20, '\x0b'));
  AuditRecord r = sample();
  r.direction = Direction::mo;
  r.status.reset();
  r.rule_ids.clear();
  r.command = "submit_multi";
  r.set_destination("+6591234567", 5);
  r.set_body(hasher, "Hi There", true, true);
  const ordered_json j = parse_line(to_json_line(r));
  CHECK(j["dir"] == "MO");
  CHECK(j["status"].is_null());
  CHECK(j["rules"] == ordered_json::array());
  CHECK(j["dst"] == "+65******67");
  CHECK(j["dst_count"] == 5);
  CHECK(j["body"] == "Hi There");
  CHECK(std::prev(j.end()).key() == "body");  // last
  // Binary bodies are hashed but never included.
  r.set_body(hasher, std::string("\x00\x01\x02", 3), false, true);
  CHECK_FALSE(parse_line(to_json_line(r)).contains("body"));
}

TEST_CASE("to_json_line: odd bodies never break the line") {
  static const BodyHasher hasher(std::string(20, '\x0b'));
  const std::vector<std::string> valid = {
      "say \"hi\" \\ back",
      "line1\nline2\r\nline3",
      "nul\0inside\x01\x1f\x7f tab\t"s,
      "\xe0\xb8\xaa\xe0\xb8\xa7\xe0\xb8\xb1\xe0\xb8\xaa\xe0\xb8\x94\xe0\xb8\xb5 \xe0\xb8\x84\xe0\xb8\xa3\xe0\xb8\xb1\xe0\xb8\x9a",  // สวัสดี ครับ
      "\xe2\x80\xa8 line separator \xe2\x80\xa9",
      "emoji \xf0\x9f\x98\x80 </script>",
      "",
  };
  for (const std::string& body : valid) {
    AuditRecord r = sample();
    r.set_body(hasher, body, true, true);
    r.account = body;  // the ESME chooses its system_id too
    const ordered_json j = parse_line(to_json_line(r));
    CHECK(j["body"].get<std::string>() == body);
    CHECK(j["account"].get<std::string>() == body);
  }
  const std::vector<std::string> invalid = {"\xff\xfe bad", "cut \xe0\xb8", "\xc0\xaf overlong", "\xed\xa0\x80 surrogate"};
  for (const std::string& body : invalid) {
    AuditRecord r = sample();
    r.set_body(hasher, body, true, true);
    const std::string line = to_json_line(r);
    const ordered_json j = parse_line(line);
    CHECK(j["body"].get<std::string>().find("\xef\xbf\xbd") != std::string::npos);  // U+FFFD
    CHECK(j["body_hash"].get<std::string>().size() == 32);
  }
}
