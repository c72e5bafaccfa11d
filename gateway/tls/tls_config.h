#pragma once
// TLS settings of the two sides of the proxy (the `tls:` section of the config file): the
// listener ESMEs connect to with TLS, and the connections to the SMSCs. Files are PEM.

#include <optional>
#include <string>

#include "net/host_port.h"

namespace smsfw::tls {

// The oldest protocol version accepted. TLS 1.0 and 1.1 are not offered at all.
enum class MinVersion { tls1_2, tls1_3 };

// The TLS listener for ESMEs (beside the plain one).
struct ServerConfig {
  net::HostPort address{"0.0.0.0", 3550};
  std::string certificate;  // the server's certificate chain, leaf first
  std::string private_key;  // its key (unencrypted)
  // When set, ESMEs must present a certificate signed by one of these CAs (mutual TLS).
  std::string client_ca;
  MinVersion min_version = MinVersion::tls1_2;
};

// TLS towards every upstream SMSC.
struct ClientConfig {
  std::string ca;     // trust anchors; empty: the system's store (/etc/ssl/certs)
  bool verify = true;  // check the SMSC's certificate chain and its name
  // The name checked in the SMSC's certificate and sent as SNI; empty: each upstream's host as
  // written in `upstreams` (an IP address is checked against the certificate's IP entries).
  std::string server_name;
  std::string certificate;  // optional client certificate, for SMSCs that require one
  std::string private_key;
  MinVersion min_version = MinVersion::tls1_2;
};

struct TlsConfig {
  std::optional<ServerConfig> listen;
  std::optional<ClientConfig> upstream;
};

}  // namespace smsfw::tls
