// Concatenated messages inside the running proxy: parts are held, neither answered nor forwarded,
// until the message is whole; then every part goes to the SMSC as its original bytes in arrival
// order, or every part is answered with the block status. Also the hold's bounds (hold time with
// the expiry policy, bytes per session), late parts, the tag marks of a whole message, and what
// happens to held parts when either side goes away.

#include "bind_through.h"
#include "filter_support.h"
#include "pdu_builders.h"
#include "proxy_harness.h"

using namespace smsfw::proxy::test;
using namespace std::chrono_literals;
namespace status = smsfw::smpp::status;

namespace {

constexpr const char* kRules = R"(set: concat-test
version: "1"
rules:
  - {id: THAI-VERIFY-URGENT, pattern: 'ยืนยันตัวตนด่วน', action: block, status: 0x45, description: split Thai}
  - {id: VERIFY, pattern: 'verify your account', action: block, status: 0x45, description: split English}
  - {id: PARCEL, pattern: 'parcel is held', action: tag, description: tagged whole,
     tag: {mark: prefix, prefix: "! ", relabel_to: "Suspect"}}
)";

struct ConcatProxy {
  explicit ConcatProxy(std::chrono::milliseconds max_hold = 5s, std::size_t session_bytes = 256 * 1024) {
    e.dir.write("rules.yaml", kRules);
    e.load();
    proxy.engine = e.engine.get();
    proxy.settings.upstreams = {{smsc.endpoint()}};
    proxy.settings.concat_max_hold = max_hold;
    proxy.settings.concat_max_session_bytes = session_bytes;
    proxy.start(1);
  }
  Bound bind() { return bind_through(proxy, smsc); }

  EngineDir e;
  FakeSmsc smsc;
  ProxyHarness proxy;
};

Bytes udh8(std::uint8_t ref, std::uint8_t total, std::uint8_t seq) { return {0x05, 0x00, 0x03, ref, total, seq}; }
Bytes udh16(std::uint16_t ref, std::uint8_t total, std::uint8_t seq) {
  return {0x06, 0x08, 0x04, static_cast<std::uint8_t>(ref >> 8), static_cast<std::uint8_t>(ref), total, seq};
}
Bytes be16(std::uint16_t v) { return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)}; }

// One part carried by a UDH (esm_class UDHI).
Bytes udh_part(std::uint32_t seq, const Bytes& udh, const Bytes& text, std::uint8_t data_coding = 0,
               std::string_view destination = "66812345678") {
  MessageSpec m;
  m.seq = seq;
  m.esm_class = 0x40;
  m.data_coding = data_coding;
  m.destination = std::string(destination);
  m.short_message = concat({udh, text});
  return message_pdu(m);
}

// One part carried by the SAR TLVs.
Bytes sar_part(std::uint32_t seq, std::uint16_t ref, std::uint8_t total, std::uint8_t n, const Bytes& text) {
  MessageSpec m;
  m.seq = seq;
  m.short_message = text;
  m.tlvs = {{smsfw::smpp::tlv::sar_msg_ref_num, be16(ref)},
            {smsfw::smpp::tlv::sar_total_segments, {total}},
            {smsfw::smpp::tlv::sar_segment_seqnum, {n}}};
  return message_pdu(m);
}

void answer_all(Bound& b, std::initializer_list<std::uint32_t> seqs) {
  for (const std::uint32_t s : seqs) {
    std::string id = "M";
    id += std::to_string(s);  // appended piecewise: GCC 12 warns (-Wrestrict) on "M" + string
    const Bytes resp = id_resp_pdu(cmd::submit_sm_resp, 0, s, id);
    b.smsc.send(resp);
    b.esme.expect_bytes(resp);
  }
}

}  // namespace

TEST_CASE("concat: a Thai UCS-2 scam split over 16-bit UDH parts, sent out of order, is blocked whole") {
  ConcatProxy f;
  Bound b = f.bind();
  const Bytes p1 = udh_part(2, udh16(0x1234, 3, 1), ucs2("กรุณายืนยันตัว"), 8);
  const Bytes p2 = udh_part(3, udh16(0x1234, 3, 2), ucs2("ตนด่วนที่ลิงก์"), 8);
  const Bytes p3 = udh_part(4, udh16(0x1234, 3, 3), ucs2("นี้ภายในวันนี้"), 8);
  b.esme.send(p3);
  b.esme.send(p1);
  CHECK(b.esme.silent_for(150ms));  // held: no answer yet
  CHECK(b.smsc.silent_for(10ms));
  b.esme.send(p2);
  b.esme.expect(cmd::submit_sm_resp, 0x45, 4);  // answered in arrival order
  b.esme.expect(cmd::submit_sm_resp, 0x45, 2);
  b.esme.expect(cmd::submit_sm_resp, 0x45, 3);
  expect_nothing_forwarded(b, 100);
  const auto s = f.proxy.stats();
  CHECK(s.concat_messages == 1);
  CHECK(s.concat_parts == 3);
  CHECK(s.messages_judged == 1);
  CHECK(s.messages_blocked == 1);
}

TEST_CASE("concat: a GSM-7 scam split over 8-bit UDH parts is blocked whole; each part alone would pass") {
  ConcatProxy f;
  Bound b = f.bind();
  b.esme.send(udh_part(2, udh8(9, 2, 2), gsm7("ur account at bit.ly/x")));
  b.esme.send(udh_part(3, udh8(9, 2, 1), gsm7("Dear customer, please verify yo")));
  b.esme.expect(cmd::submit_sm_resp, 0x45, 2);
  b.esme.expect(cmd::submit_sm_resp, 0x45, 3);
  expect_nothing_forwarded(b, 100);
  // The same two texts without concatenation pass one by one.
  const Bytes single = udh_part(5, Bytes{0x00}, gsm7("please verify yo"));
  b.esme.send(single);
  b.smsc.expect_bytes(single);
  answer_all(b, {5});
}

TEST_CASE("concat: SAR parts are held and judged whole") {
  ConcatProxy f;
  Bound b = f.bind();
  b.esme.send(sar_part(2, 0xBEEF, 2, 1, gsm7("please verify yo")));
  b.esme.send(sar_part(3, 0xBEEF, 2, 2, gsm7("ur account now")));
  b.esme.expect(cmd::submit_sm_resp, 0x45, 2);
  b.esme.expect(cmd::submit_sm_resp, 0x45, 3);
  expect_nothing_forwarded(b, 100);
}

TEST_CASE("concat: a clean multipart message reaches the SMSC intact, in arrival order, after its last part") {
  ConcatProxy f;
  Bound b = f.bind();
  const Bytes p1 = udh_part(2, udh8(5, 3, 1), gsm7("Your order 1234 has shipped and "));
  const Bytes p2 = udh_part(3, udh8(5, 3, 2), gsm7("will arrive on Tuesday between "));
  const Bytes p3 = udh_part(4, udh8(5, 3, 3), gsm7("9 and 12. Thank you."));
  // Another message to another destination interleaved with the same reference: its own hold.
  const Bytes q1 = udh_part(5, udh8(5, 2, 1), gsm7("Meeting moved "), 0, "66899999999");
  const Bytes q2 = udh_part(6, udh8(5, 2, 2), gsm7("to 3 pm."), 0, "66899999999");
  b.esme.send(p2);
  b.esme.send(q2);
  b.esme.send(p1);
  CHECK(b.smsc.silent_for(150ms));
  b.esme.send(q1);  // q complete: q2, q1 in arrival order
  b.smsc.expect_bytes(q2);
  b.smsc.expect_bytes(q1);
  b.esme.send(p3);
  b.smsc.expect_bytes(p2);
  b.smsc.expect_bytes(p1);
  b.smsc.expect_bytes(p3);
  answer_all(b, {6, 5, 3, 2, 4});
  const auto s = f.proxy.stats();
  CHECK(s.concat_messages == 2);
  CHECK(s.concat_parts == 5);
  CHECK(s.messages_blocked == 0);
}

TEST_CASE("concat: a tagged message is marked on every part alike (sender relabelled, no prefix)") {
  ConcatProxy f;
  Bound b = f.bind();
  const Bytes p1 = udh_part(2, udh8(6, 2, 1), gsm7("Your parcel is "));
  const Bytes p2 = udh_part(3, udh8(6, 2, 2), gsm7("held at the depot"));
  b.esme.send(p1);
  b.esme.send(p2);
  for (const Bytes* sent : {&p1, &p2}) {
    const Pdu got = b.smsc.expect_pdu();
    const Parsed in(*sent), out(got.bytes);
    REQUIRE(out.error == smsfw::smpp::ParseError::none);
    CHECK(out.fields.source.digits == "Suspect");
    CHECK(out.short_message() == in.short_message());  // the text and UDH untouched
  }
  answer_all(b, {2, 3});
  CHECK(f.proxy.stats().messages_tagged == 1);
}

TEST_CASE("concat: when the hold time runs out what arrived is judged; a late part follows that outcome") {
  ConcatProxy f(300ms);
  Bound b = f.bind();
  SECTION("clean: forwarded at expiry, the late part judged on its own") {
    const Bytes p1 = udh_part(2, udh8(8, 2, 1), gsm7("Your appointment is "));
    b.esme.send(p1);
    b.smsc.expect_bytes(p1, 2s);
    answer_all(b, {2});
    const Bytes p2 = udh_part(3, udh8(8, 2, 2), gsm7("confirmed for Monday"));
    b.esme.send(p2);
    b.smsc.expect_bytes(p2);  // at once: not held again
    answer_all(b, {3});
    const auto s = f.proxy.stats();
    CHECK(s.concat_expired == 1);
    CHECK(s.concat_late_parts == 1);
  }
  SECTION("scam: blocked at expiry, the late part gets the same answer at once") {
    b.esme.send(udh_part(2, udh8(8, 3, 1), gsm7("please verify your account ")));
    b.esme.expect(cmd::submit_sm_resp, 0x45, 2, 2s);
    b.esme.send(udh_part(3, udh8(8, 3, 3), gsm7("today")));
    b.esme.expect(cmd::submit_sm_resp, 0x45, 3);
    expect_nothing_forwarded(b, 100);
  }
}

TEST_CASE("concat: a part that finds no room in the session's hold is answered ESME_RMSGQFUL") {
  ConcatProxy f(5s, 400);
  Bound b = f.bind();
  const Bytes p1 = udh_part(2, udh8(1, 3, 1), gsm7(std::string(120, 'a')));
  const Bytes p2 = udh_part(3, udh8(1, 3, 2), gsm7(std::string(120, 'b')));
  const Bytes p3 = udh_part(4, udh8(1, 3, 3), gsm7(std::string(120, 'c')));
  REQUIRE(p1.size() + p2.size() <= 400);
  REQUIRE(p1.size() + p2.size() + p3.size() > 400);
  b.esme.send(p1);
  b.esme.send(p2);
  b.esme.send(p3);
  b.esme.expect(cmd::submit_sm_resp, status::message_queue_full, 4);
  CHECK(f.proxy.stats().concat_refused_full == 1);
  // The two held parts are not lost: they go out when the session drains.
  auto drained = f.proxy.drain_async(2s);
  b.smsc.expect_bytes(p1);
  b.smsc.expect_bytes(p2);
  answer_all(b, {2, 3});
  // Then the drain unbinds both sides; answered, the session ends within the deadline.
  for (Peer* side : {&b.esme, &b.smsc}) {
    const Pdu unbind = side->expect_pdu();
    CHECK(unbind.id() == cmd::unbind);
    side->send(header_pdu(cmd::unbind_resp, 0, unbind.seq()));
  }
  CHECK(drained.get());
}

TEST_CASE("concat: held parts when the SMSC goes away are answered with the error status, once") {
  ConcatProxy f;
  Bound b = f.bind();
  b.esme.send(udh_part(2, udh8(4, 2, 1), gsm7("Hello ")));
  CHECK(b.esme.silent_for(100ms));
  b.smsc.close();
  b.esme.expect(cmd::submit_sm_resp, f.proxy.settings.upstream_unavailable_status, 2);
  const Pdu unbind = b.esme.expect_pdu();  // then the proxy unbinds the ESME: nothing else
  CHECK(unbind.id() == cmd::unbind);
}

TEST_CASE("concat: held parts leave with an ESME that disconnects: nothing reaches the SMSC") {
  ConcatProxy f;
  Bound b = f.bind();
  b.esme.send(udh_part(2, udh8(4, 2, 1), gsm7("please verify yo")));
  CHECK(b.smsc.silent_for(100ms));
  b.esme.close();
  const Pdu unbind = b.smsc.expect_pdu();
  CHECK(unbind.id() == cmd::unbind);
  CHECK(f.proxy.stats().concat_dropped == 1);
}

TEST_CASE("concat: an ESME that unbinds with a part held gets it judged and sent before its unbind") {
  ConcatProxy f;
  Bound b = f.bind();
  const Bytes p1 = udh_part(2, udh8(3, 2, 1), gsm7("Your appointment is "));
  b.esme.send(p1);
  CHECK(b.smsc.silent_for(100ms));
  const Bytes unbind = header_pdu(cmd::unbind, 0, 3);
  b.esme.send(unbind);
  b.smsc.expect_bytes(p1);
  b.smsc.expect_bytes(unbind);
  answer_all(b, {2});
  const Bytes unbind_resp = header_pdu(cmd::unbind_resp, 0, 3);
  b.smsc.send(unbind_resp);
  b.esme.expect_bytes(unbind_resp);
  CHECK(f.proxy.stats().concat_expired == 1);
}
