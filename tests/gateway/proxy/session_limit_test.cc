// limits.max_sessions: ESME connections over the limit get their bind answered with the session
// limit status and are closed, without an upstream connection; a closed session frees its slot.
// At most max_refusing of them wait for that answer at once; more are closed as soon as accepted.

#include <stdexcept>
#include <thread>
#include <vector>
#include <utility>

#include "bind_through.h"
#include "pdu_builders.h"
#include "proxy_harness.h"

using namespace smsfw::proxy::test;
namespace status = smsfw::smpp::status;

namespace {

// Binds a new ESME through the proxy, retrying while the proxy still answers the session limit
// status (a closed session gives its slot back once it is destroyed, a moment after the close).
// Returns the bound pair and the refusals seen before the bind went through.
std::pair<Bound, int> bind_when_a_slot_is_free(ProxyHarness& proxy, FakeSmsc& smsc) {
  const auto deadline = Clock::now() + kWait;
  for (int refused = 0; Clock::now() < deadline; ++refused) {
    Peer esme = proxy.connect_esme();
    const Bytes bind = bind_pdu(cmd::bind_transceiver, 7, "esme3", "pw-123");
    esme.send(bind);
    Pdu p;
    if (esme.read(p, 200ms) == Peer::Read::pdu) {
      REQUIRE(p.id() == cmd::bind_transceiver_resp);
      REQUIRE(p.status() == status::bind_failed);
      CHECK(esme.closed_within());
      std::this_thread::sleep_for(10ms);
      continue;
    }
    Peer upstream = smsc.expect_connection();
    upstream.expect_bytes(bind);
    const Bytes resp = bind_resp_pdu(cmd::bind_transceiver, status::ok, 7, "SMSC-A");
    upstream.send(resp);
    esme.expect_bytes(resp);
    return {Bound{std::move(esme), std::move(upstream)}, refused};
  }
  FAIL("no session slot came free");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("limits: over max_sessions a bind is refused with ESME_RBINDFAIL and the connection closed") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.settings.max_sessions = 2;
  proxy.start();
  Bound a = bind_through(proxy, smsc, {.system_id = "esme1"});
  Bound b = bind_through(proxy, smsc, {.system_id = "esme2"});

  for (std::uint32_t bind : {cmd::bind_transmitter, cmd::bind_receiver, cmd::bind_transceiver}) {
    CAPTURE(bind);
    Peer over = proxy.connect_esme();
    over.send(bind_pdu(bind, 41, "esme3", "pw-123"));
    over.expect(smsfw::smpp::response_for(bind), status::bind_failed, 41);
    CHECK(over.closed_within());
  }
  CHECK_FALSE(smsc.accept(200ms));  // no upstream connection for a refused bind

  // The sessions within the limit are untouched.
  expect_nothing_forwarded(a, 2);
  expect_nothing_forwarded(b, 2);
  CHECK(proxy.stats().binds_refused_session_limit == 3);

  // An ESME that goes away frees its slot: the proxy unbinds its SMSC side, then a new bind fits.
  a.esme.close();
  const Pdu unbind = a.smsc.expect_pdu();
  REQUIRE(unbind.id() == cmd::unbind);
  a.smsc.send(header_pdu(cmd::unbind_resp, 0, unbind.seq()));
  CHECK(a.smsc.closed_within());
  auto [c, refused_meanwhile] = bind_when_a_slot_is_free(proxy, smsc);
  expect_nothing_forwarded(c, 3);
  CHECK(proxy.stats().binds_refused_session_limit == 3u + static_cast<unsigned>(refused_meanwhile));
}

TEST_CASE("limits: the configured session_limit status is used, and an enquire_link before the bind is answered") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.settings.max_sessions = 1;
  proxy.settings.session_limit_status = status::throttled;
  proxy.start();
  Bound a = bind_through(proxy, smsc);
  Peer over = proxy.connect_esme();
  over.send(header_pdu(cmd::enquire_link, 0, 5));
  over.expect(cmd::enquire_link_resp, status::ok, 5);
  over.send(bind_pdu(cmd::bind_transmitter, 6, "esme2", "pw-123"));
  over.expect(cmd::bind_transmitter_resp, status::throttled, 6);
  CHECK(over.closed_within());
  expect_nothing_forwarded(a, 2);
}

TEST_CASE("limits: past max_sessions, at most max_refusing connections wait for their refusal, more are closed at once") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.settings.max_sessions = 1;
  proxy.settings.max_refusing = 2;
  proxy.start();
  Bound a = bind_through(proxy, smsc);

  // Two connections over the limit are held for their bind; they send nothing yet.
  Peer waiting1 = proxy.connect_esme();
  Peer waiting2 = proxy.connect_esme();
  // The next ones are closed by the proxy without a word, even with a bind sent.
  for (int i = 0; i < 3; ++i) {
    Peer flood = proxy.connect_esme();
    flood.send(bind_pdu(cmd::bind_transceiver, 9, "esme9", "pw-123"));
    std::vector<Pdu> before;
    CHECK(flood.closed_within(kWait, &before));
    CHECK(before.empty());
  }
  CHECK(proxy.stats().connections_closed_at_accept == 3);

  // The held ones still get their answer.
  waiting1.send(bind_pdu(cmd::bind_transmitter, 11, "esme2", "pw-123"));
  waiting1.expect(cmd::bind_transmitter_resp, status::bind_failed, 11);
  CHECK(waiting1.closed_within());

  // Its place among the waiting is free again once its session is gone (a moment after the close).
  const auto deadline = Clock::now() + kWait;
  bool answered = false;
  while (!answered && Clock::now() < deadline) {
    Peer next = proxy.connect_esme();
    next.send(bind_pdu(cmd::bind_receiver, 12, "esme3", "pw-123"));
    Pdu p;
    const Peer::Read r = next.read(p, 500ms);
    if (r == Peer::Read::pdu) {
      CHECK(p.id() == cmd::bind_receiver_resp);
      CHECK(p.status() == status::bind_failed);
      answered = true;
    } else {
      std::this_thread::sleep_for(10ms);
    }
  }
  CHECK(answered);
  waiting2.send(bind_pdu(cmd::bind_transceiver, 13, "esme4", "pw-123"));
  waiting2.expect(cmd::bind_transceiver_resp, status::bind_failed, 13);
  CHECK_FALSE(smsc.accept(200ms));  // nothing went upstream for any of them
  expect_nothing_forwarded(a, 2);
}
