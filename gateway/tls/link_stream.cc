#include "tls/link_stream.h"

#include <boost/asio/ip/address.hpp>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace smsfw::tls {

namespace {

// Asio asks OpenSSL to free a connection's record buffers whenever they are empty
// (SSL_MODE_RELEASE_BUFFERS), which costs a malloc and a free of ~17 KB for nearly every record
// read or written. The data path allocates nothing per PDU, so each TLS connection keeps its
// buffers instead: about 34 KB per TLS side of a session, for as long as it is open.
void keep_record_buffers(SSL* ssl) { SSL_clear_mode(ssl, SSL_MODE_RELEASE_BUFFERS); }

}  // namespace

void LinkStream::use_tls(boost::asio::ssl::context& context) {
  tls_ = std::make_unique<TlsStream>(socket_, context);
  keep_record_buffers(tls_->native_handle());
}

bool LinkStream::use_tls(boost::asio::ssl::context& context, const std::string& peer_name) {
  tls_ = std::make_unique<TlsStream>(socket_, context);
  SSL* ssl = tls_->native_handle();
  keep_record_buffers(ssl);
  boost::system::error_code ec;
  boost::asio::ip::make_address(peer_name, ec);
  if (!ec) {
    // RFC 6066: SNI carries host names only; an address is checked against the IP entries.
    return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), peer_name.c_str()) == 1;
  }
  // SSL_set1_host: the certificate must name this host (wildcards per RFC 6125).
  return SSL_set_tlsext_host_name(ssl, peer_name.c_str()) == 1 && SSL_set1_host(ssl, peer_name.c_str()) == 1;
}

std::string LinkStream::describe() const {
  if (!tls_) return {};
  SSL* ssl = const_cast<TlsStream&>(*tls_).native_handle();
  const char* cipher = SSL_get_cipher_name(ssl);
  return std::string(SSL_get_version(ssl)) + " " + (cipher ? cipher : "?");
}

}  // namespace smsfw::tls
