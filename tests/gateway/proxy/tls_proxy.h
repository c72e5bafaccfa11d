#pragma once
// The proxy under test with TLS on both sides, and the plain test peers bridged to them: a
// FakeSmsc behind a TLS server end (the proxy's upstream TLS connects there, verifying the name
// "localhost"), and a TLS client end in front of the proxy's TLS listener (the test's ESME
// connects to it in plain TCP). Certificates from the test PKI (support/test_pki.h).

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "bind_through.h"
#include "pdu_builders.h"
#include "proxy_harness.h"
#include "support/test_pki.h"
#include "tls/tls_context.h"
#include "tls_bridge.h"

namespace smsfw::proxy::test {

// A server context with the test PKI's certificate `name` ("server", "wrong-name", ...).
inline std::unique_ptr<asio::ssl::context> test_server_tls(const std::string& name = "server") {
  const auto& pki = smsfw::test::TestPki::get();
  tls::ServerConfig c;
  c.certificate = pki.file(name + ".pem");
  c.private_key = pki.file(name + ".key");
  return tls::make_server_context(c);
}

// A client context trusting the test CA.
inline std::unique_ptr<asio::ssl::context> test_client_tls() {
  tls::ClientConfig c;
  c.ca = smsfw::test::TestPki::get().file("ca.pem");
  return tls::make_client_context(c);
}

struct TlsProxy {
  std::unique_ptr<asio::ssl::context> server_tls = test_server_tls();
  std::unique_ptr<asio::ssl::context> client_tls = test_client_tls();
  FakeSmsc smsc;
  TlsBridge smsc_end{TlsBridge::Mode::server, *server_tls, smsc.endpoint()};
  ProxyHarness proxy;
  std::optional<TlsBridge> esme_end;  // made once the proxy listens

  TlsProxy() {
    proxy.settings.upstreams = {{smsc_end.endpoint()}};
    proxy.settings.upstream_names = {"localhost"};
    proxy.listen_tls = server_tls.get();
    proxy.upstream_tls = client_tls.get();
    proxy.start();
    esme_end.emplace(TlsBridge::Mode::client, *client_tls, proxy.tls_endpoint(), "127.0.0.1");
  }

  // A new plain connection to the ESME's TLS end.
  Peer connect_esme() {
    tcp::socket s(test_context());
    s.connect(esme_end->endpoint());
    return Peer(std::move(s));
  }

  // An ESME bound through both TLS legs, both bind legs checked byte for byte.
  Bound bind(std::string_view system_id, std::uint32_t seq = 1) {
    Peer esme = connect_esme();
    const Bytes bind = bind_pdu(cmd::bind_transceiver, seq, system_id, "pw-123");
    esme.send(bind);
    Peer upstream = smsc.expect_connection();
    upstream.expect_bytes(bind);
    const Bytes resp = bind_resp_pdu(cmd::bind_transceiver, smpp::status::ok, seq, "SMSC-A");
    upstream.send(resp);
    esme.expect_bytes(resp);
    return {std::move(esme), std::move(upstream)};
  }
};

}  // namespace smsfw::proxy::test
