// smpp-load's report: the JSON object scripts parse (field names, errors keyed by hex status,
// receipts_expected only with --dlr, the failure reason escaped) and the text form's verdict.

#include <catch2/catch.hpp>

#include <string>

#include "smpp_load/load_report.h"

using namespace smsfw::bench::load;
using Catch::Contains;

namespace {

LoadSummary sample() {
  LoadSummary s;
  s.binds = 2;
  s.window = 10;
  s.dlr = true;
  s.sent = 20000;
  s.answered = 20000;
  s.ok = 19800;
  s.errors = {{0x58, 150}, {0x0B, 50}};
  s.accepted = 19800;
  s.receipts = 19800;
  s.elapsed_s = 2.0;
  for (int i = 0; i < 100; ++i) s.latency.record(1'000'000);  // 1 ms
  return s;
}

}  // namespace

TEST_CASE("JSON: one object with the counts, errors by hex status, latency in microseconds") {
  const std::string j = format_json(sample());
  CHECK(j.front() == '{');
  CHECK(j.back() == '}');
  CHECK(j.find('\n') == std::string::npos);
  CHECK_THAT(j, Contains("\"binds\":2,\"window\":10,\"rate\":0,"));
  CHECK_THAT(j, Contains("\"sent\":20000,\"answered\":20000,\"ok\":19800,\"outstanding\":0,"));
  CHECK_THAT(j, Contains("\"errors\":{\"0x58\":150,\"0x0B\":50}"));
  CHECK_THAT(j, Contains("\"receipts\":19800,\"receipts_expected\":19800,"));
  CHECK_THAT(j, Contains("\"msgs_per_s\":9900.0,"));
  CHECK_THAT(j, Contains("\"latency_us\":{\"p50\":1000.0,\"p99\":1000.0,\"p999\":1000.0,\"max\":1000.0,\"mean\":1000.0}"));
  CHECK_THAT(j, Contains("\"result\":\"ok\"}"));
  CHECK_THAT(j, !Contains("reason"));
}

TEST_CASE("JSON: without --dlr no receipts are expected, and no errors is an empty object") {
  LoadSummary s;
  s.sent = s.answered = s.ok = s.accepted = 5;
  const std::string j = format_json(s);
  CHECK_THAT(j, Contains("\"errors\":{},"));
  CHECK_THAT(j, Contains("\"receipts\":0,\"receipts_expected\":0,"));
}

TEST_CASE("JSON: a failure gives result fail and the reason, escaped") {
  LoadSummary s;
  s.failure = "bind refused with \"0x0E\"\\\n";
  const std::string j = format_json(s);
  CHECK_THAT(j, Contains("\"result\":\"fail\",\"reason\":\"bind refused with \\\"0x0E\\\"\\\\\\u000a\"}"));
}

TEST_CASE("Text: counts, errors by status and the verdict") {
  LoadSummary s = sample();
  std::string t = format_text(s);
  CHECK_THAT(t, Contains("binds 2, window 10, closed loop\n"));
  CHECK_THAT(t, Contains("sent 20000, answered 20000, ok 19800, errors 200, outstanding 0\n"));
  CHECK_THAT(t, Contains("errors by status: 0x58=150 0x0B=50\n"));
  CHECK_THAT(t, Contains("receipts 19800 of 19800 expected\n"));
  CHECK_THAT(t, Contains("result: ok\n"));
  s.failure = "timeout after 60 s";
  s.rate = 5000;
  t = format_text(s);
  CHECK_THAT(t, Contains("open loop at 5000 msg/s"));
  CHECK_THAT(t, Contains("result: FAILED: timeout after 60 s\n"));
}
