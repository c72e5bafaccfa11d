#pragma once
// One side's byte stream in a session pair: a TCP socket, with TLS on top when that side is
// configured for it. The socket is always owned here and stays the lowest layer (connect,
// options, close act on it directly); the TLS layer, when present, refers to it and is made
// afresh for each connection attempt (an SSL object cannot be reused after a failed handshake).
// Reads and writes go through whichever layer is on top, so the session pair's code is the same
// for both.

#include <memory>
#include <string>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>

namespace smsfw::tls {

class LinkStream {
 public:
  using Socket = boost::asio::ip::tcp::socket;
  using TlsStream = boost::asio::ssl::stream<Socket&>;

  explicit LinkStream(Socket socket) : socket_(std::move(socket)) {}
  explicit LinkStream(boost::asio::io_context& context) : socket_(context) {}

  Socket& socket() { return socket_; }
  const Socket& socket() const { return socket_; }
  bool tls() const { return tls_ != nullptr; }

  // TLS as the server (an ESME's connection); replaces any earlier TLS state.
  void use_tls(boost::asio::ssl::context& context);
  // TLS as the client: `peer_name` is sent as SNI (unless it is an IP address) and, when the
  // context verifies peers, must match the certificate (a host name, or an IP address entry).
  // Returns false if the TLS library refuses the name.
  bool use_tls(boost::asio::ssl::context& context, const std::string& peer_name);
  // Drops the TLS layer (a plain retry on the same link).
  void drop_tls() { tls_.reset(); }

  template <typename Handler>
  void async_handshake(boost::asio::ssl::stream_base::handshake_type type, Handler&& handler) {
    tls_->async_handshake(type, std::forward<Handler>(handler));
  }

  template <typename Buffers, typename Handler>
  void async_read_some(const Buffers& buffers, Handler&& handler) {
    if (tls_)
      tls_->async_read_some(buffers, std::forward<Handler>(handler));
    else
      socket_.async_read_some(buffers, std::forward<Handler>(handler));
  }

  // Writes all of `buffers` (asio::async_write over the top layer).
  template <typename Buffers, typename Handler>
  void async_write(const Buffers& buffers, Handler&& handler) {
    if (tls_)
      boost::asio::async_write(*tls_, buffers, std::forward<Handler>(handler));
    else
      boost::asio::async_write(socket_, buffers, std::forward<Handler>(handler));
  }

  // The negotiated protocol and cipher ("TLSv1.3 TLS_AES_256_GCM_SHA384"), or "" without TLS.
  std::string describe() const;

 private:
  Socket socket_;
  std::unique_ptr<TlsStream> tls_;
};

}  // namespace smsfw::tls
