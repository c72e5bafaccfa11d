#include "proxy/message_filter.h"

#include <chrono>

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "message/udh.h"
#include "proxy/message_input_from_pdu.h"
#include "text/data_coding.h"
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

MessageFilter::MessageFilter(const filters::Engine& engine, MessageThrottle& throttle, WorkerMetrics& metrics,
                             audit::AuditLog* audit)
    : classifier_(engine), throttle_(throttle), metrics_(metrics),
      audit_(audit && audit->enabled() ? audit->add_producer() : nullptr) {}

void MessageFilter::audit(const filters::Verdict& v, const smpp::PduView& pdu, std::string_view source,
                          std::string_view account, filters::Direction direction, std::size_t parts,
                          MessageOutcome outcome, std::uint32_t status, std::uint64_t session) {
  // Copies views into this worker's ring (no allocation, no lock, no syscall); the writer
  // thread masks, hashes and writes. A full ring drops the record and counts it.
  audit_rule_ids_.clear();
  for (const filters::Rule* rule : v.rules) audit_rule_ids_.push_back(rule->id);
  audit::AuditEvent e;
  e.time = std::chrono::system_clock::now();
  e.session_id = session;
  e.account = account;
  e.direction = direction == filters::Direction::mobile_originated ? audit::Direction::mo : audit::Direction::mt;
  e.command = smpp::command_name(pdu.command_id());
  e.sequence = pdu.sequence_number();
  e.action = to_string(outcome);
  e.rule_ids = audit_rule_ids_;
  if (status != 0) e.status = status;
  e.source = source;
  e.source_ton = input_.source.ton;
  e.destination = input_.destination.text;
  e.destination_ton = input_.destination.ton;
  e.destination_count = static_cast<std::uint32_t>(1 + input_.more_destinations.size());
  e.data_coding = v.coding.value;
  e.parts = static_cast<std::uint16_t>(parts);
  e.body = v.text;
  e.body_is_text = v.decode_status == filters::text::DecodeStatus::text;
  e.include_body = classifier_.account().audit_body;
  audit_->push(e);
}

namespace {
std::uint64_t steady_ns() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}
}  // namespace

MessageFilter::Result MessageFilter::judge(const smpp::PduView& pdu, const smpp::MessageFields& fields,
                                           std::string_view account, filters::Direction direction,
                                           std::size_t max_pdu_size, std::vector<std::uint8_t>& out,
                                           ProxyStats& stats, std::uint64_t session, bool input_ready) {
  if (!input_ready) message_input_from_pdu(pdu, fields, account, direction, destinations_, input_);
  const std::uint64_t t0 = steady_ns();
  const filters::Verdict& v = classifier_.classify(input_);
  metrics_.decision(steady_ns() - t0);
  const Result r = apply(v, pdu, fields.source.digits, account, direction, 1, stats, session);
  if (r.outcome != Outcome::forwarded) return r;
  const TagMarker::Result m = marker_.mark(pdu, fields, v, classifier_.account(), max_pdu_size, out);
  if (m == TagMarker::Result::failed) {
    // Not expected: marks are validated at load and the sender/TLV marks have no size limit.
    // If it happens anyway the message still goes out, unmarked, and the counter says so.
    ++stats.tag_failures;
    spdlog::warn("session {}: could not mark seq {} for tagging; forwarded unmarked", session,
                 pdu.sequence_number());
    return {};
  }
  if (m == TagMarker::Result::fallback) ++stats.tag_fallbacks;
  return r;
}

MessageFilter::Result MessageFilter::apply(const filters::Verdict& v, const smpp::PduView& pdu,
                                           std::string_view source, std::string_view account,
                                           filters::Direction direction, std::size_t tokens, ProxyStats& stats,
                                           std::uint64_t session) {
  if (!v.judged) return {};
  ++stats.messages_judged;
  for (const filters::Rule* r : v.rules) metrics_.rule(r->id, filters::to_string(r->action));
  const bool mo = direction == filters::Direction::mobile_originated;
  if (v.invalid_units > 0 || v.udh_error) ++stats.messages_malformed_text;
  if (v.engine_error) ++stats.engine_errors;

  if (spdlog::should_log(spdlog::level::debug) && (!v.matched.empty() || v.engine_error))
    spdlog::debug("session {}: {} seq {} from '{}' {}{} -> {} (decided {}) rules [{}]{}", session,
                  smpp::command_name(pdu.command_id()), pdu.sequence_number(), account, source,
                  tokens > 1 ? " (concatenated, judged whole)" : "", filters::to_string(v.action),
                  filters::to_string(v.decided), rule_list(v), v.engine_error ? " engine error" : "");

  if (v.action == filters::Action::block) {
    ++stats.messages_blocked;
    metrics_.message(account, mo, MessageOutcome::block);
    if (audit_) audit(v, pdu, source, account, direction, tokens, MessageOutcome::block, v.block_status, session);
    return {Outcome::block, v.block_status};
  }
  // Everything else would be forwarded: the limits apply now, before a tag is built.
  // MO (SMSC->ESME) is never throttled: the SMSC has delivered it already.
  if (direction == filters::Direction::mobile_terminated &&
      !throttle_.admit(classifier_.account(), account, source, stats, tokens)) {
    if (spdlog::should_log(spdlog::level::debug))
      spdlog::debug("session {}: {} seq {} from '{}' {} throttled", session, smpp::command_name(pdu.command_id()),
                    pdu.sequence_number(), account, source);
    metrics_.message(account, mo, MessageOutcome::throttled);
    if (audit_)
      audit(v, pdu, source, account, direction, tokens, MessageOutcome::throttled, smpp::status::throttled, session);
    return {Outcome::block, smpp::status::throttled};
  }
  switch (v.action) {
    case filters::Action::allow:
      if (!v.rules.empty()) ++stats.messages_allowed_by_rule;
      metrics_.message(account, mo, MessageOutcome::allow);
      return {};
    case filters::Action::monitor:
      ++stats.messages_monitored;
      metrics_.message(account, mo, MessageOutcome::monitor);
      if (audit_) audit(v, pdu, source, account, direction, tokens, MessageOutcome::monitor, 0, session);
      return {};
    case filters::Action::block:
      break;  // answered above
    case filters::Action::tag:
      ++stats.messages_tagged;
      metrics_.message(account, mo, MessageOutcome::tag);
      if (audit_) audit(v, pdu, source, account, direction, tokens, MessageOutcome::tag, 0, session);
      return {Outcome::forwarded, 0};
  }
  return {};
}

std::optional<filters::message::ConcatInfo> MessageFilter::concat_of(const smpp::PduView& pdu,
                                                                     const smpp::MessageFields& fields,
                                                                     std::string_view account) {
  message_input_from_pdu(pdu, fields, account, filters::Direction::mobile_terminated, destinations_, input_);
  if (filters::text::classify_data_coding(fields.data_coding).coding == filters::text::Coding::binary)
    return std::nullopt;
  std::optional<filters::message::ConcatInfo> concat;
  if (filters::message::has_udhi(fields.esm_class)) {
    const filters::message::UdhParse udh = filters::message::parse_udh(input_.body);
    if (udh.error != filters::message::UdhError::none) return std::nullopt;
    concat = udh.udh.concat;
  }
  if (!concat) concat = input_.sar;
  if (!concat || concat->total < 2) return std::nullopt;
  return concat;
}

MessageFilter::Result MessageFilter::judge_whole(std::span<const std::span<const std::uint8_t>> parts,
                                                 std::size_t tokens, std::string_view account, ProxyStats& stats,
                                                 std::uint64_t session) {
  parts_.clear();
  smpp::MessageFields first_fields;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const smpp::PduView pdu(parts[i]);
    smpp::MessageFields f;
    if (pdu.parse_message(f) != smpp::ParseError::none) continue;  // parsed when held: not expected
    filters::MessageInput& in = i == 0 ? input_ : part_input_;
    message_input_from_pdu(pdu, f, account, filters::Direction::mobile_terminated, destinations_, in);
    parts_.push_back({in.body, f.data_coding, f.esm_class});
    if (i == 0) first_fields = f;
  }
  input_.parts = parts_;
  const smpp::PduView first(parts.front());
  const std::uint64_t t0 = steady_ns();
  const filters::Verdict& v = classifier_.classify(input_);
  metrics_.decision(steady_ns() - t0);
  input_.parts = {};
  const Result r = apply(v, first, first_fields.source.digits, account, filters::Direction::mobile_terminated,
                         tokens, stats, session);
  if (r.outcome == Outcome::forwarded) {
    part_verdict_ = v;
    part_verdict_.udh_length = 0;  // mark_part() reads each part's own header
    if (part_verdict_.prefix) {
      if (!part_verdict_.relabel) part_verdict_.relabel = part_verdict_.prefix;
      part_verdict_.prefix = nullptr;
      ++stats.tag_fallbacks;
    }
  }
  return r;
}

bool MessageFilter::mark_part(const smpp::PduView& pdu, std::size_t max_pdu_size, std::vector<std::uint8_t>& out,
                              ProxyStats& stats) {
  smpp::MessageFields f;
  if (pdu.parse_message(f) == smpp::ParseError::none &&
      marker_.mark(pdu, f, part_verdict_, classifier_.account(), max_pdu_size, out) != TagMarker::Result::failed)
    return true;
  ++stats.tag_failures;
  spdlog::warn("could not mark part seq {} of a concatenated message for tagging; forwarded unmarked",
               pdu.sequence_number());
  return false;
}

}  // namespace smsfw::proxy
