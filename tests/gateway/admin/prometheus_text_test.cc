// PrometheusText: the text exposition format 0.0.4, and promtool's verdict on it.

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "admin/prometheus_text.h"

using smsfw::admin::Labels;
using smsfw::admin::MetricType;
using smsfw::admin::PrometheusText;

namespace {

// Runs a shell command, returns its exit status and combined output.
std::pair<int, std::string> run(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) output.append(buf.data(), n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

PrometheusText sample_exposition() {
  PrometheusText out;
  out.family("smsfw_submit_sm_total", "submit_sm PDUs received from ESMEs.", MetricType::counter);
  out.sample("smsfw_submit_sm_total", {{"account", "acme"}, {"verdict", "pass"}}, std::uint64_t{42});
  out.sample("smsfw_submit_sm_total", {{"account", "we\"ird\\acc\nount"}, {"verdict", "reject"}}, std::uint64_t{7});
  out.family("smsfw_sessions", "Open SMPP sessions (a \\ backslash,\na newline).", MetricType::gauge);
  out.sample("smsfw_sessions", {}, 3.0);
  out.family("smsfw_pattern_load_timestamp_seconds", "When the patterns were last loaded.", MetricType::gauge);
  out.sample("smsfw_pattern_load_timestamp_seconds", {}, 1764448800.125);
  out.family("smsfw_queue_ratio", "A gauge that is not a number yet.", MetricType::gauge);
  out.sample("smsfw_queue_ratio", {{"queue", "a"}}, std::numeric_limits<double>::quiet_NaN());
  out.sample("smsfw_queue_ratio", {{"queue", "b"}}, std::numeric_limits<double>::infinity());
  out.sample("smsfw_queue_ratio", {{"queue", "c"}}, -std::numeric_limits<double>::infinity());
  out.family("smsfw_filter_duration_seconds", "Time to judge one message.", MetricType::histogram);
  const std::array<double, 4> bounds{0.0001, 0.001, 0.01, 0.1};
  const std::array<std::uint64_t, 5> counts{10, 5, 3, 0, 2};
  out.histogram("smsfw_filter_duration_seconds", {{"worker", "0"}}, bounds, counts, 0.5);
  out.histogram("smsfw_filter_duration_seconds", {{"worker", "1"}}, bounds, std::array<std::uint64_t, 5>{}, 0);
  out.family("smsfw_reload_duration_seconds", "Reload time.", MetricType::summary);
  out.sample("smsfw_reload_duration_seconds", {{"quantile", "0.5"}}, 0.25);
  out.sample("smsfw_reload_duration_seconds_sum", {}, 1.5);
  out.sample("smsfw_reload_duration_seconds_count", {}, std::uint64_t{4});
  out.family("smsfw_build_info", "Build information.", MetricType::gauge);
  out.sample("smsfw_build_info", {{"version", "1.2.3"}}, std::int64_t{1});
  // Declared again later: its samples still come out under the first declaration.
  out.family("smsfw_submit_sm_total", "ignored", MetricType::counter);
  out.sample("smsfw_submit_sm_total", {{"account", "late"}, {"verdict", "pass"}}, std::uint64_t{1});
  return out;
}

}  // namespace

TEST_CASE("numbers are formatted as Prometheus reads them") {
  CHECK(PrometheusText::format_value(0.0) == "0");
  CHECK(PrometheusText::format_value(3.0) == "3");
  CHECK(PrometheusText::format_value(-12.0) == "-12");
  CHECK(PrometheusText::format_value(1e15) == "1000000000000000");
  CHECK(PrometheusText::format_value(0.1) == "0.1");
  CHECK(PrometheusText::format_value(0.005) == "0.005");
  CHECK(PrometheusText::format_value(1764448800.125) == "1764448800.125");
  CHECK(PrometheusText::format_value(1.0 / 3.0) == "0.3333333333333333");
  CHECK(std::stod(PrometheusText::format_value(1.0 / 3.0)) == 1.0 / 3.0);
  CHECK(std::stod(PrometheusText::format_value(1e300)) == 1e300);
  CHECK(std::stod(PrometheusText::format_value(2.5e-300)) == 2.5e-300);
  CHECK(PrometheusText::format_value(std::numeric_limits<double>::infinity()) == "+Inf");
  CHECK(PrometheusText::format_value(-std::numeric_limits<double>::infinity()) == "-Inf");
  CHECK(PrometheusText::format_value(std::numeric_limits<double>::quiet_NaN()) == "NaN");
  PrometheusText out;
  out.family("big_total", "h", MetricType::counter);
  out.sample("big_total", {}, std::uint64_t{18446744073709551615ULL});
  out.sample("big_total", {{"s", "neg"}}, std::int64_t{-5});
  CHECK(out.str() == "# HELP big_total h\n# TYPE big_total counter\nbig_total 18446744073709551615\nbig_total{s=\"neg\"} -5\n");
}

TEST_CASE("label values and HELP are escaped") {
  CHECK(PrometheusText::escape_label_value("plain") == "plain");
  CHECK(PrometheusText::escape_label_value("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
  CHECK(PrometheusText::escape_label_value("ünïcode") == "ünïcode");
  CHECK(PrometheusText::escape_help("a\\b\"c\nd") == "a\\\\b\"c\\nd");  // quotes stay in HELP
  PrometheusText out;
  out.family("x", "line1\nline2", MetricType::gauge);
  out.sample("x", {{"k", "v\"1\""}, {"k2", "back\\slash"}}, 1.5);
  CHECK(out.str() == "# HELP x line1\\nline2\n# TYPE x gauge\nx{k=\"v\\\"1\\\"\",k2=\"back\\\\slash\"} 1.5\n");
}

TEST_CASE("HELP and TYPE come once per family, samples grouped under it") {
  PrometheusText out;
  out.family("a_total", "A.", MetricType::counter);
  out.family("b", "B.", MetricType::gauge);
  out.sample("a_total", {{"n", "1"}}, std::uint64_t{1});
  out.sample("b", {}, 2.0);
  out.family("a_total", "A again.", MetricType::counter);
  out.sample("a_total", {{"n", "2"}}, std::uint64_t{3});
  CHECK(out.str() ==
        "# HELP a_total A.\n# TYPE a_total counter\na_total{n=\"1\"} 1\na_total{n=\"2\"} 3\n"
        "# HELP b B.\n# TYPE b gauge\nb 2\n");
  CHECK(PrometheusText().str().empty());
}

TEST_CASE("histograms: cumulative buckets with +Inf, sum and count") {
  PrometheusText out;
  out.family("lat_seconds", "Latency.", MetricType::histogram);
  const std::array<double, 3> bounds{0.005, 0.1, 1};
  const std::array<std::uint64_t, 4> counts{1, 2, 0, 4};
  out.histogram("lat_seconds", {{"w", "0"}}, bounds, counts, 12.25);
  CHECK(out.str() ==
        "# HELP lat_seconds Latency.\n# TYPE lat_seconds histogram\n"
        "lat_seconds_bucket{w=\"0\",le=\"0.005\"} 1\n"
        "lat_seconds_bucket{w=\"0\",le=\"0.1\"} 3\n"
        "lat_seconds_bucket{w=\"0\",le=\"1\"} 3\n"
        "lat_seconds_bucket{w=\"0\",le=\"+Inf\"} 7\n"
        "lat_seconds_sum{w=\"0\"} 12.25\n"
        "lat_seconds_count{w=\"0\"} 7\n");
  // Wrong shapes are programming errors.
  CHECK_THROWS_AS(out.histogram("lat_seconds", {}, bounds, std::array<std::uint64_t, 3>{}, 0), std::invalid_argument);
  const std::array<double, 2> unordered{1, 0.5};
  CHECK_THROWS_AS(out.histogram("lat_seconds", {}, unordered, std::array<std::uint64_t, 3>{}, 0), std::invalid_argument);
  CHECK_THROWS_AS(out.histogram("lat_seconds", {{"le", "x"}}, bounds, counts, 0), std::invalid_argument);
  CHECK_THROWS_AS(out.sample("lat_seconds", {}, 1.0), std::invalid_argument);  // only the suffixed series
}

TEST_CASE("bad names and samples without a family are rejected") {
  PrometheusText out;
  CHECK_THROWS_AS(out.family("1abc", "h", MetricType::gauge), std::invalid_argument);
  CHECK_THROWS_AS(out.family("a-b", "h", MetricType::gauge), std::invalid_argument);
  CHECK_THROWS_AS(out.family("", "h", MetricType::gauge), std::invalid_argument);
  out.family("ok:name_1", "h", MetricType::gauge);
  CHECK_THROWS_AS(out.family("ok:name_1", "h", MetricType::counter), std::invalid_argument);
  CHECK_THROWS_AS(out.sample("undeclared", {}, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(out.sample("ok:name_1", {{"bad-label", "v"}}, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(out.sample("ok:name_1", {{"__reserved", "v"}}, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(out.sample("ok:name_1_sum", {}, 1.0), std::invalid_argument);  // gauges have no _sum
  CHECK_NOTHROW(out.sample("ok:name_1", {{"_x9", "v"}}, 1.0));
}

TEST_CASE("promtool check metrics accepts an exposition with every metric type") {
  const auto [found, where] = run("command -v promtool");
  if (found != 0) {
    FAIL("promtool not found in PATH: install Debian's `prometheus` package (deploy/install-deps.sh)");
  }
  const std::string text = sample_exposition().str();
  const auto path = std::filesystem::temp_directory_path() /
                    ("smsfw_promtool_" + std::to_string(::getpid()) + ".prom");
  {
    std::ofstream f(path, std::ios::binary);
    f << text;
  }
  const auto [status, output] = run("promtool check metrics < '" + path.string() + "'");
  std::filesystem::remove(path);
  INFO("exposition:\n" << text);
  INFO("promtool output:\n" << output);
  CHECK(status == 0);
  // Lint findings (naming, units) are printed even on exit 0; the sample has none.
  CHECK(output.empty());
}
