// Behaviour of the proxy when a session starts or ends badly: no upstream, failover, untrustworthy
// frames, a side dropping with requests in flight, unbind, timeouts, drain, back-pressure.
// "Every request that enters the pair gets exactly one answer while its connection is open."

#include <fstream>
#include <map>
#include <set>

#include "pdu_builders.h"
#include "bind_through.h"
#include "proxy_harness.h"

using namespace smsfw::proxy::test;
namespace status = smsfw::smpp::status;

namespace {

// Reads PDUs until an unbind arrives; returns the PDUs before it and the unbind.
Pdu read_until_unbind(Peer& p, std::vector<Pdu>& before) {
  for (int i = 0; i < 1000; ++i) {
    Pdu x = p.expect_pdu();
    if (x.id() == cmd::unbind) return x;
    before.push_back(std::move(x));
  }
  FAIL("no unbind");
  return {};
}

// The PDUs of `pdus` with this command id and sequence number (a request's answers).
std::vector<Pdu> answers(const std::vector<Pdu>& pdus, std::uint32_t id, std::uint32_t seq) {
  std::vector<Pdu> out;
  for (const Pdu& p : pdus)
    if (p.id() == id && p.seq() == seq) out.push_back(p);
  return out;
}

// Answers the proxy's unbind and expects the connection to close.
void answer_unbind_and_expect_close(Peer& p, const Pdu& unbind) {
  CHECK(unbind.bytes.size() == 16);
  CHECK(unbind.status() == 0);
  CHECK(unbind.seq() != 0);
  CHECK(unbind.seq() <= 0x7FFFFFFFu);
  p.send(header_pdu(cmd::unbind_resp, 0, unbind.seq()));
  CHECK(p.closed_within());
}

// Sends enquire_links until the proxy answers one itself (it does so only while draining);
// those it still forwards are answered by the SMSC. Returns once the session is draining.
void wait_until_draining(Peer& esme, Peer& smsc, std::uint32_t first_seq) {
  const auto deadline = Clock::now() + kWait;
  for (std::uint32_t seq = first_seq; Clock::now() < deadline; ++seq) {
    esme.send(header_pdu(cmd::enquire_link, 0, seq));
    for (;;) {
      Pdu p;
      if (esme.read(p, 5ms) == Peer::Read::pdu) {
        REQUIRE(p.id() == cmd::enquire_link_resp);
        REQUIRE(p.seq() == seq);
        return;  // answered by the proxy: draining
      }
      if (smsc.read(p, 5ms) == Peer::Read::pdu) {
        REQUIRE(p.id() == cmd::enquire_link);  // still relaying: the SMSC answers
        smsc.send(header_pdu(cmd::enquire_link_resp, 0, p.seq()));
        esme.expect(cmd::enquire_link_resp, 0, seq);
        break;
      }
      if (Clock::now() >= deadline) break;
    }
  }
  FAIL("the session did not start draining");
}

}  // namespace

TEST_CASE("proxy: no upstream reachable at bind: bind_resp ESME_RBINDFAIL, then close") {
  ProxyHarness proxy;
  proxy.settings.upstreams = {{closed_port()}};
  proxy.start();
  for (std::uint32_t bind : {cmd::bind_transmitter, cmd::bind_receiver, cmd::bind_transceiver}) {
    CAPTURE(bind);
    Peer esme = proxy.connect_esme();
    esme.send(bind_pdu(bind, 31));
    esme.expect(smsfw::smpp::response_for(bind), status::bind_failed, 31);
    CHECK(esme.closed_within());
  }
  const auto stats = proxy.stats();
  CHECK(stats.binds_failed_no_upstream == 3);
  CHECK(stats.binds_forwarded == 0);
}

TEST_CASE("proxy: the configured bind_failed status is used") {
  ProxyHarness proxy;
  proxy.settings.upstreams = {{closed_port()}, {closed_port()}};
  proxy.settings.bind_failed_status = 0x0401;
  proxy.start();
  Peer esme = proxy.connect_esme();
  esme.send(bind_pdu(cmd::bind_transceiver, 2));
  esme.expect(cmd::bind_transceiver_resp, 0x0401, 2);
  CHECK(esme.closed_within());
}

TEST_CASE("proxy: failover: a closed first upstream, the second one takes the bind") {
  FakeSmsc live;
  ProxyHarness proxy;
  // The first upstream has two addresses, both closed; then the live one.
  proxy.settings.upstreams = {{closed_port(), closed_port()}, {live.endpoint()}};
  proxy.start();
  Peer esme = proxy.connect_esme();
  const Bytes bind = bind_pdu(cmd::bind_transmitter, 1);
  esme.send(bind);
  Peer upstream = live.expect_connection();
  upstream.expect_bytes(bind);
  const Bytes resp = bind_resp_pdu(cmd::bind_transmitter, 0, 1);
  upstream.send(resp);
  esme.expect_bytes(resp);
  const Bytes submit = submit_sm_pdu(2);
  esme.send(submit);
  upstream.expect_bytes(submit);
}

TEST_CASE("proxy: an untrustworthy command_length from the ESME: generic_nack 0x02, close, unbind the SMSC") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Bound b = bind_through(proxy, smsc);

  std::uint32_t length = 0;
  SECTION("command_length 8") { length = 8; }
  SECTION("command_length above max_pdu_size") { length = static_cast<std::uint32_t>(proxy.settings.max_pdu_size + 1); }
  SECTION("command_length 0xFFFFFFFF") { length = 0xFFFFFFFFu; }
  CAPTURE(length);

  // A valid enquire_link first, in the same write: the nack must echo the bad frame's sequence.
  Bytes frames = header_pdu(cmd::enquire_link, 0, 76);
  Bytes frame = header_pdu(cmd::submit_sm, 0, 77);
  smsfw::smpp::store_u32(frame.data(), length);
  frames.insert(frames.end(), frame.begin(), frame.end());
  b.esme.send(frames);
  b.smsc.expect_bytes(header_pdu(cmd::enquire_link, 0, 76));
  const Pdu nack = b.esme.expect(cmd::generic_nack, status::invalid_command_length, 77);
  CHECK(nack.bytes.size() == 16);
  CHECK(b.esme.closed_within());

  std::vector<Pdu> before;
  const Pdu unbind = read_until_unbind(b.smsc, before);
  CHECK(before.empty());  // nothing of the bad frame reached the SMSC
  answer_unbind_and_expect_close(b.smsc, unbind);
  CHECK(proxy.stats().bad_frames == 1);
}

TEST_CASE("proxy: an untrustworthy command_length before a bind: generic_nack, close, no upstream") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Peer esme = proxy.connect_esme();
  Bytes frame = header_pdu(cmd::bind_transmitter, 0, 5);
  smsfw::smpp::store_u32(frame.data(), 12);
  esme.send(frame);
  esme.expect(cmd::generic_nack, status::invalid_command_length, 5);
  CHECK(esme.closed_within());
  CHECK_FALSE(smsc.accept(0ms).has_value());
}

TEST_CASE("proxy: an untrustworthy command_length from the SMSC: nack and close it, answer the ESME, unbind it") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Bound b = bind_through(proxy, smsc);
  const Bytes submit = submit_sm_pdu(8);
  b.esme.send(submit);
  b.smsc.expect_bytes(submit);
  Bytes frame = header_pdu(cmd::deliver_sm, 0, 66);
  smsfw::smpp::store_u32(frame.data(), 0x01000000);
  b.smsc.send(frame);
  b.smsc.expect(cmd::generic_nack, status::invalid_command_length, 66);
  CHECK(b.smsc.closed_within());
  b.esme.expect(cmd::submit_sm_resp, status::system_error, 8);
  std::vector<Pdu> before;
  const Pdu unbind = read_until_unbind(b.esme, before);
  CHECK(before.empty());
  answer_unbind_and_expect_close(b.esme, unbind);
}

TEST_CASE("proxy: the SMSC drops with submits in flight: each answered 0x08 once, then the ESME is unbound") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Bound b = bind_through(proxy, smsc);
  const std::vector<std::uint32_t> seqs = {10, 11, 12, 13, 0x7FFFFFFE};
  for (std::uint32_t s : seqs) b.esme.send(submit_sm_pdu(s));
  b.esme.send(data_sm_pdu(cmd::data_sm, 14, "d"));
  for (std::uint32_t s : seqs) b.smsc.expect_bytes(submit_sm_pdu(s));
  b.smsc.expect_bytes(data_sm_pdu(cmd::data_sm, 14, "d"));
  // The SMSC answers one, then goes away.
  const Bytes r11 = id_resp_pdu(cmd::submit_sm_resp, 0, 11, "M11");
  b.smsc.send(r11);
  b.esme.expect_bytes(r11);

  SECTION("with FIN") { b.smsc.close(); }
  SECTION("with RST") { b.smsc.reset(); }

  std::vector<Pdu> answers;
  const Pdu unbind = read_until_unbind(b.esme, answers);
  std::map<std::uint32_t, int> answered;  // seq -> count
  for (const Pdu& p : answers) {
    INFO(p);
    CHECK(p.status() == status::system_error);
    CHECK((p.id() == cmd::submit_sm_resp || (p.id() == cmd::data_sm_resp && p.seq() == 14)));
    ++answered[p.seq()];
  }
  CHECK(answered == std::map<std::uint32_t, int>{{10, 1}, {12, 1}, {13, 1}, {14, 1}, {0x7FFFFFFE, 1}});
  CHECK(answered.count(unbind.seq()) == 0);
  answer_unbind_and_expect_close(b.esme, unbind);
}

TEST_CASE("proxy: the configured upstream_unavailable status answers the ESME's requests") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.settings.upstream_unavailable_status = 0x14;
  proxy.start();
  Bound b = bind_through(proxy, smsc);
  b.esme.send(submit_sm_pdu(3));
  b.smsc.expect_bytes(submit_sm_pdu(3));
  b.smsc.close();
  b.esme.expect(cmd::submit_sm_resp, 0x14, 3);
  CHECK(b.esme.expect_pdu().id() == cmd::unbind);
}

TEST_CASE("proxy: the ESME drops with a deliver_sm in flight: the SMSC gets deliver_sm_resp 0x64, then unbind") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Bound b = bind_through(proxy, smsc);
  const Bytes d1 = deliver_sm_pdu(500), d2 = deliver_sm_pdu(501);
  b.smsc.send(d1);
  b.smsc.send(d2);
  b.esme.expect_bytes(d1);
  b.esme.expect_bytes(d2);
  const Bytes r2 = id_resp_pdu(cmd::deliver_sm_resp, 0, 501, "");
  b.esme.send(r2);
  b.smsc.expect_bytes(r2);

  SECTION("with FIN") { b.esme.close(); }
  SECTION("with RST") { b.esme.reset(); }

  std::vector<Pdu> answers;
  const Pdu unbind = read_until_unbind(b.smsc, answers);
  REQUIRE(answers.size() == 1);
  CHECK(answers[0].id() == cmd::deliver_sm_resp);
  CHECK(answers[0].status() == 0x64);
  CHECK(answers[0].seq() == 500);
  answer_unbind_and_expect_close(b.smsc, unbind);
}

TEST_CASE("proxy: the unbind sequence number avoids the SMSC's outstanding requests") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Bound b = bind_through(proxy, smsc);
  // The ESME has requests of its own outstanding towards the SMSC at the top of the range.
  b.esme.send(submit_sm_pdu(0x7FFFFFFF));
  b.smsc.expect_bytes(submit_sm_pdu(0x7FFFFFFF));
  b.esme.close();
  const Pdu unbind = b.smsc.expect_pdu();
  REQUIRE(unbind.id() == cmd::unbind);
  CHECK(unbind.seq() != 0x7FFFFFFFu);
  // The SMSC answers the dead ESME's submit first: dropped, the unbind handshake still works.
  b.smsc.send(id_resp_pdu(cmd::submit_sm_resp, 0, 0x7FFFFFFF, "late"));
  answer_unbind_and_expect_close(b.smsc, unbind);
}

TEST_CASE("proxy: unbind from either side is relayed, unbind_resp returned, both connections closed") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Bound b = bind_through(proxy, smsc);
  const bool from_esme = GENERATE(true, false);
  CAPTURE(from_esme);
  Peer& asker = from_esme ? b.esme : b.smsc;
  Peer& answerer = from_esme ? b.smsc : b.esme;
  const Bytes unbind = header_pdu(cmd::unbind, 0, 42);
  asker.send(unbind);
  answerer.expect_bytes(unbind);
  const Bytes resp = header_pdu(cmd::unbind_resp, 0, 42);
  answerer.send(resp);
  asker.expect_bytes(resp);
  CHECK(b.esme.closed_within());
  CHECK(b.smsc.closed_within());
  const auto stats = proxy.stats();
  CHECK(stats.sessions_closed == 1);
  CHECK(stats.answered_by_proxy == 0);
}

TEST_CASE("proxy: a silent ESME is closed after the bind timeout") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.settings.bind_timeout = 300ms;
  proxy.start();
  const auto start = Clock::now();
  Peer esme = proxy.connect_esme();
  CHECK(esme.closed_within(3s));
  CHECK(Clock::now() - start >= 300ms);
  CHECK_FALSE(smsc.accept(0ms).has_value());
  // An enquire_link is not a bind: the timeout still applies.
  Peer chatty = proxy.connect_esme();
  chatty.send(header_pdu(cmd::enquire_link, 0, 1));
  chatty.expect(cmd::enquire_link_resp, 0, 1);
  CHECK(chatty.closed_within(3s));
}

TEST_CASE("proxy: an idle session is unbound on both sides") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.settings.idle_timeout = 300ms;
  proxy.start();
  Bound b = bind_through(proxy, smsc);
  const Pdu u1 = b.esme.expect_pdu(3s);
  const Pdu u2 = b.smsc.expect_pdu(3s);
  CHECK(u1.id() == cmd::unbind);
  CHECK(u2.id() == cmd::unbind);
  answer_unbind_and_expect_close(b.esme, u1);
  answer_unbind_and_expect_close(b.smsc, u2);
}

TEST_CASE("proxy: drain with a request in flight: its response still reaches the ESME, then both sides are unbound") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start(2);
  Bound b = bind_through(proxy, smsc);
  const Bytes submit = submit_sm_pdu(30);
  b.esme.send(submit);
  b.smsc.expect_bytes(submit);

  auto drained = proxy.drain_async(5s);
  wait_until_draining(b.esme, b.smsc, 1000);
  CHECK(proxy.refuses_connections_within(1s));  // no new sessions while draining
  // New requests are refused while draining, from either side.
  b.esme.send(submit_sm_pdu(31));
  b.esme.expect(cmd::submit_sm_resp, status::system_error, 31);
  b.smsc.send(deliver_sm_pdu(900));
  b.smsc.expect(cmd::deliver_sm_resp, 0x64, 900);
  CHECK(b.smsc.silent_for(20ms));

  // The request in flight is answered by the SMSC and relayed.
  const Bytes resp = id_resp_pdu(cmd::submit_sm_resp, 0, 30, "MSG-30");
  b.smsc.send(resp);
  b.esme.expect_bytes(resp);
  const Pdu u1 = b.esme.expect_pdu();
  const Pdu u2 = b.smsc.expect_pdu();
  CHECK(u1.id() == cmd::unbind);
  CHECK(u2.id() == cmd::unbind);
  answer_unbind_and_expect_close(b.esme, u1);
  answer_unbind_and_expect_close(b.smsc, u2);
  REQUIRE(drained.wait_for(kWait) == std::future_status::ready);
  CHECK(drained.get());  // every worker finished within the deadline
}

TEST_CASE("proxy: an unbind while draining goes through the relay and ends the session") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Bound b = bind_through(proxy, smsc);
  const Bytes submit = submit_sm_pdu(40);
  b.esme.send(submit);
  b.smsc.expect_bytes(submit);  // keeps the session draining rather than winding down

  auto drained = proxy.drain_async(5s);
  wait_until_draining(b.esme, b.smsc, 1000);
  const Bytes unbind = header_pdu(cmd::unbind, 0, 41);
  b.esme.send(unbind);
  b.smsc.expect_bytes(unbind);  // relayed, not refused
  b.smsc.send(header_pdu(cmd::submit_sm_resp, 0, 40));
  b.esme.expect(cmd::submit_sm_resp, status::ok, 40);
  b.smsc.send(header_pdu(cmd::unbind_resp, 0, 41));
  b.esme.expect(cmd::unbind_resp, status::ok, 41);
  CHECK(b.esme.closed_within());
  CHECK(b.smsc.closed_within());
  REQUIRE(drained.wait_for(kWait) == std::future_status::ready);
  CHECK(drained.get());
}

TEST_CASE("proxy: drain whose deadline passes: each request in flight still gets exactly one answer") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.settings.unbind_timeout = 400ms;
  proxy.start();
  Bound b = bind_through(proxy, smsc);
  const Bytes submit = submit_sm_pdu(50);
  b.esme.send(submit);
  b.smsc.expect_bytes(submit);
  const Bytes deliver = deliver_sm_pdu(60);
  b.smsc.send(deliver);
  b.esme.expect_bytes(deliver);

  auto drained = proxy.drain_async(5s);
  // Neither side answers within the drain deadline. The ESME still awaits an answer, so the
  // SMSC is unbound first; the ESME only once the SMSC's side has ended, after every answer it
  // awaits (an ESME answering unbind closes at once).
  std::vector<Pdu> to_esme, to_smsc;
  const Pdu u_smsc = read_until_unbind(b.smsc, to_smsc);
  const Bytes smsc_unbind_resp = header_pdu(cmd::unbind_resp, 0, u_smsc.seq());
  // The ESME's unbind, after what comes before it; answered, then the connection closes.
  auto esme_unbinds = [&] {
    const Pdu u_esme = read_until_unbind(b.esme, to_esme);
    b.esme.send(header_pdu(cmd::unbind_resp, 0, u_esme.seq()));
    CHECK(b.esme.closed_within(kWait, &to_esme));
  };

  SECTION("answers that arrive during the unbind are relayed") {
    const Bytes late_submit_resp = id_resp_pdu(cmd::submit_sm_resp, 0, 50, "LATE-50");
    const Bytes late_deliver_resp = id_resp_pdu(cmd::deliver_sm_resp, 0, 60, "");
    b.smsc.send(late_submit_resp);
    b.esme.send(late_deliver_resp);
    to_esme.push_back(b.esme.expect_pdu());
    to_smsc.push_back(b.smsc.expect_pdu());
    b.smsc.send(smsc_unbind_resp);
    CHECK(b.smsc.closed_within(kWait, &to_smsc));
    esme_unbinds();
    const auto a50 = answers(to_esme, cmd::submit_sm_resp, 50);
    const auto a60 = answers(to_smsc, cmd::deliver_sm_resp, 60);
    REQUIRE(a50.size() == 1);
    REQUIRE(a60.size() == 1);
    CHECK(a50[0].bytes == late_submit_resp);
    CHECK(a60[0].bytes == late_deliver_resp);
  }
  SECTION("the SMSC completes its unbind without answering: the proxy answers the ESME, then unbinds it") {
    b.smsc.send(smsc_unbind_resp);
    CHECK(b.smsc.closed_within(kWait, &to_smsc));
    esme_unbinds();
    const auto a50 = answers(to_esme, cmd::submit_sm_resp, 50);
    REQUIRE(a50.size() == 1);
    CHECK(a50[0].status() == status::system_error);
  }
  SECTION("the SMSC drops during the unbind: the proxy answers the ESME, then unbinds it") {
    b.smsc.close();
    esme_unbinds();
    const auto a50 = answers(to_esme, cmd::submit_sm_resp, 50);
    REQUIRE(a50.size() == 1);
    CHECK(a50[0].status() == status::system_error);
  }
  SECTION("the SMSC ignores its unbind: closed after the unbind timeout, the ESME answered, then unbound") {
    CHECK(b.smsc.closed_within(kWait, &to_smsc));
    esme_unbinds();
    const auto a50 = answers(to_esme, cmd::submit_sm_resp, 50);
    REQUIRE(a50.size() == 1);
    CHECK(a50[0].status() == status::system_error);
  }
  SECTION("the SMSC unbinds itself meanwhile: answered, and the ESME answered, then unbound") {
    b.smsc.send(header_pdu(cmd::unbind, 0, 77));
    to_smsc.push_back(b.smsc.expect_pdu());
    CHECK(b.smsc.closed_within(kWait, &to_smsc));
    esme_unbinds();
    CHECK(answers(to_smsc, cmd::unbind_resp, 77).size() == 1);
    const auto a50 = answers(to_esme, cmd::submit_sm_resp, 50);
    REQUIRE(a50.size() == 1);
    CHECK(a50[0].status() == status::system_error);
  }
  for (const Pdu& p : to_esme) CHECK(p.id() != cmd::unbind);  // exactly one unbind, read above
  REQUIRE(drained.wait_for(kWait) == std::future_status::ready);
  CHECK(drained.get());
}

TEST_CASE("proxy: drain deadline with only the SMSC awaiting an answer: both unbound at once, the SMSC answered") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.settings.unbind_timeout = 400ms;
  proxy.start();
  Bound b = bind_through(proxy, smsc);
  const Bytes deliver = deliver_sm_pdu(60);
  b.smsc.send(deliver);
  b.esme.expect_bytes(deliver);

  auto drained = proxy.drain_async(5s);
  std::vector<Pdu> to_esme, to_smsc;
  const Pdu u_esme = read_until_unbind(b.esme, to_esme);
  const Pdu u_smsc = read_until_unbind(b.smsc, to_smsc);
  // The ESME completes its unbind without answering the deliver_sm: the proxy answers the SMSC.
  b.esme.send(header_pdu(cmd::unbind_resp, 0, u_esme.seq()));
  CHECK(b.esme.closed_within(kWait, &to_esme));
  Pdu p;
  if (b.smsc.read(p, kWait) == Peer::Read::pdu) to_smsc.push_back(p);
  b.smsc.send(header_pdu(cmd::unbind_resp, 0, u_smsc.seq()));
  CHECK(b.smsc.closed_within(kWait, &to_smsc));
  const auto a60 = answers(to_smsc, cmd::deliver_sm_resp, 60);
  REQUIRE(a60.size() == 1);
  CHECK(a60[0].status() == 0x64);
  REQUIRE(drained.wait_for(kWait) == std::future_status::ready);
  CHECK(drained.get());
}

TEST_CASE("proxy: drain closes sessions that have not bound yet") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Peer esme = proxy.connect_esme();
  esme.send(header_pdu(cmd::enquire_link, 0, 1));  // the session exists on its worker
  esme.expect(cmd::enquire_link_resp, 0, 1);
  auto drained = proxy.drain_async(5s);
  CHECK(esme.closed_within());
  REQUIRE(drained.wait_for(kWait) == std::future_status::ready);
  CHECK(drained.get());
}

namespace {

// The most a kernel may buffer for one socket direction (autotuning ceilings).
std::size_t proc_max(const char* path) {
  std::ifstream in(path);
  std::size_t lo = 0, def = 0, hi = 0;
  in >> lo >> def >> hi;
  return hi > 0 ? hi : std::size_t{64} << 20;
}

std::size_t sock_buf(Peer& p, bool send) {
  int v = 0;
  socklen_t len = sizeof v;
  ::getsockopt(p.fd(), SOL_SOCKET, send ? SO_SNDBUF : SO_RCVBUF, &v, &len);
  return static_cast<std::size_t>(v);
}

}  // namespace

TEST_CASE("proxy: back-pressure: an ESME that stops reading makes the proxy stop reading the SMSC") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.settings.max_pdu_size = 4096;
  proxy.settings.max_buffered_bytes = 64 * 1024;
  proxy.settings.max_inflight = 1 << 20;  // the limit under test is bytes, not requests
  proxy.start();
  Bound b = bind_through(proxy, smsc, {.esme_rcvbuf = 8192, .smsc_sndbuf = 8192});

  // The ESME reads nothing from here on; the SMSC floods deliver_sm until its writes block.
  const std::string text(200, 'x');
  std::vector<Bytes> pdus;
  const std::size_t bound = 2 * proxy.settings.max_buffered_bytes + 2 * proxy.settings.max_pdu_size +
                            64 * 1024 /* proxy read buffers */ +
                            proc_max("/proc/sys/net/ipv4/tcp_rmem") /* proxy's SMSC socket */ +
                            proc_max("/proc/sys/net/ipv4/tcp_wmem") /* proxy's ESME socket */ +
                            sock_buf(b.esme, false) + sock_buf(b.smsc, true);
  const std::size_t give_up = bound + (16u << 20);  // without back-pressure the flood reaches this
  std::size_t written = 0;
  Bytes pending;  // the unwritten rest of the PDU being written
  std::uint32_t next_seq = 1;
  const auto flood_deadline = Clock::now() + 10s;
  for (;;) {
    if (pending.empty()) {
      pdus.push_back(deliver_sm_pdu(next_seq++, text, false));
      pending = pdus.back();
    }
    const std::size_t n = b.smsc.send_some(pending);
    written += n;
    pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(n));
    if (n == 0 && !wait_fd(b.smsc.fd(), POLLOUT, Clock::now() + 300ms)) break;  // blocked for 300 ms
    if (written > give_up || Clock::now() > flood_deadline) break;
  }
  INFO("SMSC wrote " << written << " bytes before blocking; bound " << bound);
  CHECK(written <= bound);
  CHECK(written > proxy.settings.max_buffered_bytes);  // it did flood

  // The ESME reads again: every deliver_sm arrives, in order, byte-identical.
  std::size_t received = 0;
  const auto deadline = Clock::now() + 10s;
  while (received < pdus.size() && Clock::now() < deadline) {
    if (!pending.empty()) {
      const std::size_t n = b.smsc.send_some(pending);
      pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(n));
    }
    Pdu p;
    if (b.esme.read(p, 5ms) == Peer::Read::pdu) {
      if (p.bytes != pdus[received]) {
        FAIL_CHECK("deliver_sm #" << received << " differs: " << p);
        break;
      }
      ++received;
    }
  }
  CHECK(received == pdus.size());
  CHECK(proxy.stats().write_stalls == 0);
}

TEST_CASE("proxy: the SMSC drops before answering the bind: the ESME gets a failed bind_resp and is closed") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Peer esme = proxy.connect_esme();
  const Bytes bind = bind_pdu(cmd::bind_transmitter, 7);
  esme.send(bind);
  Peer upstream = smsc.expect_connection();
  upstream.expect_bytes(bind);
  upstream.close();
  const Pdu r = esme.expect_pdu();
  CHECK(r.id() == cmd::bind_transmitter_resp);
  CHECK(r.seq() == 7);
  CHECK(r.status() == status::bind_failed);  // as if no upstream had been reachable
  CHECK(esme.closed_within());  // nobody was bound: no unbind
}

TEST_CASE("proxy: write stall: an ESME that stops reading is dropped, every deliver_sm is answered once, then unbind") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.settings.max_buffered_bytes = 64 * 1024;
  proxy.settings.max_inflight = 1 << 20;
  proxy.settings.write_stall_timeout = 500ms;
  proxy.start();
  Bound b = bind_through(proxy, smsc, {.esme_rcvbuf = 8192});

  // The SMSC sends deliver_sm (reading whatever the proxy answers) until the proxy unbinds it.
  const std::string text(200, 'w');
  std::map<std::uint32_t, int> answered;  // deliver_sm seq -> answers received
  std::uint32_t sent = 0;
  Bytes pending;
  std::optional<Pdu> unbind;
  auto take_answers = [&](milliseconds wait) {
    Pdu p;
    while (b.smsc.read(p, wait) == Peer::Read::pdu) {
      if (p.id() == cmd::unbind) {
        REQUIRE_FALSE(unbind.has_value());
        unbind = p;
      } else {
        if (p.id() != cmd::deliver_sm_resp || p.status() != 0x64) FAIL("unexpected " << p);
        ++answered[p.seq()];
      }
      wait = 0ms;
    }
  };
  const auto deadline = Clock::now() + 10s;
  while (!unbind && Clock::now() < deadline && sent < 200000) {
    if (pending.empty()) pending = deliver_sm_pdu(++sent, text, false);
    const std::size_t n = b.smsc.send_some(pending);
    pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(n));
    take_answers(n == 0 ? 5ms : 0ms);
  }
  REQUIRE(unbind.has_value());
  // Finish the PDU cut short, then collect the answers still coming.
  while (!pending.empty() && Clock::now() < deadline) {
    const std::size_t n = b.smsc.send_some(pending);
    pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(n));
    take_answers(n == 0 ? 5ms : 0ms);
  }
  while (answered.size() < sent && Clock::now() < deadline) take_answers(20ms);
  CHECK(answered.size() == sent);
  CHECK(answered.begin()->first == 1);
  CHECK(answered.rbegin()->first == sent);
  int duplicates = 0;
  for (const auto& [seq, count] : answered) duplicates += count - 1;
  CHECK(duplicates == 0);
  answer_unbind_and_expect_close(b.smsc, *unbind);

  // The ESME was closed: what it had buffered (perhaps ending in a PDU cut short by the close)
  // is followed by the end of the stream.
  std::vector<Pdu> buffered;
  b.esme.closed_within(kWait, &buffered);
  CHECK(b.esme.is_closed());
  CHECK(proxy.stats().write_stalls == 1);
}
