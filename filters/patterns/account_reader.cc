// The `accounts:` document (at most one per directory) and its resolution: every account inherits
// each key it does not give from `default`, which inherits from AccountPolicy's built-in values.

#include <charconv>
#include <utility>

#include "patterns/document_readers.h"

namespace smsfw::filters::loader {
namespace {

std::optional<AccountMode> parse_mode(std::string_view s) {
  if (s == "enforce") return AccountMode::enforce;
  if (s == "monitor") return AccountMode::monitor;
  return std::nullopt;
}

std::optional<FailMode> parse_fail_mode(std::string_view s) {
  if (s == "open") return FailMode::open;
  if (s == "closed") return FailMode::closed;
  return std::nullopt;
}

std::optional<text::SmscDefault> parse_smsc_default(std::string_view s) {
  if (s == "gsm7") return text::SmscDefault::gsm7_unpacked;
  if (s == "gsm7-packed") return text::SmscDefault::gsm7_packed;
  if (s == "latin1") return text::SmscDefault::latin1;
  if (s == "ascii") return text::SmscDefault::ascii;
  return std::nullopt;
}

std::optional<text::Latin1Variant> parse_latin1(std::string_view s) {
  if (s == "iso-8859-1") return text::Latin1Variant::iso8859_1;
  if (s == "cp1252") return text::Latin1Variant::cp1252;
  return std::nullopt;
}

// A plain decimal (digits with at most one '.'; no sign, exponent, inf or nan) within
// [min, max]; nullopt otherwise.
std::optional<double> parse_decimal(const std::string& s, double min, double max, bool whole) {
  std::size_t digits = 0, dots = 0;
  for (const char c : s) {
    if (c >= '0' && c <= '9') ++digits;
    else if (c == '.' && !whole) ++dots;
    else return std::nullopt;
  }
  if (digits == 0 || dots > 1) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < min || v > max) return std::nullopt;
  return v;
}

// Above these a limit is no limit (the bucket caps the rate at one token per nanosecond anyway);
// refusing them catches a misplaced digit.
constexpr double kMaxRate = 1e9;
constexpr double kMaxBurst = 1e9;

// `throttle:` / `sender_throttle:` of account `id`: {rate: messages per second > 0 (decimals
// allowed, e.g. 0.5), burst: whole number of messages >= 1}, both required.
std::optional<throttle::BucketSetting> read_bucket(Reporter& r, const YAML::Node& v, const std::string& id,
                                                  std::string_view key) {
  const std::string what = "account " + id + ": '" + std::string(key) + "'";
  const std::size_t before = r.count();
  if (!check_mapping(r, v, what, {"rate", "burst"})) return std::nullopt;
  const YAML::Node rate = child(r, v, "rate", true);
  const YAML::Node burst = child(r, v, "burst", true);
  throttle::BucketConfig c;
  if (rate) {
    auto n = rate.IsScalar() ? parse_decimal(rate.Scalar(), 0, kMaxRate, false) : std::nullopt;
    if (!n || *n <= 0)
      r.error(rate, what + ": 'rate' must be a number of messages per second > 0 and <= 1000000000 (got '" +
                        (rate.IsScalar() ? rate.Scalar() : std::string("?")) + "')");
    else
      c.rate_per_second = *n;
  }
  if (burst) {
    auto n = burst.IsScalar() ? parse_decimal(burst.Scalar(), 1, kMaxBurst, true) : std::nullopt;
    if (!n)
      r.error(burst, what + ": 'burst' must be a whole number of messages >= 1 and <= 1000000000 (got '" +
                         (burst.IsScalar() ? burst.Scalar() : std::string("?")) + "')");
    else
      c.burst = *n;
  }
  if (r.count() != before) return std::nullopt;
  return throttle::setting_of(c);
}

PendingAccount read_account(Reporter& r, const std::string& system_id, const YAML::Node& key,
                            const YAML::Node& v) {
  PendingAccount a;
  a.system_id = system_id;
  a.where = r.where(key);
  if (!check_mapping(r, v, "account '" + system_id + "'",
                     {"mode", "on_error", "sets", "data_coding_0", "latin1", "scan_mo", "block_status",
                      "sender_registry", "throttle", "sender_throttle", "audit_body"}))
    return a;
  if (auto n = child(r, v, "mode")) a.mode = read_enum<AccountMode>(r, n, "mode", parse_mode, "enforce, monitor");
  if (auto n = child(r, v, "on_error"))
    a.on_error = read_enum<FailMode>(r, n, "on_error", parse_fail_mode, "open, closed");
  // An empty list is valid (no set applies); absent means every set.
  if (auto n = child(r, v, "sets")) a.sets = read_string_list(r, n, "sets");
  if (auto n = child(r, v, "data_coding_0"))
    a.data_coding_0 = read_enum<text::SmscDefault>(r, n, "data_coding_0", parse_smsc_default,
                                                   "gsm7, gsm7-packed, latin1, ascii");
  if (auto n = child(r, v, "latin1"))
    a.latin1 = read_enum<text::Latin1Variant>(r, n, "latin1", parse_latin1, "iso-8859-1, cp1252");
  if (auto n = child(r, v, "scan_mo")) a.scan_mo = read_bool(r, n, "scan_mo");
  if (auto n = child(r, v, "block_status")) a.block_status = read_status(r, n, "block_status");
  if (auto n = child(r, v, "sender_registry")) a.sender_registry = read_bool(r, n, "sender_registry");
  if (auto n = child(r, v, "audit_body")) a.audit_body = read_bool(r, n, "audit_body");
  if (auto n = child(r, v, "throttle")) a.throttle = read_bucket(r, n, system_id, "throttle");
  if (auto n = child(r, v, "sender_throttle")) a.sender_throttle = read_bucket(r, n, system_id, "sender_throttle");
  return a;
}

// `p` over `base`, key by key.
AccountPolicy apply(const AccountPolicy& base, const PendingAccount& p, DirectoryState& state) {
  AccountPolicy a = base;
  a.system_id = p.system_id;
  a.where = p.where;
  if (p.mode) a.mode = *p.mode;
  if (p.on_error) a.on_error = *p.on_error;
  if (p.data_coding_0) a.data_coding_0 = *p.data_coding_0;
  if (p.latin1) a.latin1 = *p.latin1;
  if (p.scan_mo) a.scan_mo = *p.scan_mo;
  if (p.block_status) a.block_status = *p.block_status;
  if (p.sender_registry) a.sender_registry = *p.sender_registry;
  if (p.audit_body) a.audit_body = *p.audit_body;
  // Inherited as a whole: an account's `throttle:` replaces default's, rate and burst together.
  if (p.throttle) a.throttle = p.throttle;
  if (p.sender_throttle) a.sender_throttle = p.sender_throttle;
  if (p.sets) {
    const auto& sets = state.out.sets;
    a.set_enabled.assign(sets.size(), 0);
    for (const auto& name : *p.sets) {
      bool found = false;
      for (std::size_t i = 0; i < sets.size(); ++i)
        if (sets[i].name == name.value) {
          a.set_enabled[i] = 1;
          found = true;
        }
      if (!found)
        state.errors.push_back(p.where.file + ":" + std::to_string(name.line) + ": account " + p.system_id +
                               ": unknown set '" + name.value + "'");
    }
  }
  return a;
}

}  // namespace

void read_accounts(Reporter& r, const YAML::Node& root, DirectoryState& state) {
  check_mapping(r, root, "the file", {"accounts"});
  const YAML::Node v = child(r, root, "accounts");
  if (state.accounts_at) {
    r.error(root, "a second accounts document (the first is at " + to_string(*state.accounts_at) + ")");
    return;
  }
  state.accounts_at = r.where(root);
  if (!v.IsMap()) {
    r.error(v, "'accounts' must be a mapping of system_id to settings");
    return;
  }
  // Every key is a system_id, so there is no "unknown key" here; repeated ones are refused.
  std::map<std::string, int> seen;
  for (const auto& kv : v) {
    if (!kv.first.IsScalar() || kv.first.Scalar().empty()) {
      r.error(kv.first, "account names must be non-empty strings");
      continue;
    }
    const std::string& id = kv.first.Scalar();
    if (auto [it, inserted] = seen.emplace(id, line_of(kv.first)); !inserted) {
      r.error(kv.first, "duplicate account '" + id + "' (first at line " + std::to_string(it->second) + ")");
      continue;
    }
    state.accounts.push_back(read_account(r, id, kv.first, kv.second));
  }
}

void resolve_accounts(DirectoryState& state) {
  AccountPolicy base;
  base.system_id = "default";
  base.set_enabled.assign(state.out.sets.size(), 1);  // absent `sets:` = every set
  for (const auto& p : state.accounts)
    if (p.system_id == "default") base = apply(base, p, state);
  state.out.default_account = base;
  state.out.accounts.clear();
  for (const auto& p : state.accounts)
    if (p.system_id != "default") state.out.accounts.push_back(apply(base, p, state));
}

}  // namespace smsfw::filters::loader
