// TLS in the running proxy: ESMEs through the TLS listener, the proxy connecting to its SMSCs
// with TLS, and every way a handshake goes wrong (plain bytes, silence, a certificate for another
// name, an SMSC that does not speak TLS). The harness's plain peers reach the TLS sides through
// TlsBridge (tls_bridge.h).

#include "tls_proxy.h"

using namespace smsfw::proxy::test;
namespace status = smsfw::smpp::status;

namespace {

// Waits until the proxy's counters satisfy `ok`.
template <typename Ok>
bool stats_within(ProxyHarness& proxy, Ok ok, milliseconds timeout = kWait) {
  for (const auto deadline = Clock::now() + timeout; Clock::now() < deadline; std::this_thread::sleep_for(10ms))
    if (ok(proxy.stats())) return true;
  return false;
}

// True once `peer` sees the end of the connection within the wait, whatever bytes (not SMPP)
// come first.
bool closed_after_any_bytes(Peer& peer) {
  const auto deadline = Clock::now() + kWait;
  for (;;) {
    std::uint8_t chunk[4096];
    boost::system::error_code ec;
    peer.socket().read_some(asio::buffer(chunk), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      if (!wait_fd(peer.fd(), POLLIN, deadline)) return false;
    } else if (ec) {
      return true;
    }
  }
}

Peer connect_to(tcp::endpoint ep) {
  tcp::socket s(test_context());
  s.connect(ep);
  return Peer(std::move(s));
}

}  // namespace

TEST_CASE("TLS: an ESME through the TLS listener, the SMSC over TLS, bytes relayed unchanged") {
  TlsProxy t;
  Bound b = t.bind("tls-esme");
  Peer& esme = b.esme;
  Peer& upstream = b.smsc;
  ProxyHarness& proxy = t.proxy;
  FakeSmsc& smsc = t.smsc;

  for (std::uint32_t seq = 2; seq < 40; ++seq) {
    const Bytes submit = submit_sm_pdu(seq, "a message over TLS " + std::to_string(seq));
    esme.send(submit);
    upstream.expect_bytes(submit);
    const Bytes answer = id_resp_pdu(cmd::submit_sm_resp, status::ok, seq, "id" + std::to_string(seq));
    upstream.send(answer);
    esme.expect_bytes(answer);
  }
  const Bytes deliver = deliver_sm_pdu(77, "a reply");
  upstream.send(deliver);
  esme.expect_bytes(deliver);
  CHECK(t.esme_end->handshakes() == 1);
  CHECK(t.smsc_end.handshakes() == 1);

  // The plain listener keeps working beside the TLS one.
  Bound plain = bind_through(proxy, smsc, {.system_id = "plain-esme"});
  expect_nothing_forwarded(plain, 5);

  // The ESME unbinds: relayed over both TLS legs, then both are closed.
  const Bytes unbind = header_pdu(cmd::unbind, 0, 50);
  esme.send(unbind);
  upstream.expect_bytes(unbind);
  const Bytes unbind_resp = header_pdu(cmd::unbind_resp, 0, 50);
  upstream.send(unbind_resp);
  esme.expect_bytes(unbind_resp);
  CHECK(esme.closed_within());
  CHECK(upstream.closed_within());
  const auto s = proxy.stats();
  CHECK(s.tls_failed_esme == 0);
  CHECK(s.tls_failed_smsc == 0);
}

TEST_CASE("TLS: an ESME speaking plain SMPP to the TLS listener is closed and counted; nothing goes upstream") {
  auto server_tls = test_server_tls();
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.listen_tls = server_tls.get();
  proxy.start();
  Peer esme = connect_to(proxy.tls_endpoint());
  esme.send(bind_pdu(cmd::bind_transmitter, 1, "confused", "pw"));
  std::vector<Pdu> before;
  CHECK(esme.closed_within(kWait, &before));  // a TLS alert may come first: not SMPP, not counted
  CHECK(stats_within(proxy, [](const smsfw::proxy::ProxyStats& s) { return s.tls_failed_esme == 1; }));
  CHECK_FALSE(smsc.accept(200ms).has_value());
}

TEST_CASE("TLS: an ESME that never completes the handshake is closed at the bind timeout") {
  auto server_tls = test_server_tls();
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.settings.bind_timeout = 300ms;
  proxy.listen_tls = server_tls.get();
  proxy.start();
  Peer esme = connect_to(proxy.tls_endpoint());
  const auto start = Clock::now();
  CHECK(esme.closed_within(kWait));
  CHECK(Clock::now() - start >= 250ms);
  CHECK(stats_within(proxy, [](const smsfw::proxy::ProxyStats& s) { return s.sessions_closed == 1; }));
}

TEST_CASE("TLS: an SMSC certificate for another name fails its handshake; the next upstream is tried") {
  auto good_tls = test_server_tls();
  auto wrong_tls = test_server_tls("wrong-name");
  auto client_tls = test_client_tls();
  FakeSmsc wrong_smsc;
  FakeSmsc good_smsc;
  TlsBridge wrong_end(TlsBridge::Mode::server, *wrong_tls, wrong_smsc.endpoint());
  TlsBridge good_end(TlsBridge::Mode::server, *good_tls, good_smsc.endpoint());

  SECTION("the only upstream: the bind is answered bind_failed") {
    ProxyHarness proxy;
    proxy.settings.upstreams = {{wrong_end.endpoint()}};
    proxy.settings.upstream_names = {"localhost"};
    proxy.upstream_tls = client_tls.get();
    proxy.start();
    Peer esme = proxy.connect_esme();
    esme.send(bind_pdu(cmd::bind_transceiver, 9, "esme1", "pw"));
    esme.expect(cmd::bind_transceiver_resp, proxy.settings.bind_failed_status, 9);
    CHECK(esme.closed_within());
    CHECK(proxy.stats().tls_failed_smsc == 1);
  }
  SECTION("a second upstream with the right certificate takes the bind") {
    ProxyHarness proxy;
    proxy.settings.upstreams = {{wrong_end.endpoint()}, {good_end.endpoint()}};
    proxy.settings.upstream_names = {"localhost", "localhost"};
    proxy.upstream_tls = client_tls.get();
    proxy.start();
    Peer esme = proxy.connect_esme();
    const Bytes bind = bind_pdu(cmd::bind_transceiver, 9, "esme1", "pw");
    esme.send(bind);
    Peer upstream = good_smsc.expect_connection();
    upstream.expect_bytes(bind);
    const Bytes resp = bind_resp_pdu(cmd::bind_transceiver, status::ok, 9, "SMSC-B");
    upstream.send(resp);
    esme.expect_bytes(resp);
    CHECK(proxy.stats().tls_failed_smsc == 1);
    CHECK(wrong_end.handshake_failures() == 1);
  }
}

TEST_CASE("TLS: an upstream that does not speak TLS fails the handshake, not the process") {
  auto client_tls = test_client_tls();
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.settings.upstream_names = {"127.0.0.1"};
  proxy.upstream_tls = client_tls.get();
  proxy.start();
  Peer esme = proxy.connect_esme();
  esme.send(bind_pdu(cmd::bind_transceiver, 3, "esme1", "pw"));
  {
    Peer upstream = smsc.expect_connection();
    // A plain SMSC reads the ClientHello as garbage and answers in plain SMPP: generic_nack.
    upstream.send(header_pdu(cmd::generic_nack, status::invalid_command_length, 0));
    upstream.close();
  }
  esme.expect(cmd::bind_transceiver_resp, proxy.settings.bind_failed_status, 3);
  CHECK(esme.closed_within());
  CHECK(proxy.stats().tls_failed_smsc == 1);
}

TEST_CASE("TLS: an upstream that accepts but never answers the handshake runs into the connect timeout") {
  auto client_tls = test_client_tls();
  FakeSmsc silent;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{silent.endpoint()}};
  proxy.settings.upstream_names = {"127.0.0.1"};
  proxy.settings.connect_timeout = 300ms;
  proxy.upstream_tls = client_tls.get();
  proxy.start();
  Peer esme = proxy.connect_esme();
  esme.send(bind_pdu(cmd::bind_transceiver, 4, "esme1", "pw"));
  Peer upstream = silent.expect_connection();  // accepted, never answered
  esme.expect(cmd::bind_transceiver_resp, proxy.settings.bind_failed_status, 4);
  CHECK(esme.closed_within());
  CHECK(closed_after_any_bytes(upstream));  // the ClientHello, then the end
}
