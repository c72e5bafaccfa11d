// Behaviour of the transparent proxy while both sides are up: binds, byte-identical relay of every
// PDU type both ways, pipelining, fragmentation, and what the proxy answers by itself before a
// bind or for PDUs it cannot read (the contract in gateway/proxy/session_pair.h).

#include "pdu_builders.h"
#include "bind_through.h"
#include "proxy_harness.h"

using namespace smsfw::proxy::test;
namespace status = smsfw::smpp::status;

namespace {

// A request relayed one way and its response relayed back, both byte-identical.
void round_trip(Peer& from, Peer& to, const Bytes& request, const Bytes& response) {
  from.send(request);
  to.expect_bytes(request);
  to.send(response);
  from.expect_bytes(response);
}

}  // namespace

TEST_CASE("proxy: each bind type is forwarded byte-identical with its credentials and its response returned") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  for (std::uint32_t bind : {cmd::bind_transmitter, cmd::bind_receiver, cmd::bind_transceiver}) {
    CAPTURE(bind);
    Bound b = bind_through(proxy, smsc, {.command = bind, .seq = 0x7654321, .system_id = "sys-" + std::to_string(bind)});
    // The session relays: one enquire_link round trip.
    round_trip(b.esme, b.smsc, header_pdu(cmd::enquire_link, 0, 2), header_pdu(cmd::enquire_link_resp, 0, 2));
  }
  const auto stats = proxy.stats();
  CHECK(stats.binds_forwarded == 3);
  CHECK(stats.answered_by_proxy == 0);
}

TEST_CASE("proxy: a refused bind is relayed with the SMSC's status") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Peer esme = proxy.connect_esme();
  const Bytes bind = bind_pdu(cmd::bind_transmitter, 9, "esme1", "wrong");
  esme.send(bind);
  Peer upstream = smsc.expect_connection();
  upstream.expect_bytes(bind);
  const Bytes refused = bind_resp_pdu(cmd::bind_transmitter, 0x0E /* ESME_RINVPASWD */, 9, "");
  upstream.send(refused);
  esme.expect_bytes(refused);
  // The SMSC hangs up: nobody is bound, so the ESME is closed without an unbind.
  upstream.close();
  CHECK(esme.closed_within());
}

TEST_CASE("proxy: every request type and its response relay byte-identical, sequence numbers untouched") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Bound b = bind_through(proxy, smsc);

  SECTION("ESME to SMSC") {
    round_trip(b.esme, b.smsc, submit_sm_pdu(2), id_resp_pdu(cmd::submit_sm_resp, 0, 2, "MSG-0001"));
    round_trip(b.esme, b.smsc, data_sm_pdu(cmd::data_sm, 3, "payload \x00 bytes"),
               id_resp_pdu(cmd::data_sm_resp, 0, 3, "MSG-0002"));
    round_trip(b.esme, b.smsc, submit_multi_pdu(4), submit_multi_resp_pdu(4));
    round_trip(b.esme, b.smsc, query_sm_pdu(5), query_sm_resp_pdu(5));
    round_trip(b.esme, b.smsc, cancel_sm_pdu(6), header_pdu(cmd::cancel_sm_resp, 0, 6));
    round_trip(b.esme, b.smsc, replace_sm_pdu(7), header_pdu(cmd::replace_sm_resp, 0, 7));
    round_trip(b.esme, b.smsc, header_pdu(cmd::enquire_link, 0, 8), header_pdu(cmd::enquire_link_resp, 0, 8));
    // An id the proxy does not know, with a vendor TLV: relayed, and the SMSC's generic_nack too.
    round_trip(b.esme, b.smsc, unknown_command_pdu(9), header_pdu(cmd::generic_nack, status::invalid_command_id, 9));
    // Sequence numbers are the ESME's own, however large or out of order.
    round_trip(b.esme, b.smsc, submit_sm_pdu(0x7FFFFFFF), id_resp_pdu(cmd::submit_sm_resp, 0, 0x7FFFFFFF, "M"));
    round_trip(b.esme, b.smsc, submit_sm_pdu(1), id_resp_pdu(cmd::submit_sm_resp, 0x45, 1, ""));
    // A message_payload of 3000 octets (larger than libsmpp34 would handle).
    round_trip(b.esme, b.smsc, data_sm_pdu(cmd::data_sm, 10, std::string(3000, 'p')),
               id_resp_pdu(cmd::data_sm_resp, 0, 10, "MSG-0003"));
  }
  SECTION("SMSC to ESME") {
    round_trip(b.smsc, b.esme, deliver_sm_pdu(100), id_resp_pdu(cmd::deliver_sm_resp, 0, 100, ""));
    // A delivery receipt (esm_class 0x04).
    round_trip(b.smsc, b.esme,
               short_message_pdu(cmd::deliver_sm, 101, "id:MSG-0001 sub:001 dlvrd:001 stat:DELIVRD err:000", true, 0x04),
               id_resp_pdu(cmd::deliver_sm_resp, 0, 101, ""));
    round_trip(b.smsc, b.esme, data_sm_pdu(cmd::data_sm, 102, "mo"), id_resp_pdu(cmd::data_sm_resp, 0, 102, ""));
    round_trip(b.smsc, b.esme, header_pdu(cmd::enquire_link, 0, 103), header_pdu(cmd::enquire_link_resp, 0, 103));
    round_trip(b.smsc, b.esme, unknown_command_pdu(104), header_pdu(cmd::generic_nack, status::invalid_command_id, 104));
  }
  SECTION("both ways interleaved, responses out of order") {
    const Bytes s1 = submit_sm_pdu(20), s2 = submit_sm_pdu(21), d1 = deliver_sm_pdu(20);
    b.esme.send(s1);
    b.esme.send(s2);
    b.smsc.expect_bytes(s1);
    b.smsc.expect_bytes(s2);
    b.smsc.send(d1);  // the SMSC's own sequence 20, unrelated to the ESME's 20
    b.esme.expect_bytes(d1);
    const Bytes r2 = id_resp_pdu(cmd::submit_sm_resp, 0, 21, "B"), r1 = id_resp_pdu(cmd::submit_sm_resp, 0, 20, "A");
    b.smsc.send(r2);
    b.smsc.send(r1);
    b.esme.expect_bytes(r2);
    b.esme.expect_bytes(r1);
    const Bytes dr = id_resp_pdu(cmd::deliver_sm_resp, 0, 20, "");
    b.esme.send(dr);
    b.smsc.expect_bytes(dr);
  }
  CHECK(b.esme.silent_for(50ms));
  CHECK(b.smsc.silent_for(50ms));
  const auto stats = proxy.stats();
  CHECK(stats.answered_by_proxy == 0);
  CHECK(stats.stray_responses == 0);
  CHECK(stats.malformed_pdus == 0);
}

TEST_CASE("proxy: PDUs pipelined right after the bind in the same write are relayed in order") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Peer esme = proxy.connect_esme();
  const Bytes bind = bind_pdu(cmd::bind_transceiver, 1);
  const std::vector<Bytes> after = {submit_sm_pdu(2), submit_sm_pdu(3, "second"), header_pdu(cmd::enquire_link, 0, 4),
                                    data_sm_pdu(cmd::data_sm, 5, "third")};
  Bytes all = bind;
  for (const Bytes& p : after) all.insert(all.end(), p.begin(), p.end());
  esme.send(all);  // one write

  Peer upstream = smsc.expect_connection();
  upstream.expect_bytes(bind);
  const Bytes bind_resp = bind_resp_pdu(cmd::bind_transceiver, 0, 1);
  upstream.send(bind_resp);
  for (const Bytes& p : after) upstream.expect_bytes(p);
  esme.expect_bytes(bind_resp);
  const std::vector<Bytes> responses = {id_resp_pdu(cmd::submit_sm_resp, 0, 2, "a"), id_resp_pdu(cmd::submit_sm_resp, 0, 3, "b"),
                                        header_pdu(cmd::enquire_link_resp, 0, 4), id_resp_pdu(cmd::data_sm_resp, 0, 5, "c")};
  Bytes joined;
  for (const Bytes& r : responses) joined.insert(joined.end(), r.begin(), r.end());
  upstream.send(joined);
  for (const Bytes& r : responses) esme.expect_bytes(r);
  CHECK(upstream.silent_for(50ms));
}

TEST_CASE("proxy: a frame fed one byte at a time still relays") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Peer esme = proxy.connect_esme();
  auto trickle = [](Peer& p, const Bytes& bytes) {
    for (std::uint8_t byte : bytes) {
      p.send(std::span<const std::uint8_t>(&byte, 1));
      std::this_thread::sleep_for(std::chrono::microseconds(300));  // separate segments
    }
  };
  const Bytes bind = bind_pdu(cmd::bind_transceiver, 1);
  trickle(esme, bind);
  Peer upstream = smsc.expect_connection();
  upstream.expect_bytes(bind);
  const Bytes bind_resp = bind_resp_pdu(cmd::bind_transceiver, 0, 1);
  trickle(upstream, bind_resp);
  esme.expect_bytes(bind_resp);

  const Bytes submit = submit_sm_pdu(2, "byte by byte");
  trickle(esme, submit);
  upstream.expect_bytes(submit);
  const Bytes resp = id_resp_pdu(cmd::submit_sm_resp, 0, 2, "MSG-9");
  trickle(upstream, resp);
  esme.expect_bytes(resp);
}

TEST_CASE("proxy: before a bind, enquire_link is answered and other requests get ESME_RINVBNDSTS") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Peer esme = proxy.connect_esme();
  esme.send(header_pdu(cmd::enquire_link, 0, 11));
  esme.expect(cmd::enquire_link_resp, status::ok, 11);
  esme.send(submit_sm_pdu(12));
  esme.expect(cmd::submit_sm_resp, status::invalid_bind_status, 12);
  esme.send(query_sm_pdu(13));
  esme.expect(cmd::query_sm_resp, status::invalid_bind_status, 13);
  esme.send(unknown_command_pdu(14));
  esme.expect(cmd::generic_nack, status::invalid_bind_status, 14);
  esme.send(id_resp_pdu(cmd::deliver_sm_resp, 0, 15, ""));  // a response before a bind: dropped
  CHECK(esme.silent_for(50ms));
  // Nothing reached an SMSC.
  CHECK_FALSE(smsc.accept(0ms).has_value());
  // The connection still accepts a bind afterwards.
  const Bytes bind = bind_pdu(cmd::bind_transmitter, 16);
  esme.send(bind);
  Peer upstream = smsc.expect_connection();
  upstream.expect_bytes(bind);
}

TEST_CASE("proxy: unbind before a bind is answered and the connection closed") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Peer esme = proxy.connect_esme();
  esme.send(header_pdu(cmd::unbind, 0, 3));
  esme.expect(cmd::unbind_resp, status::ok, 3);
  CHECK(esme.closed_within());
  CHECK_FALSE(smsc.accept(0ms).has_value());
}

TEST_CASE("proxy: a malformed submit_sm is answered with the matching status and not forwarded") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Bound b = bind_through(proxy, smsc);

  const Bytes good = submit_sm_pdu(5, "hello", false);
  struct Case {
    const char* what;
    Bytes pdu;
    std::uint32_t status;
  };
  std::vector<Case> cases;
  {
    Bytes p = good;  // sm_length claims more octets than the frame holds
    p[p.size() - 6] = 200;
    cases.push_back({"sm_length past the end", p, status::invalid_message_length});
  }
  {
    Bytes p;
    smsfw::smpp::PduWriter w(p);  // source_addr runs to the end without a NUL
    w.begin(cmd::submit_sm, 0, 5).cstring("CMT").u8(5).u8(0).bytes(std::string_view("UNTERMINATED"));
    w.finish();
    cases.push_back({"unterminated string", p, status::invalid_command_length});
  }
  {
    Bytes p = good;  // a TLV header whose length runs past the end
    const std::uint8_t tlv[] = {0x14, 0x03, 0x00, 0x10, 'a', 'b'};
    p.insert(p.end(), std::begin(tlv), std::end(tlv));
    smsfw::smpp::store_u32(p.data(), static_cast<std::uint32_t>(p.size()));
    cases.push_back({"broken TLV", p, status::invalid_optional_stream});
  }
  {
    Bytes p = good;  // three stray octets: too short for a TLV header
    p.insert(p.end(), {0x02, 0x0C, 0x00});
    smsfw::smpp::store_u32(p.data(), static_cast<std::uint32_t>(p.size()));
    cases.push_back({"truncated TLV header", p, status::invalid_optional_stream});
  }
  std::uint32_t seq = 40;
  for (Case& c : cases) {
    CAPTURE(c.what);
    smsfw::smpp::store_u32(c.pdu.data() + 12, ++seq);
    b.esme.send(c.pdu);
    b.esme.expect(cmd::submit_sm_resp, c.status, seq);
    // Not forwarded: the next thing the SMSC sees is this enquire_link.
    const Bytes probe = header_pdu(cmd::enquire_link, 0, 1000 + seq);
    b.esme.send(probe);
    b.smsc.expect_bytes(probe);
    const Bytes probe_resp = header_pdu(cmd::enquire_link_resp, 0, 1000 + seq);
    b.smsc.send(probe_resp);
    b.esme.expect_bytes(probe_resp);
  }
  // The session is intact: a good submit still relays.
  round_trip(b.esme, b.smsc, submit_sm_pdu(99), id_resp_pdu(cmd::submit_sm_resp, 0, 99, "ok"));
  CHECK(proxy.stats().malformed_pdus == cases.size());
}

TEST_CASE("proxy: a malformed deliver_sm from the SMSC is answered to the SMSC and not forwarded") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Bound b = bind_through(proxy, smsc);
  Bytes bad = deliver_sm_pdu(77, "text", false);
  bad[bad.size() - 5] = 250;  // sm_length past the end
  b.smsc.send(bad);
  b.smsc.expect(cmd::deliver_sm_resp, status::invalid_message_length, 77);
  CHECK(b.esme.silent_for(100ms));
  round_trip(b.smsc, b.esme, deliver_sm_pdu(78), id_resp_pdu(cmd::deliver_sm_resp, 0, 78, ""));
}

TEST_CASE("proxy: requests beyond max_inflight are answered ESME_RTHROTTLED, not forwarded") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.settings.max_inflight = 2;
  proxy.start();
  Bound b = bind_through(proxy, smsc);
  const Bytes s1 = submit_sm_pdu(1), s2 = submit_sm_pdu(2), s3 = submit_sm_pdu(3);
  b.esme.send(s1);
  b.esme.send(s2);
  b.smsc.expect_bytes(s1);
  b.smsc.expect_bytes(s2);
  b.esme.send(s3);
  b.esme.expect(cmd::submit_sm_resp, status::throttled, 3);
  CHECK(b.smsc.silent_for(50ms));
  // Once one is answered there is room again.
  const Bytes r1 = id_resp_pdu(cmd::submit_sm_resp, 0, 1, "x");
  b.smsc.send(r1);
  b.esme.expect_bytes(r1);
  round_trip(b.esme, b.smsc, submit_sm_pdu(4), id_resp_pdu(cmd::submit_sm_resp, 0, 4, "y"));
}

TEST_CASE("proxy: sessions on two workers stay independent") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start(2);
  constexpr int n = 4;
  std::vector<Peer> esmes;
  for (int i = 0; i < n; ++i) {
    esmes.push_back(proxy.connect_esme());
    esmes.back().send(bind_pdu(cmd::bind_transceiver, 1, "esme" + std::to_string(i)));
  }
  // Upstream connections arrive in any order: match them by the system_id in the bind.
  std::vector<std::optional<Peer>> upstream(n);
  for (int k = 0; k < n; ++k) {
    Peer u = smsc.expect_connection();
    const Pdu bind = u.expect_pdu();
    REQUIRE(bind.id() == cmd::bind_transceiver);
    const std::string sys(reinterpret_cast<const char*>(bind.body().data()));
    REQUIRE(sys.size() == 5);
    const int i = sys[4] - '0';
    REQUIRE((i >= 0 && i < n));
    REQUIRE_FALSE(upstream[i].has_value());
    upstream[i].emplace(std::move(u));
  }
  for (int i = 0; i < n; ++i) {
    upstream[i]->send(bind_resp_pdu(cmd::bind_transceiver, 0, 1));
    esmes[i].expect(cmd::bind_transceiver_resp, 0, 1);
  }
  for (int i = 0; i < n; ++i) esmes[i].send(submit_sm_pdu(10 + i, "to " + std::to_string(i)));
  for (int i = 0; i < n; ++i) {
    upstream[i]->expect_bytes(submit_sm_pdu(10 + i, "to " + std::to_string(i)));
    upstream[i]->send(id_resp_pdu(cmd::submit_sm_resp, 0, 10 + i, "m" + std::to_string(i)));
  }
  for (int i = 0; i < n; ++i) esmes[i].expect_bytes(id_resp_pdu(cmd::submit_sm_resp, 0, 10 + i, "m" + std::to_string(i)));
  CHECK(proxy.stats().sessions_opened == n);
}

TEST_CASE("proxy: a response matching no outstanding request is relayed anyway and counted") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Bound b = bind_through(proxy, smsc);
  const Bytes stray = id_resp_pdu(cmd::submit_sm_resp, 0, 4242, "ghost");
  b.smsc.send(stray);
  b.esme.expect_bytes(stray);
  // A sequence number the ESME reuses while outstanding: both relayed, both answers relayed.
  const Bytes s1 = submit_sm_pdu(5, "one"), s2 = submit_sm_pdu(5, "two");
  b.esme.send(s1);
  b.esme.send(s2);
  b.smsc.expect_bytes(s1);
  b.smsc.expect_bytes(s2);
  const Bytes r1 = id_resp_pdu(cmd::submit_sm_resp, 0, 5, "A"), r2 = id_resp_pdu(cmd::submit_sm_resp, 0, 5, "B");
  b.smsc.send(r1);
  b.smsc.send(r2);
  b.esme.expect_bytes(r1);
  b.esme.expect_bytes(r2);
  CHECK(proxy.stats().stray_responses == 2);
}
