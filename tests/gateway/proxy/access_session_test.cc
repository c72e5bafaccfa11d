// Proxy-side access control in a running proxy: a bind is checked (account, source address,
// binds per account, password on the verifier thread) before anything goes upstream.

#include "access/access_control.h"
#include "bind_through.h"
#include "pdu_builders.h"
#include "proxy_harness.h"

using namespace smsfw::proxy::test;
namespace status = smsfw::smpp::status;
namespace fwaccess = smsfw::access;

namespace {

fwaccess::AccessConfig accounts(std::size_t max_binds = 0, const char* allow = nullptr) {
  fwaccess::AccessConfig c;
  fwaccess::AccountAccess& a = c.accounts["esme1"];
  a.password_hash = fwaccess::hash_password("pw-123");
  a.max_binds = max_binds;
  if (allow) {
    std::string error;
    a.allow_from.push_back(*fwaccess::AddressRange::parse(allow, error));
  }
  return c;
}

// Sends a bind with `password`; expects it refused with `want` and the connection closed.
void expect_refused(ProxyHarness& proxy, std::string_view system_id, std::string_view password, std::uint32_t want) {
  Peer esme = proxy.connect_esme();
  esme.send(bind_pdu(cmd::bind_transceiver, 9, system_id, password));
  esme.send(header_pdu(cmd::enquire_link, 0, 10));  // pipelined behind the bind: never answered
  esme.expect(cmd::bind_transceiver_resp, want, 9);
  CHECK(esme.closed_within());
}

// A running proxy with `config`'s access control in front of a fake SMSC (members in the order
// they must be destroyed last to first: the access control outlives the proxy).
struct AccessProxy {
  explicit AccessProxy(fwaccess::AccessConfig config) : ac(std::move(config)) {
    proxy.settings.upstreams = {{smsc.endpoint()}};
    proxy.access = &ac;
    proxy.start();
  }
  fwaccess::AccessControl ac;
  FakeSmsc smsc;
  ProxyHarness proxy;
};

// Waits until no session of `system_id` holds a bind slot (a session gives its slot back when
// it is destroyed, a moment after its connection closed).
bool slots_freed(fwaccess::AccessControl& ac, std::string_view system_id) {
  const auto deadline = Clock::now() + kWait;
  while (ac.binds_of(system_id) != 0 && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
  return ac.binds_of(system_id) == 0;
}

}  // namespace

TEST_CASE("access: the right password binds through; a wrong one or an unknown account gets 0x0E, nothing upstream") {
  AccessProxy p(accounts());
  auto& [ac, smsc, proxy] = p;
  Bound b = bind_through(proxy, smsc);  // system_id esme1, password pw-123: forwarded as sent
  expect_nothing_forwarded(b, 2);
  expect_refused(proxy, "esme1", "pw-124", status::invalid_password);
  expect_refused(proxy, "esme9", "pw-123", status::invalid_password);
  CHECK_FALSE(smsc.accept(200ms));
  expect_nothing_forwarded(b, 3);  // the bound session is untouched
}

TEST_CASE("access: a source address outside allow_from gets 0x0D") {
  AccessProxy p(accounts(0, "192.0.2.0/24"));
  auto& [ac, smsc, proxy] = p;
  expect_refused(proxy, "esme1", "pw-123", status::bind_failed);
  CHECK_FALSE(smsc.accept(200ms));
}

TEST_CASE("access: max_binds: the second bind is refused while the first is bound; slots come back") {
  AccessProxy p(accounts(1));
  auto& [ac, smsc, proxy] = p;
  {
    Bound b = bind_through(proxy, smsc);
    expect_refused(proxy, "esme1", "pw-123", status::bind_failed);
    CHECK(ac.binds_of("esme1") == 1);
    b.esme.send(header_pdu(cmd::unbind, 0, 5));
    b.smsc.expect(cmd::unbind, 0, 5);
    b.smsc.send(header_pdu(cmd::unbind_resp, 0, 5));
    b.esme.expect(cmd::unbind_resp, 0, 5);
    CHECK(b.esme.closed_within());
  }
  REQUIRE(slots_freed(ac, "esme1"));
  // An SMSC refusing the bind frees the slot at once.
  Peer esme = proxy.connect_esme();
  const Bytes bind = bind_pdu(cmd::bind_transceiver, 7, "esme1", "pw-123");
  esme.send(bind);
  Peer upstream = smsc.expect_connection();
  upstream.expect_bytes(bind);
  upstream.send(bind_resp_pdu(cmd::bind_transceiver, status::invalid_password, 7, "SMSC-A"));
  esme.expect(cmd::bind_transceiver_resp, status::invalid_password, 7);
  CHECK(ac.binds_of("esme1") == 0);
  Bound again = bind_through(proxy, smsc);
  expect_nothing_forwarded(again, 2);
}

TEST_CASE("access: an ESME leaving while its password is checked leaves nothing behind") {
  AccessProxy p(accounts(1));
  auto& [ac, smsc, proxy] = p;
  for (int i = 0; i < 5; ++i) {
    Peer esme = proxy.connect_esme();
    esme.send(bind_pdu(cmd::bind_transceiver, 1, "esme1", "pw-123"));
    esme.reset();  // gone before the (slow, on purpose) hash check returns
  }
  // A check that finished before the proxy saw the reset went on to connect upstream (the ESME
  // is not read while its bind is pending): that SMSC hangs up, which ends the session.
  while (auto s = smsc.accept(300ms)) s->close();
  CHECK(slots_freed(ac, "esme1"));
  Bound b = bind_through(proxy, smsc);
  expect_nothing_forwarded(b, 2);
}
