#include "proxy/message_filter.h"

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "proxy/message_input_from_pdu.h"
#include "smpp/smpp_constants.h"

namespace smsfw::proxy {

namespace {

// "ID1,ID2" of the deciding rules, for debug logs only (allocates; never at info level).
std::string rule_list(const filters::Verdict& v) {
  std::string s;
  for (const auto* r : v.rules) {
    if (!s.empty()) s.push_back(',');
    s += r->id;
  }
  return s;
}

}  // namespace

MessageFilter::MessageFilter(const filters::Engine& engine, MessageThrottle& throttle)
    : classifier_(engine), throttle_(throttle) {}

MessageFilter::Result MessageFilter::judge(const smpp::PduView& pdu, const smpp::MessageFields& fields,
                                           std::string_view account, filters::Direction direction,
                                           std::size_t max_pdu_size, std::vector<std::uint8_t>& out,
                                           ProxyStats& stats, std::uint64_t session) {
  message_input_from_pdu(pdu, fields, account, direction, destinations_, input_);
  const filters::Verdict& v = classifier_.classify(input_);
  if (!v.judged) return {};
  ++stats.messages_judged;
  if (v.invalid_units > 0 || v.udh_error) ++stats.messages_malformed_text;
  if (v.engine_error) ++stats.engine_errors;

  if (spdlog::should_log(spdlog::level::debug) && (!v.matched.empty() || v.engine_error))
    spdlog::debug("session {}: {} seq {} from '{}' {} -> {} (decided {}) rules [{}]{}", session,
                  smpp::command_name(pdu.command_id()), pdu.sequence_number(), account, fields.source.digits,
                  filters::to_string(v.action), filters::to_string(v.decided), rule_list(v),
                  v.engine_error ? " engine error" : "");

  if (v.action == filters::Action::block) {
    ++stats.messages_blocked;
    return {Outcome::block, v.block_status};
  }
  // Everything else would be forwarded: the limits apply now, before a tag is built into `out`.
  // MO (SMSC->ESME) is never throttled: the SMSC has delivered it already.
  if (direction == filters::Direction::mobile_terminated &&
      !throttle_.admit(classifier_.account(), account, fields.source.digits, stats)) {
    if (spdlog::should_log(spdlog::level::debug))
      spdlog::debug("session {}: {} seq {} from '{}' {} throttled", session, smpp::command_name(pdu.command_id()),
                    pdu.sequence_number(), account, fields.source.digits);
    return {Outcome::block, smpp::status::throttled};
  }
  switch (v.action) {
    case filters::Action::allow:
      if (!v.rules.empty()) ++stats.messages_allowed_by_rule;
      return {};
    case filters::Action::monitor:
      ++stats.messages_monitored;
      return {};
    case filters::Action::block:
      break;  // answered above
    case filters::Action::tag: {
      const TagMarker::Result r =
          marker_.mark(pdu, fields, v, classifier_.account(), max_pdu_size, out);
      if (r == TagMarker::Result::failed) {
        // Not expected: marks are validated at load and the sender/TLV marks have no size limit.
        // If it happens anyway the message still goes out, unmarked, and the counter says so.
        ++stats.tag_failures;
        spdlog::warn("session {}: could not mark seq {} for tagging; forwarded unmarked", session,
                     pdu.sequence_number());
        return {};
      }
      ++stats.messages_tagged;
      if (r == TagMarker::Result::fallback) ++stats.tag_fallbacks;
      return {Outcome::forwarded, 0};
    }
  }
  return {};
}

}  // namespace smsfw::proxy
