#pragma once
// The filter chain as a session pair uses it: one per worker thread (it owns that thread's
// Classifier). Turns a parsed message PDU into the engine's input, judges it, counts the verdict,
// applies the account's rate limits to an ESME->SMSC message about to be forwarded
// (message_throttle.h), and for a tagged message appends the marked frame. Also judges the
// held parts of a concatenated message as one message (concat_hold.h).

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "audit/audit_log.h"
#include "engine/classifier.h"
#include "engine/engine.h"
#include "proxy/message_throttle.h"
#include "proxy/proxy_stats.h"
#include "proxy/tag_marker.h"
#include "proxy/worker_metrics.h"
#include "smpp/pdu_view.h"

namespace smsfw::proxy {

class MessageFilter {
 public:
  // `engine` and `throttle` (shared with the other workers' filters) must outlive the filter.
  // Construct anywhere, use on one thread only.
  // `audit` (may be null) records every non-allow verdict (audit/audit_log.h).
  MessageFilter(const filters::Engine& engine, MessageThrottle& throttle, WorkerMetrics& metrics,
                audit::AuditLog* audit = nullptr);

  enum class Outcome : std::uint8_t {
    forward,    // relay the original bytes
    forwarded,  // the marked frame was appended to `out`: relay nothing else
    block,      // answer the sender with `status` (a block or ESME_RTHROTTLED); relay nothing
  };
  struct Result {
    Outcome outcome = Outcome::forward;
    std::uint32_t status = 0;
  };

  // Judges one message PDU travelling in `direction` on the bind of `account`; a tagged PDU is
  // rebuilt into `out` (a prefix only within `max_pdu_size`). A blocked message takes no token;
  // one that would be forwarded (allow, monitor, tag) but exceeds a limit is a block with
  // ESME_RTHROTTLED (counted as throttled, not as blocked, monitored or tagged).
  // Campaign detection through this filter's classifier, observing via ring `producer`
  // (filters::Classifier::attach_campaign). Before the first judge().
  void attach_campaign(filters::campaign::CampaignDetector& detector, std::size_t producer) {
    classifier_.attach_campaign(detector, producer);
  }

  Result judge(const smpp::PduView& pdu, const smpp::MessageFields& fields, std::string_view account,
               filters::Direction direction, std::size_t max_pdu_size, std::vector<std::uint8_t>& out,
               ProxyStats& stats, std::uint64_t session, bool input_ready = false);

  // The concatenation a message PDU declares: its UDH concatenation IE (esm_class UDHI), else
  // its SAR TLVs. Nothing for a single-part message, a one-part "concatenation" (total 1), a
  // malformed UDH or SAR, or a binary body (data_coding 8-bit data: no text to join; its parts
  // are judged one by one). The engine input it reads is kept for a judge(..., input_ready =
  // true) of the same PDU right after (so the TLVs are walked once).
  std::optional<filters::message::ConcatInfo> concat_of(const smpp::PduView& pdu, const smpp::MessageFields& fields,
                                                        std::string_view account);

  // Judges the held parts of one concatenated message as one text (parts: original frames in
  // part-number order, each once; all parse as messages). Blocked: Outcome::block with the block
  // status for every part. To be forwarded: the limits take one token per part in `tokens`
  // (every held part, repeats included), and past a limit every part gets ESME_RTHROTTLED.
  // Otherwise Outcome::forward, or Outcome::forwarded for a tag: then each part in turn goes
  // through mark_part() before the next judge*() call.
  Result judge_whole(std::span<const std::span<const std::uint8_t>> parts, std::size_t tokens,
                     std::string_view account, ProxyStats& stats, std::uint64_t session);

  // Appends part `pdu` of the message judge_whole() last judged, marked as its tag verdict
  // asks. Every part is marked alike (a handset reassembles only parts from one sender): the
  // sender and TLV marks as they are; a prefix mark becomes its fallback sender mark, because
  // it would not fit a full part and the parts would then disagree. False when the part could
  // not be rebuilt (it is then forwarded unmarked, and counted).
  bool mark_part(const smpp::PduView& pdu, std::size_t max_pdu_size, std::vector<std::uint8_t>& out,
                 ProxyStats& stats);

 private:
  // One audit record of a non-allow outcome (`status` 0: forwarded).
  void audit(const filters::Verdict& v, const smpp::PduView& pdu, std::string_view source, std::string_view account,
             filters::Direction direction, std::size_t parts, MessageOutcome outcome, std::uint32_t status,
             std::uint64_t session);
  // Counts and logs `v`, applies the limits, and decides the outcome (tag: nothing built yet).
  Result apply(const filters::Verdict& v, const smpp::PduView& pdu, std::string_view source, std::string_view account,
               filters::Direction direction, std::size_t tokens, ProxyStats& stats, std::uint64_t session);

  filters::Classifier classifier_;
  MessageThrottle& throttle_;
  WorkerMetrics& metrics_;
  audit::AuditLog::Producer* audit_;     // this worker's way into the audit log (null: none)
  std::vector<std::string_view> audit_rule_ids_;  // reused: no allocation per record once warm
  TagMarker marker_;
  filters::MessageInput input_;
  filters::MessageInput part_input_;
  std::vector<filters::MessageAddress> destinations_;
  std::vector<filters::MessagePart> parts_;
  filters::Verdict part_verdict_;  // judge_whole's verdict as mark_part applies it
};

}  // namespace smsfw::proxy
