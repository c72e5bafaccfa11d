#pragma once
// One ESME connection and the upstream (SMSC) connection made for it: the transparent proxy.
//
// The ESME's bind is forwarded with its own credentials, so the SMSC stays the authority; every
// PDU then relays both ways as its original bytes with its sequence number untouched. The pair
// answers by itself only when it must:
//   - no upstream reachable at bind: the bind_*_resp with bind_failed_status, then close;
//   - before a bind: enquire_link is answered, other requests get ESME_RINVBNDSTS;
//   - a malformed message PDU: its response with the matching error status (never forwarded:
//     the firewall cannot judge what it cannot read);
//   - a message the filter chain blocks: its response with the block status (never forwarded);
//     one over its account's or sender's rate limit likewise, with ESME_RTHROTTLED;
//     a tagged message is forwarded as a rebuilt, marked PDU (message_filter.h);
//   - an untrustworthy command_length: generic_nack ESME_RINVCMDLEN, then that side is closed;
//   - one side lost: every request the other side still awaits an answer to is answered with an
//     error status, then the other side is unbound (unbind, wait for unbind_resp) and closed;
//   - a part of a concatenated message is held (concat_hold.h) until its message is whole, then
//     every part is forwarded in arrival order or answered with the whole message's block
//     status; a part that finds no room to be held gets ESME_RMSGQFUL. Held parts count as
//     in flight: a drain judges them as they are, a lost SMSC gets them the error status,
//     a lost ESME takes them with it (nothing was forwarded, nobody awaits the answers).
// Every request that enters the pair therefore gets exactly one answer while its connection is
// open. Everything runs on the owning worker's thread.

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "message/concat_info.h"
#include "net/handler_memory.h"
#include "proxy/concat_hold.h"
#include "proxy/inflight_table.h"
#include "proxy/session_info.h"
#include "smpp/pdu_view.h"
#include "tls/link_stream.h"

namespace smsfw::proxy {

class Worker;


class SessionPair : public std::enable_shared_from_this<SessionPair> {
 public:
  using Clock = std::chrono::steady_clock;

  // How the acceptor let the connection in (ProxySettings::max_sessions).
  enum class Admission : std::uint8_t {
    counted,     // one of WorkerShared::admitted_sessions, given back when the session is destroyed
    uncounted,   // outside the count (sessions made directly, as tests do)
    over_limit,  // over max_sessions: its bind is answered session_limit_status, then it closes;
                 // one of WorkerShared::refusing_sessions, given back when destroyed
  };
  // `esme_tls`: the ESME came through the TLS listener; the handshake must complete within the
  // bind timeout, before anything is read. The upstream side uses TLS when the worker's shared
  // state has an upstream context (WorkerShared::upstream_tls).
  SessionPair(Worker& worker, boost::asio::ip::tcp::socket esme, std::uint64_t id,
              Admission admission = Admission::uncounted, boost::asio::ssl::context* esme_tls = nullptr);
  ~SessionPair();

  // Registers with the worker and starts reading the ESME. Worker thread only.
  void start();
  // Periodic check of deadlines (bind, connect, idle, write stall, unbind). Worker thread only.
  void on_tick(Clock::time_point now);
  // Graceful stop: refuse new requests, let in-flight ones be answered (up to the drain
  // deadline), unbind both sides, close.
  void drain();
  // For GET /status. Worker thread only.
  SessionInfo info() const;

  std::size_t registry_index = 0;  // position in the worker's registry (owned by Worker)

 private:
  enum Side : std::uint8_t { esme = 0, smsc = 1 };
  static Side other(Side s) { return s == esme ? smsc : esme; }
  static const char* side_name(Side s) { return s == esme ? "ESME" : "SMSC"; }

  enum class State : std::uint8_t {
    awaiting_bind,  // ESME connected, no bind yet
    connecting,     // bind received, trying upstreams in order
    relaying,       // transparent relay
    draining,       // new requests refused; waiting for in-flight answers
    winding_down,   // unbind sent to each open side (the ESME's after the SMSC's while it awaits
                    // answers); waiting for unbind_resp
    closing,        // unbind completed through the relay; flushing, then close
    finished,
  };

  // One side of the pair: a TCP connection, with TLS on it when configured.
  struct Link {
    explicit Link(boost::asio::ip::tcp::socket s) : stream(std::move(s)) {}
    explicit Link(boost::asio::io_context& ctx) : stream(ctx) {}
    tls::LinkStream stream;
    std::vector<std::uint8_t> rbuf;  // received bytes [0, rlen)
    std::size_t rlen = 0;
    std::vector<std::uint8_t> out;      // frames queued for the next write
    std::vector<std::uint8_t> writing;  // frames being written
    InflightTable requests;             // requests this side sent that await an answer
    // Each link has at most one read and one write in flight: their handlers live here, so the
    // data path does not allocate per operation (Asio 1.18 recycles one block per thread).
    net::HandlerMemory read_memory;
    net::HandlerMemory write_memory;
    Clock::time_point write_started{};
    std::uint32_t unbind_sequence = 0;  // the unbind the proxy sent to this side
    bool open = false;
    bool handshaking = false;  // TLS handshake in progress (uses read_memory; nothing is read)
    bool reading = false;
    bool write_active = false;
    bool paused = false;  // not read for back-pressure (logged once per pause)
    bool close_after_flush = false;
    bool unbind_sent = false;
  };

  // Reading and framing.
  void read(Side side);
  void on_read(Side side, const boost::system::error_code& ec, std::size_t n);
  void process_frames(Side side);
  // Returns false to stop processing this read batch (e.g. a bind waits for the upstream).
  bool handle_frame(Side from, const smpp::PduView& pdu);
  bool handle_unbound(const smpp::PduView& pdu);
  // Answers the ESME's bind with `status` and closes the session (nothing went upstream). The
  // refusal is counted for `account` (the system_id, or a fixed label for unlisted ones).
  void refuse_bind(std::uint32_t command, std::uint32_t sequence, std::uint32_t status, std::string_view account);
  // The access control's password check came back (worker thread).
  void on_password_checked(bool ok);
  void handle_response(Side from, const smpp::PduView& pdu);
  void handle_request(Side from, const smpp::PduView& pdu);
  // True for the requests the filter chain judges when they come from `from`.
  bool judged_here(Side from, std::uint32_t command_id) const;
  // `frame` starts at the PDU whose command_length cannot be trusted (at least 4 bytes).
  void handle_bad_frame(Side from, std::span<const std::uint8_t> frame);
  bool may_read(Side side) const;
  // Either side has limits.max_buffered_bytes or more queued: neither is read (back-pressure).
  bool backpressured() const;
  // Back-pressure (limits.max_buffered_bytes) stops reading `side`: noted once per pause.
  void note_pause(Side side);

  // Writing.
  void forward(Side from, const smpp::PduView& pdu);
  void answer(Side to, std::uint32_t request_command_id, std::uint32_t sequence, std::uint32_t status);
  void send_unbind(Side to);
  void flush(Side side);
  void on_write(Side side, const boost::system::error_code& ec);
  std::size_t buffered(Side side) const { return links_[side].out.size() + links_[side].writing.size(); }

  // Concatenated messages (concat_hold.h). hold_part() returns false when the part is to be
  // judged on its own (a late part of a message already judged forwarded).
  bool hold_part(const smpp::PduView& pdu, const smpp::MessageFields& fields,
                 const filters::message::ConcatInfo& concat);
  // Judges held message `index` (whole, or what arrived when `expired`) and forwards or answers
  // every one of its parts in arrival order.
  void release_message(std::size_t index, bool expired, Clock::time_point now);
  // Judges every held message as it is (drain).
  void release_all_held();
  // Judges the held messages whose hold time has run out (tick).
  void release_expired(Clock::time_point now);

  // Upstream connection.
  void connect_next();
  void on_connected(const boost::system::error_code& ec);
  // The TCP connection to the upstream is up (and its TLS handshake done, if any): relay.
  void upstream_ready();
  // TLS handshakes.
  void start_esme_handshake();
  void on_handshake(Side side, const boost::system::error_code& ec);

  // Teardown.
  void side_lost(Side side, const char* reason);
  void answer_outstanding(Side waiting);
  void wind_down();
  // The SMSC's side has ended during a wind-down that deferred the ESME's unbind: answers what
  // the ESME still awaits, then unbinds it.
  void unbind_deferred_esme();
  void close_link(Side side, bool graceful);
  void maybe_finish();

  Worker& worker_;
  std::uint64_t id_;
  std::array<Link, 2> links_;
  State state_ = State::awaiting_bind;
  Clock::time_point deadline_{};       // of the current state (bind, connect attempt, drain, unbind)
  Clock::time_point last_activity_{};  // last bytes received on either side
  std::size_t upstream_index_ = 0;     // next upstream / address to try
  std::size_t address_index_ = 0;
  std::uint32_t bind_command_ = 0;     // the ESME's bind, while connecting
  std::uint32_t bind_sequence_ = 0;
  bool esme_unbind_deferred_ = false;  // wind_down() unbinds the SMSC first (see there)
  bool esme_bound_ = false;            // the SMSC accepted the ESME's bind
  bool bind_pending_ = false;          // the bind went upstream, its answer has not come back
  std::string system_id_;              // the ESME's system_id, for logs
  std::string esme_address_;
  boost::asio::ip::address esme_ip_;
  bool bind_slot_held_ = false;        // of the account's access max_binds (released when destroyed)
  ConcatHold hold_;                    // parts of concatenated messages awaiting their siblings
  std::vector<std::span<const std::uint8_t>> hold_frames_;  // release_message()'s scratch
  const Admission admission_;
  boost::asio::ssl::context* const esme_tls_;  // the ESME connected with TLS (null: plain)
};

}  // namespace smsfw::proxy
