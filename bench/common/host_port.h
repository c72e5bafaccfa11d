#pragma once
// HOST:PORT command-line values ("127.0.0.1:2776", "localhost:0", "[::1]:2776") and their
// printed form.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace smsfw::bench {

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
};

// nullopt if `text` is not HOST:PORT with a port in 0..65535.
std::optional<HostPort> parse_host_port(std::string_view text);

// Resolves to the first endpoint (numeric addresses need no DNS). Throws boost::system::system_error.
boost::asio::ip::tcp::endpoint resolve(boost::asio::io_context& io, const HostPort& hp);

// "127.0.0.1:2776" or "[::1]:2776".
std::string format_endpoint(const boost::asio::ip::tcp::endpoint& ep);

}  // namespace smsfw::bench
