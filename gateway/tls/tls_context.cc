#include "tls/tls_context.h"

#include <fstream>

#include <boost/asio/ssl/error.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace smsfw::tls {

namespace ssl = boost::asio::ssl;

namespace {

// Fails with a message naming the key and the file when the file cannot be opened at all
// (OpenSSL's own message for that case says only "system library").
void require_readable(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  if (!in) throw SetupError(key + ": cannot read " + path);
}

void check(const boost::system::error_code& ec, const std::string& key, const std::string& path,
           const std::string& what) {
  if (ec) throw SetupError(key + ": " + path + ": " + what + ": " + ec.message());
}

void set_min_version(ssl::context& ctx, MinVersion v, const std::string& key) {
  const int version = v == MinVersion::tls1_3 ? TLS1_3_VERSION : TLS1_2_VERSION;
  if (SSL_CTX_set_min_proto_version(ctx.native_handle(), version) != 1)
    throw SetupError(key + ": the TLS library refused this minimum version");
}

// Certificate chain and key, checked against each other.
void load_identity(ssl::context& ctx, const std::string& certificate, const std::string& private_key,
                   const std::string& prefix) {
  boost::system::error_code ec;
  require_readable(certificate, prefix + ".certificate");
  ctx.use_certificate_chain_file(certificate, ec);
  check(ec, prefix + ".certificate", certificate, "not a PEM certificate chain");
  require_readable(private_key, prefix + ".private_key");
  ctx.use_private_key_file(private_key, ssl::context::pem, ec);
  const bool mismatch = ec && ec.category() == boost::asio::error::get_ssl_category() &&
                        ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH;
  if (!mismatch) check(ec, prefix + ".private_key", private_key, "not an unencrypted PEM private key");
  if (mismatch || SSL_CTX_check_private_key(ctx.native_handle()) != 1)
    throw SetupError(prefix + ".private_key: " + private_key + " does not belong to the certificate in " + certificate);
}

void load_trust(ssl::context& ctx, const std::string& path, const std::string& key) {
  require_readable(path, key);
  boost::system::error_code ec;
  ctx.load_verify_file(path, ec);
  check(ec, key, path, "not a PEM file of CA certificates");
}

// Options both sides share: no SSLv2/3, TLS 1.0/1.1 (min version), compression or renegotiation
// (a renegotiating peer could make the proxy spend CPU at will).
constexpr long kCommonOptions = SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION;

}  // namespace

std::unique_ptr<ssl::context> make_server_context(const ServerConfig& config) {
  const std::string prefix = "tls.listen";
  if (config.certificate.empty() || config.private_key.empty())
    throw SetupError(prefix + ": certificate and private_key are both required");
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::single_dh_use);
  SSL_CTX_set_options(ctx->native_handle(), kCommonOptions | SSL_OP_CIPHER_SERVER_PREFERENCE);
  set_min_version(*ctx, config.min_version, prefix + ".min_version");
  load_identity(*ctx, config.certificate, config.private_key, prefix);
  if (!config.client_ca.empty()) {
    load_trust(*ctx, config.client_ca, prefix + ".client_ca");
    ctx->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  } else {
    ctx->set_verify_mode(ssl::verify_none);
  }
  return ctx;
}

std::unique_ptr<ssl::context> make_client_context(const ClientConfig& config) {
  const std::string prefix = "tls.upstream";
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3);
  SSL_CTX_set_options(ctx->native_handle(), kCommonOptions);
  set_min_version(*ctx, config.min_version, prefix + ".min_version");
  if (config.certificate.empty() != config.private_key.empty())
    throw SetupError(prefix + ": certificate and private_key go together (a client certificate needs its key)");
  if (!config.certificate.empty()) load_identity(*ctx, config.certificate, config.private_key, prefix);
  if (!config.ca.empty()) {
    load_trust(*ctx, config.ca, prefix + ".ca");
  } else {
    boost::system::error_code ec;
    ctx->set_default_verify_paths(ec);
    if (ec) throw SetupError(prefix + ".ca: the system's CA store cannot be loaded: " + ec.message());
  }
  ctx->set_verify_mode(config.verify ? ssl::verify_peer : ssl::verify_none);
  return ctx;
}

}  // namespace smsfw::tls
