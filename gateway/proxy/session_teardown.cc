// SessionPair's timeouts and teardown: deadlines checked by the worker's tick, draining, one
// side lost, unbinding what is left, closing. The relay itself is in session_pair.cc.

#include "proxy/session_pair.h"

#include <spdlog/spdlog.h>

#include "proxy/worker.h"
#include "smpp/smpp_constants.h"

namespace smsfw::proxy {

namespace cmd = smpp::cmd;
using boost::asio::ip::tcp;

void SessionPair::on_tick(Clock::time_point now) {
  const ProxySettings& cfg = worker_.settings();
  for (Side side : {esme, smsc}) {
    const Link& l = links_[side];
    if (l.open && l.write_active && now - l.write_started > cfg.write_stall_timeout) {
      ++worker_.stats().write_stalls;
      side_lost(side, "is not reading (write stalled)");
      return;
    }
  }
  switch (state_) {
    case State::awaiting_bind:
      if (now > deadline_) {
        spdlog::info("session {}: ESME {} sent no bind within the bind timeout: closing", id_, esme_address_);
        close_link(esme, false);
      }
      break;
    case State::connecting:
      if (now > deadline_) {
        boost::system::error_code ignored;
        links_[smsc].stream.socket().close(ignored);  // on_connected sees the abort and moves on
      }
      break;
    case State::relaying:
      if (!hold_.empty()) release_expired(now);
      if (cfg.idle_timeout.count() > 0 && now - last_activity_ > cfg.idle_timeout) {
        ++worker_.stats().idle_timeouts;
        spdlog::info("session {}: idle for {} s: unbinding", id_,
                     std::chrono::duration_cast<std::chrono::seconds>(cfg.idle_timeout).count());
        drain();
      }
      break;
    case State::draining:
      if (now > deadline_) wind_down();
      break;
    case State::winding_down:
      if (now > deadline_ && esme_unbind_deferred_) {
        close_link(smsc, false);  // its unbind went unanswered: the ESME's turn
        unbind_deferred_esme();
        break;
      }
      [[fallthrough]];
    case State::closing:
      if (now > deadline_) {
        close_link(esme, false);
        close_link(smsc, false);
      }
      break;
    case State::finished:
      break;
  }
}

SessionInfo SessionPair::info() const {
  static constexpr const char* kStates[] = {"awaiting_bind", "connecting", "relaying", "draining",
                                            "winding_down", "closing", "finished"};
  SessionInfo i;
  i.id = id_;
  i.system_id = system_id_;
  i.esme_address = esme_address_;
  i.state = kStates[static_cast<std::size_t>(state_)];
  i.bound = esme_bound_;
  i.esme_requests_in_flight = links_[esme].requests.size();
  i.smsc_requests_in_flight = links_[smsc].requests.size();
  i.parts_held = hold_.held_parts();
  if (!links_[esme].handshaking) i.esme_tls = links_[esme].stream.describe();
  if (links_[smsc].open) i.smsc_tls = links_[smsc].stream.describe();
  return i;
}

void SessionPair::drain() {
  switch (state_) {
    case State::awaiting_bind:
      close_link(esme, false);
      break;
    case State::connecting:
      state_ = State::closing;
      answer(esme, bind_command_, bind_sequence_, worker_.settings().bind_failed_status);
      {
        boost::system::error_code ignored;
        links_[smsc].stream.socket().close(ignored);
      }
      close_link(esme, true);
      flush(esme);
      break;
    case State::relaying:
      state_ = State::draining;
      deadline_ = Clock::now() + worker_.settings().unbind_timeout;
      // Held parts are in flight too: judged as they are now, so they are answered or forwarded
      // (and then answered) before the session ends.
      release_all_held();
      flush(esme);
      flush(smsc);
      if (links_[esme].requests.empty() && links_[smsc].requests.empty()) wind_down();
      break;
    default:
      break;  // already stopping
  }
}

void SessionPair::release_expired(Clock::time_point now) {
  while (const auto index = hold_.take_expired(now)) release_message(*index, true, now);
  flush(esme);
  flush(smsc);
}

void SessionPair::answer_outstanding(Side waiting) {
  const ProxySettings& cfg = worker_.settings();
  const std::uint32_t status = waiting == esme ? cfg.upstream_unavailable_status : cfg.esme_unavailable_status;
  // Held parts await an answer like forwarded requests do. The SMSC is gone or going, so
  // release_message() answers them with the error status (or drops them if the ESME left).
  if (waiting == esme) {
    const auto now = Clock::now();
    while (const auto index = hold_.any()) release_message(*index, true, now);
  }
  bool unbind_answered = false;
  links_[waiting].requests.drain([&](std::uint32_t seq, std::uint32_t id) {
    // An unbind that can no longer reach its peer has still done its job: the session ends.
    // A bind that can no longer reach the SMSC failed like one no upstream accepted.
    answer(waiting, id, seq,
           id == cmd::unbind ? smpp::status::ok : smpp::is_bind(id) ? cfg.bind_failed_status : status);
    unbind_answered |= id == cmd::unbind;
  });
  if (unbind_answered) close_link(waiting, true);
}

void SessionPair::side_lost(Side lost, const char* reason) {
  if (state_ == State::finished) return;
  const Side peer = other(lost);
  if (state_ == State::relaying || state_ == State::draining)
    spdlog::info("session {}: {} {} (system_id '{}'): unbinding the {}", id_, side_name(lost), reason, system_id_,
                 side_name(peer));
  else
    spdlog::debug("session {}: {} {}", id_, side_name(lost), reason);
  close_link(lost, links_[lost].close_after_flush);
  // The lost side's requests are dropped only after the switch: wind_down() picks the peer's
  // unbind sequence number so that it differs from them (the peer may still be answering them).
  switch (state_) {
    case State::relaying:
    case State::draining:
      answer_outstanding(peer);
      if (esme_bound_) {
        wind_down();
      } else {  // nobody is bound: there is nothing to unbind
        state_ = State::closing;
        deadline_ = Clock::now() + worker_.settings().unbind_timeout;
        close_link(peer, true);
      }
      flush(peer);
      break;
    case State::awaiting_bind:
    case State::connecting:
      // Only the ESME can be lost here: nothing was forwarded yet.
      state_ = State::closing;
      deadline_ = Clock::now() + worker_.settings().unbind_timeout;
      close_link(smsc, false);
      break;
    case State::winding_down:
      answer_outstanding(peer);  // the lost side will not send the late answers the peer awaits
      flush(peer);
      if (lost == smsc) unbind_deferred_esme();
      break;
    default:
      break;
  }
  links_[lost].requests.drain([](std::uint32_t, std::uint32_t) {});  // their answers have nowhere to go
  if (lost == esme && !hold_.empty()) {  // its held parts were never forwarded: nobody awaits them
    worker_.stats().concat_dropped += hold_.held_parts();
    hold_.release_all();
  }
  maybe_finish();
}

void SessionPair::wind_down() {
  state_ = State::winding_down;
  deadline_ = Clock::now() + worker_.settings().unbind_timeout;
  // An ESME still awaiting answers (a drain whose wait ran out) is unbound only after the SMSC:
  // an ESME answers unbind and closes at once, which would leave those requests unanswered.
  // The SMSC's late answers are relayed meanwhile; what it never answers gets the proxy's
  // answer when its side ends (unbind_deferred_esme).
  esme_unbind_deferred_ = links_[esme].open && !links_[esme].requests.empty() && links_[smsc].open &&
                          !links_[smsc].close_after_flush;
  if (esme_unbind_deferred_)
    spdlog::info("session {}: {} ESME request(s) still unanswered: unbinding the SMSC first, then the ESME", id_,
                 links_[esme].requests.size());
  for (Side side : {esme, smsc}) {
    if (side == esme && esme_unbind_deferred_) continue;
    send_unbind(side);
    flush(side);
  }
  maybe_finish();
}

void SessionPair::unbind_deferred_esme() {
  if (!esme_unbind_deferred_) return;
  esme_unbind_deferred_ = false;
  answer_outstanding(esme);  // nothing more comes from the SMSC
  send_unbind(esme);
  flush(esme);
  deadline_ = Clock::now() + worker_.settings().unbind_timeout;
  maybe_finish();
}

void SessionPair::close_link(Side side, bool graceful) {
  Link& l = links_[side];
  if (!l.open) {
    boost::system::error_code ignored;
    if (side == smsc && state_ == State::closing) l.stream.socket().close(ignored);  // a connect in progress
    maybe_finish();
    return;
  }
  if (graceful && (l.write_active || !l.out.empty())) {
    l.close_after_flush = true;  // flush() closes once the queued answers are written
    return;
  }
  l.open = false;
  boost::system::error_code ignored;
  l.stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  l.stream.socket().close(ignored);
  l.out.clear();
  maybe_finish();
}

void SessionPair::maybe_finish() {
  if (state_ == State::finished || links_[esme].open || links_[smsc].open) return;
  if (state_ == State::connecting) return;  // the ESME is waiting for an upstream
  state_ = State::finished;
  ++worker_.stats().sessions_closed;
  spdlog::debug("session {}: closed", id_);
  worker_.remove(this);
}

}  // namespace smsfw::proxy
