#include "audit/audit_event.h"

#include <algorithm>
#include <cstring>

#include "audit/body_hash.h"

namespace smsfw::audit {
namespace {

// The fixed part, copied as is (both ends are this process).
struct FixedPart {
  std::int64_t time_ns;
  std::uint64_t session_id;
  std::uint32_t sequence;
  std::uint32_t status;
  std::uint32_t destination_count;
  std::uint16_t parts;
  std::uint16_t rule_count;
  std::uint8_t direction;
  std::uint8_t has_status;
  std::uint8_t source_ton;  // 0xFF: unknown (SMPP TONs are 0..6)
  std::uint8_t destination_ton;
  std::uint8_t data_coding;
  std::uint8_t body_is_text;
  std::uint8_t include_body;
  std::uint8_t reserved = 0;
};

constexpr std::uint8_t kNoTon = 0xFF;
constexpr std::size_t kMaxRules = 64;

std::size_t kept_rules(const AuditEvent& e) { return std::min(e.rule_ids.size(), kMaxRules); }

// The variable-length strings, in encoding order (rule ids follow them).
template <typename F>
void for_each_string(const AuditEvent& e, F&& f) {
  f(e.account);
  f(e.command);
  f(e.action);
  f(e.source);
  f(e.destination);
  f(e.body);
}

class Writer {
 public:
  explicit Writer(std::span<std::uint8_t> out) : p_(out.data()) {}
  void bytes(const void* data, std::size_t n) {
    if (n) std::memcpy(p_, data, n);
    p_ += n;
  }
  void string(std::string_view s) {
    const auto n = static_cast<std::uint32_t>(s.size());
    bytes(&n, sizeof n);
    bytes(s.data(), s.size());
  }

 private:
  std::uint8_t* p_;
};

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> in) : p_(in.data()), end_(in.data() + in.size()) {}
  bool bytes(void* data, std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) return false;
    std::memcpy(data, p_, n);
    p_ += n;
    return true;
  }
  bool string(std::string_view& s) {
    std::uint32_t n = 0;
    if (!bytes(&n, sizeof n) || static_cast<std::size_t>(end_ - p_) < n) return false;
    s = {reinterpret_cast<const char*>(p_), n};
    p_ += n;
    return true;
  }
  bool done() const { return p_ == end_; }

 private:
  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

}  // namespace

std::size_t encoded_size(const AuditEvent& e) {
  std::size_t n = sizeof(FixedPart);
  for_each_string(e, [&](std::string_view s) { n += 4 + s.size(); });
  for (std::size_t i = 0; i < kept_rules(e); ++i) n += 4 + e.rule_ids[i].size();
  return n;
}

void encode(const AuditEvent& e, std::span<std::uint8_t> out) {
  FixedPart f{};
  f.time_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(e.time.time_since_epoch()).count();
  f.session_id = e.session_id;
  f.sequence = e.sequence;
  f.status = e.status.value_or(0);
  f.destination_count = e.destination_count;
  f.parts = e.parts;
  f.rule_count = static_cast<std::uint16_t>(kept_rules(e));
  f.direction = static_cast<std::uint8_t>(e.direction);
  f.has_status = e.status.has_value();
  f.source_ton = e.source_ton.value_or(kNoTon);
  f.destination_ton = e.destination_ton.value_or(kNoTon);
  f.data_coding = e.data_coding;
  f.body_is_text = e.body_is_text;
  f.include_body = e.include_body;
  Writer w(out);
  w.bytes(&f, sizeof f);
  for_each_string(e, [&](std::string_view s) { w.string(s); });
  for (std::size_t i = 0; i < f.rule_count; ++i) w.string(e.rule_ids[i]);
}

bool decode(std::span<const std::uint8_t> bytes, DecodedEvent& out) {
  Reader r(bytes);
  FixedPart f{};
  if (!r.bytes(&f, sizeof f) || f.rule_count > kMaxRules) return false;
  AuditEvent& e = out.event;
  e = AuditEvent{};
  e.time = std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::nanoseconds(f.time_ns)));
  e.session_id = f.session_id;
  e.sequence = f.sequence;
  if (f.has_status) e.status = f.status;
  e.destination_count = f.destination_count;
  e.parts = f.parts;
  e.direction = f.direction == static_cast<std::uint8_t>(Direction::mo) ? Direction::mo : Direction::mt;
  if (f.source_ton != kNoTon) e.source_ton = f.source_ton;
  if (f.destination_ton != kNoTon) e.destination_ton = f.destination_ton;
  e.data_coding = f.data_coding;
  e.body_is_text = f.body_is_text != 0;
  e.include_body = f.include_body != 0;
  if (!r.string(e.account) || !r.string(e.command) || !r.string(e.action) || !r.string(e.source) ||
      !r.string(e.destination) || !r.string(e.body))
    return false;
  for (std::size_t i = 0; i < f.rule_count; ++i)
    if (!r.string(out.rule_ids_storage[i])) return false;
  out.rule_count = f.rule_count;
  e.rule_ids = {out.rule_ids_storage, out.rule_count};
  return r.done();
}

void to_record(const AuditEvent& e, const BodyHasher& hasher, AuditRecord& r) {
  r.time = e.time;
  r.session_id = e.session_id;
  r.account = e.account;
  r.direction = e.direction;
  r.command = e.command;
  r.sequence = e.sequence;
  r.action = e.action;
  r.rule_ids.assign(e.rule_ids.begin(), e.rule_ids.end());
  r.status = e.status;
  r.set_source(e.source, e.source_ton);
  r.set_destination(e.destination, e.destination_count, e.destination_ton);
  r.data_coding = e.data_coding;
  r.parts = e.parts;
  r.set_body(hasher, e.body, e.body_is_text, e.include_body);
}

}  // namespace smsfw::audit
