#pragma once
// What GET /status shows of one session pair (SessionPair::info()).

#include <cstddef>
#include <cstdint>
#include <string>

namespace smsfw::proxy {

struct SessionInfo {
  std::uint64_t id = 0;
  std::string system_id;
  std::string esme_address;
  std::string state;
  bool bound = false;
  std::size_t esme_requests_in_flight = 0;  // ESME requests awaiting the SMSC's answer
  std::size_t smsc_requests_in_flight = 0;  // SMSC requests awaiting the ESME's answer
  std::size_t parts_held = 0;
  // The negotiated TLS of each side ("TLSv1.3 TLS_AES_256_GCM_SHA384"); empty: plain TCP (or
  // the handshake is not done yet).
  std::string esme_tls;
  std::string smsc_tls;
};

}  // namespace smsfw::proxy
