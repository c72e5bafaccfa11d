#pragma once
// One ESME connection to the simulator: binds it, answers every request (optionally after a
// delay, optionally with an injected error), and emits delivery receipts. Lives on one worker
// thread; the PduStream base does the framing and batched writes.

#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/steady_timer.hpp>

#include "common/pdu_stream.h"
#include "smsc_sim/delay_queue.h"
#include "smsc_sim/receipt_builder.h"
#include "smsc_sim/sim_worker.h"

namespace smsfw::bench::sim {

class SmscConnection final : public PduStream {
 public:
  SmscConnection(tcp::socket socket, SimWorker& worker);
  ~SmscConnection() override;

  // Starts reading; call on the worker thread.
  void start();
  // Encodes a receipt onto this connection (which is bound as receiver or transceiver) and
  // sends it after the configured delays. Called on this connection's thread, possibly from
  // another connection's read handler.
  void deliver_receipt(const ReceiptSource& src);

 private:
  enum class BindState : std::uint8_t { none, transmitter, receiver, transceiver };

  void on_pdu(const smpp::PduView& pdu) override;
  void on_bad_length(std::span<const std::uint8_t> front) override;
  void on_batch_end() override { batch_now_ = {}; }
  void on_closed(const boost::system::error_code& reason) override;

  void handle_bind(const smpp::PduView& pdu);
  void handle_submit_sm(const smpp::PduView& pdu);
  void handle_data_sm_or_multi(const smpp::PduView& pdu);
  void handle_query_sm(const smpp::PduView& pdu);
  void route_receipt(const smpp::MessageFields& fields, std::string_view message_id);

  // Responses: encode into response_buffer(), then response_done().
  std::vector<std::uint8_t>& response_buffer();
  void response_done();
  void respond_header_only(std::uint32_t command_id, std::uint32_t status, std::uint32_t sequence);
  void respond_id(std::uint32_t command_id, std::uint32_t status, std::uint32_t sequence, std::string_view id);
  // Whether the next submission gets the injected error (every error_every-th per thread).
  bool inject_error();
  bool may_submit() const { return bind_ == BindState::transmitter || bind_ == BindState::transceiver; }
  bool may_receive() const { return bind_ == BindState::receiver || bind_ == BindState::transceiver; }

  // Close once every queued response is written (after unbind, --drop-after, a bad frame).
  void finish();
  void maybe_close();
  void arm_timer(DelayQueue& queue, boost::asio::steady_timer& timer, net::HandlerMemory& memory, bool& armed);
  // One clock read per read batch: the responses of one batch share a due time (one queue entry).
  DelayQueue::Clock::time_point now();
  std::shared_ptr<SmscConnection> self() {
    return std::static_pointer_cast<SmscConnection>(shared_from_this());
  }

  SimWorker& worker_;
  const SimConfig& config_;
  BindState bind_ = BindState::none;
  std::string system_id_;          // the bound ESME's system_id (for receipt routing)
  bool in_router_ = false;
  bool finishing_ = false;
  std::uint64_t submits_answered_ = 0;
  std::uint32_t next_sequence_ = 1;  // for the requests we originate (receipts)
  DelayQueue::Clock::time_point batch_now_{};

  // --delay-ms: responses (and receipts without --dlr-delay-ms) wait here, in order.
  DelayQueue responses_;
  boost::asio::steady_timer response_timer_;
  net::HandlerMemory response_timer_memory_;
  bool response_timer_armed_ = false;
  // --dlr-delay-ms: receipts wait here.
  DelayQueue receipts_;
  boost::asio::steady_timer receipt_timer_;
  net::HandlerMemory receipt_timer_memory_;
  bool receipt_timer_armed_ = false;
};

}  // namespace smsfw::bench::sim
