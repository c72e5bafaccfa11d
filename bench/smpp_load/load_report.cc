#include "smpp_load/load_report.h"

#include <cstdio>

namespace smsfw::bench::load {

namespace {

std::string sfmt(const char* format, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, format, args...);
  return buf;
}

double us(std::uint64_t ns) { return static_cast<double>(ns) / 1000.0; }

std::string json_escape(const std::string& in) {
  std::string out;
  for (const char c : in) {
    if (c == '"' || c == '\\') out += '\\', out += c;
    else if (static_cast<unsigned char>(c) < 0x20) out += sfmt("\\u%04x", static_cast<unsigned>(c));
    else out += c;
  }
  return out;
}

using U = unsigned long long;

}  // namespace

std::string format_text(const LoadSummary& s) {
  std::string out;
  out += sfmt("binds %u, window %u, %s\n", s.binds, s.window,
             s.rate > 0 ? sfmt("open loop at %.0f msg/s", s.rate).c_str() : "closed loop");
  out += sfmt("sent %llu, answered %llu, ok %llu, errors %llu, outstanding %llu\n", U(s.sent), U(s.answered),
             U(s.ok), U(s.answered - s.ok), U(s.outstanding));
  if (!s.errors.empty()) {
    out += "errors by status:";
    for (const auto& [st, n] : s.errors) out += sfmt(" 0x%02X=%llu", st, U(n));
    out += '\n';
  }
  if (s.generic_nacks || s.unexpected)
    out += sfmt("generic_nack answers %llu, unexpected responses %llu\n", U(s.generic_nacks), U(s.unexpected));
  if (s.warmup_sent) out += sfmt("warm-up sent %llu, answered %llu\n", U(s.warmup_sent), U(s.warmup_answered));
  if (s.dlr || s.receipts) out += sfmt("receipts %llu of %llu expected\n", U(s.receipts), U(s.accepted));
  if (s.mo || s.enquire_links) out += sfmt("other deliver_sm %llu, enquire_link answered %llu\n", U(s.mo), U(s.enquire_links));
  out += sfmt("elapsed %.3f s, %.0f msg/s\n", s.elapsed_s, s.msgs_per_s());
  out += sfmt("latency us: p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  mean %.1f\n", us(s.latency.quantile(0.5)),
             us(s.latency.quantile(0.99)), us(s.latency.quantile(0.999)), us(s.latency.max()),
             s.latency.mean() / 1000.0);
  out += s.failure.empty() ? "result: ok\n" : "result: FAILED: " + s.failure + "\n";
  return out;
}

std::string format_json(const LoadSummary& s) {
  std::string out = "{";
  out += sfmt("\"binds\":%u,\"window\":%u,\"rate\":%.17g,", s.binds, s.window, s.rate);
  out += sfmt("\"sent\":%llu,\"answered\":%llu,\"ok\":%llu,\"outstanding\":%llu,", U(s.sent), U(s.answered), U(s.ok),
             U(s.outstanding));
  out += "\"errors\":{";
  for (std::size_t i = 0; i < s.errors.size(); ++i)
    out += sfmt("%s\"0x%02X\":%llu", i ? "," : "", s.errors[i].first, U(s.errors[i].second));
  out += "},";
  out += sfmt("\"generic_nacks\":%llu,\"unexpected\":%llu,\"warmup_sent\":%llu,\"warmup_answered\":%llu,",
             U(s.generic_nacks), U(s.unexpected), U(s.warmup_sent), U(s.warmup_answered));
  out += sfmt("\"receipts\":%llu,\"receipts_expected\":%llu,\"mo\":%llu,\"enquire_links\":%llu,", U(s.receipts),
             U(s.dlr ? s.accepted : 0), U(s.mo), U(s.enquire_links));
  out += sfmt("\"elapsed_s\":%.6f,\"msgs_per_s\":%.1f,", s.elapsed_s, s.msgs_per_s());
  out += sfmt("\"latency_us\":{\"p50\":%.1f,\"p99\":%.1f,\"p999\":%.1f,\"max\":%.1f,\"mean\":%.1f},",
             us(s.latency.quantile(0.5)), us(s.latency.quantile(0.99)), us(s.latency.quantile(0.999)),
             us(s.latency.max()), s.latency.mean() / 1000.0);
  out += sfmt("\"result\":\"%s\"", s.failure.empty() ? "ok" : "fail");
  if (!s.failure.empty()) out += ",\"reason\":\"" + json_escape(s.failure) + "\"";
  out += '}';
  return out;
}

}  // namespace smsfw::bench::load
