#include "access/address_range.h"

#include <charconv>

namespace smsfw::access {

namespace {

using boost::asio::ip::address;
using boost::asio::ip::address_v6;

// The address as 16 bytes: IPv4 as its IPv4-mapped IPv6 form, so both families compare alike.
address_v6::bytes_type as_v6_bytes(const address& a) {
  return a.is_v4() ? boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, a.to_v4()).to_bytes()
                   : a.to_v6().to_bytes();
}

bool prefix_equal(const address_v6::bytes_type& x, const address_v6::bytes_type& y, unsigned bits) {
  std::size_t i = 0;
  for (; bits >= 8; bits -= 8, ++i)
    if (x[i] != y[i]) return false;
  if (bits == 0) return true;
  const auto mask = static_cast<unsigned char>(0xFF << (8 - bits));
  return (x[i] & mask) == (y[i] & mask);
}

}  // namespace

std::optional<AddressRange> AddressRange::parse(std::string_view text, std::string& error) {
  const std::size_t slash = text.find('/');
  boost::system::error_code ec;
  const address a = boost::asio::ip::make_address(std::string(text.substr(0, slash)), ec);
  if (ec) {
    error = "'" + std::string(text) + "' is not an IP address or CIDR block";
    return std::nullopt;
  }
  const unsigned max = a.is_v4() ? 32 : 128;
  unsigned prefix = max;
  if (slash != std::string_view::npos) {
    const std::string_view p = text.substr(slash + 1);
    const auto [end, err] = std::from_chars(p.data(), p.data() + p.size(), prefix);
    if (p.empty() || err != std::errc() || end != p.data() + p.size() || prefix > max) {
      error = "'" + std::string(text) + "': the prefix length must be 0.." + std::to_string(max);
      return std::nullopt;
    }
  }
  AddressRange r;
  r.network_ = a;
  r.prefix_ = prefix + (a.is_v4() ? 96 : 0);  // compared as IPv4-mapped IPv6
  r.text_ = std::string(text);
  const auto bytes = as_v6_bytes(a);
  auto masked = bytes;
  for (unsigned bit = r.prefix_; bit < 128; ++bit) masked[bit / 8] &= static_cast<unsigned char>(~(0x80u >> (bit % 8)));
  if (masked != bytes) {
    error = "'" + std::string(text) + "': host bits are set (did you mean " +
            (a.is_v4() ? boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped,
                                                        boost::asio::ip::make_address_v6(masked)).to_string()
                       : boost::asio::ip::make_address_v6(masked).to_string()) +
            "/" + std::to_string(prefix) + "?)";
    return std::nullopt;
  }
  return r;
}

bool AddressRange::contains(const address& a) const {
  // An IPv6 range never matches an IPv4 peer through the mapped form unless it covers ::ffff:0:0/96.
  return prefix_equal(as_v6_bytes(a), as_v6_bytes(network_), prefix_);
}

}  // namespace smsfw::access
