#pragma once
// Binding an ESME through the proxy under test to a fake SMSC, checking both bind legs byte for
// byte: the first step of most behaviour tests.

#include <string_view>

#include "pdu_builders.h"
#include "proxy_harness.h"

namespace smsfw::proxy::test {

// An ESME bound through the proxy, and the upstream connection the proxy made for it.
struct Bound {
  Peer esme;
  Peer smsc;
};

struct BindThrough {
  std::uint32_t command = cmd::bind_transceiver;
  std::uint32_t seq = 1;
  std::string_view system_id = "esme1";
  int esme_rcvbuf = 0;  // > 0 shrinks the ESME socket's receive buffer
  int smsc_sndbuf = 0;  // > 0 shrinks the SMSC socket's send buffer
};

inline Bound bind_through(ProxyHarness& proxy, FakeSmsc& smsc, const BindThrough& how = {}) {
  Peer esme = proxy.connect_esme(how.esme_rcvbuf);
  const Bytes bind = bind_pdu(how.command, how.seq, how.system_id, "pw-123");
  esme.send(bind);
  Peer upstream = smsc.expect_connection(kWait, how.smsc_sndbuf);
  upstream.expect_bytes(bind);  // forwarded as-is, credentials included
  const Bytes resp = bind_resp_pdu(how.command, smpp::status::ok, how.seq, "SMSC-A");
  upstream.send(resp);
  esme.expect_bytes(resp);
  return {std::move(esme), std::move(upstream)};
}

// Nothing `from` sent before was forwarded: the next thing `to` sees is this enquire_link probe,
// and its answer comes back.
inline void expect_nothing_forwarded(Peer& from, Peer& to, std::uint32_t probe_seq) {
  const Bytes probe = header_pdu(cmd::enquire_link, 0, probe_seq);
  from.send(probe);
  to.expect_bytes(probe);
  const Bytes resp = header_pdu(cmd::enquire_link_resp, 0, probe_seq);
  to.send(resp);
  from.expect_bytes(resp);
}
// The same from the ESME to the SMSC of a bound pair.
inline void expect_nothing_forwarded(Bound& b, std::uint32_t probe_seq) {
  expect_nothing_forwarded(b.esme, b.smsc, probe_seq);
}

}  // namespace smsfw::proxy::test
