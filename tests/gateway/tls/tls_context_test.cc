// tls/tls_context.h: the contexts build from good files, and every bad setting is refused at
// start-up with a message naming the key and the file.
#include <catch2/catch.hpp>

#include <string>

#include "support/test_pki.h"
#include "tls/tls_context.h"

using smsfw::test::TestPki;
namespace tls = smsfw::tls;

namespace {

std::string server_error(const tls::ServerConfig& c) {
  try {
    tls::make_server_context(c);
  } catch (const tls::SetupError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string client_error(const tls::ClientConfig& c) {
  try {
    tls::make_client_context(c);
  } catch (const tls::SetupError& e) {
    return e.what();
  }
  return "(no error)";
}

tls::ServerConfig good_server() {
  const auto& pki = TestPki::get();
  tls::ServerConfig c;
  c.certificate = pki.file("server.pem");
  c.private_key = pki.file("server.key");
  return c;
}

}  // namespace

TEST_CASE("make_server_context: a certificate and its key, optionally client CAs") {
  const auto& pki = TestPki::get();
  auto c = good_server();
  CHECK(tls::make_server_context(c) != nullptr);
  c.client_ca = pki.file("ca.pem");
  c.min_version = tls::MinVersion::tls1_3;
  CHECK(tls::make_server_context(c) != nullptr);
}

TEST_CASE("make_server_context: unusable files are named with their key") {
  const auto& pki = TestPki::get();
  auto c = good_server();
  c.certificate = "/nonexistent/server.pem";
  CHECK(server_error(c) == "tls.listen.certificate: cannot read /nonexistent/server.pem");

  c = good_server();
  c.certificate = pki.file("server.key");  // a key where the certificate belongs
  CHECK(server_error(c).starts_with("tls.listen.certificate: " + pki.file("server.key") +
                                    ": not a PEM certificate chain: "));

  c = good_server();
  c.private_key = pki.file("client.key");  // another certificate's key
  CHECK(server_error(c) == "tls.listen.private_key: " + pki.file("client.key") +
                               " does not belong to the certificate in " + pki.file("server.pem"));

  c = good_server();
  c.private_key = pki.file("server.pem");
  CHECK(server_error(c).starts_with("tls.listen.private_key: " + pki.file("server.pem") +
                                    ": not an unencrypted PEM private key: "));

  c = good_server();
  c.client_ca = "/nonexistent/ca.pem";
  CHECK(server_error(c) == "tls.listen.client_ca: cannot read /nonexistent/ca.pem");

  CHECK(server_error(tls::ServerConfig{}) == "tls.listen: certificate and private_key are both required");
}

TEST_CASE("make_client_context: CAs from a file or the system, an optional client certificate") {
  const auto& pki = TestPki::get();
  tls::ClientConfig c;
  CHECK(tls::make_client_context(c) != nullptr);  // the system's store
  c.ca = pki.file("ca.pem");
  c.certificate = pki.file("client.pem");
  c.private_key = pki.file("client.key");
  CHECK(tls::make_client_context(c) != nullptr);

  c.private_key.clear();
  CHECK(client_error(c) == "tls.upstream: certificate and private_key go together (a client certificate needs its key)");
  c.private_key = pki.file("server.key");
  CHECK(client_error(c) == "tls.upstream.private_key: " + pki.file("server.key") +
                               " does not belong to the certificate in " + pki.file("client.pem"));

  tls::ClientConfig d;
  d.ca = "/nonexistent/ca.pem";
  CHECK(client_error(d) == "tls.upstream.ca: cannot read /nonexistent/ca.pem");
  d.ca = pki.file("server.key");
  CHECK(client_error(d).starts_with("tls.upstream.ca: " + pki.file("server.key") + ": not a PEM file of CA certificates"));
}
