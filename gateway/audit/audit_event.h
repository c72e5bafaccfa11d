#pragma once
// What a worker thread knows about one audited verdict, as views into its own buffers
// (AuditEvent), and its compact byte form for the EventRing (encode / decode). The worker only
// copies bytes; masking the addresses, hashing the body and writing JSON happen on the audit
// writer thread (to_record), so the data path neither allocates nor spends time on them.
// The raw addresses and body cross the ring in process memory only; only the masked and hashed
// forms (and the body where the account's policy asks for it) reach the log.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "audit/audit_record.h"

namespace smsfw::audit {

struct AuditEvent {
  std::chrono::system_clock::time_point time{};
  std::uint64_t session_id = 0;
  std::string_view account;
  Direction direction = Direction::mt;
  std::string_view command;
  std::uint32_t sequence = 0;
  std::string_view action;
  std::span<const std::string_view> rule_ids;
  std::optional<std::uint32_t> status;
  std::string_view source;  // raw: masked by to_record()
  std::optional<std::uint8_t> source_ton;
  std::string_view destination;  // raw, the first one
  std::optional<std::uint8_t> destination_ton;
  std::uint32_t destination_count = 1;
  std::uint8_t data_coding = 0;
  std::uint16_t parts = 1;
  std::string_view body;       // decoded UTF-8 text when body_is_text, else the raw octets
  bool body_is_text = false;
  bool include_body = false;   // the account's audit_body
};

// Bytes encode() writes for `e`.
std::size_t encoded_size(const AuditEvent& e);
// Writes `e` into `out` (exactly encoded_size(e) bytes).
void encode(const AuditEvent& e, std::span<std::uint8_t> out);

// A decoded event: the views point into the encoded bytes (valid while they are).
struct DecodedEvent {
  AuditEvent event;
  std::string_view rule_ids_storage[64];  // at most 64 rule ids kept per record
  std::size_t rule_count = 0;
};
// False when `bytes` is not a whole encoded event.
bool decode(std::span<const std::uint8_t> bytes, DecodedEvent& out);

class BodyHasher;
// The record the log writes: addresses masked, body hashed (and kept only per policy).
void to_record(const AuditEvent& e, const BodyHasher& hasher, AuditRecord& out);

}  // namespace smsfw::audit
