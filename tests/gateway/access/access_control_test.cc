// AccessControl: the order of the checks, bind slots, failed binds, the password on its thread.

#include <catch2/catch.hpp>

#include <optional>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "access/access_control.h"

using namespace smsfw::access;
using boost::asio::ip::make_address;
using namespace std::chrono_literals;

namespace {

AddressRange range(const char* text) {
  std::string error;
  return *AddressRange::parse(text, error);
}

AccessConfig config() {
  AccessConfig c;
  c.failed_binds_max = 3;
  c.failed_binds_window = 60s;
  c.accounts["agg1"].password_hash = hash_password("pw-1");
  c.accounts["agg1"].max_binds = 2;
  c.accounts["agg1"].allow_from = {range("127.0.0.0/8"), range("2001:db8::/32")};
  c.accounts["open"];  // no password, any address, any number of binds
  return c;
}

// verify() run to completion: the result as the worker would see it.
bool check_password(AccessControl& ac, const AccountAccess& account, const std::string& password,
                    const char* from = "127.0.0.1") {
  // Outlives every AccessControl (their verifier threads are joined when they are destroyed): the
  // verifier may still be inside post() when the result has already run here, as with a worker,
  // whose io_context also outlives the verifier (ProxyServer stops the verifier first).
  static boost::asio::io_context worker;
  worker.restart();
  auto guard = boost::asio::make_work_guard(worker);  // the result is posted from another thread
  std::optional<bool> result;
  ac.verify(password, account, "agg1", make_address(from), std::string(from) + ":40000", worker.get_executor(),
            [&](bool ok) { result = ok; });
  while (!result) worker.run_one_for(5s);
  guard.reset();
  return *result;
}

}  // namespace

TEST_CASE("access: a listed account from an allowed address gets a slot and a password check") {
  AccessControl ac(config());
  const auto c = ac.check_bind("agg1", make_address("127.0.0.5"), "127.0.0.5:4000");
  CHECK_FALSE(c.refused);
  REQUIRE(c.account);
  CHECK(c.needs_password);
  CHECK(c.holds_bind_slot);
  CHECK(ac.binds_of("agg1") == 1);
  CHECK(check_password(ac, *c.account, "pw-1"));
  CHECK_FALSE(check_password(ac, *c.account, "pw-2"));
  ac.release_bind("agg1");
  CHECK(ac.binds_of("agg1") == 0);
}

TEST_CASE("access: unknown accounts, other addresses and binds over max_binds are refused") {
  AccessControl ac(config());
  auto c = ac.check_bind("nobody", make_address("127.0.0.1"), "127.0.0.1:1");
  CHECK(c.refused);
  CHECK(c.reason == Refusal::unknown_account);
  CHECK(bind_status(c.reason) == 0x0E);  // same as a wrong password: no account enumeration
  c = ac.check_bind("agg1", make_address("192.0.2.7"), "192.0.2.7:1");
  CHECK(c.reason == Refusal::address_not_allowed);
  CHECK(bind_status(c.reason) == 0x0D);
  CHECK(ac.check_bind("agg1", make_address("2001:db8::9"), "[2001:db8::9]:1").holds_bind_slot);
  CHECK(ac.check_bind("agg1", make_address("127.0.0.1"), "127.0.0.1:2").holds_bind_slot);
  c = ac.check_bind("agg1", make_address("127.0.0.1"), "127.0.0.1:3");
  CHECK(c.refused);
  CHECK(c.reason == Refusal::too_many_binds);
  CHECK_FALSE(c.holds_bind_slot);
  CHECK(ac.binds_of("agg1") == 2);
  ac.release_bind("agg1");
  CHECK_FALSE(ac.check_bind("agg1", make_address("127.0.0.1"), "127.0.0.1:4").refused);
  // An account without password, allowlist or limit: nothing to check, no slot.
  c = ac.check_bind("open", make_address("198.51.100.1"), "198.51.100.1:1");
  CHECK_FALSE(c.refused);
  CHECK_FALSE(c.needs_password);
  CHECK_FALSE(c.holds_bind_slot);
}

TEST_CASE("access: unlisted accounts go through when known_accounts_only is off") {
  AccessConfig cfg = config();
  cfg.known_accounts_only = false;
  AccessControl ac(cfg);
  const auto c = ac.check_bind("someone", make_address("192.0.2.1"), "192.0.2.1:1");
  CHECK_FALSE(c.refused);
  CHECK(c.account == nullptr);
  CHECK_FALSE(c.needs_password);
}

TEST_CASE("access: failed binds block the address; max_binds refusals do not count") {
  AccessControl ac(config());
  const auto addr = make_address("127.0.0.9");
  const AccountAccess& agg1 = *ac.check_bind("agg1", addr, "127.0.0.9:1").account;
  ac.release_bind("agg1");
  CHECK(ac.check_bind("ghost", addr, "127.0.0.9:2").refused);  // 1
  CHECK_FALSE(check_password(ac, agg1, "wrong", "127.0.0.9"));   // 2
  CHECK_FALSE(ac.check_bind("agg1", addr, "127.0.0.9:3").refused);
  CHECK_FALSE(ac.check_bind("agg1", addr, "127.0.0.9:4").refused);
  CHECK(ac.check_bind("agg1", addr, "127.0.0.9:5").reason == Refusal::too_many_binds);  // not counted
  ac.release_bind("agg1");
  ac.release_bind("agg1");
  CHECK(ac.check_bind("ghost", addr, "127.0.0.9:6").refused);  // 3: blocked from now on
  const auto c = ac.check_bind("agg1", addr, "127.0.0.9:7");
  CHECK(c.refused);
  CHECK(c.reason == Refusal::address_blocked);
  CHECK(bind_status(c.reason) == 0x0D);
  CHECK_FALSE(ac.check_bind("agg1", make_address("127.0.0.10"), "127.0.0.10:1").refused);  // another address
}
