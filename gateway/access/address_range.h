#pragma once
// An entry of an account's source-address allowlist (access.accounts.*.allow_from): one address
// ("192.0.2.10", "2001:db8::1") or a CIDR block ("10.0.0.0/8", "2001:db8::/32"). IPv4 entries
// also match IPv4-mapped IPv6 peers (::ffff:10.1.2.3), as a dual-stack listener reports them.

#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>

namespace smsfw::access {

class AddressRange {
 public:
  // nullopt with `error` set when `text` is neither an address nor ADDRESS/PREFIX with the
  // address's host bits clear (a typo such as 10.1.2.3/8 is refused, not silently widened).
  static std::optional<AddressRange> parse(std::string_view text, std::string& error);

  bool contains(const boost::asio::ip::address& a) const;
  const std::string& text() const { return text_; }

 private:
  boost::asio::ip::address network_;
  unsigned prefix_ = 0;  // bits that must match
  std::string text_;     // as written
};

}  // namespace smsfw::access
