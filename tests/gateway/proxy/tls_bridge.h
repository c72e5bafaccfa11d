#pragma once
// Relays bytes between plain TCP and TLS on a thread of its own, so that the harness's plain
// Peer and FakeSmsc can stand at the proxy's TLS sides:
//   - Mode::client: accepts plain connections on endpoint() and connects each with TLS to
//     `target` (the proxy's TLS listener), checking the name `peer_name`;
//   - Mode::server: accepts TLS connections on endpoint() (the proxy's upstream TLS connects
//     here) and connects each in plain TCP to `target` (a FakeSmsc).
// A close or error on either side closes both. Failed handshakes are counted.
// on_bridge_thread() tells a bridge's thread from the proxy's (allocation counting).

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "tls/link_stream.h"

namespace smsfw::proxy::test {

class TlsBridge {
 public:
  enum class Mode { client, server };
  using tcp = boost::asio::ip::tcp;

  TlsBridge(Mode mode, boost::asio::ssl::context& tls, tcp::endpoint target, std::string peer_name = "localhost")
      : mode_(mode), tls_(tls), target_(target), peer_name_(std::move(peer_name)),
        acceptor_(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)) {
    accept();
    thread_ = std::thread([this] {
      bridge_thread() = true;
      io_.run();
    });
  }
  ~TlsBridge() {
    io_.stop();
    thread_.join();
  }
  TlsBridge(const TlsBridge&) = delete;
  TlsBridge& operator=(const TlsBridge&) = delete;

  tcp::endpoint endpoint() const { return acceptor_.local_endpoint(); }
  static bool on_bridge_thread() { return bridge_thread(); }
  int handshake_failures() const { return failures_.load(); }
  int handshakes() const { return handshakes_.load(); }

 private:
  static bool& bridge_thread() {
    static thread_local bool on = false;
    return on;
  }

  // One bridged connection: `plain` and `secure`, pumping both ways.
  struct Conn : std::enable_shared_from_this<Conn> {
    Conn(boost::asio::io_context& io, TlsBridge& b) : bridge(b), plain(io), secure(io) {}
    TlsBridge& bridge;
    tcp::socket plain;
    tls::LinkStream secure;
    std::array<char, 16384> to_secure{};
    std::array<char, 16384> to_plain{};

    void close() {
      boost::system::error_code ignored;
      plain.close(ignored);
      secure.socket().close(ignored);
    }
    void pump_plain() {
      plain.async_read_some(boost::asio::buffer(to_secure), [self = shared_from_this()](auto ec, std::size_t n) {
        if (ec) return self->close();
        self->secure.async_write(boost::asio::buffer(self->to_secure.data(), n), [self](auto e, std::size_t) {
          if (e) return self->close();
          self->pump_plain();
        });
      });
    }
    void pump_secure() {
      secure.async_read_some(boost::asio::buffer(to_plain), [self = shared_from_this()](auto ec, std::size_t n) {
        if (ec) return self->close();
        boost::asio::async_write(self->plain, boost::asio::buffer(self->to_plain.data(), n), [self](auto e, std::size_t) {
          if (e) return self->close();
          self->pump_secure();
        });
      });
    }
    void handshaken(const boost::system::error_code& ec) {
      if (ec) {
        ++bridge.failures_;
        return close();
      }
      ++bridge.handshakes_;
      pump_plain();
      pump_secure();
    }
  };

  void accept() {
    acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket s) {
      if (ec) return;
      auto c = std::make_shared<Conn>(io_, *this);
      boost::system::error_code e;
      if (mode_ == Mode::client) {
        c->plain = std::move(s);
        c->secure.socket().connect(target_, e);
        if (e) {
          c->close();
        } else {
          c->secure.use_tls(tls_, peer_name_);
          c->secure.async_handshake(boost::asio::ssl::stream_base::client, [c](auto err) { c->handshaken(err); });
        }
      } else {
        c->secure.socket() = std::move(s);
        c->plain.connect(target_, e);
        if (e) {
          c->close();
        } else {
          c->secure.use_tls(tls_);
          c->secure.async_handshake(boost::asio::ssl::stream_base::server, [c](auto err) { c->handshaken(err); });
        }
      }
      accept();
    });
  }

  Mode mode_;
  boost::asio::ssl::context& tls_;
  tcp::endpoint target_;
  std::string peer_name_;
  boost::asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::atomic<int> failures_{0};
  std::atomic<int> handshakes_{0};
};

}  // namespace smsfw::proxy::test
