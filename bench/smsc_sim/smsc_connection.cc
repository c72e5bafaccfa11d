#include "smsc_sim/smsc_connection.h"

#include <cstring>

#include "smpp/pdu_writer.h"

namespace smsfw::bench::sim {

namespace smpp = smsfw::smpp;
namespace cmd = smpp::cmd;
namespace status = smpp::status;

namespace {

constexpr std::uint32_t kStatusInvalidPassword = 0x0E;  // ESME_RINVPASWD
constexpr std::uint16_t kTlvScInterfaceVersion = 0x0210;

// The body of a message, for the receipt's "text:" field: short_message, or message_payload
// when short_message is empty.
std::span<const std::uint8_t> message_body(const smpp::MessageFields& f) {
  if (!f.short_message.empty()) return f.short_message;
  smpp::Tlv payload;
  if (smpp::find_tlv(f.tlvs, smpp::tlv::message_payload, payload)) return payload.value;
  return {};
}

}  // namespace

SmscConnection::SmscConnection(tcp::socket socket, SimWorker& worker)
    : PduStream(std::move(socket)),
      worker_(worker),
      config_(worker.config),
      response_timer_(this->socket().get_executor()),
      receipt_timer_(this->socket().get_executor()) {}

SmscConnection::~SmscConnection() {
  if (in_router_) worker_.router.remove(system_id_, this);
}

void SmscConnection::start() {
  worker_.counters.connections.add();
  start_reading();
}

void SmscConnection::on_closed(const boost::system::error_code&) {
  if (in_router_) {
    worker_.router.remove(system_id_, this);
    in_router_ = false;
  }
  response_timer_.cancel();
  receipt_timer_.cancel();
}

// ---- dispatch -------------------------------------------------------------------------------

void SmscConnection::on_pdu(const smpp::PduView& pdu) {
  const std::uint32_t id = pdu.command_id();
  const std::uint32_t seq = pdu.sequence_number();
  switch (id) {
    case cmd::bind_transmitter:
    case cmd::bind_receiver:
    case cmd::bind_transceiver:
      return handle_bind(pdu);
    case cmd::submit_sm:
      return handle_submit_sm(pdu);
    case cmd::data_sm:
    case cmd::submit_multi:
      return handle_data_sm_or_multi(pdu);
    case cmd::query_sm:
      return handle_query_sm(pdu);
    case cmd::cancel_sm:
    case cmd::replace_sm:
      return respond_header_only(smpp::response_for(id), may_submit() ? status::ok : status::invalid_bind_status, seq);
    case cmd::enquire_link:
      worker_.counters.enquire_link.add();
      return respond_header_only(cmd::enquire_link_resp, status::ok, seq);
    case cmd::unbind:
      worker_.counters.unbind.add();
      respond_header_only(cmd::unbind_resp, status::ok, seq);
      return finish();
    case cmd::deliver_sm_resp:
      worker_.counters.receipt_acks.add();
      return;
    default:
      if (smpp::is_response(id)) {
        worker_.counters.other_responses.add();  // generic_nack, enquire_link_resp, ...
        return;
      }
      // Unknown ids, and requests an ESME must not send to an SMSC (deliver_sm, outbind, ...).
      worker_.counters.generic_nacks_sent.add();
      return respond_header_only(cmd::generic_nack, status::invalid_command_id, seq);
  }
}

void SmscConnection::on_bad_length(std::span<const std::uint8_t> front) {
  // The stream cannot be re-synchronised: say why (with the sequence number if we have it), close.
  const std::uint32_t seq = front.size() >= smpp::kHeaderSize ? smpp::load_u32(front.data() + 12) : 0;
  worker_.counters.generic_nacks_sent.add();
  respond_header_only(cmd::generic_nack, status::invalid_command_length, seq);
  finish();
}

// ---- requests -------------------------------------------------------------------------------

void SmscConnection::handle_bind(const smpp::PduView& pdu) {
  const std::uint32_t resp = smpp::response_for(pdu.command_id());
  smpp::BindFields f;
  std::uint32_t st = status::ok;
  if (const smpp::ParseError e = pdu.parse_bind(f); e != smpp::ParseError::none) st = smpp::status_for(e);
  else if (bind_ != BindState::none) st = status::already_bound;
  else if (config_.password && f.password != *config_.password) st = kStatusInvalidPassword;

  if (st != status::ok) {
    // SMPP 3.4 section 4.1: the body of a bind response is not returned on error.
    return respond_header_only(resp, st, pdu.sequence_number());
  }
  bind_ = pdu.command_id() == cmd::bind_transmitter ? BindState::transmitter
          : pdu.command_id() == cmd::bind_receiver  ? BindState::receiver
                                                    : BindState::transceiver;
  system_id_.assign(f.system_id);
  if (bind_ == BindState::receiver || bind_ == BindState::transceiver) {
    worker_.router.add(system_id_, this);
    in_router_ = true;
  }
  worker_.counters.binds.add();
  const std::uint8_t version = smpp::kInterfaceVersion34;
  smpp::PduWriter(response_buffer())
      .begin(resp, status::ok, pdu.sequence_number())
      .cstring(config_.system_id)
      .tlv(kTlvScInterfaceVersion, std::span<const std::uint8_t>(&version, 1))
      .finish();
  response_done();
}

void SmscConnection::handle_submit_sm(const smpp::PduView& pdu) {
  worker_.counters.submit_sm.add();
  const std::uint32_t seq = pdu.sequence_number();
  if (!may_submit()) return respond_id(cmd::submit_sm_resp, status::invalid_bind_status, seq, {});
  smpp::MessageFields f;
  if (const smpp::ParseError e = pdu.parse_message(f); e != smpp::ParseError::none) {
    respond_id(cmd::submit_sm_resp, smpp::status_for(e), seq, {});
  } else if (inject_error()) {
    respond_id(cmd::submit_sm_resp, config_.error_status, seq, {});
  } else {
    const std::string_view message_id = worker_.ids.next();
    respond_id(cmd::submit_sm_resp, status::ok, seq, message_id);
    const bool wanted = config_.dlr == DlrMode::always ||
                        (config_.dlr == DlrMode::requested && (f.registered_delivery & 0x01) != 0);
    if (wanted) route_receipt(f, message_id);
  }
  if (config_.drop_after != 0 && ++submits_answered_ == config_.drop_after) finish();
}

void SmscConnection::handle_data_sm_or_multi(const smpp::PduView& pdu) {
  const bool multi = pdu.command_id() == cmd::submit_multi;
  (multi ? worker_.counters.submit_multi : worker_.counters.data_sm).add();
  const std::uint32_t resp = smpp::response_for(pdu.command_id());
  const std::uint32_t seq = pdu.sequence_number();

  std::uint32_t st = status::ok;
  std::string_view message_id;
  smpp::MessageFields f;
  if (!may_submit()) st = status::invalid_bind_status;
  else if (const smpp::ParseError e = pdu.parse_message(f); e != smpp::ParseError::none) st = smpp::status_for(e);
  else if (inject_error()) st = config_.error_status;
  else message_id = worker_.ids.next();

  if (!multi) return respond_id(resp, st, seq, message_id);
  // submit_multi_resp: message_id, no_unsuccess = 0 (every destination accepted).
  smpp::PduWriter(response_buffer()).begin(resp, st, seq).cstring(message_id).u8(0).finish();
  response_done();
}

void SmscConnection::handle_query_sm(const smpp::PduView& pdu) {
  const auto body = pdu.body();
  const void* nul = body.empty() ? nullptr : std::memchr(body.data(), 0, body.size());
  if (!may_submit() || nul == nullptr) {
    const std::uint32_t st = may_submit() ? status::invalid_command_length : status::invalid_bind_status;
    return respond_header_only(cmd::query_sm_resp, st, pdu.sequence_number());
  }
  const std::string_view message_id(reinterpret_cast<const char*>(body.data()),
                                    static_cast<std::size_t>(static_cast<const std::uint8_t*>(nul) - body.data()));
  // message_id echoed, final_date empty, message_state 2 (DELIVERED), error_code 0: a fixed answer.
  smpp::PduWriter(response_buffer())
      .begin(cmd::query_sm_resp, status::ok, pdu.sequence_number())
      .cstring(message_id)
      .cstring("")
      .u8(2)
      .u8(0)
      .finish();
  response_done();
}

bool SmscConnection::inject_error() {
  if (config_.error_every == 0) return false;
  if (++worker_.submissions % config_.error_every != 0) return false;
  worker_.counters.errors_injected.add();
  return true;
}

// ---- receipts -------------------------------------------------------------------------------

void SmscConnection::route_receipt(const smpp::MessageFields& f, std::string_view message_id) {
  SmscConnection* target = bind_ == BindState::transceiver ? this : worker_.router.pick(system_id_);
  if (target == nullptr) {
    worker_.counters.receipts_unroutable.add();
    return;
  }
  target->deliver_receipt(ReceiptSource{message_id, f.source, f.destination, message_body(f), f.data_coding});
}

void SmscConnection::deliver_receipt(const ReceiptSource& src) {
  if (is_closed() || finishing_) return;
  worker_.counters.receipts_sent.add();
  const std::uint32_t seq = next_sequence_;
  next_sequence_ = next_sequence_ >= 0x7FFFFFFFu ? 1 : next_sequence_ + 1;
  const std::string_view date = worker_.clock.now();
  if (config_.dlr_delay.count() > 0) {
    // Due after the response would have been sent plus the receipt delay.
    append_receipt(receipts_.bytes(), seq, src, date);
    receipts_.commit(DelayQueue::Clock::now() + config_.delay + config_.dlr_delay);
    arm_timer(receipts_, receipt_timer_, receipt_timer_memory_, receipt_timer_armed_);
  } else if (config_.delay.count() > 0) {
    // Same queue as the responses, so a receipt never overtakes its submit_sm_resp.
    append_receipt(responses_.bytes(), seq, src, date);
    responses_.commit(DelayQueue::Clock::now() + config_.delay);
    arm_timer(responses_, response_timer_, response_timer_memory_, response_timer_armed_);
  } else {
    append_receipt(out(), seq, src, date);
    schedule_flush();  // no-op cost when we are inside our own read handler (flush follows)
  }
}

// ---- response plumbing ----------------------------------------------------------------------

std::vector<std::uint8_t>& SmscConnection::response_buffer() {
  return config_.delay.count() > 0 ? responses_.bytes() : out();
}

void SmscConnection::response_done() {
  worker_.counters.responses_sent.add();
  if (config_.delay.count() > 0) {
    responses_.commit(now() + config_.delay);
    arm_timer(responses_, response_timer_, response_timer_memory_, response_timer_armed_);
  }
}

void SmscConnection::respond_header_only(std::uint32_t command_id, std::uint32_t st, std::uint32_t sequence) {
  smpp::write_header_only(response_buffer(), command_id, st, sequence);
  response_done();
}

void SmscConnection::respond_id(std::uint32_t command_id, std::uint32_t st, std::uint32_t sequence,
                                std::string_view id) {
  smpp::write_id_response(response_buffer(), command_id, st, sequence, id);
  response_done();
}

void SmscConnection::arm_timer(DelayQueue& queue, boost::asio::steady_timer& timer, net::HandlerMemory& memory,
                               bool& armed) {
  if (armed || queue.empty() || is_closed()) return;
  armed = true;
  timer.expires_at(queue.front_due());
  timer.async_wait(net::bind_memory(memory, [self = self(), &queue, &timer, &memory, &armed](const boost::system::error_code& ec) {
    armed = false;
    if (ec || self->is_closed()) return;
    queue.drain_due(DelayQueue::Clock::now(), self->out());
    self->flush();
    self->arm_timer(queue, timer, memory, armed);
    self->maybe_close();
  }));
}

DelayQueue::Clock::time_point SmscConnection::now() {
  if (batch_now_ == DelayQueue::Clock::time_point{}) batch_now_ = DelayQueue::Clock::now();
  return batch_now_;
}

void SmscConnection::finish() {
  finishing_ = true;
  stop_reading();
  maybe_close();
}

void SmscConnection::maybe_close() {
  if (finishing_ && responses_.empty()) close_after_flush();
}

}  // namespace smsfw::bench::sim
