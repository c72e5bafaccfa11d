#pragma once
// Builds the OpenSSL contexts of the proxy from its TLS settings, checking everything that can
// be checked before the first connection: files readable, key matching certificate, CAs
// loadable. One context per side, shared by every worker (SSL_CTX is safe for concurrent
// SSL_new; it is not changed after start-up).

#include <memory>
#include <stdexcept>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "tls/tls_config.h"

namespace smsfw::tls {

// A TLS setting that cannot be used: the message names the key, the file and OpenSSL's reason.
class SetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::unique_ptr<boost::asio::ssl::context> make_server_context(const ServerConfig& config);
std::unique_ptr<boost::asio::ssl::context> make_client_context(const ClientConfig& config);

}  // namespace smsfw::tls
