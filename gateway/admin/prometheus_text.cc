#include "admin/prometheus_text.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace smsfw::admin {

namespace {

const char* type_name(MetricType type) {
  switch (type) {
    case MetricType::counter: return "counter";
    case MetricType::gauge: return "gauge";
    case MetricType::histogram: return "histogram";
    case MetricType::summary: return "summary";
    case MetricType::untyped: return "untyped";
  }
  return "untyped";
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool PrometheusText::valid_metric_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

bool PrometheusText::valid_label_name(std::string_view name) {
  if (name.empty() || name.starts_with("__")) return false;  // "__" is reserved for Prometheus
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

std::string PrometheusText::escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

std::string PrometheusText::escape_help(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

std::string PrometheusText::format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buf[64];
  // Integral values below 2^53 (exact in a double) as plain integers: "3", not "3e+00".
  if (value == std::trunc(value) && std::fabs(value) < 9007199254740992.0) {
    auto r = std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(value));
    return std::string(buf, r.ptr);
  }
  // Otherwise the shortest text that parses back to the same double (Go's ParseFloat reads it).
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, r.ptr);
}

void PrometheusText::family(std::string_view name, std::string_view help, MetricType type) {
  if (!valid_metric_name(name)) throw std::invalid_argument("prometheus: bad metric name '" + std::string(name) + "'");
  for (const auto& f : families_) {
    if (f.name == name) {
      if (f.type != type) {
        throw std::invalid_argument("prometheus: family '" + std::string(name) + "' declared with two types");
      }
      return;
    }
  }
  families_.push_back(Family{std::string(name), escape_help(help), type, {}});
}

PrometheusText::Family& PrometheusText::family_of_sample(std::string_view sample_name) {
  for (auto& f : families_) {
    if (f.name == sample_name) {
      if (f.type == MetricType::histogram) break;  // a histogram has only the suffixed series
      return f;
    }
  }
  for (auto& f : families_) {
    if (f.type != MetricType::histogram && f.type != MetricType::summary) continue;
    for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
      if (suffix == "_bucket" && f.type == MetricType::summary) continue;
      if (ends_with(sample_name, suffix) && sample_name.substr(0, sample_name.size() - suffix.size()) == f.name) {
        return f;
      }
    }
    if (f.type == MetricType::summary && f.name == sample_name) return f;  // quantile lines
  }
  throw std::invalid_argument("prometheus: sample '" + std::string(sample_name) + "' has no declared family");
}

void PrometheusText::add_line(std::string_view name, const Labels& labels, std::string_view value,
                              const std::pair<std::string_view, std::string_view>* extra_label) {
  Family& f = family_of_sample(name);
  std::string& out = f.lines;
  out += name;
  if (!labels.empty() || extra_label) {
    out += '{';
    bool first = true;
    auto put = [&](std::string_view k, std::string_view v) {
      if (!valid_label_name(k)) throw std::invalid_argument("prometheus: bad label name '" + std::string(k) + "'");
      if (!first) out += ',';
      first = false;
      out += k;
      out += "=\"";
      out += escape_label_value(v);
      out += '"';
    };
    for (const auto& [k, v] : labels) put(k, v);
    if (extra_label) put(extra_label->first, extra_label->second);
    out += '}';
  }
  out += ' ';
  out += value;
  out += '\n';
}

void PrometheusText::sample(std::string_view name, const Labels& labels, double value) {
  add_line(name, labels, format_value(value));
}

void PrometheusText::sample(std::string_view name, const Labels& labels, std::uint64_t value) {
  add_line(name, labels, std::to_string(value));
}

void PrometheusText::sample(std::string_view name, const Labels& labels, std::int64_t value) {
  add_line(name, labels, std::to_string(value));
}

void PrometheusText::histogram(std::string_view name, const Labels& labels, std::span<const double> bounds,
                               std::span<const std::uint64_t> bucket_counts, double sum) {
  if (bucket_counts.size() != bounds.size() + 1) {
    throw std::invalid_argument("prometheus: histogram '" + std::string(name) + "' needs bounds + 1 bucket counts");
  }
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && !(bounds[i] > bounds[i - 1]))) {
      throw std::invalid_argument("prometheus: histogram '" + std::string(name) + "' bounds must increase");
    }
  }
  for (const auto& [k, v] : labels) {
    if (k == "le") throw std::invalid_argument("prometheus: histogram label 'le' is reserved");
  }
  const std::string base(name);
  const std::string bucket = base + "_bucket";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= bounds.size(); ++i) {
    cumulative += bucket_counts[i];
    const std::string le = i < bounds.size() ? format_value(bounds[i]) : "+Inf";
    const std::pair<std::string_view, std::string_view> le_label{"le", le};
    add_line(bucket, labels, std::to_string(cumulative), &le_label);
  }
  add_line(base + "_sum", labels, format_value(sum));
  add_line(base + "_count", labels, std::to_string(cumulative));
}

std::string PrometheusText::str() const {
  std::string out;
  for (const auto& f : families_) {
    out += "# HELP ";
    out += f.name;
    out += ' ';
    out += f.help;
    out += "\n# TYPE ";
    out += f.name;
    out += ' ';
    out += type_name(f.type);
    out += '\n';
    out += f.lines;
  }
  return out;
}

}  // namespace smsfw::admin
