// HostPort: "HOST:PORT" as operators write it, parsed and resolved.

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "net/host_port.h"

using smsfw::net::HostPort;

namespace {

HostPort parse_ok(const std::string& text, bool allow_zero = false) {
  std::string error;
  auto hp = HostPort::parse(text, error, allow_zero);
  INFO(text << ": " << error);
  REQUIRE(hp.has_value());
  CHECK(error.empty());
  return *hp;
}

std::string parse_error(const std::string& text, bool allow_zero = false) {
  std::string error;
  auto hp = HostPort::parse(text, error, allow_zero);
  INFO(text);
  CHECK_FALSE(hp.has_value());
  CHECK_FALSE(error.empty());
  return error;
}

}  // namespace

TEST_CASE("HostPort::parse: IPv4") {
  const HostPort hp = parse_ok("127.0.0.1:2775");
  CHECK(hp.host == "127.0.0.1");
  CHECK(hp.port == 2775);
  CHECK(hp.to_string() == "127.0.0.1:2775");
  CHECK(parse_ok("0.0.0.0:65535").port == 65535);
  CHECK(parse_ok("10.1.2.3:1").port == 1);
}

TEST_CASE("HostPort::parse: IPv6 in brackets") {
  const HostPort hp = parse_ok("[::1]:2775");
  CHECK(hp.host == "::1");
  CHECK(hp.port == 2775);
  CHECK(hp.to_string() == "[::1]:2775");
  const HostPort full = parse_ok("[2001:db8::17]:3000");
  CHECK(full.host == "2001:db8::17");
  CHECK(full.port == 3000);
  CHECK(full.to_string() == "[2001:db8::17]:3000");
}

TEST_CASE("HostPort::parse: host names") {
  const HostPort hp = parse_ok("smsc.example.net:2775");
  CHECK(hp.host == "smsc.example.net");
  CHECK(hp.port == 2775);
  CHECK(parse_ok("localhost:80").host == "localhost");
}

TEST_CASE("HostPort::parse: bad input is refused with a message quoting it") {
  CHECK(parse_error("127.0.0.1").find("127.0.0.1") != std::string::npos);  // no port
  parse_error("");
  parse_error(":2775");                 // no host
  parse_error("[]:2775");               // empty v6 host
  parse_error("::1:2775");              // v6 without brackets
  parse_error("[::1]2775");             // no colon after ]
  parse_error("[::1]:");                // no port after ]
  parse_error("[::1");                  // unclosed
  parse_error("host:");                 // empty port
  parse_error("host:abc");
  parse_error("host:27x5");
  parse_error("host:-1");
  parse_error("host:+1");
  parse_error("host: 2775");
  parse_error("host:65536");
  parse_error("host:4294967297");       // would wrap in 32 bits
  parse_error("host:99999999999999999999");
  CHECK(parse_error("host:65536").find("port") != std::string::npos);
}

TEST_CASE("HostPort::parse: port 0 only when allowed") {
  parse_error("127.0.0.1:0");
  parse_error("[::1]:0");
  CHECK(parse_ok("127.0.0.1:0", true).port == 0);
  CHECK(parse_ok("[::1]:0", true).port == 0);
  parse_error("127.0.0.1:65536", true);  // allowing 0 allows nothing else
}

TEST_CASE("resolve: numeric addresses without a lookup") {
  const auto v4 = smsfw::net::resolve(HostPort{"127.0.0.1", 2775});
  REQUIRE(v4.size() == 1);
  CHECK(v4[0].address().to_string() == "127.0.0.1");
  CHECK(v4[0].port() == 2775);
  CHECK(smsfw::net::to_string(v4[0]) == "127.0.0.1:2775");

  const auto v6 = smsfw::net::resolve(HostPort{"::1", 80});
  REQUIRE(v6.size() == 1);
  CHECK(v6[0].address().is_v6());
  CHECK(smsfw::net::to_string(v6[0]) == "[::1]:80");
}

TEST_CASE("resolve: localhost by name, and an unresolvable name throws naming it") {
  const auto local = smsfw::net::resolve(HostPort{"localhost", 2775});
  REQUIRE_FALSE(local.empty());
  for (const auto& ep : local) {
    CHECK(ep.address().is_loopback());
    CHECK(ep.port() == 2775);
  }
  try {
    smsfw::net::resolve(HostPort{"no-such-host.invalid", 2775});
    FAIL("expected an exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("no-such-host.invalid:2775") != std::string::npos);
  }
}
