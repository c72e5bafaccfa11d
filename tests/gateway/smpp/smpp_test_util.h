#pragma once
// Helpers shared by the SMPP protocol-layer tests: a deterministic PRNG (its own, so sequences
// do not depend on the standard library's distributions) and byte-buffer conveniences.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "smpp/pdu_writer.h"
#include "support/rng.h"
#include "smpp/smpp_constants.h"

namespace smsfw::smpp::test {

using smsfw::test::Rng;

inline std::span<const std::uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

inline std::vector<std::uint8_t> to_vector(std::span<const std::uint8_t> s) { return {s.begin(), s.end()}; }

inline std::string to_string(std::span<const std::uint8_t> s) { return {s.begin(), s.end()}; }

struct TestTlv {
  std::uint16_t tag = 0;
  std::vector<std::uint8_t> value;
};

// Every mandatory field of submit_sm, deliver_sm, data_sm and submit_multi, for writing with
// PduWriter. Fields the chosen command does not carry are ignored.
struct TestMessage {
  std::uint32_t command_id = cmd::submit_sm;
  std::uint32_t sequence = 1;
  std::string service_type;
  std::uint8_t source_ton = 0, source_npi = 0;
  std::string source;
  std::uint8_t dest_ton = 0, dest_npi = 0;
  std::string destination;  // submit_sm, deliver_sm, data_sm
  struct Dest {
    std::uint8_t flag = 1;  // 1 SME, 2 distribution list
    std::uint8_t ton = 0, npi = 0;
    std::string address;  // SME address or dl_name
  };
  std::vector<Dest> dests;  // submit_multi
  std::uint8_t esm_class = 0, protocol_id = 0, priority_flag = 0;
  std::string schedule_delivery_time, validity_period;
  std::uint8_t registered_delivery = 0, replace_if_present_flag = 0;
  std::uint8_t data_coding = 0, sm_default_msg_id = 0;
  std::vector<std::uint8_t> short_message;
  std::vector<TestTlv> tlvs;
};

// Where each field of a written PDU lies (offsets from the PDU's first byte), for tests that
// cut a PDU at every position and predict the parser's verdict.
enum class FieldKind { u8, cstring, octets, tlv };
struct FieldSpan {
  std::size_t start = 0, end = 0;
  FieldKind kind = FieldKind::u8;
};

// Appends `m` to `out` and returns the PDU's bytes; records the body's fields in `layout`.
inline std::span<const std::uint8_t> write_message(std::vector<std::uint8_t>& out, const TestMessage& m,
                                                   std::vector<FieldSpan>* layout = nullptr) {
  const std::size_t base = out.size();
  PduWriter w(out);
  auto field = [&](FieldKind kind, auto&& write) {
    const std::size_t start = out.size() - base;
    write();
    if (layout) layout->push_back(FieldSpan{start, out.size() - base, kind});
  };
  auto u8 = [&](std::uint8_t v) { field(FieldKind::u8, [&] { w.u8(v); }); };
  auto cstr = [&](const std::string& v) { field(FieldKind::cstring, [&] { w.cstring(v); }); };

  w.begin(m.command_id, 0, m.sequence);
  cstr(m.service_type);
  u8(m.source_ton);
  u8(m.source_npi);
  cstr(m.source);
  if (m.command_id == cmd::submit_multi) {
    u8(static_cast<std::uint8_t>(m.dests.size()));
    for (const auto& d : m.dests) {
      u8(d.flag);
      if (d.flag == 1) u8(d.ton), u8(d.npi);
      cstr(d.address);
    }
  } else {
    u8(m.dest_ton);
    u8(m.dest_npi);
    cstr(m.destination);
  }
  if (m.command_id == cmd::data_sm) {
    u8(m.esm_class);
    u8(m.registered_delivery);
    u8(m.data_coding);
  } else {
    u8(m.esm_class);
    u8(m.protocol_id);
    u8(m.priority_flag);
    cstr(m.schedule_delivery_time);
    cstr(m.validity_period);
    u8(m.registered_delivery);
    u8(m.replace_if_present_flag);
    u8(m.data_coding);
    u8(m.sm_default_msg_id);
    u8(static_cast<std::uint8_t>(m.short_message.size()));
    field(FieldKind::octets, [&] { w.bytes(m.short_message); });
  }
  for (const auto& t : m.tlvs) field(FieldKind::tlv, [&] { w.tlv(t.tag, t.value); });
  return w.finish();
}

inline std::vector<std::uint8_t> write_message(const TestMessage& m) {
  std::vector<std::uint8_t> out;
  write_message(out, m);
  return out;
}

// Big-endian value octets of an integer TLV.
inline std::vector<std::uint8_t> be16(std::uint16_t v) {
  return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

}  // namespace smsfw::smpp::test
