#pragma once
// Everything `smsfw run` is configured with: built-in defaults, then the YAML file given with
// --config, then command-line flags (flags win). Every key is documented in
// deploy/smsfw.example.yaml.

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "access/access_config.h"
#include "net/host_port.h"
#include "audit/audit_log.h"
#include "proxy/proxy_settings.h"
#include "tls/tls_config.h"

namespace smsfw::app {

// A user error in a config file or flag: the message names the file:line and key, or the flag.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// State shared with other smsfw instances through Redis (gateway/shared/shared_state_thread.h):
// throttle consumption, campaign reach. Without `redis` every limit is per instance.
struct SharedStateConfig {
  std::optional<net::HostPort> redis;                 // absent: local only
  std::string instance_id;                            // empty: <hostname>:<pid>
  std::chrono::milliseconds exchange_interval{200};
  std::chrono::milliseconds connect_timeout{200};
  std::chrono::milliseconds command_timeout{200};     // per socket read/write
  std::string key_prefix = "smsfw:";
};

struct RunConfig {
  net::HostPort listen{"0.0.0.0", 2775};
  std::vector<net::HostPort> upstreams;  // failover order
  std::string patterns_dir;                // empty: none
  // Compiled-database cache (pattern_cache_dir.h): unset = the default from the environment,
  // "none" = no cache, otherwise that directory.
  std::optional<std::string> pattern_cache;
  bool watch_patterns = false;             // reload when the pattern directory changes (inotify)
  std::optional<net::HostPort> admin;      // admin HTTP server (GET /metrics ...); none: not served
  std::string admin_token;                 // bearer token the admin API requires (empty: none)
  audit::AuditLogConfig audit;             // the audit log of non-allow verdicts (kind off by default)
  unsigned threads = 0;                    // 0: one per core
  std::string log_level = "info";
  std::chrono::milliseconds drain_timeout{std::chrono::seconds(30)};
  proxy::ProxySettings proxy;              // upstream endpoints are resolved later
  SharedStateConfig shared_state;
  // Clusters the campaign detector's table holds (184 bytes each; allocated only when the pattern
  // directory has a campaign document). 1,048,576: a million distinct texts an hour in 184 MiB.
  std::size_t campaign_capacity = std::size_t{1} << 20;
  // Proxy-side access control of binds (`access:`); none: the SMSC alone authenticates.
  std::optional<access::AccessConfig> access;
  // TLS for ESMEs (a second listener) and towards the SMSCs (`tls:`); none by default.
  tls::TlsConfig tls;

  // Merges a YAML config file into this config. Throws ConfigError naming file:line and key.
  void load_file(const std::string& path);
  // Final checks once file and flags are merged. Throws ConfigError.
  void validate() const;
  unsigned effective_threads() const;
};

}  // namespace smsfw::app
