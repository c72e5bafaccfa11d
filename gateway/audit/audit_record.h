#pragma once
// One audit record: what the firewall did to one message (a non-allow verdict), with the
// subscriber data reduced to what PDPA allows: masked addresses (audit/address_mask.h), a keyed
// hash of the body (audit/body_hash.h) and the body text only when the account's policy asks for
// it. Serialised as ONE JSON object per line; the field order is fixed (audit/README.md).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsfw::audit {

class BodyHasher;

enum class Direction : std::uint8_t {
  mt,  // ESME -> SMSC (submit_sm, submit_multi, data_sm)
  mo,  // SMSC -> ESME (deliver_sm, data_sm)
};

std::string_view to_string(Direction d);  // "MT" / "MO"

struct AuditRecord {
  // The string_view members must stay valid only until to_json_line() / AuditLog::write()
  // returns (the record is serialised synchronously on the caller's thread).
  std::chrono::system_clock::time_point time = std::chrono::system_clock::now();
  std::uint64_t session_id = 0;
  std::string_view account;             // the ESME's system_id
  Direction direction = Direction::mt;
  std::string_view command;             // "submit_sm", "submit_multi", "deliver_sm", "data_sm"
  std::uint32_t sequence = 0;           // sequence_number of the PDU (the first part's for a whole message)
  std::string_view action;              // "block", "tag", "monitor", "throttle", ...
  std::vector<std::string_view> rule_ids;
  std::optional<std::uint32_t> status;  // command_status answered to the ESME (block/throttle), else none
  std::string source_masked;            // set_source(); never assign a raw address here
  std::string destination_masked;       // first destination, masked (set_destination())
  std::uint32_t destination_count = 1;  // > 1 only for submit_multi
  std::uint8_t data_coding = 0;
  std::uint16_t parts = 1;              // n when a concatenated message was judged whole
  std::string body_hash;                // 32 hex chars (set_body())
  std::optional<std::string> body;      // UTF-8 text, only when the account's policy says so

  // Masks and stores the source address (`ton`: source_addr_ton when known).
  void set_source(std::string_view raw_address, std::optional<std::uint8_t> ton = std::nullopt);
  // Masks and stores the first destination; `count` = number of destinations (submit_multi).
  void set_destination(std::string_view raw_first_address, std::uint32_t count = 1,
                       std::optional<std::uint8_t> ton = std::nullopt);
  // Hashes `body` (decoded UTF-8 text when `is_text`, else the raw short_message/payload bytes)
  // and keeps the text itself only when `include_text` and `is_text`.
  void set_body(const BodyHasher& hasher, std::string_view body, bool is_text, bool include_text);
};

// "2026-11-29T20:24:21.123Z" (UTC, milliseconds, truncated).
std::string format_time_utc(std::chrono::system_clock::time_point t);

// The record as one JSON object, no trailing newline, and never a raw newline inside: control
// characters are escaped, invalid UTF-8 is replaced with U+FFFD.
std::string to_json_line(const AuditRecord& record);

}  // namespace smsfw::audit
