#pragma once
// One bind of the load generator: connects, binds, keeps up to `window` submit_sm outstanding
// (closed loop) or sends on a fixed schedule (open loop, --rate), answers what the peer sends
// (deliver_sm, enquire_link, unbind), and unbinds when the coordinator says so.
//
// Threading: everything runs on the client's io_context thread. The coordinator (main thread)
// only reads phase(), accepted() and receipts() while the run is on, talks to the client by
// post()ing start/request_unbind/abort, and reads stats() and failure() after the worker
// threads are joined.

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/pdu_stream.h"
#include "common/relaxed_counter.h"
#include "smpp_load/inflight_table.h"
#include "smpp_load/latency_histogram.h"
#include "smpp_load/load_config.h"
#include "smpp_load/message_mix.h"

namespace smsfw::bench::load {

// This bind's share of the work.
struct ClientPlan {
  unsigned index = 0;
  std::uint64_t warmup = 0;       // unmeasured submits sent first
  std::uint64_t count = 0;        // measured submits (when duration_ns == 0)
  std::int64_t duration_ns = 0;   // > 0: the measured phase lasts this long instead
  double rate = 0;                // msg/s for this bind; 0 = closed loop
  std::int64_t rate_offset_ns = 0;  // staggers the binds' schedules
  std::int64_t tick_ns = 0;       // open loop: intended send times are rounded up to this grid
};

// What one bind saw. Warm-up messages are counted separately and kept out of everything else.
struct ClientStats {
  std::uint64_t sent = 0;
  std::uint64_t answered = 0;
  std::uint64_t ok = 0;
  std::uint64_t warmup_sent = 0;
  std::uint64_t warmup_answered = 0;
  std::uint64_t generic_nacks = 0;  // submits answered with generic_nack (also in errors)
  std::uint64_t unexpected = 0;     // responses whose sequence number matches no outstanding request
  std::uint64_t mo = 0;             // deliver_sm that were not receipts
  std::uint64_t enquire_links = 0;  // answered for the peer
  std::vector<std::pair<std::uint32_t, std::uint64_t>> errors;  // command_status -> count
  LatencyHistogram latency;         // submit (intended send time) -> response, ns
  std::int64_t first_send_ns = 0;   // steady clock; 0 = nothing measured was sent
  std::int64_t last_answer_ns = 0;
};

class LoadClient final : public PduStream {
 public:
  enum class Phase : std::uint8_t {
    connecting,
    binding,
    submitting,
    submits_done,  // everything planned was sent and answered; waiting for receipts / unbind
    unbinding,
    finished,      // unbound (or the peer unbound us with nothing outstanding)
    failed,        // see failure()
  };

  LoadClient(boost::asio::io_context& io, const LoadConfig& config, const MessageMix& mix,
             const ClientPlan& plan, const tcp::endpoint& target);

  // The coordinator post()s these to the client's io_context.
  void start();
  void request_unbind();  // in submits_done: unbind and wait up to 5 s for unbind_resp
  void abort(const std::string& why);

  // Readable from any thread while running.
  Phase phase() const { return phase_.load(std::memory_order_acquire); }
  std::uint64_t accepted() const { return accepted_.get(); }  // submits answered with status 0, incl. warm-up
  std::uint64_t receipts() const { return receipts_.get(); }

  // Only after the client's thread has stopped.
  const ClientStats& stats() const { return stats_; }
  unsigned outstanding() const { return table_.outstanding(); }
  const std::string& failure() const { return failure_; }

  static std::int64_t clock_ns();

 private:
  enum class Next { send, wait, done };

  void on_pdu(const smpp::PduView& pdu) override;
  void on_batch_end() override;
  void on_closed(const boost::system::error_code& reason) override;

  void handle_bind_resp(const smpp::PduView& pdu);
  // False if no submit with that sequence number is outstanding (counted as unexpected).
  bool handle_submit_answer(std::uint32_t sequence, std::uint32_t status);
  void handle_deliver_sm(const smpp::PduView& pdu);
  void handle_peer_unbind(const smpp::PduView& pdu);
  void handle_generic_nack(const smpp::PduView& pdu);

  void pump();
  Next next_send(std::int64_t now, std::int64_t& intended, bool& measured);
  void send_one(std::int64_t intended, bool measured);
  void arm_send_timer(std::int64_t at_ns);
  void check_submits_done();
  void add_error(std::uint32_t status);
  void fail(const std::string& reason);
  std::int64_t now_ns();  // one clock read per read batch
  std::shared_ptr<LoadClient> self() { return std::static_pointer_cast<LoadClient>(shared_from_this()); }

  const LoadConfig& config_;
  const MessageMix& mix_;
  const ClientPlan plan_;
  const tcp::endpoint target_;
  InflightTable table_;

  std::atomic<Phase> phase_{Phase::connecting};
  RelaxedCounter accepted_;
  RelaxedCounter receipts_;
  ClientStats stats_;
  std::string failure_;

  std::uint64_t submits_ = 0;        // sent so far, warm-up included: the schedule index
  bool sending_done_ = false;
  std::size_t next_template_;
  std::uint64_t next_number_;        // destination variant
  std::int64_t schedule_start_ns_ = 0;
  double interval_ns_ = 0;           // open loop: time between two intended sends
  std::int64_t deadline_ns_ = 0;     // --duration: no measured send intended at or after this
  std::int64_t batch_now_ = 0;

  boost::asio::steady_timer send_timer_;
  net::HandlerMemory send_timer_memory_;
  bool send_timer_armed_ = false;
  boost::asio::steady_timer unbind_timer_;
};

const char* to_string(LoadClient::Phase phase);

}  // namespace smsfw::bench::load
