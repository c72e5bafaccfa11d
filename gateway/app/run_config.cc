#include "app/run_config.h"

#include <filesystem>
#include <set>
#include <thread>

#include <spdlog/common.h>
#include <yaml-cpp/yaml.h>

#include "access/password_hash.h"
#include "app/duration.h"

namespace smsfw::app {

namespace {

bool valid_log_level(const std::string& level) {
  return spdlog::level::from_str(level) != spdlog::level::off || level == "off";
}

// Reads one YAML file into a RunConfig, naming "file:line: key" in every error.
class YamlReader {
 public:
  explicit YamlReader(std::string path) : path_(std::move(path)) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& key, const std::string& what) const {
    const int line = node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
    throw ConfigError(path_ + ":" + std::to_string(line) + ": " + key + ": " + what);
  }

  // Rejects keys this version does not know (a typo must not silently fall back to a default).
  void check_keys(const YAML::Node& map, const std::string& prefix, const std::set<std::string>& known) const {
    if (!map.IsMap()) fail(map, prefix.empty() ? "(top level)" : prefix, "expected a mapping");
    for (const auto& kv : map) {
      const std::string k = kv.first.as<std::string>();
      if (!known.contains(k)) fail(kv.first, prefix.empty() ? k : prefix + "." + k, "unknown key");
    }
  }

  std::string scalar(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) fail(n, key, "expected a single value");
    return n.Scalar();
  }

  net::HostPort host_port(const YAML::Node& n, const std::string& key, bool allow_zero = false) const {
    std::string error;
    auto hp = net::HostPort::parse(scalar(n, key), error, allow_zero);
    if (!hp) fail(n, key, error);
    return *hp;
  }

  std::uint64_t number(const YAML::Node& n, const std::string& key, std::uint64_t min, std::uint64_t max) const {
    const std::string s = scalar(n, key);
    std::size_t used = 0;
    std::uint64_t v = 0;
    try {
      // 0x0D or 13; decimal otherwise (base 0 would read a zero-padded "013" as octal 11).
      const bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
      v = std::stoull(s, &used, hex ? 16 : 10);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != s.size() || s.empty() || s[0] == '-')
      fail(n, key, "expected a number, got '" + s + "'");
    if (v < min || v > max)
      fail(n, key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return v;
  }

  std::chrono::milliseconds duration(const YAML::Node& n, const std::string& key) const {
    const std::string s = scalar(n, key);
    auto d = parse_duration(s);
    if (!d) fail(n, key, "expected a duration like 500ms, 30s, 5m or 1h, got '" + s + "'");
    return *d;
  }

  bool boolean(const YAML::Node& n, const std::string& key) const {
    const std::string s = scalar(n, key);
    if (s == "true") return true;
    if (s == "false") return false;
    fail(n, key, "expected true or false, got '" + s + "'");
  }

  // A directory or the word none; an empty value would silently mean "the default".
  std::string cache_dir(const YAML::Node& n, const std::string& key) const {
    const std::string s = scalar(n, key);
    if (s.empty()) fail(n, key, "expected a directory or none");
    return s;
  }

  std::uint32_t status(const YAML::Node& n, const std::string& key) const {
    return static_cast<std::uint32_t>(number(n, key, 0, 0xFFFFFFFF));
  }

  tls::MinVersion min_version(const YAML::Node& n, const std::string& key) const {
    const std::string s = scalar(n, key);
    if (s == "1.2") return tls::MinVersion::tls1_2;
    if (s == "1.3") return tls::MinVersion::tls1_3;
    fail(n, key, "expected 1.2 or 1.3, got '" + s + "'");
  }

  // A file path that must be given (an empty one would silently mean "none").
  std::string file(const YAML::Node& n, const std::string& key) const {
    std::string s = scalar(n, key);
    if (s.empty()) fail(n, key, "expected a file path");
    return s;
  }

  // The `tls:` section (tls/tls_config.h). Files are checked when the contexts are built.
  tls::TlsConfig tls_section(const YAML::Node& node) const {
    check_keys(node, "tls", {"listen", "upstream"});
    tls::TlsConfig t;
    if (auto l = node["listen"]) {
      check_keys(l, "tls.listen", {"address", "certificate", "private_key", "client_ca", "min_version"});
      tls::ServerConfig s;
      if (auto n = l["address"]) s.address = host_port(n, "tls.listen.address", true);
      if (auto n = l["certificate"]) s.certificate = file(n, "tls.listen.certificate");
      if (auto n = l["private_key"]) s.private_key = file(n, "tls.listen.private_key");
      if (auto n = l["client_ca"]) s.client_ca = file(n, "tls.listen.client_ca");
      if (auto n = l["min_version"]) s.min_version = min_version(n, "tls.listen.min_version");
      if (s.certificate.empty() || s.private_key.empty())
        fail(l, "tls.listen", "certificate and private_key are both required");
      t.listen = s;
    }
    if (auto u = node["upstream"]) {
      check_keys(u, "tls.upstream", {"ca", "verify", "server_name", "certificate", "private_key", "min_version"});
      tls::ClientConfig c;
      if (auto n = u["ca"]) c.ca = file(n, "tls.upstream.ca");
      if (auto n = u["verify"]) c.verify = boolean(n, "tls.upstream.verify");
      if (auto n = u["server_name"]) {
        c.server_name = scalar(n, "tls.upstream.server_name");
        if (c.server_name.empty()) fail(n, "tls.upstream.server_name", "expected a host name or IP address");
      }
      if (auto n = u["certificate"]) c.certificate = file(n, "tls.upstream.certificate");
      if (auto n = u["private_key"]) c.private_key = file(n, "tls.upstream.private_key");
      if (auto n = u["min_version"]) c.min_version = min_version(n, "tls.upstream.min_version");
      if (c.certificate.empty() != c.private_key.empty())
        fail(u, "tls.upstream", "certificate and private_key go together");
      t.upstream = c;
    }
    return t;
  }

  // The `access:` section (access/access_config.h).
  access::AccessConfig access(const YAML::Node& node) const {
    check_keys(node, "access", {"known_accounts_only", "accounts", "failed_binds"});
    access::AccessConfig a;
    if (auto n = node["known_accounts_only"]) a.known_accounts_only = boolean(n, "access.known_accounts_only");
    if (auto f = node["failed_binds"]) {
      check_keys(f, "access.failed_binds", {"max", "window"});
      if (auto n = f["max"]) a.failed_binds_max = number(n, "access.failed_binds.max", 1, 1000000);
      if (auto n = f["window"]) a.failed_binds_window = duration(n, "access.failed_binds.window");
    }
    if (auto accounts = node["accounts"]) {
      if (!accounts.IsMap()) fail(accounts, "access.accounts", "expected a mapping of system_id to its settings");
      for (const auto& kv : accounts) {
        const std::string id = kv.first.as<std::string>();
        const std::string key = "access.accounts." + id;
        if (id.empty() || id.size() > 15) fail(kv.first, key, "a system_id has 1 to 15 characters (SMPP 3.4)");
        const YAML::Node& v = kv.second;
        check_keys(v, key, {"password_hash", "allow_from", "max_binds"});
        access::AccountAccess acc;
        if (auto n = v["password_hash"]) {
          acc.password_hash = scalar(n, key + ".password_hash");
          if (const std::string why = access::password_hash_problem(acc.password_hash); !why.empty())
            fail(n, key + ".password_hash", why);
        }
        if (auto n = v["allow_from"]) {
          if (!n.IsSequence()) fail(n, key + ".allow_from", "expected a list of addresses or CIDR blocks");
          for (const auto& e : n) {
            std::string error;
            auto r = access::AddressRange::parse(scalar(e, key + ".allow_from"), error);
            if (!r) fail(e, key + ".allow_from", error);
            acc.allow_from.push_back(std::move(*r));
          }
        }
        if (auto n = v["max_binds"]) acc.max_binds = number(n, key + ".max_binds", 1, 1000000);
        a.accounts.emplace(id, std::move(acc));
      }
    }
    return a;
  }

  void read(RunConfig& c) {
    YAML::Node root;
    try {
      root = YAML::LoadFile(path_);
    } catch (const YAML::BadFile&) {
      throw ConfigError(path_ + ": cannot read the config file");
    } catch (const YAML::ParserException& e) {
      throw ConfigError(path_ + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
    }
    if (root.IsNull()) return;  // an empty file keeps the defaults
    check_keys(root, "", {"listen", "upstreams", "patterns", "pattern_cache", "watch_patterns", "admin", "admin_token",
                          "audit", "threads",
                          "log_level", "limits", "timeouts", "responses", "concatenation", "shared_state",
                          "campaign", "access", "tls"});
    if (auto n = root["access"]) c.access = access(n);
    if (auto n = root["tls"]) c.tls = tls_section(n);
    if (auto n = root["listen"]) c.listen = host_port(n, "listen", true);
    if (auto n = root["upstreams"]) {
      if (!n.IsSequence()) fail(n, "upstreams", "expected a list of HOST:PORT");
      c.upstreams.clear();
      for (std::size_t i = 0; i < n.size(); ++i)
        c.upstreams.push_back(host_port(n[i], "upstreams[" + std::to_string(i) + "]"));
    }
    if (auto n = root["patterns"]) c.patterns_dir = scalar(n, "patterns");
    if (auto n = root["pattern_cache"]) c.pattern_cache = cache_dir(n, "pattern_cache");
    if (auto n = root["watch_patterns"]) c.watch_patterns = boolean(n, "watch_patterns");
    if (auto n = root["admin"]) c.admin = host_port(n, "admin", true);
    if (auto n = root["admin_token"]) c.admin_token = scalar(n, "admin_token");
    if (auto a = root["audit"]) {
      check_keys(a, "audit", {"sink", "path", "max_size", "max_files", "queue_size", "flush_interval", "body_hash_key"});
      if (auto n = a["sink"]) {
        const auto kind = audit::parse_sink_kind(scalar(n, "audit.sink"));
        if (!kind) fail(n, "audit.sink", "expected off, file or stdout");
        c.audit.kind = *kind;
      }
      if (auto n = a["path"]) c.audit.path = scalar(n, "audit.path");
      if (auto n = a["max_size"]) c.audit.max_size = number(n, "audit.max_size", 4096, std::uint64_t{1} << 40);
      if (auto n = a["max_files"]) c.audit.max_files = number(n, "audit.max_files", 1, 10000);
      if (auto n = a["queue_size"]) c.audit.queue_size = number(n, "audit.queue_size", 16, 1 << 24);
      if (auto n = a["flush_interval"]) c.audit.flush_interval = duration(n, "audit.flush_interval");
      if (auto n = a["body_hash_key"]) c.audit.body_hash_key = scalar(n, "audit.body_hash_key");
    }
    if (auto n = root["threads"]) c.threads = static_cast<unsigned>(number(n, "threads", 0, 256));
    if (auto n = root["log_level"]) {
      c.log_level = scalar(n, "log_level");
      if (!valid_log_level(c.log_level)) fail(n, "log_level", "expected trace, debug, info, warn, error, critical or off");
    }
    if (auto l = root["limits"]) {
      check_keys(l, "limits", {"max_pdu_size", "max_buffered_bytes", "max_inflight", "max_sessions"});
      if (auto n = l["max_sessions"]) c.proxy.max_sessions = number(n, "limits.max_sessions", 1, 1 << 20);
      if (auto n = l["max_pdu_size"]) c.proxy.max_pdu_size = number(n, "limits.max_pdu_size", 64, 16 << 20);
      if (auto n = l["max_buffered_bytes"])
        c.proxy.max_buffered_bytes = number(n, "limits.max_buffered_bytes", 4096, 1ull << 32);
      if (auto n = l["max_inflight"]) c.proxy.max_inflight = number(n, "limits.max_inflight", 1, 1 << 20);
    }
    if (auto t = root["timeouts"]) {
      check_keys(t, "timeouts", {"bind", "connect", "idle", "write_stall", "unbind", "drain"});
      if (auto n = t["bind"]) c.proxy.bind_timeout = duration(n, "timeouts.bind");
      if (auto n = t["connect"]) c.proxy.connect_timeout = duration(n, "timeouts.connect");
      if (auto n = t["idle"]) c.proxy.idle_timeout = duration(n, "timeouts.idle");
      if (auto n = t["write_stall"]) c.proxy.write_stall_timeout = duration(n, "timeouts.write_stall");
      if (auto n = t["unbind"]) c.proxy.unbind_timeout = duration(n, "timeouts.unbind");
      if (auto n = t["drain"]) c.drain_timeout = duration(n, "timeouts.drain");
    }
    if (auto k = root["concatenation"]) {
      check_keys(k, "concatenation", {"judge_whole", "max_hold", "max_session_bytes", "max_total_bytes"});
      if (auto n = k["judge_whole"]) c.proxy.concat_judge_whole = boolean(n, "concatenation.judge_whole");
      if (auto n = k["max_hold"]) c.proxy.concat_max_hold = duration(n, "concatenation.max_hold");
      if (auto n = k["max_session_bytes"])
        c.proxy.concat_max_session_bytes = number(n, "concatenation.max_session_bytes", 0, 1ull << 32);
      if (auto n = k["max_total_bytes"])
        c.proxy.concat_max_total_bytes = number(n, "concatenation.max_total_bytes", 0, 1ull << 40);
    }
    if (auto k = root["campaign"]) {
      check_keys(k, "campaign", {"capacity"});
      if (auto n = k["capacity"]) c.campaign_capacity = number(n, "campaign.capacity", 1024, std::uint64_t{1} << 30);
    }
    if (auto m = root["shared_state"]) {
      check_keys(m, "shared_state",
                 {"redis", "instance_id", "exchange_interval", "connect_timeout", "command_timeout", "key_prefix"});
      auto& st = c.shared_state;
      if (auto n = m["redis"]) st.redis = host_port(n, "shared_state.redis");
      if (auto n = m["instance_id"]) {
        st.instance_id = scalar(n, "shared_state.instance_id");
        if (st.instance_id.empty()) fail(n, "shared_state.instance_id", "expected a non-empty id");
      }
      if (auto n = m["exchange_interval"]) st.exchange_interval = duration(n, "shared_state.exchange_interval");
      if (auto n = m["connect_timeout"]) st.connect_timeout = duration(n, "shared_state.connect_timeout");
      if (auto n = m["command_timeout"]) st.command_timeout = duration(n, "shared_state.command_timeout");
      if (auto n = m["key_prefix"]) st.key_prefix = scalar(n, "shared_state.key_prefix");
    }
    if (auto r = root["responses"]) {
      check_keys(r, "responses",
                 {"bind_failed", "upstream_unavailable", "esme_unavailable", "too_many_inflight", "hold_full",
                  "session_limit"});
      if (auto n = r["session_limit"]) c.proxy.session_limit_status = status(n, "responses.session_limit");
      if (auto n = r["hold_full"]) c.proxy.hold_full_status = status(n, "responses.hold_full");
      if (auto n = r["bind_failed"]) c.proxy.bind_failed_status = status(n, "responses.bind_failed");
      if (auto n = r["upstream_unavailable"])
        c.proxy.upstream_unavailable_status = status(n, "responses.upstream_unavailable");
      if (auto n = r["esme_unavailable"]) c.proxy.esme_unavailable_status = status(n, "responses.esme_unavailable");
      if (auto n = r["too_many_inflight"])
        c.proxy.too_many_inflight_status = status(n, "responses.too_many_inflight");
    }
  }

 private:
  std::string path_;
};

}  // namespace

void RunConfig::load_file(const std::string& path) { YamlReader(path).read(*this); }

void RunConfig::validate() const {
  if (upstreams.empty())
    throw ConfigError("no upstream SMSC: give --upstream HOST:PORT or 'upstreams' in the config file");
  if (!valid_log_level(log_level))
    throw ConfigError("log level '" + log_level + "': expected trace, debug, info, warn, error, critical or off");
  if (!patterns_dir.empty() && !std::filesystem::is_directory(patterns_dir))
    throw ConfigError("--patterns " + patterns_dir + ": not a directory");
  const auto zero = std::chrono::milliseconds::zero();
  if (proxy.bind_timeout <= zero || proxy.connect_timeout <= zero || proxy.write_stall_timeout <= zero ||
      proxy.unbind_timeout <= zero)
    throw ConfigError("timeouts: bind, connect, write_stall and unbind must be greater than 0");
  if (proxy.max_buffered_bytes < proxy.max_pdu_size)
    throw ConfigError("limits.max_buffered_bytes must be at least limits.max_pdu_size");
  if (shared_state.exchange_interval <= zero || shared_state.connect_timeout <= zero ||
      shared_state.command_timeout <= zero)
    throw ConfigError("shared_state: exchange_interval, connect_timeout and command_timeout must be greater than 0");
  if (audit.kind == audit::SinkKind::file && audit.path.empty())
    throw ConfigError("audit.sink file needs audit.path");
  if (proxy.concat_judge_whole && proxy.concat_max_hold <= zero)
    throw ConfigError("concatenation.max_hold must be greater than 0 (or judge_whole: false)");
}

unsigned RunConfig::effective_threads() const {
  if (threads != 0) return threads;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : cores;
}

}  // namespace smsfw::app
