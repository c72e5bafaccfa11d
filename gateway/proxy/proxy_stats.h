#pragma once
// Counters of one worker thread. Only that thread writes them (plain integers, no atomics on the
// data path); totals are summed when the process reports them.

#include <cstdint>

namespace smsfw::proxy {

struct ProxyStats {
  std::uint64_t sessions_opened = 0;
  std::uint64_t sessions_closed = 0;
  std::uint64_t binds_forwarded = 0;
  std::uint64_t binds_failed_no_upstream = 0;
  std::uint64_t binds_refused_session_limit = 0;  // answered session_limit_status (max_sessions)
  // Closed as soon as accepted (max_sessions, max_refusing). Kept by the acceptor, not by a
  // worker: ProxyServer::stats() fills it in, operator+= leaves it alone.
  std::uint64_t connections_closed_at_accept = 0;
  std::uint64_t pdus_esme_to_smsc = 0;
  std::uint64_t pdus_smsc_to_esme = 0;
  std::uint64_t answered_by_proxy = 0;     // responses the proxy originated
  std::uint64_t malformed_pdus = 0;        // answered with an error status, not forwarded
  std::uint64_t bad_frames = 0;            // untrustworthy command_length: connection closed
  std::uint64_t stray_responses = 0;       // responses matching no outstanding request
  std::uint64_t write_stalls = 0;
  std::uint64_t idle_timeouts = 0;
  std::uint64_t tls_failed_esme = 0;  // ESMEs' failed TLS handshakes (connection closed)
  std::uint64_t tls_failed_smsc = 0;  // upstreams' failed TLS handshakes (the next address tried)
  // Filter chain.
  std::uint64_t messages_judged = 0;
  std::uint64_t messages_blocked = 0;
  std::uint64_t messages_tagged = 0;
  std::uint64_t messages_monitored = 0;        // forwarded unchanged with a monitor verdict
  std::uint64_t messages_allowed_by_rule = 0;  // an allow rule overrode the other matches
  std::uint64_t messages_malformed_text = 0;   // invalid units in the text or a broken UDH
  std::uint64_t engine_errors = 0;
  std::uint64_t tag_fallbacks = 0;             // a prefix did not fit: the sender was relabelled
  std::uint64_t tag_failures = 0;              // could not be marked: forwarded unmarked
  std::uint64_t messages_throttled = 0;        // over an account/sender limit: ESME_RTHROTTLED
  std::uint64_t throttle_overflow_lookups = 0;  // a limit key found no slot: shared overflow bucket
  // Concatenated messages (concat_hold.h). A message judged whole counts once in the
  // messages_* counters above, whatever its number of parts.
  std::uint64_t concat_messages = 0;        // judged whole, all parts present
  std::uint64_t concat_parts = 0;           // parts that went through the hold
  std::uint64_t concat_expired = 0;         // judged on what had arrived when the hold time ran out
  std::uint64_t concat_late_parts = 0;      // arrived after their message was judged
  std::uint64_t concat_refused_full = 0;    // refused (ESME_RMSGQFUL): held bytes at a limit
  std::uint64_t concat_dropped = 0;         // held parts dropped unanswered: the ESME had gone

  ProxyStats& operator+=(const ProxyStats& o) {
    sessions_opened += o.sessions_opened;
    sessions_closed += o.sessions_closed;
    binds_forwarded += o.binds_forwarded;
    binds_failed_no_upstream += o.binds_failed_no_upstream;
    binds_refused_session_limit += o.binds_refused_session_limit;
    pdus_esme_to_smsc += o.pdus_esme_to_smsc;
    pdus_smsc_to_esme += o.pdus_smsc_to_esme;
    answered_by_proxy += o.answered_by_proxy;
    malformed_pdus += o.malformed_pdus;
    bad_frames += o.bad_frames;
    stray_responses += o.stray_responses;
    write_stalls += o.write_stalls;
    idle_timeouts += o.idle_timeouts;
    tls_failed_esme += o.tls_failed_esme;
    tls_failed_smsc += o.tls_failed_smsc;
    messages_judged += o.messages_judged;
    messages_blocked += o.messages_blocked;
    messages_tagged += o.messages_tagged;
    messages_monitored += o.messages_monitored;
    messages_allowed_by_rule += o.messages_allowed_by_rule;
    messages_malformed_text += o.messages_malformed_text;
    engine_errors += o.engine_errors;
    tag_fallbacks += o.tag_fallbacks;
    tag_failures += o.tag_failures;
    messages_throttled += o.messages_throttled;
    throttle_overflow_lookups += o.throttle_overflow_lookups;
    concat_messages += o.concat_messages;
    concat_parts += o.concat_parts;
    concat_expired += o.concat_expired;
    concat_late_parts += o.concat_late_parts;
    concat_refused_full += o.concat_refused_full;
    concat_dropped += o.concat_dropped;
    return *this;
  }
};

}  // namespace smsfw::proxy
