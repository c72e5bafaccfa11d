#pragma once
// A writer for the Prometheus text exposition format 0.0.4 (what GET /metrics serves, content
// type `text/plain; version=0.0.4; charset=utf-8`).
//
//   PrometheusText out;
//   out.family("smsfw_submits_total", "submit_sm PDUs received.", MetricType::counter);
//   out.sample("smsfw_submits_total", {{"account", "acme"}}, std::uint64_t{42});
//   out.family("smsfw_sessions", "Open SMPP sessions.", MetricType::gauge);
//   out.sample("smsfw_sessions", {}, 3.0);
//   out.family("smsfw_filter_seconds", "Filter latency.", MetricType::histogram);
//   out.histogram("smsfw_filter_seconds", {}, bounds, per_bucket_counts, sum);
//   std::string body = out.str();
//
// Naming (what `promtool check metrics` lints): counters end in `_total` and the family is
// declared under that full name; units are base units in the name (`_seconds`, `_bytes`);
// histogram families are declared without suffix and get `_bucket`/`_sum`/`_count` samples.
//
// Samples belong to the family of the same name (for histograms and summaries also NAME_bucket,
// NAME_sum, NAME_count); the family must be declared first. Families may be declared again (a no-op)
// and samples added in any order: str() groups every family's samples under one HELP/TYPE pair,
// in the order the families were first declared. Invalid names, a sample without its family,
// or a second declaration with another type throw std::invalid_argument (programming errors).
// Meant for the scrape path: simple, allocates freely. Not thread-safe.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smsfw::admin {

enum class MetricType { counter, gauge, histogram, summary, untyped };

// Label name/value pairs in output order. Values are escaped on output; names are checked.
using Labels = std::vector<std::pair<std::string, std::string>>;

class PrometheusText {
 public:
  // Declares a family (`# HELP` and `# TYPE` lines, written once by str()).
  void family(std::string_view name, std::string_view help, MetricType type);

  // One sample line. Integers are written exactly; doubles in the shortest form that reads back
  // to the same value, integral doubles without a fraction, and +Inf, -Inf, NaN as Prometheus
  // spells them.
  void sample(std::string_view name, const Labels& labels, double value);
  void sample(std::string_view name, const Labels& labels, std::uint64_t value);
  void sample(std::string_view name, const Labels& labels, std::int64_t value);

  // A whole histogram of the family `name` (declared as MetricType::histogram): `bounds` are the
  // finite upper bounds in increasing order; `bucket_counts` has bounds.size() + 1 entries, the
  // observations per bucket (NOT cumulative; the last is the overflow above the last bound).
  // Writes the cumulative NAME_bucket{...,le="..."} lines incl. le="+Inf", NAME_sum, NAME_count.
  void histogram(std::string_view name, const Labels& labels, std::span<const double> bounds,
                 std::span<const std::uint64_t> bucket_counts, double sum);

  // The exposition, every line ending in '\n' (empty string when nothing was declared).
  std::string str() const;

  // Helpers, exposed for tests and other writers.
  static std::string format_value(double value);
  static std::string escape_label_value(std::string_view value);
  static std::string escape_help(std::string_view help);
  static bool valid_metric_name(std::string_view name);
  static bool valid_label_name(std::string_view name);

 private:
  struct Family {
    std::string name;
    std::string help;
    MetricType type;
    std::string lines;  // the sample lines, each ending in '\n'
  };
  Family& family_of_sample(std::string_view sample_name);
  void add_line(std::string_view name, const Labels& labels, std::string_view value,
                const std::pair<std::string_view, std::string_view>* extra_label = nullptr);

  std::vector<Family> families_;
};

}  // namespace smsfw::admin
