#include "common/host_port.h"

#include <charconv>

namespace smsfw::bench {

std::optional<HostPort> parse_host_port(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return std::nullopt;
    host = host.substr(1, host.size() - 2);
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc{} || end != port.data() + port.size() || value > 65535) return std::nullopt;
  return HostPort{std::string(host), static_cast<std::uint16_t>(value)};
}

boost::asio::ip::tcp::endpoint resolve(boost::asio::io_context& io, const HostPort& hp) {
  boost::asio::ip::tcp::resolver resolver(io);
  const auto results = resolver.resolve(hp.host, std::to_string(hp.port),
                                        boost::asio::ip::tcp::resolver::numeric_service);
  return results.begin()->endpoint();  // resolve() throws rather than returning an empty range
}

std::string format_endpoint(const boost::asio::ip::tcp::endpoint& ep) {
  // Built with append(): GCC 12 reports a false -Wrestrict on chained operator+ here.
  const auto addr = ep.address();
  std::string out;
  if (addr.is_v6()) out.append("[").append(addr.to_string()).append("]");
  else out.append(addr.to_string());
  out.append(":").append(std::to_string(ep.port()));
  return out;
}

}  // namespace smsfw::bench
