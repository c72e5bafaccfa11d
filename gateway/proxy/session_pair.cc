#include "proxy/session_pair.h"

#include <cstring>

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include "net/host_port.h"
#include "proxy/message_filter.h"
#include "proxy/worker.h"
#include "smpp/smpp_constants.h"

namespace smsfw::proxy {

namespace asio = boost::asio;
using asio::ip::tcp;
namespace cmd = smpp::cmd;

namespace {

constexpr std::size_t kInitialReadBuffer = 32 * 1024;

// Requests that expect a response: every id without the response bit except the two SMPP 3.4
// requests that have none. Unknown ids are relayed and tracked: the peer answers generic_nack.
bool expects_response(std::uint32_t command_id) {
  return !smpp::is_response(command_id) && command_id != cmd::outbind &&
         command_id != cmd::alert_notification;
}

}  // namespace

SessionPair::SessionPair(Worker& worker, tcp::socket esme_socket, std::uint64_t id, Admission admission,
                         asio::ssl::context* esme_tls)
    : worker_(worker),
      id_(id),
      links_{Link(std::move(esme_socket)), Link(worker.context())},
      hold_(worker.shared().hold_budget, worker.settings().concat_max_session_bytes,
            worker.settings().concat_max_hold),
      admission_(admission),
      esme_tls_(esme_tls) {}

SessionPair::~SessionPair() {
  if (admission_ == Admission::counted) worker_.shared().admitted_sessions.fetch_sub(1, std::memory_order_relaxed);
  if (admission_ == Admission::over_limit) worker_.shared().refusing_sessions.fetch_sub(1, std::memory_order_relaxed);
  if (bind_slot_held_) worker_.shared().access->release_bind(system_id_);
}

void SessionPair::start() {
  worker_.add(shared_from_this());
  ++worker_.stats().sessions_opened;
  Link& e = links_[esme];
  e.open = true;
  e.rbuf.resize(kInitialReadBuffer);
  boost::system::error_code ec;
  e.stream.socket().set_option(tcp::no_delay(true), ec);
  const auto remote = e.stream.socket().remote_endpoint(ec);
  esme_address_ = ec ? "?" : net::to_string(remote);
  if (!ec) esme_ip_ = remote.address();
  const auto now = Clock::now();
  last_activity_ = now;
  deadline_ = now + worker_.settings().bind_timeout;
  spdlog::debug("session {}: ESME {} connected", id_, esme_address_);
  if (worker_.draining()) {
    close_link(esme, false);
    return;
  }
  if (esme_tls_) {
    start_esme_handshake();
    return;
  }
  read(esme);
}

// ---------------------------------------------------------------------------------------------
// TLS handshakes

void SessionPair::start_esme_handshake() {
  Link& e = links_[esme];
  e.stream.use_tls(*esme_tls_);
  e.handshaking = true;  // bounded by the bind timeout (on_tick, awaiting_bind)
  e.stream.async_handshake(asio::ssl::stream_base::server,
                           net::bind_memory(e.read_memory, [self = shared_from_this()](const boost::system::error_code& ec) {
                             self->on_handshake(esme, ec);
                           }));
}

void SessionPair::on_handshake(Side side, const boost::system::error_code& ec) {
  Link& l = links_[side];
  l.handshaking = false;
  if (side == esme) {
    if (!l.open) return;  // closed meanwhile (bind timeout, drain)
    if (ec) {
      ++worker_.stats().tls_failed_esme;
      if (std::uint64_t held_back = 0; worker_.limit_warnings().tls_handshake.occurred(Clock::now(), held_back))
        spdlog::warn("session {}: TLS handshake with ESME {} failed: {} ({} more on this worker since the last line)",
                     id_, esme_address_, ec.message(), held_back);
      close_link(esme, false);
      return;
    }
    spdlog::debug("session {}: ESME {} TLS: {}", id_, esme_address_, l.stream.describe());
    read(esme);
    return;
  }
  if (state_ != State::connecting) return;  // the ESME left or we are stopping
  if (ec) {
    ++worker_.stats().tls_failed_smsc;
    boost::system::error_code ignored;
    const auto peer = l.stream.socket().remote_endpoint(ignored);
    spdlog::warn("session {}: TLS handshake with upstream {} failed: {}", id_,
                 ignored ? std::string("?") : net::to_string(peer), ec.message());
    connect_next();
    return;
  }
  upstream_ready();
}

// ---------------------------------------------------------------------------------------------
// Reading and framing

bool SessionPair::may_read(Side side) const {
  const Link& l = links_[side];
  if (!l.open || l.reading || l.handshaking || l.close_after_flush) return false;
  if (state_ == State::connecting || state_ == State::closing || state_ == State::finished) return false;
  if (side == esme && bind_pending_) return false;  // what follows a bind waits for its answer
  return !backpressured();
}

bool SessionPair::backpressured() const {
  // Stop reading a side while either direction's output is not draining.
  const std::size_t limit = worker_.settings().max_buffered_bytes;
  return buffered(esme) >= limit || buffered(smsc) >= limit;
}

void SessionPair::read(Side side) {
  if (!may_read(side)) {
    note_pause(side);
    return;
  }
  Link& l = links_[side];
  l.paused = false;
  l.reading = true;
  l.stream.async_read_some(
      asio::buffer(l.rbuf.data() + l.rlen, l.rbuf.size() - l.rlen),
      net::bind_memory(l.read_memory, [self = shared_from_this(), side](const boost::system::error_code& ec,
                                                                        std::size_t n) { self->on_read(side, ec, n); }));
}

void SessionPair::note_pause(Side side) {
  Link& l = links_[side];
  if (l.paused || !l.open || l.reading || !backpressured()) return;
  l.paused = true;
  if (std::uint64_t held_back = 0; worker_.limit_warnings().backpressure.occurred(Clock::now(), held_back))
    spdlog::info("session {}: '{}': {} bytes queued for the ESME and {} for the SMSC (limits.max_buffered_bytes {}): "
                 "not reading the {} until they drain ({} more pauses on this worker since the last line)",
                 id_, system_id_, buffered(esme), buffered(smsc), worker_.settings().max_buffered_bytes,
                 side_name(side), held_back);
}

void SessionPair::on_read(Side side, const boost::system::error_code& ec, std::size_t n) {
  Link& l = links_[side];
  l.reading = false;
  if (!l.open) return;
  if (ec) {
    // A TLS peer that closes without close_notify is as gone as one that sends it.
    const bool closed = ec == asio::error::eof || ec == asio::ssl::error::stream_truncated;
    side_lost(side, closed ? "closed the connection" : "connection error");
    return;
  }
  l.rlen += n;
  last_activity_ = Clock::now();
  process_frames(side);
  flush(esme);
  flush(smsc);
  read(side);
}

void SessionPair::process_frames(Side side) {
  Link& l = links_[side];
  const std::size_t max = worker_.settings().max_pdu_size;
  std::size_t pos = 0;
  bool keep_going = true;
  while (keep_going && l.open && !l.close_after_flush) {
    const std::span<const std::uint8_t> rest(l.rbuf.data() + pos, l.rlen - pos);
    const smpp::FrameScan scan = smpp::scan_frame(rest, max);
    if (scan.kind == smpp::FrameScan::Kind::bad_length) {
      handle_bad_frame(side, rest);
      return;
    }
    if (scan.kind == smpp::FrameScan::Kind::incomplete) {
      if (scan.length > l.rbuf.size()) l.rbuf.resize(scan.length);  // bounded by max_pdu_size
      break;
    }
    const smpp::PduView pdu(rest.first(scan.length));
    pos += scan.length;
    if (side == esme) ++worker_.stats().pdus_esme_to_smsc; else ++worker_.stats().pdus_smsc_to_esme;
    worker_.metrics().pdu(side == esme ? 0 : 1, pdu.command_id());
    keep_going = handle_frame(side, pdu);
  }
  if (pos > 0) {
    std::memmove(l.rbuf.data(), l.rbuf.data() + pos, l.rlen - pos);
    l.rlen -= pos;
  }
}

void SessionPair::handle_bad_frame(Side from, std::span<const std::uint8_t> frame) {
  Link& l = links_[from];
  ++worker_.stats().bad_frames;
  // The sequence number is echoed if the header arrived (scan_frame needs only the length).
  const std::uint32_t sequence = frame.size() >= smpp::kHeaderSize ? smpp::load_u32(frame.data() + 12) : 0;
  spdlog::warn("session {}: {} sent a PDU with command_length {} (allowed 16..{}): closing", id_,
               side_name(from), smpp::load_u32(frame.data()), worker_.settings().max_pdu_size);
  worker_.responses().append_generic_nack(l.out, smpp::status::invalid_command_length, sequence);
  ++worker_.stats().answered_by_proxy;
  l.rlen = 0;
  // The stream cannot be trusted past this point: deliver the nack, then treat the side as lost.
  l.close_after_flush = true;
  side_lost(from, "sent an untrustworthy command_length");
}

bool SessionPair::handle_frame(Side from, const smpp::PduView& pdu) {
  switch (state_) {
    case State::awaiting_bind:
      return handle_unbound(pdu);
    case State::relaying:
    case State::draining:
      if (smpp::is_response(pdu.command_id()))
        handle_response(from, pdu);
      else
        handle_request(from, pdu);
      return true;
    case State::winding_down: {
      const std::uint32_t id = pdu.command_id();
      Link& l = links_[from];
      if (smpp::is_response(id)) {
        if (id == cmd::unbind_resp && l.unbind_sent && pdu.sequence_number() == l.unbind_sequence) {
          close_link(from, true);
          answer_outstanding(other(from));  // what `from` left unanswered gets the proxy's answer
          if (from == smsc) unbind_deferred_esme();
        } else if (links_[other(from)].requests.take(pdu.sequence_number()) != 0)
          forward(from, pdu);  // a late answer to a request its sender still waits for
      } else if (id == cmd::unbind) {
        answer(from, id, pdu.sequence_number(), smpp::status::ok);
        close_link(from, true);
        if (from == smsc) unbind_deferred_esme();
      } else if (id == cmd::enquire_link) {
        answer(from, id, pdu.sequence_number(), smpp::status::ok);
      } else if (expects_response(id)) {
        answer(from, id, pdu.sequence_number(),
               from == esme ? worker_.settings().upstream_unavailable_status
                            : worker_.settings().esme_unavailable_status);
      }
      return true;
    }
    default:
      return false;
  }
}

bool SessionPair::handle_unbound(const smpp::PduView& pdu) {
  const std::uint32_t id = pdu.command_id();
  const std::uint32_t seq = pdu.sequence_number();
  if (smpp::is_bind(id)) {
    smpp::BindFields bind;
    const smpp::ParseError err = pdu.parse_bind(bind);
    if (err != smpp::ParseError::none) {
      ++worker_.stats().malformed_pdus;
      answer(esme, id, seq, smpp::status_for(err));
      return true;
    }
    system_id_.assign(bind.system_id);
    if (admission_ == Admission::over_limit) {
      ++worker_.stats().binds_refused_session_limit;
      spdlog::debug("session {}: bind of '{}' from {} refused: session limit ({}) reached", id_, system_id_,
                    esme_address_, worker_.settings().max_sessions);
      refuse_bind(id, seq, worker_.settings().session_limit_status, system_id_);
      return false;
    }
    access::AccessControl* const access = worker_.shared().access;
    access::AccessControl::BindCheck check;
    if (access) {
      check = access->check_bind(system_id_, esme_ip_, esme_address_);  // a refusal is logged there
      bind_slot_held_ = check.holds_bind_slot;
      if (check.refused) {
        // Made-up system_ids are not labels of their own.
        refuse_bind(id, seq, access::bind_status(check.reason),
                    check.reason == access::Refusal::unknown_account ? std::string_view("(unlisted)") : system_id_);
        return false;
      }
    }
    bind_command_ = id;
    bind_sequence_ = seq;
    // The bind leaves as its original bytes once an upstream accepts the connection.
    Link& s = links_[smsc];
    s.out.assign(pdu.bytes().begin(), pdu.bytes().end());
    state_ = State::connecting;  // (also while the password is checked: drain and loss alike)
    upstream_index_ = 0;
    address_index_ = 0;
    if (check.needs_password) {
      access->verify(std::string(bind.password), *check.account, system_id_, esme_ip_, esme_address_,
                     worker_.context().get_executor(),
                     [self = shared_from_this()](bool ok) { self->on_password_checked(ok); });
    } else {
      connect_next();
    }
    return false;  // anything the ESME pipelined after its bind waits for the upstream
  }
  if (id == cmd::enquire_link) {
    answer(esme, id, seq, smpp::status::ok);
  } else if (id == cmd::unbind) {
    answer(esme, id, seq, smpp::status::ok);
    close_link(esme, true);
  } else if (expects_response(id)) {
    answer(esme, id, seq, smpp::status::invalid_bind_status);
  }
  return true;  // responses before a bind answer nothing we sent: dropped
}

void SessionPair::handle_request(Side from, const smpp::PduView& pdu) {
  const std::uint32_t id = pdu.command_id();
  const std::uint32_t seq = pdu.sequence_number();
  const ProxySettings& cfg = worker_.settings();
  if (state_ == State::draining && id != cmd::unbind) {
    // Stopping: in-flight requests finish, new ones are refused (the sender retries elsewhere).
    // An unbind still goes through: the handshake ends the session as the sender asked.
    if (id == cmd::enquire_link)
      answer(from, id, seq, smpp::status::ok);
    else if (expects_response(id))
      answer(from, id, seq, from == esme ? cfg.upstream_unavailable_status : cfg.esme_unavailable_status);
    return;
  }
  smpp::MessageFields fields;
  const bool message = smpp::PduView::carries_message(id);
  if (message) {
    const smpp::ParseError err = pdu.parse_message(fields);
    if (err != smpp::ParseError::none) {
      ++worker_.stats().malformed_pdus;
      spdlog::debug("session {}: malformed {} from {}: {}", id_, smpp::command_name(id), side_name(from),
                    smpp::to_string(err));
      answer(from, id, seq, smpp::status_for(err));
      return;
    }
  }
  InflightTable& requests = links_[from].requests;
  if (expects_response(id) && requests.size() >= cfg.max_inflight) {
    answer(from, id, seq, cfg.too_many_inflight_status);
    std::uint64_t held_back = 0;
    if (worker_.limit_warnings().inflight.occurred(Clock::now(), held_back))
      spdlog::warn("session {}: {} '{}' has {} requests awaiting answers (limits.max_inflight): {} seq {} answered "
                   "0x{:08X} ({} more on this worker since the last warning)",
                   id_, side_name(from), system_id_, requests.size(), smpp::command_name(id), seq,
                   cfg.too_many_inflight_status, held_back);
    return;
  }
  Link& to = links_[other(from)];
  if (message && judged_here(from, id) && to.open && !to.close_after_flush) {
    bool input_ready = false;  // concat_of() has read the engine input of this PDU
    if (from == esme && cfg.concat_judge_whole) {
      const auto concat = worker_.filter()->concat_of(pdu, fields, system_id_);
      if (concat && hold_part(pdu, fields, *concat)) return;
      input_ready = true;  // hold_part() returning false has judged nothing
    }
    const auto direction = from == esme ? filters::Direction::mobile_terminated : filters::Direction::mobile_originated;
    const MessageFilter::Result r = worker_.filter()->judge(pdu, fields, system_id_, direction, cfg.max_pdu_size,
                                                            to.out, worker_.stats(), id_, input_ready);
    if (r.outcome == MessageFilter::Outcome::block) {
      answer(from, id, seq, r.status);  // nothing reaches the other side, so no receipt either
      return;
    }
    if (r.outcome == MessageFilter::Outcome::forwarded) {  // the marked frame is already queued
      requests.insert(seq, id);
      return;
    }
  }
  // An ESME unbinding with parts still held: they are judged as they are and go out (or are
  // answered) before the unbind, so none is left without an answer.
  if (from == esme && id == cmd::unbind && !hold_.empty()) release_all_held();
  if (expects_response(id)) requests.insert(seq, id);
  forward(from, pdu);
}

void SessionPair::refuse_bind(std::uint32_t command, std::uint32_t sequence, std::uint32_t status,
                              std::string_view account) {
  ++worker_.metrics().account(account).binds_refused;
  answer(esme, command, sequence, status);
  if (state_ == State::connecting) {  // the password was wrong: the bind never left
    state_ = State::closing;
    deadline_ = Clock::now() + worker_.settings().unbind_timeout;
    links_[smsc].out.clear();
  }
  close_link(esme, true);
  flush(esme);
}

void SessionPair::on_password_checked(bool ok) {
  if (state_ != State::connecting) return;  // the ESME left, or the proxy is stopping
  if (ok) {
    connect_next();
    return;
  }
  refuse_bind(bind_command_, bind_sequence_, access::bind_status(access::Refusal::wrong_password), system_id_);
}

bool SessionPair::hold_part(const smpp::PduView& pdu, const smpp::MessageFields& fields,
                            const filters::message::ConcatInfo& concat) {
  const std::uint32_t id = pdu.command_id();
  const std::uint32_t seq = pdu.sequence_number();
  const auto now = Clock::now();
  const std::uint64_t key = ConcatHold::key_of(fields.source.digits, fields.destination.digits, concat);
  if (const auto late = hold_.late_part_status(key, concat.sequence, now)) {
    ++worker_.stats().concat_late_parts;
    if (*late == 0) return false;  // its message went out: this part is judged on its own
    answer(esme, id, seq, *late);
    return true;
  }
  std::size_t index = 0;
  switch (hold_.add(key, concat, pdu.bytes(), seq, id, now, index)) {
    case ConcatHold::Added::held:
      ++worker_.stats().concat_parts;
      return true;
    case ConcatHold::Added::complete:
      ++worker_.stats().concat_parts;
      release_message(index, false, now);
      return true;
    case ConcatHold::Added::session_full:
    case ConcatHold::Added::process_full:
      ++worker_.stats().concat_refused_full;
      answer(esme, id, seq, worker_.settings().hold_full_status);
      if (std::uint64_t held_back = 0; worker_.limit_warnings().hold_full.occurred(now, held_back))
        spdlog::warn("session {}: '{}': no room to hold part {}/{} (seq {}) of a concatenated message: {} bytes held "
                     "in this session (concatenation.max_session_bytes {}), {} in the process (max_total_bytes {}); "
                     "answered 0x{:08X} ({} more on this worker since the last warning)",
                     id_, system_id_, concat.sequence, concat.total, seq, hold_.held_bytes(),
                     worker_.settings().concat_max_session_bytes, worker_.shared().hold_budget.used(),
                     worker_.settings().concat_max_total_bytes, worker_.settings().hold_full_status, held_back);
      return true;
  }
  return true;
}

void SessionPair::release_message(std::size_t index, bool expired, Clock::time_point now) {
  ConcatHold::Message& m = hold_.message(index);
  ProxyStats& stats = worker_.stats();
  Link& e = links_[esme];
  Link& s = links_[smsc];
  if (!e.open || e.close_after_flush) {
    stats.concat_dropped += m.parts.size();  // nobody left to answer
    hold_.release(index);
    return;
  }
  if (!s.open || s.close_after_flush || !(state_ == State::relaying || state_ == State::draining)) {
    for (const ConcatHold::Part& p : m.parts)
      answer(esme, p.command_id, p.sequence, worker_.settings().upstream_unavailable_status);
    hold_.release(index);
    return;
  }
  hold_frames_.clear();
  for (const ConcatHold::Part* p : hold_.in_part_order(index)) hold_frames_.push_back(p->frame);
  if (expired) {
    ++stats.concat_expired;
    spdlog::debug("session {}: hold time ran out with {} of {} parts: judging what arrived", id_, hold_frames_.size(),
                  m.total);
  } else {
    ++stats.concat_messages;
  }
  MessageFilter& filter = *worker_.filter();
  const MessageFilter::Result r = filter.judge_whole(hold_frames_, m.parts.size(), system_id_, stats, id_);
  if (expired) hold_.remember(index, r.outcome == MessageFilter::Outcome::block ? r.status : 0, now);
  const std::size_t max_pdu = worker_.settings().max_pdu_size;
  for (const ConcatHold::Part& p : m.parts) {  // arrival order
    if (r.outcome == MessageFilter::Outcome::block) {
      answer(esme, p.command_id, p.sequence, r.status);
      continue;
    }
    e.requests.insert(p.sequence, p.command_id);
    const smpp::PduView part(p.frame);
    if (r.outcome == MessageFilter::Outcome::forwarded && filter.mark_part(part, max_pdu, s.out, stats)) continue;
    forward(esme, part);
  }
  hold_.release(index);
}

void SessionPair::release_all_held() {
  const auto now = Clock::now();
  while (const auto index = hold_.any()) release_message(*index, true, now);
}

bool SessionPair::judged_here(Side from, std::uint32_t command_id) const {
  // Only on a bind the SMSC accepted: an unauthenticated client learns nothing about the rules.
  if (!worker_.filter() || !esme_bound_) return false;
  if (from == esme)
    return command_id == cmd::submit_sm || command_id == cmd::data_sm || command_id == cmd::submit_multi;
  return command_id == cmd::deliver_sm || command_id == cmd::data_sm;  // MO, if the account asks
}

void SessionPair::handle_response(Side from, const smpp::PduView& pdu) {
  const Side requester = other(from);
  const std::uint32_t request_id = links_[requester].requests.take(pdu.sequence_number());
  if (request_id == 0) ++worker_.stats().stray_responses;  // relayed anyway: the peer decides
  worker_.metrics().response(pdu.command_id(), pdu.command_status());
  forward(from, pdu);
  if (request_id == cmd::unbind && pdu.command_id() == cmd::unbind_resp) {
    // The unbind handshake went through the relay: deliver the answer, then close both sides.
    spdlog::info("session {}: {} unbound (system_id '{}')", id_, side_name(requester), system_id_);
    state_ = State::closing;
    deadline_ = Clock::now() + worker_.settings().unbind_timeout;
    close_link(from, true);
    close_link(requester, true);
    return;
  }
  if (request_id != 0 && smpp::is_bind(request_id)) {
    ++worker_.stats().binds_forwarded;
    // A refused second bind (ESME_RALYBND) leaves an earlier successful one in place.
    if (pdu.command_status() == smpp::status::ok) esme_bound_ = true;
    if (!esme_bound_ && bind_slot_held_) {  // refused upstream: the account's slot is free again
      worker_.shared().access->release_bind(system_id_);
      bind_slot_held_ = false;
    }
    AccountMetrics& account = worker_.metrics().account(system_id_);
    ++(pdu.command_status() == smpp::status::ok ? account.binds_ok : account.binds_failed);
    spdlog::info("session {}: {} {} as '{}' via the SMSC: status 0x{:08X}", id_, esme_address_,
                 smpp::command_name(request_id), system_id_, pdu.command_status());
    if (bind_pending_) {
      // Now that the ESME has its bind answer, what it pipelined behind the bind is handled:
      // judged if the bind succeeded, relayed for the SMSC to refuse otherwise.
      bind_pending_ = false;
      process_frames(esme);
      read(esme);
    }
  }
  if (state_ == State::draining && links_[esme].requests.empty() && links_[smsc].requests.empty()) wind_down();
}

// ---------------------------------------------------------------------------------------------
// Writing

void SessionPair::forward(Side from, const smpp::PduView& pdu) {
  Link& to = links_[other(from)];
  if (!to.open || to.close_after_flush) return;
  const auto bytes = pdu.bytes();
  to.out.insert(to.out.end(), bytes.begin(), bytes.end());
}

void SessionPair::answer(Side to, std::uint32_t request_command_id, std::uint32_t sequence, std::uint32_t status) {
  Link& l = links_[to];
  if (!l.open || l.close_after_flush) return;
  worker_.responses().append_response(l.out, request_command_id, status, sequence);
  ++worker_.stats().answered_by_proxy;
  worker_.metrics().response(smpp::response_for(request_command_id), status);
}

void SessionPair::send_unbind(Side to) {
  Link& l = links_[to];
  if (!l.open || l.close_after_flush || l.unbind_sent) return;
  // A sequence number none of this side's outstanding requests uses (their answers are dropped).
  l.unbind_sequence = links_[other(to)].requests.unused_sequence();
  l.unbind_sent = true;
  worker_.responses().append_unbind(l.out, l.unbind_sequence);
}

void SessionPair::flush(Side side) {
  Link& l = links_[side];
  if (!l.open || l.write_active) return;
  if (l.out.empty()) {
    if (l.close_after_flush) close_link(side, false);
    return;
  }
  l.writing.swap(l.out);
  l.out.clear();
  l.write_active = true;
  l.write_started = Clock::now();
  l.stream.async_write(asio::buffer(l.writing),
                       net::bind_memory(l.write_memory, [self = shared_from_this(), side](
                                                            const boost::system::error_code& ec, std::size_t) {
                         self->on_write(side, ec);
                       }));
}

void SessionPair::on_write(Side side, const boost::system::error_code& ec) {
  Link& l = links_[side];
  l.write_active = false;
  l.writing.clear();
  if (!l.open) return;
  if (ec) {
    side_lost(side, "write failed");
    return;
  }
  flush(side);
  // Output drained: reading may resume on either side.
  read(esme);
  read(smsc);
}

// ---------------------------------------------------------------------------------------------
// Upstream connection

void SessionPair::connect_next() {
  const auto& upstreams = worker_.settings().upstreams;
  while (upstream_index_ < upstreams.size() && address_index_ >= upstreams[upstream_index_].size()) {
    ++upstream_index_;
    address_index_ = 0;
  }
  if (upstream_index_ >= upstreams.size()) {
    ++worker_.stats().binds_failed_no_upstream;
    ++worker_.metrics().account(system_id_).binds_failed;
    spdlog::warn("session {}: {} {} as '{}': no upstream SMSC reachable, answered status 0x{:08X}", id_,
                 esme_address_, smpp::command_name(bind_command_), system_id_,
                 worker_.settings().bind_failed_status);
    links_[smsc].out.clear();
    state_ = State::closing;
    deadline_ = Clock::now() + worker_.settings().unbind_timeout;
    answer(esme, bind_command_, bind_sequence_, worker_.settings().bind_failed_status);
    close_link(esme, true);
    flush(esme);
    return;
  }
  const tcp::endpoint target = upstreams[upstream_index_][address_index_++];
  deadline_ = Clock::now() + worker_.settings().connect_timeout;
  Link& s = links_[smsc];
  boost::system::error_code ignored;
  s.stream.socket().close(ignored);  // a failed attempt leaves the socket open; start each one fresh
  s.stream.drop_tls();
  s.stream.socket().async_connect(target, [self = shared_from_this(), target](const boost::system::error_code& ec) {
    if (ec && self->state_ == State::connecting)
      spdlog::warn("session {}: upstream {} unreachable: {}", self->id_, net::to_string(target), ec.message());
    self->on_connected(ec);
  });
}

void SessionPair::on_connected(const boost::system::error_code& ec) {
  if (state_ != State::connecting) return;  // the ESME left or we are stopping
  if (ec) {
    connect_next();
    return;
  }
  Link& s = links_[smsc];
  boost::system::error_code ignored;
  s.stream.socket().set_option(tcp::no_delay(true), ignored);
  if (asio::ssl::context* tls = worker_.shared().upstream_tls) {
    // The name the SMSC's certificate must carry: the upstream's, as configured.
    const auto& names = worker_.settings().upstream_names;
    const std::size_t upstream = upstream_index_;
    const std::string name = upstream < names.size() ? names[upstream] : s.stream.socket().remote_endpoint(ignored).address().to_string();
    if (!s.stream.use_tls(*tls, name)) {
      spdlog::warn("session {}: upstream name '{}' is not usable for TLS verification", id_, name);
      connect_next();
      return;
    }
    s.handshaking = true;  // bounded by the connect timeout (on_tick, connecting)
    s.stream.async_handshake(asio::ssl::stream_base::client,
                             net::bind_memory(s.read_memory, [self = shared_from_this()](const boost::system::error_code& e) {
                               self->on_handshake(smsc, e);
                             }));
    return;
  }
  upstream_ready();
}

void SessionPair::upstream_ready() {
  Link& s = links_[smsc];
  if (s.stream.tls()) spdlog::debug("session {}: upstream TLS: {}", id_, s.stream.describe());
  s.open = true;
  s.rbuf.resize(kInitialReadBuffer);
  links_[esme].requests.insert(bind_sequence_, bind_command_);
  state_ = State::relaying;
  bind_pending_ = true;  // whatever the ESME pipelined after its bind waits for the bind_resp
  last_activity_ = Clock::now();
  flush(smsc);
  read(smsc);
}

}  // namespace smsfw::proxy
