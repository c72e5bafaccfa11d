#pragma once
// "HOST:PORT" as operators write it in flags and config ("127.0.0.1:2775", "[::1]:2775",
// "smsc.example.net:2775"), parsed and resolved to endpoints.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

namespace smsfw::net {

struct HostPort {
  std::string host;
  std::uint16_t port = 0;

  std::string to_string() const;
  // Parses "HOST:PORT" or "[V6]:PORT"; nullopt with `error` set on bad input. Port 0 is allowed
  // (listen on any free port) only when `allow_port_zero`.
  static std::optional<HostPort> parse(std::string_view text, std::string& error, bool allow_port_zero = false);
};

// Resolves host and port to endpoints (numeric addresses without a lookup). Throws
// std::runtime_error naming the address on failure.
std::vector<boost::asio::ip::tcp::endpoint> resolve(const HostPort& hp);

// "127.0.0.1:2775" / "[::1]:2775".
std::string to_string(const boost::asio::ip::tcp::endpoint& ep);

}  // namespace smsfw::net
