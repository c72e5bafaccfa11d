#pragma once
// What a session pair needs to know, validated once at start-up and then shared read-only by
// every worker (the config file and flags are turned into this by app/config.h).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

namespace smsfw::proxy {

struct ProxySettings {
  using Duration = std::chrono::milliseconds;

  // Upstream SMSCs in failover order; each entry may resolve to several addresses.
  std::vector<std::vector<boost::asio::ip::tcp::endpoint>> upstreams;
  // With upstream TLS: the name each upstream's certificate must carry (and its SNI), by index.
  std::vector<std::string> upstream_names;

  std::size_t max_pdu_size = 64 * 1024;         // largest command_length accepted
  std::size_t max_buffered_bytes = 1024 * 1024;  // per side, before reading the other side pauses
  std::size_t max_inflight = 10000;              // outstanding requests per side of a session
  // ESME connections open at once, process-wide. A connection over the limit is accepted only
  // to answer its bind with session_limit_status (then closed), so the client learns why.
  std::size_t max_sessions = 10000;
  // Connections over max_sessions held at once to answer their bind (each until its bind, or
  // bind_timeout). Further ones are closed as soon as accepted, without a word: a flood past the
  // limit must not hold a descriptor each for bind_timeout.
  std::size_t max_refusing = 100;

  Duration bind_timeout{std::chrono::seconds(30)};     // connect → first bind
  Duration connect_timeout{std::chrono::seconds(5)};   // per upstream address
  Duration idle_timeout{std::chrono::seconds(600)};    // no bytes either way → unbind both; 0 = off
  Duration write_stall_timeout{std::chrono::seconds(30)};  // a peer not draining our writes
  Duration unbind_timeout{std::chrono::seconds(5)};    // waiting for unbind_resp / in-flight answers

  // Concatenated messages judged whole (concat_hold.h): parts held until all have arrived.
  bool concat_judge_whole = true;
  Duration concat_max_hold{std::chrono::seconds(10)};  // from the first part; then judged as is
  std::size_t concat_max_session_bytes = 256 * 1024;    // held per session, before ESME_RMSGQFUL
  std::size_t concat_max_total_bytes = 64 * 1024 * 1024;  // held by the whole process

  // Answers the proxy gives on its own.
  std::uint32_t upstream_unavailable_status = 0x08;  // ESME_RSYSERR: requests an SMSC can no longer answer
  std::uint32_t esme_unavailable_status = 0x64;      // ESME_RX_T_APPN: SMSC retries later
  std::uint32_t bind_failed_status = 0x0D;           // ESME_RBINDFAIL: no upstream reachable
  std::uint32_t session_limit_status = 0x0D;         // ESME_RBINDFAIL: max_sessions reached
  std::uint32_t too_many_inflight_status = 0x58;     // ESME_RTHROTTLED
  std::uint32_t hold_full_status = 0x14;             // ESME_RMSGQFUL: no room to hold a part
};

}  // namespace smsfw::proxy
