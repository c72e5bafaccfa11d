#pragma once
// What the filter tests of the proxy share: a message PDU builder where every field can be chosen
// (command, addresses, esm_class, data_coding, short_message, TLVs in a given order, submit_multi
// destinations), text encoders for the codings the tests use, and an Engine over a throw-away
// pattern directory.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/engine.h"
#include "smpp/pdu_view.h"
#include "smpp/pdu_writer.h"
#include "smpp/smpp_constants.h"
#include "support/pattern_dir.h"
#include "text/encode.h"

namespace smsfw::proxy::test {

using Bytes = std::vector<std::uint8_t>;

inline Bytes to_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

// Text in GSM 7-bit, one septet per octet (data_coding 0 on an unpacked account).
inline Bytes gsm7(std::string_view utf8) {
  Bytes b;
  filters::text::encode_gsm7_unpacked(utf8, b);
  return b;
}
// GSM 7-bit packed (data_coding 0 on a `data_coding_0: gsm7-packed` account).
inline Bytes gsm7_packed(std::string_view utf8) {
  Bytes b;
  filters::text::encode_gsm7_packed(utf8, 0, b);
  return b;
}
// UCS-2 / UTF-16BE (data_coding 8).
inline Bytes ucs2(std::string_view utf8) {
  Bytes b;
  filters::text::encode_utf16be(utf8, b);
  return b;
}
// ISO-8859-1 (data_coding 3).
inline Bytes latin1(std::string_view utf8) {
  Bytes b;
  filters::text::encode_single_byte(filters::text::latin1_table(), utf8, b);
  return b;
}
inline Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// A concatenation UDH (IEI 0x00, 8-bit reference): 6 octets.
inline Bytes concat_udh(std::uint8_t ref = 0x2A, std::uint8_t total = 2, std::uint8_t seq = 1) {
  return {0x05, 0x00, 0x03, ref, total, seq};
}

struct TlvSpec {
  std::uint16_t tag;
  Bytes value;
};

struct MultiDest {
  std::uint8_t flag = 1;  // 1: SME address, 2: distribution list
  std::uint8_t ton = 1, npi = 1;
  std::string address;  // or the list name
};

// Every field of a submit_sm / deliver_sm / data_sm / submit_multi.
struct MessageSpec {
  std::uint32_t command = smpp::cmd::submit_sm;
  std::uint32_t seq = 1;
  std::string service_type = "CMT";
  std::uint8_t source_ton = 5, source_npi = 0;
  std::string source = "SHOP";
  std::uint8_t dest_ton = 1, dest_npi = 1;
  std::string destination = "66812345678";
  std::vector<MultiDest> dests;  // submit_multi only
  std::uint8_t esm_class = 0, protocol_id = 0x00, priority_flag = 1;
  std::string schedule = "", validity = "261231235959000+";
  std::uint8_t registered_delivery = 1, replace_if_present = 0;
  std::uint8_t data_coding = 0, sm_default_msg_id = 0;
  Bytes short_message;  // not written for data_sm
  std::vector<TlvSpec> tlvs;
};

inline Bytes message_pdu(const MessageSpec& m) {
  namespace cmd = smpp::cmd;
  Bytes out;
  smpp::PduWriter w(out);
  w.begin(m.command, 0, m.seq).cstring(m.service_type).u8(m.source_ton).u8(m.source_npi).cstring(m.source);
  if (m.command == cmd::submit_multi) {
    w.u8(static_cast<std::uint8_t>(m.dests.size()));
    for (const MultiDest& d : m.dests) {
      w.u8(d.flag);
      if (d.flag == 1) w.u8(d.ton).u8(d.npi);
      w.cstring(d.address);
    }
  } else {
    w.u8(m.dest_ton).u8(m.dest_npi).cstring(m.destination);
  }
  if (m.command == cmd::data_sm) {
    w.u8(m.esm_class).u8(m.registered_delivery).u8(m.data_coding);
  } else {
    w.u8(m.esm_class).u8(m.protocol_id).u8(m.priority_flag).cstring(m.schedule).cstring(m.validity);
    w.u8(m.registered_delivery).u8(m.replace_if_present).u8(m.data_coding).u8(m.sm_default_msg_id);
    w.u8(static_cast<std::uint8_t>(m.short_message.size())).bytes(std::span<const std::uint8_t>(m.short_message));
  }
  for (const TlvSpec& t : m.tlvs) w.tlv(t.tag, std::span<const std::uint8_t>(t.value));
  w.finish();
  return out;
}

// A parsed copy of a PDU (the view points into `bytes`).
struct Parsed {
  explicit Parsed(Bytes b) : bytes(std::move(b)), view(bytes) { error = view.parse_message(fields); }
  Parsed(const Parsed&) = delete;
  Bytes bytes;
  smpp::PduView view;
  smpp::MessageFields fields;
  smpp::ParseError error;

  Bytes short_message() const { return Bytes(fields.short_message.begin(), fields.short_message.end()); }
  Bytes tlvs() const { return Bytes(fields.tlvs.begin(), fields.tlvs.end()); }
  // Every TLV in wire order.
  std::vector<TlvSpec> tlv_list() const {
    std::vector<TlvSpec> out;
    smpp::TlvWalker w(fields.tlvs);
    smpp::Tlv t;
    while (w.next(t)) out.push_back({t.tag, Bytes(t.value.begin(), t.value.end())});
    return out;
  }
};

inline bool operator==(const TlvSpec& a, const TlvSpec& b) { return a.tag == b.tag && a.value == b.value; }

// An Engine over a pattern directory the test writes first.
struct EngineDir {
  smsfw::test::PatternDir dir;
  std::unique_ptr<filters::Engine> engine;

  // Loads the directory; fails the test on load errors.
  filters::Engine& load() {
    filters::ReloadOutcome outcome;
    engine = std::make_unique<filters::Engine>(dir.path(), outcome);
    INFO((outcome.errors.empty() ? std::string() : outcome.errors.front()));
    REQUIRE(outcome.ok);
    return *engine;
  }
};

}  // namespace smsfw::proxy::test
