#include "audit/audit_record.h"

#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "audit/address_mask.h"
#include "audit/body_hash.h"

namespace smsfw::audit {

std::string_view to_string(Direction d) { return d == Direction::mo ? "MO" : "MT"; }

void AuditRecord::set_source(std::string_view raw_address, std::optional<std::uint8_t> ton) {
  source_masked = mask_address(raw_address, ton);
}

void AuditRecord::set_destination(std::string_view raw_first_address, std::uint32_t count,
                                  std::optional<std::uint8_t> ton) {
  destination_masked = mask_address(raw_first_address, ton);
  destination_count = count;
}

void AuditRecord::set_body(const BodyHasher& hasher, std::string_view text, bool is_text, bool include_text) {
  body_hash = hasher.hash(text);
  if (is_text && include_text)
    body = std::string(text);
  else
    body.reset();
}

std::string format_time_utc(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto ms_total = duration_cast<milliseconds>(t.time_since_epoch()).count();
  auto secs = ms_total / 1000;
  auto ms = ms_total % 1000;
  if (ms < 0) {  // before 1970: floor, not truncate toward zero
    ms += 1000;
    secs -= 1;
  }
  const std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

std::string to_json_line(const AuditRecord& r) {
  nlohmann::ordered_json j;
  j["time"] = format_time_utc(r.time);
  j["session"] = r.session_id;
  j["account"] = r.account;
  j["dir"] = to_string(r.direction);
  j["cmd"] = r.command;
  j["seq"] = r.sequence;
  j["action"] = r.action;
  auto& rules = j["rules"] = nlohmann::ordered_json::array();
  for (std::string_view id : r.rule_ids) rules.push_back(id);
  if (r.status) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08X", static_cast<unsigned>(*r.status));
    j["status"] = buf;
  } else {
    j["status"] = nullptr;
  }
  j["src"] = r.source_masked;
  j["dst"] = r.destination_masked;
  j["dst_count"] = r.destination_count;
  j["dcs"] = r.data_coding;
  j["parts"] = r.parts;
  j["body_hash"] = r.body_hash;
  if (r.body) j["body"] = *r.body;
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace smsfw::audit
