// tls/link_stream.h: the same reads and writes over plain TCP and over TLS, the client's checks
// of the peer's name (host name or IP address), and mutual TLS, with real handshakes on loopback.
#include <catch2/catch.hpp>

#include <array>
#include <chrono>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "support/test_pki.h"
#include "tls/link_stream.h"
#include "tls/tls_context.h"

using smsfw::test::TestPki;
using smsfw::tls::LinkStream;
namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace tls = smsfw::tls;
using asio::ip::tcp;

namespace {

// A connected pair of LinkStreams on loopback (server side accepted, client side connected).
struct Pair {
  asio::io_context io;
  std::optional<LinkStream> server;
  std::optional<LinkStream> client;

  Pair() {
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    tcp::socket c(io);
    c.connect(acceptor.local_endpoint());
    server.emplace(acceptor.accept());
    client.emplace(std::move(c));
  }

  // Runs both handshakes; returns their results (server, client).
  std::array<boost::system::error_code, 2> handshake() {
    std::array<boost::system::error_code, 2> result{asio::error::would_block, asio::error::would_block};
    server->async_handshake(ssl::stream_base::server, [&](const boost::system::error_code& ec) {
      result[0] = ec;
      if (ec) server->socket().close();  // as the proxy does: the client then sees the end
    });
    client->async_handshake(ssl::stream_base::client, [&](const boost::system::error_code& ec) {
      result[1] = ec;
      if (ec) client->socket().close();
    });
    io.run_for(std::chrono::seconds(10));
    io.restart();
    return result;
  }

  // Sends `text` from the client; returns what the server read.
  std::string round_trip(const std::string& text) {
    std::string got;
    std::array<char, 256> buf{};
    bool written = false;
    client->async_write(asio::buffer(text), [&](const boost::system::error_code& ec, std::size_t n) {
      written = !ec && n == text.size();
    });
    std::function<void()> read = [&] {
      server->async_read_some(asio::buffer(buf), [&](const boost::system::error_code& ec, std::size_t n) {
        if (ec) return;
        got.append(buf.data(), n);
        if (got.size() < text.size()) read();
      });
    };
    read();
    io.run_for(std::chrono::seconds(10));
    io.restart();
    CHECK(written);
    return got;
  }
};

std::unique_ptr<ssl::context> server_context(bool require_client_certificate = false) {
  const auto& pki = TestPki::get();
  tls::ServerConfig c;
  c.certificate = pki.file("server.pem");
  c.private_key = pki.file("server.key");
  if (require_client_certificate) c.client_ca = pki.file("ca.pem");
  return tls::make_server_context(c);
}

std::unique_ptr<ssl::context> client_context(const std::string& certificate = {}) {
  const auto& pki = TestPki::get();
  tls::ClientConfig c;
  c.ca = pki.file("ca.pem");
  if (!certificate.empty()) {
    c.certificate = pki.file(certificate + ".pem");
    c.private_key = pki.file(certificate + ".key");
  }
  return tls::make_client_context(c);
}

}  // namespace

TEST_CASE("LinkStream: plain TCP without a TLS layer") {
  Pair p;
  CHECK_FALSE(p.client->tls());
  CHECK(p.client->describe().empty());
  CHECK(p.round_trip("plain bytes") == "plain bytes");
}

TEST_CASE("LinkStream: TLS with the peer named by host name or by IP address") {
  auto sctx = server_context();
  auto cctx = client_context();
  for (const std::string name : {"localhost", "127.0.0.1"}) {
    INFO(name);
    Pair p;
    p.server->use_tls(*sctx);
    REQUIRE(p.client->use_tls(*cctx, name));
    const auto r = p.handshake();
    CHECK_FALSE(r[0]);
    CHECK_FALSE(r[1]);
    CHECK(p.client->tls());
    CHECK(p.client->describe().starts_with("TLSv1."));
    const std::string big(40000, 'x');  // more than one TLS record
    CHECK(p.round_trip(big) == big);
  }
}

TEST_CASE("LinkStream: the client refuses a certificate for another name or from an unknown CA") {
  auto cctx = client_context();
  {
    Pair p;
    auto sctx = server_context();
    p.server->use_tls(*sctx);
    REQUIRE(p.client->use_tls(*cctx, "smsc.example.net"));
    const auto r = p.handshake();
    CHECK(r[1]);
    CHECK(r[1].message().find("certificate verify failed") != std::string::npos);
  }
  {
    const auto& pki = TestPki::get();
    tls::ServerConfig c;
    c.certificate = pki.file("stranger.pem");
    c.private_key = pki.file("stranger.key");
    auto sctx = tls::make_server_context(c);
    Pair p;
    p.server->use_tls(*sctx);
    REQUIRE(p.client->use_tls(*cctx, "localhost"));
    const auto r = p.handshake();
    CHECK(r[1]);
  }
}

TEST_CASE("LinkStream: mutual TLS needs a client certificate from the configured CA") {
  auto sctx = server_context(true);
  {
    Pair p;
    auto cctx = client_context();  // no client certificate
    p.server->use_tls(*sctx);
    REQUIRE(p.client->use_tls(*cctx, "localhost"));
    CHECK(p.handshake()[0]);
  }
  {
    Pair p;
    auto cctx = client_context("stranger");
    p.server->use_tls(*sctx);
    REQUIRE(p.client->use_tls(*cctx, "localhost"));
    CHECK(p.handshake()[0]);
  }
  {
    Pair p;
    auto cctx = client_context("client");
    p.server->use_tls(*sctx);
    REQUIRE(p.client->use_tls(*cctx, "localhost"));
    const auto r = p.handshake();
    CHECK_FALSE(r[0]);
    CHECK_FALSE(r[1]);
    CHECK(p.round_trip("bind") == "bind");
  }
}

TEST_CASE("LinkStream: a fresh TLS layer after a failed attempt (reconnects)") {
  auto sctx = server_context();
  auto cctx = client_context();
  Pair first;
  first.server->use_tls(*sctx);
  REQUIRE(first.client->use_tls(*cctx, "wrong.example"));
  CHECK(first.handshake()[1]);
  first.client->drop_tls();
  CHECK_FALSE(first.client->tls());

  // The same kind of link, reconnected: new socket, new TLS state.
  Pair second;
  second.server->use_tls(*sctx);
  REQUIRE(second.client->use_tls(*cctx, "localhost"));
  const auto r = second.handshake();
  CHECK_FALSE(r[1]);
}
