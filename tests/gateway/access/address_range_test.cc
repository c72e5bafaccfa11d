// AddressRange: allowlist entries as operators write them.

#include <catch2/catch.hpp>

#include "access/address_range.h"

using smsfw::access::AddressRange;
using boost::asio::ip::make_address;

namespace {
AddressRange range(const char* text) {
  std::string error;
  auto r = AddressRange::parse(text, error);
  INFO(error);
  REQUIRE(r);
  return *r;
}
std::string error_of(const char* text) {
  std::string error;
  CHECK_FALSE(AddressRange::parse(text, error));
  return error;
}
}  // namespace

TEST_CASE("address range: single addresses and CIDR blocks, both families") {
  CHECK(range("192.0.2.10").contains(make_address("192.0.2.10")));
  CHECK_FALSE(range("192.0.2.10").contains(make_address("192.0.2.11")));
  const AddressRange ten = range("10.0.0.0/8");
  CHECK(ten.contains(make_address("10.255.1.2")));
  CHECK_FALSE(ten.contains(make_address("11.0.0.1")));
  CHECK(range("0.0.0.0/0").contains(make_address("203.0.113.9")));
  CHECK(range("192.0.2.128/25").contains(make_address("192.0.2.200")));
  CHECK_FALSE(range("192.0.2.128/25").contains(make_address("192.0.2.127")));
  const AddressRange v6 = range("2001:db8::/32");
  CHECK(v6.contains(make_address("2001:db8:1::5")));
  CHECK_FALSE(v6.contains(make_address("2001:db9::1")));
  CHECK_FALSE(v6.contains(make_address("10.0.0.1")));
  CHECK(v6.text() == "2001:db8::/32");
}

TEST_CASE("address range: an IPv4 entry matches the IPv4-mapped IPv6 form of a dual-stack listener") {
  CHECK(range("10.0.0.0/8").contains(make_address("::ffff:10.1.2.3")));
  CHECK_FALSE(range("10.0.0.0/8").contains(make_address("::ffff:11.1.2.3")));
  CHECK(range("127.0.0.1").contains(make_address("::ffff:127.0.0.1")));
}

TEST_CASE("address range: typos are refused with the reason") {
  CHECK(error_of("10.0.0.0/33") == "'10.0.0.0/33': the prefix length must be 0..32");
  CHECK(error_of("2001:db8::/129") == "'2001:db8::/129': the prefix length must be 0..128");
  CHECK(error_of("10.0.0.0/") == "'10.0.0.0/': the prefix length must be 0..32");
  CHECK(error_of("10.0.0.0/8x") == "'10.0.0.0/8x': the prefix length must be 0..32");
  CHECK(error_of("example.net") == "'example.net' is not an IP address or CIDR block");
  CHECK(error_of("10.1.2.3/8") == "'10.1.2.3/8': host bits are set (did you mean 10.0.0.0/8?)");
  CHECK(error_of("2001:db8::1/32") == "'2001:db8::1/32': host bits are set (did you mean 2001:db8::/32?)");
}
