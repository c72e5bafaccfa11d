#include "net/host_port.h"

#include <charconv>
#include <stdexcept>

#include <boost/asio/io_context.hpp>

namespace smsfw::net {

std::string HostPort::to_string() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<HostPort> HostPort::parse(std::string_view text, std::string& error, bool allow_port_zero) {
  HostPort hp;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      error = "expected [IPV6]:PORT, got '" + std::string(text) + "'";
      return std::nullopt;
    }
    hp.host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) {
      error = "expected HOST:PORT, got '" + std::string(text) + "'";
      return std::nullopt;
    }
    hp.host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  }
  if (hp.host.empty()) {
    error = "missing host in '" + std::string(text) + "'";
    return std::nullopt;
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
  if (port_text.empty() || ec != std::errc{} || end != port_text.data() + port_text.size() || value > 65535 ||
      (value == 0 && !allow_port_zero)) {
    error = "invalid port in '" + std::string(text) + "'";
    return std::nullopt;
  }
  hp.port = static_cast<std::uint16_t>(value);
  return hp;
}

std::vector<boost::asio::ip::tcp::endpoint> resolve(const HostPort& hp) {
  boost::system::error_code ec;
  const auto addr = boost::asio::ip::make_address(hp.host, ec);
  if (!ec) return {boost::asio::ip::tcp::endpoint(addr, hp.port)};
  boost::asio::io_context ctx;
  boost::asio::ip::tcp::resolver resolver(ctx);
  const auto results = resolver.resolve(hp.host, std::to_string(hp.port), ec);
  if (ec || results.empty())
    throw std::runtime_error("cannot resolve " + hp.to_string() + ": " + (ec ? ec.message() : "no address"));
  std::vector<boost::asio::ip::tcp::endpoint> out;
  for (const auto& r : results) out.push_back(r.endpoint());
  return out;
}

std::string to_string(const boost::asio::ip::tcp::endpoint& ep) {
  const auto a = ep.address();
  return (a.is_v6() ? "[" + a.to_string() + "]" : a.to_string()) + ":" + std::to_string(ep.port());
}

}  // namespace smsfw::net
