#include "smpp_load/load_client.h"

#include <chrono>
#include <cstdio>

#include "smpp/pdu_writer.h"

namespace smsfw::bench::load {

namespace smpp = smsfw::smpp;
namespace cmd = smpp::cmd;

namespace {

// Above every submit_sm sequence number InflightTable hands out.
constexpr std::uint32_t kBindSequence = 0x7FFFFF01u;
constexpr std::uint32_t kUnbindSequence = 0x7FFFFF02u;
constexpr auto kUnbindTimeout = std::chrono::seconds(5);

std::string hex(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(v));
  return buf;
}

}  // namespace

const char* to_string(LoadClient::Phase phase) {
  switch (phase) {
    case LoadClient::Phase::connecting: return "connecting";
    case LoadClient::Phase::binding: return "binding";
    case LoadClient::Phase::submitting: return "submitting";
    case LoadClient::Phase::submits_done: return "waiting";
    case LoadClient::Phase::unbinding: return "unbinding";
    case LoadClient::Phase::finished: return "finished";
    case LoadClient::Phase::failed: return "failed";
  }
  return "?";
}

std::int64_t LoadClient::clock_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

LoadClient::LoadClient(boost::asio::io_context& io, const LoadConfig& config, const MessageMix& mix,
                       const ClientPlan& plan, const tcp::endpoint& target)
    : PduStream(tcp::socket(io)),
      config_(config),
      mix_(mix),
      plan_(plan),
      target_(target),
      table_(config.window),
      // Binds start at different texts and destination numbers, so the mix is not in lock step.
      next_template_(plan.index),
      next_number_(std::uint64_t{plan.index} * 1'000'003u),
      send_timer_(io),
      unbind_timer_(io) {
  if (plan.rate > 0) interval_ns_ = 1e9 / plan.rate;
  stats_.errors.reserve(8);
}

// ---- control (posted by the coordinator) ------------------------------------------------------

void LoadClient::start() {
  socket().async_connect(target_, [self = self()](const boost::system::error_code& ec) {
    if (self->phase() != Phase::connecting) return;  // aborted meanwhile
    if (ec) {
      self->fail("connect to " + self->target_.address().to_string() + ":" +
                 std::to_string(self->target_.port()) + " failed: " + ec.message());
      return self->close();
    }
    self->phase_.store(Phase::binding, std::memory_order_release);
    const std::uint32_t bind = self->config_.transceiver ? cmd::bind_transceiver : cmd::bind_transmitter;
    smpp::write_bind(self->out(), bind, kBindSequence, self->config_.system_id, self->config_.password);
    self->start_reading();
    self->flush();
  });
}

void LoadClient::request_unbind() {
  if (phase() != Phase::submits_done || is_closed()) return;
  phase_.store(Phase::unbinding, std::memory_order_release);
  smpp::write_header_only(out(), cmd::unbind, 0, kUnbindSequence);
  flush();
  unbind_timer_.expires_after(kUnbindTimeout);
  unbind_timer_.async_wait([self = self()](const boost::system::error_code& ec) {
    if (ec || self->phase() != Phase::unbinding) return;
    self->fail("no unbind_resp within 5 s");
    self->close();
  });
}

void LoadClient::abort(const std::string& why) {
  const Phase p = phase();
  if (p == Phase::finished || p == Phase::failed) return;
  fail(why + " (bind " + std::to_string(plan_.index) + " was " + to_string(p) + " with " +
       std::to_string(table_.outstanding()) + " submits outstanding)");
  close();
}

// ---- incoming PDUs ----------------------------------------------------------------------------

void LoadClient::on_pdu(const smpp::PduView& pdu) {
  switch (pdu.command_id()) {
    case cmd::submit_sm_resp:
      handle_submit_answer(pdu.sequence_number(), pdu.command_status());
      return;
    case cmd::deliver_sm:
      return handle_deliver_sm(pdu);
    case cmd::enquire_link:
      ++stats_.enquire_links;
      smpp::write_header_only(out(), cmd::enquire_link_resp, 0, pdu.sequence_number());
      return;
    case cmd::bind_transceiver_resp:
    case cmd::bind_transmitter_resp:
    case cmd::bind_receiver_resp:
      return handle_bind_resp(pdu);
    case cmd::unbind:
      return handle_peer_unbind(pdu);
    case cmd::unbind_resp:
      if (phase() == Phase::unbinding) {
        unbind_timer_.cancel();
        phase_.store(Phase::finished, std::memory_order_release);
        close_after_flush();
      } else {
        ++stats_.unexpected;
      }
      return;
    case cmd::generic_nack:
      return handle_generic_nack(pdu);
    case cmd::alert_notification:
      return;  // has no response
    default:
      if (smpp::is_response(pdu.command_id())) {
        ++stats_.unexpected;  // e.g. enquire_link_resp: we never send enquire_link
      } else {
        smpp::write_header_only(out(), cmd::generic_nack, smpp::status::invalid_command_id, pdu.sequence_number());
      }
      return;
  }
}

void LoadClient::on_batch_end() {
  pump();  // answered submits freed window slots
  batch_now_ = 0;
}

void LoadClient::handle_bind_resp(const smpp::PduView& pdu) {
  const std::uint32_t expected = smpp::response_for(config_.transceiver ? cmd::bind_transceiver : cmd::bind_transmitter);
  if (phase() != Phase::binding || pdu.sequence_number() != kBindSequence) {
    ++stats_.unexpected;
    return;
  }
  if (pdu.command_id() != expected) {
    fail("bind answered with " + std::string(smpp::command_name(pdu.command_id())));
    return close();
  }
  if (pdu.command_status() != smpp::status::ok) {
    fail("bind refused with status " + hex(pdu.command_status()));
    return close();
  }
  phase_.store(Phase::submitting, std::memory_order_release);
  schedule_start_ns_ = now_ns() + plan_.rate_offset_ns;
  // pump() runs from on_batch_end, right after this read's frames.
}

bool LoadClient::handle_submit_answer(std::uint32_t sequence, std::uint32_t status) {
  InflightTable::Entry e;
  if (!table_.release(sequence, e)) {
    ++stats_.unexpected;
    return false;
  }
  if (status == smpp::status::ok) accepted_.add();
  if (!e.measured) {
    ++stats_.warmup_answered;
    return true;
  }
  const std::int64_t now = now_ns();
  ++stats_.answered;
  stats_.latency.record(static_cast<std::uint64_t>(std::max<std::int64_t>(0, now - e.intended_ns)));
  stats_.last_answer_ns = now;
  if (status == smpp::status::ok) ++stats_.ok;
  else add_error(status);
  return true;
}

void LoadClient::handle_generic_nack(const smpp::PduView& pdu) {
  const std::uint32_t seq = pdu.sequence_number();
  if (seq == kBindSequence && phase() == Phase::binding) {
    fail("bind answered with generic_nack " + hex(pdu.command_status()));
    return close();
  }
  if (seq == kUnbindSequence && phase() == Phase::unbinding) {
    fail("unbind answered with generic_nack " + hex(pdu.command_status()));
    return close();
  }
  // A submit answered with generic_nack still counts as answered (with that status as error).
  const std::uint32_t st = pdu.command_status() == 0 ? smpp::status::unknown_error : pdu.command_status();
  if (handle_submit_answer(seq, st)) ++stats_.generic_nacks;
}

void LoadClient::handle_deliver_sm(const smpp::PduView& pdu) {
  smpp::MessageFields f;
  const smpp::ParseError e = pdu.parse_message(f);
  if (e == smpp::ParseError::none && (f.esm_class & 0x3C) == 0x04) receipts_.add();
  else if (e == smpp::ParseError::none) ++stats_.mo;
  smpp::write_id_response(out(), cmd::deliver_sm_resp, smpp::status_for(e), pdu.sequence_number(), {});
}

void LoadClient::handle_peer_unbind(const smpp::PduView& pdu) {
  smpp::write_header_only(out(), cmd::unbind_resp, 0, pdu.sequence_number());
  const Phase p = phase();
  if (p == Phase::submits_done || p == Phase::unbinding) {
    unbind_timer_.cancel();
    phase_.store(Phase::finished, std::memory_order_release);
  } else if (p != Phase::finished && p != Phase::failed) {
    fail("peer sent unbind while " + std::string(to_string(p)) + " with " +
         std::to_string(table_.outstanding()) + " submits outstanding");
  }
  close_after_flush();
}

void LoadClient::on_closed(const boost::system::error_code& reason) {
  send_timer_.cancel();
  unbind_timer_.cancel();
  const Phase p = phase();
  if (p == Phase::finished || p == Phase::failed) return;
  std::string why = p == Phase::unbinding ? "connection closed before unbind_resp" : "connection closed";
  if (reason && reason != boost::asio::error::eof) why += " (" + reason.message() + ")";
  why += " while " + std::string(to_string(p)) + " with " + std::to_string(table_.outstanding()) +
         " submits outstanding";
  fail(why);
}

// ---- sending ----------------------------------------------------------------------------------

void LoadClient::pump() {
  if (phase() != Phase::submitting || is_closed()) return;
  const std::int64_t now = now_ns();
  while (!sending_done_ && table_.has_free()) {
    std::int64_t intended = 0;
    bool measured = false;
    const Next next = next_send(now, intended, measured);
    if (next == Next::done) sending_done_ = true;
    else if (next == Next::wait) arm_send_timer(intended);
    if (next != Next::send) break;
    send_one(intended, measured);
  }
  check_submits_done();
}

LoadClient::Next LoadClient::next_send(std::int64_t now, std::int64_t& intended, bool& measured) {
  measured = submits_ >= plan_.warmup;
  if (plan_.duration_ns == 0 && submits_ >= plan_.warmup + plan_.count) return Next::done;
  if (plan_.rate > 0) {
    // Open loop: the k-th message is due at start + k * interval, rounded up to a tick grid
    // anchored at the clock's epoch, so every bind on a thread shares the grid and one wake-up
    // serves all messages (of all binds) of a tick. Latency is still measured from that intended
    // time, so a late or window-blocked sender shows in the figures.
    intended = schedule_start_ns_ + static_cast<std::int64_t>(static_cast<double>(submits_) * interval_ns_);
    if (plan_.tick_ns > 0) intended = (intended + plan_.tick_ns - 1) / plan_.tick_ns * plan_.tick_ns;
  } else {
    intended = now;
  }
  if (measured && plan_.duration_ns > 0) {
    if (deadline_ns_ == 0) deadline_ns_ = intended + plan_.duration_ns;  // the measured phase starts here
    if (intended >= deadline_ns_) return Next::done;
  }
  return intended > now ? Next::wait : Next::send;
}

void LoadClient::send_one(std::int64_t intended, bool measured) {
  const std::uint32_t seq = table_.acquire({intended, measured});
  mix_.append(out(), next_template_++, seq, next_number_++);
  ++submits_;
  if (!measured) {
    ++stats_.warmup_sent;
    return;
  }
  if (stats_.sent++ == 0) stats_.first_send_ns = intended;
}

void LoadClient::arm_send_timer(std::int64_t at_ns) {
  if (send_timer_armed_) return;  // armed for the same next message
  send_timer_armed_ = true;
  send_timer_.expires_at(std::chrono::steady_clock::time_point(std::chrono::nanoseconds(at_ns)));
  send_timer_.async_wait(net::bind_memory(send_timer_memory_, [self = self()](const boost::system::error_code& ec) {
    self->send_timer_armed_ = false;
    if (ec || self->is_closed()) return;
    self->batch_now_ = 0;
    self->pump();
    self->batch_now_ = 0;
    self->flush();
  }));
}

void LoadClient::check_submits_done() {
  if (sending_done_ && table_.outstanding() == 0 && phase() == Phase::submitting)
    phase_.store(Phase::submits_done, std::memory_order_release);
}

void LoadClient::add_error(std::uint32_t status) {
  for (auto& [st, n] : stats_.errors)
    if (st == status) return void(++n);
  stats_.errors.emplace_back(status, 1);
}

void LoadClient::fail(const std::string& reason) {
  if (phase() == Phase::failed) return;  // keep the first reason
  failure_ = reason;
  phase_.store(Phase::failed, std::memory_order_release);
}

std::int64_t LoadClient::now_ns() {
  if (batch_now_ == 0) batch_now_ = clock_ns();
  return batch_now_;
}

}  // namespace smsfw::bench::load
