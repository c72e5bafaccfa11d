// RunConfig: the YAML config file (every key, defaults, errors naming file:line and key) and the
// final validation.

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include <map>

#include "app/pattern_cache_dir.h"
#include "app/run_config.h"
#include "temp_file.h"

using smsfw::app::ConfigError;
using smsfw::app::RunConfig;
using smsfw::app::test::TempDir;
using smsfw::app::test::TempFile;
using namespace std::chrono_literals;

namespace {

RunConfig load(const std::string& yaml) {
  TempFile f(yaml);
  RunConfig c;
  c.load_file(f.path());
  return c;
}

// Loads `yaml`, expects a ConfigError, and returns its message with the temp path replaced by
// "FILE" so tests can compare the "FILE:LINE: key: ..." prefix exactly.
std::string load_error(const std::string& yaml) {
  TempFile f(yaml);
  RunConfig c;
  try {
    c.load_file(f.path());
  } catch (const ConfigError& e) {
    std::string msg = e.what();
    const auto at = msg.find(f.path());
    REQUIRE(at == 0);  // the message starts with the file name
    msg.replace(at, f.path().size(), "FILE");
    return msg;
  }
  FAIL("no ConfigError for:\n" << yaml);
  return {};
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

RunConfig valid_config() {
  RunConfig c;
  c.upstreams.push_back({"127.0.0.1", 2776});
  return c;
}

std::string validate_error(const RunConfig& c) {
  try {
    c.validate();
  } catch (const ConfigError& e) {
    return e.what();
  }
  FAIL("validate() accepted the config");
  return {};
}

}  // namespace

TEST_CASE("RunConfig: built-in defaults") {
  const RunConfig c;
  CHECK(c.listen.host == "0.0.0.0");
  CHECK(c.listen.port == 2775);
  CHECK(c.upstreams.empty());
  CHECK(c.patterns_dir.empty());
  CHECK_FALSE(c.pattern_cache.has_value());  // the default from the environment
  CHECK_FALSE(c.watch_patterns);
  CHECK_FALSE(c.admin.has_value());
  CHECK(c.threads == 0);
  CHECK(c.log_level == "info");
  CHECK(c.drain_timeout == 30s);
  CHECK(c.proxy.max_pdu_size == 65536);
  CHECK(c.proxy.max_buffered_bytes == 1048576);
  CHECK(c.proxy.max_inflight == 10000);
  CHECK(c.proxy.max_sessions == 10000);
  CHECK(c.proxy.session_limit_status == 0x0D);
  CHECK(c.proxy.bind_timeout == 30s);
  CHECK(c.proxy.connect_timeout == 5s);
  CHECK(c.proxy.idle_timeout == 10min);
  CHECK(c.proxy.write_stall_timeout == 30s);
  CHECK(c.proxy.unbind_timeout == 5s);
  CHECK(c.proxy.bind_failed_status == 0x0D);
  CHECK(c.proxy.upstream_unavailable_status == 0x08);
  CHECK(c.proxy.esme_unavailable_status == 0x64);
  CHECK(c.proxy.too_many_inflight_status == 0x58);
  CHECK_FALSE(c.shared_state.redis.has_value());
  CHECK(c.shared_state.instance_id.empty());  // <hostname>:<pid> at run time
  CHECK(c.shared_state.exchange_interval == 200ms);
  CHECK(c.shared_state.connect_timeout == 200ms);
  CHECK(c.shared_state.command_timeout == 200ms);
  CHECK(c.shared_state.key_prefix == "smsfw:");
}

TEST_CASE("RunConfig::load_file: an empty file (or only comments) keeps the defaults") {
  for (const char* text : {"", "# nothing here\n", "\n\n---\n"}) {
    CAPTURE(text);
    const RunConfig c = load(text);
    const RunConfig d;
    CHECK(c.listen.to_string() == d.listen.to_string());
    CHECK(c.upstreams.empty());
    CHECK(c.threads == d.threads);
    CHECK(c.log_level == d.log_level);
    CHECK(c.proxy.max_pdu_size == d.proxy.max_pdu_size);
    CHECK(c.proxy.bind_timeout == d.proxy.bind_timeout);
    CHECK(c.proxy.bind_failed_status == d.proxy.bind_failed_status);
  }
}

TEST_CASE("RunConfig::load_file: every key") {
  const RunConfig c = load(R"(
listen: 127.0.0.1:0
upstreams:
  - 127.0.0.1:2776
  - "[::1]:2777"
  - smsc.example.net:2778
patterns: /etc/smsfw/patterns
pattern_cache: /var/cache/smsfw
watch_patterns: true
admin: 127.0.0.1:9775
threads: 3
log_level: debug
limits:
  max_pdu_size: 4096
  max_buffered_bytes: 8192
  max_inflight: 77
  max_sessions: 250
timeouts:
  bind: 1500ms
  connect: 2s
  idle: 0
  write_stall: 3m
  unbind: 4
  drain: 1h
admin_token: s3cret
audit:
  sink: file
  path: /var/log/smsfw/audit.jsonl
  max_size: 1048576
  max_files: 5
  queue_size: 4096
  flush_interval: 2s
  body_hash_key: "hex:00112233445566778899aabbccddeeff"
campaign:
  capacity: 65536
concatenation:
  judge_whole: false
  max_hold: 2500ms
  max_session_bytes: 1000
  max_total_bytes: 50000
responses:
  bind_failed: 0x0D
  upstream_unavailable: 0x45
  esme_unavailable: 100
  too_many_inflight: 0x14
  hold_full: 0x58
  session_limit: 0x58
shared_state:
  redis: redis.example.net:6380
  instance_id: gw-7
  exchange_interval: 150ms
  connect_timeout: 1s
  command_timeout: 300ms
  key_prefix: "prod:"
)");
  CHECK(c.listen.to_string() == "127.0.0.1:0");
  REQUIRE(c.upstreams.size() == 3);
  CHECK(c.upstreams[0].to_string() == "127.0.0.1:2776");
  CHECK(c.upstreams[1].to_string() == "[::1]:2777");
  CHECK(c.upstreams[2].to_string() == "smsc.example.net:2778");
  CHECK(c.patterns_dir == "/etc/smsfw/patterns");
  CHECK(c.pattern_cache == "/var/cache/smsfw");
  CHECK(c.watch_patterns);
  REQUIRE(c.admin.has_value());
  CHECK(c.admin->to_string() == "127.0.0.1:9775");
  CHECK(c.threads == 3);
  CHECK(c.effective_threads() == 3);
  CHECK(c.log_level == "debug");
  CHECK(c.proxy.max_pdu_size == 4096);
  CHECK(c.proxy.max_buffered_bytes == 8192);
  CHECK(c.proxy.max_inflight == 77);
  CHECK(c.proxy.max_sessions == 250);
  CHECK(c.proxy.session_limit_status == 0x58);
  CHECK(c.proxy.bind_timeout == 1500ms);
  CHECK(c.proxy.connect_timeout == 2s);
  CHECK(c.proxy.idle_timeout == 0ms);
  CHECK(c.proxy.write_stall_timeout == 3min);
  CHECK(c.proxy.unbind_timeout == 4s);
  CHECK(c.drain_timeout == 1h);
  CHECK(c.proxy.bind_failed_status == 0x0D);
  CHECK(c.proxy.upstream_unavailable_status == 0x45);
  CHECK(c.proxy.esme_unavailable_status == 100);
  CHECK(c.proxy.too_many_inflight_status == 0x14);
  CHECK_FALSE(c.proxy.concat_judge_whole);
  CHECK(c.proxy.concat_max_hold == 2500ms);
  CHECK(c.proxy.concat_max_session_bytes == 1000);
  CHECK(c.proxy.concat_max_total_bytes == 50000);
  CHECK(c.proxy.hold_full_status == 0x58);
  CHECK(c.campaign_capacity == 65536);
  CHECK(c.admin_token == "s3cret");
  CHECK(c.audit.kind == smsfw::audit::SinkKind::file);
  CHECK(c.audit.path == "/var/log/smsfw/audit.jsonl");
  CHECK(c.audit.max_size == 1048576);
  CHECK(c.audit.max_files == 5);
  CHECK(c.audit.queue_size == 4096);
  CHECK(c.audit.flush_interval == 2s);
  CHECK(c.audit.body_hash_key == "hex:00112233445566778899aabbccddeeff");
  REQUIRE(c.shared_state.redis.has_value());
  CHECK(c.shared_state.redis->to_string() == "redis.example.net:6380");
  CHECK(c.shared_state.instance_id == "gw-7");
  CHECK(c.shared_state.exchange_interval == 150ms);
  CHECK(c.shared_state.connect_timeout == 1s);
  CHECK(c.shared_state.command_timeout == 300ms);
  CHECK(c.shared_state.key_prefix == "prod:");
}

TEST_CASE("RunConfig::load_file: keys absent from the file keep their previous values") {
  TempFile f("threads: 2\n");
  RunConfig c;
  c.log_level = "warn";
  c.proxy.max_inflight = 5;
  c.upstreams.push_back({"10.0.0.1", 1});
  c.load_file(f.path());
  CHECK(c.threads == 2);
  CHECK(c.log_level == "warn");
  CHECK(c.proxy.max_inflight == 5);
  REQUIRE(c.upstreams.size() == 1);
}

TEST_CASE("RunConfig::load_file: upstreams in the file replace earlier ones, in order") {
  TempFile f("upstreams: [127.0.0.1:1, 127.0.0.1:2]\n");
  RunConfig c;
  c.upstreams.push_back({"10.0.0.1", 9});
  c.load_file(f.path());
  REQUIRE(c.upstreams.size() == 2);
  CHECK(c.upstreams[0].port == 1);
  CHECK(c.upstreams[1].port == 2);
}

TEST_CASE("RunConfig::load_file: the shipped example config loads and documents the defaults") {
  RunConfig c;
  c.load_file(SMSFW_SOURCE_DIR "/deploy/smsfw.example.yaml");
  const RunConfig d;
  REQUIRE(c.upstreams.size() == 1);
  CHECK(c.upstreams[0].to_string() == "127.0.0.1:2776");
  CHECK(c.listen.to_string() == d.listen.to_string());
  CHECK(c.threads == d.threads);
  CHECK(c.log_level == d.log_level);
  CHECK(c.drain_timeout == d.drain_timeout);
  CHECK(c.pattern_cache == d.pattern_cache);
  CHECK(c.watch_patterns == d.watch_patterns);
  CHECK(c.proxy.max_pdu_size == d.proxy.max_pdu_size);
  CHECK(c.proxy.max_buffered_bytes == d.proxy.max_buffered_bytes);
  CHECK(c.proxy.max_inflight == d.proxy.max_inflight);
  CHECK(c.proxy.max_sessions == d.proxy.max_sessions);
  CHECK(c.proxy.session_limit_status == d.proxy.session_limit_status);
  CHECK(c.proxy.bind_timeout == d.proxy.bind_timeout);
  CHECK(c.proxy.connect_timeout == d.proxy.connect_timeout);
  CHECK(c.proxy.idle_timeout == d.proxy.idle_timeout);
  CHECK(c.proxy.write_stall_timeout == d.proxy.write_stall_timeout);
  CHECK(c.proxy.unbind_timeout == d.proxy.unbind_timeout);
  CHECK(c.proxy.bind_failed_status == d.proxy.bind_failed_status);
  CHECK(c.proxy.upstream_unavailable_status == d.proxy.upstream_unavailable_status);
  CHECK(c.proxy.esme_unavailable_status == d.proxy.esme_unavailable_status);
  CHECK(c.proxy.too_many_inflight_status == d.proxy.too_many_inflight_status);
  CHECK(c.proxy.hold_full_status == d.proxy.hold_full_status);
  CHECK(c.proxy.concat_judge_whole == d.proxy.concat_judge_whole);
  CHECK(c.proxy.concat_max_hold == d.proxy.concat_max_hold);
  CHECK(c.proxy.concat_max_session_bytes == d.proxy.concat_max_session_bytes);
  CHECK(c.proxy.concat_max_total_bytes == d.proxy.concat_max_total_bytes);
  CHECK(c.campaign_capacity == d.campaign_capacity);
  CHECK(c.admin_token == d.admin_token);
  CHECK(c.audit.kind == d.audit.kind);
  CHECK(c.audit.max_size == d.audit.max_size);
  CHECK(c.audit.max_files == d.audit.max_files);
  CHECK(c.audit.queue_size == d.audit.queue_size);
  CHECK(c.audit.flush_interval == d.audit.flush_interval);
  CHECK_FALSE(c.shared_state.redis.has_value());  // the example stays local-only
  CHECK(c.shared_state.instance_id == d.shared_state.instance_id);
  CHECK(c.shared_state.exchange_interval == d.shared_state.exchange_interval);
  CHECK(c.shared_state.connect_timeout == d.shared_state.connect_timeout);
  CHECK(c.shared_state.command_timeout == d.shared_state.command_timeout);
  CHECK(c.shared_state.key_prefix == d.shared_state.key_prefix);
  CHECK_NOTHROW(c.validate());
}

TEST_CASE("RunConfig::load_file: the example's commented-out shared_state keys are valid once uncommented") {
  std::ifstream in(SMSFW_SOURCE_DIR "/deploy/smsfw.example.yaml");
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  for (const char* key : {"redis:", "instance_id:"}) {
    const std::string commented = std::string("  # ") + key;
    const auto at = text.find(commented);
    REQUIRE(at != std::string::npos);
    text.replace(at, commented.size(), std::string("  ") + key);
  }
  const RunConfig c = load(text);
  REQUIRE(c.shared_state.redis.has_value());
  CHECK(c.shared_state.redis->to_string() == "127.0.0.1:6379");
  CHECK(c.shared_state.instance_id == "gw1");
}

TEST_CASE("RunConfig::load_file: bad shared_state values") {
  CHECK(load_error("shared_state:\n  redis: nohost\n").find("FILE:2: shared_state.redis:") == 0);
  CHECK(load_error("shared_state:\n  instance_id: \"\"\n") ==
        "FILE:2: shared_state.instance_id: expected a non-empty id");
  CHECK(load_error("shared_state:\n  exchange_interval: soon\n").find("FILE:2: shared_state.exchange_interval:") ==
        0);
  CHECK(load_error("shared_state: 127.0.0.1:6379\n") == "FILE:1: shared_state: expected a mapping");
}

TEST_CASE("RunConfig::load_file: an unknown key names file:line and the dotted key") {
  CHECK(load_error("threads: 1\nlisten_on: 1.2.3.4:5\n") == "FILE:2: listen_on: unknown key");
  CHECK(load_error("threads: 1\nlimits:\n  max_inflight: 3\n  max_pdu_sz: 100\n") ==
        "FILE:4: limits.max_pdu_sz: unknown key");
  CHECK(load_error("timeouts:\n  bnd: 5s\n") == "FILE:2: timeouts.bnd: unknown key");
  CHECK(load_error("shared_state:\n  redis_host: x\n") == "FILE:2: shared_state.redis_host: unknown key");
  CHECK(load_error("responses:\n\n  bind_fail: 13\n") == "FILE:3: responses.bind_fail: unknown key");
}

TEST_CASE("RunConfig::load_file: a bad value names file:line and the key") {
  CHECK(starts_with(load_error("threads: many\n"), "FILE:1: threads: expected a number"));
  CHECK(starts_with(load_error("threads: -1\n"), "FILE:1: threads:"));
  CHECK(starts_with(load_error("threads: 257\n"), "FILE:1: threads: must be between 0 and 256"));
  CHECK(starts_with(load_error("limits:\n  max_sessions: 0\n"), "FILE:2: limits.max_sessions: must be between 1 and"));
  CHECK(starts_with(load_error("threads: 1.5\n"), "FILE:1: threads:"));
  CHECK(starts_with(load_error("threads: [1]\n"), "FILE:1: threads: expected a single value"));
  CHECK(starts_with(load_error("\nlisten: nowhere\n"), "FILE:2: listen:"));
  CHECK(starts_with(load_error("upstreams: 127.0.0.1:2776\n"), "FILE:1: upstreams: expected a list"));
  CHECK(starts_with(load_error("upstreams:\n  - 127.0.0.1:1\n  - 127.0.0.1:0\n"), "FILE:3: upstreams[1]:"));
  CHECK(starts_with(load_error("upstreams:\n  - 127.0.0.1:99999\n"), "FILE:2: upstreams[0]:"));
  CHECK(starts_with(load_error("admin: 1.2.3.4\n"), "FILE:1: admin:"));
  CHECK(starts_with(load_error("log_level: chatty\n"), "FILE:1: log_level:"));
  CHECK(starts_with(load_error("limits:\n  max_pdu_size: 10\n"), "FILE:2: limits.max_pdu_size: must be between"));
  CHECK(starts_with(load_error("limits:\n  max_buffered_bytes: 1k\n"), "FILE:2: limits.max_buffered_bytes: expected a number"));
  CHECK(starts_with(load_error("limits:\n  max_inflight: 0\n"), "FILE:2: limits.max_inflight: must be between"));
  CHECK(starts_with(load_error("limits: 5\n"), "FILE:1: limits: expected a mapping"));
  CHECK(starts_with(load_error("timeouts:\n  bind: soon\n"), "FILE:2: timeouts.bind: expected a duration"));
  CHECK(starts_with(load_error("timeouts:\n  drain: 5d\n"), "FILE:2: timeouts.drain: expected a duration"));
  CHECK(starts_with(load_error("timeouts:\n  idle: -1s\n"), "FILE:2: timeouts.idle: expected a duration"));
  CHECK(starts_with(load_error("responses:\n  bind_failed: 0xZZ\n"), "FILE:2: responses.bind_failed: expected a number"));
  CHECK(starts_with(load_error("responses:\n  too_many_inflight: 0x100000000\n"),
                    "FILE:2: responses.too_many_inflight: must be between"));
  CHECK(starts_with(load_error("responses:\n  esme_unavailable: -5\n"), "FILE:2: responses.esme_unavailable:"));
  CHECK(starts_with(load_error("just a scalar\n"), "FILE:1: (top level): expected a mapping"));
  CHECK(load_error("watch_patterns: maybe\n") == "FILE:1: watch_patterns: expected true or false, got 'maybe'");
  CHECK(starts_with(load_error("watch_patterns: [true]\n"), "FILE:1: watch_patterns: expected a single value"));
  CHECK(load_error("pattern_cache: ''\n") == "FILE:1: pattern_cache: expected a directory or none");
  CHECK(starts_with(load_error("pattern_cache: [a, b]\n"), "FILE:1: pattern_cache: expected a single value"));
}

TEST_CASE("RunConfig::load_file: pattern_cache none and watch_patterns false") {
  const RunConfig c = load("pattern_cache: none\nwatch_patterns: false\n");
  CHECK(c.pattern_cache == "none");
  CHECK_FALSE(c.watch_patterns);
  // A later file turns watching on, a still later one off again.
  RunConfig d;
  TempFile on("watch_patterns: true\n");
  TempFile off("watch_patterns: false\n");
  d.load_file(on.path());
  CHECK(d.watch_patterns);
  d.load_file(off.path());
  CHECK_FALSE(d.watch_patterns);
}

namespace {

// resolve_pattern_cache_dir with a fixed environment.
smsfw::app::PatternCacheDir resolve(const std::optional<std::string>& setting,
                                    const std::map<std::string, std::string>& env) {
  return smsfw::app::resolve_pattern_cache_dir(setting, [&env](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

}  // namespace

TEST_CASE("resolve_pattern_cache_dir: a configured directory or none wins over the environment") {
  const std::map<std::string, std::string> env{
      {"CACHE_DIRECTORY", "/var/cache/smsfw"}, {"XDG_CACHE_HOME", "/x"}, {"HOME", "/home/u"}};
  CHECK(resolve(std::string("/srv/cache"), env).dir == "/srv/cache");
  CHECK(resolve(std::string("relative/cache"), env).dir == "relative/cache");
  const auto none = resolve(std::string("none"), env);
  CHECK(none.dir.empty());
  CHECK(none.source.find("none") != std::string::npos);
}

TEST_CASE("resolve_pattern_cache_dir: the default, in order of precedence") {
  using Env = std::map<std::string, std::string>;
  SECTION("systemd's CacheDirectory= first, its first entry when there are several") {
    CHECK(resolve({}, Env{{"CACHE_DIRECTORY", "/var/cache/smsfw"}, {"HOME", "/home/u"}}).dir == "/var/cache/smsfw");
    CHECK(resolve({}, Env{{"CACHE_DIRECTORY", "/var/cache/smsfw:/var/cache/other"}}).dir == "/var/cache/smsfw");
    CHECK(resolve({}, Env{{"CACHE_DIRECTORY", "/var/cache/smsfw"}}).source == "$CACHE_DIRECTORY");
  }
  SECTION("then $XDG_CACHE_HOME/smsfw, when absolute") {
    CHECK(resolve({}, Env{{"XDG_CACHE_HOME", "/xdg"}, {"HOME", "/home/u"}}).dir == "/xdg/smsfw");
    CHECK(resolve({}, Env{{"XDG_CACHE_HOME", "rel"}, {"HOME", "/home/u"}}).dir == "/home/u/.cache/smsfw");
    CHECK(resolve({}, Env{{"CACHE_DIRECTORY", ""}, {"XDG_CACHE_HOME", "/xdg"}}).dir == "/xdg/smsfw");
  }
  SECTION("then $HOME/.cache/smsfw") {
    CHECK(resolve({}, Env{{"HOME", "/home/u"}}).dir == "/home/u/.cache/smsfw");
    CHECK(resolve({}, Env{{"HOME", "/home/u"}}).source == "$HOME");
  }
  SECTION("else no cache") {
    CHECK(resolve({}, Env{}).dir.empty());
    CHECK(resolve({}, Env{{"HOME", ""}, {"XDG_CACHE_HOME", ""}, {"CACHE_DIRECTORY", ""}}).dir.empty());
  }
}

TEST_CASE("RunConfig::load_file: statuses in hex or decimal") {
  const RunConfig hex = load("responses:\n  bind_failed: 0x0D\n  upstream_unavailable: 0X45\n");
  CHECK(hex.proxy.bind_failed_status == 0x0D);
  CHECK(hex.proxy.upstream_unavailable_status == 0x45);
  const RunConfig dec = load("responses:\n  bind_failed: 13\n  esme_unavailable: 4294967295\n");
  CHECK(dec.proxy.bind_failed_status == 13);
  CHECK(dec.proxy.esme_unavailable_status == 0xFFFFFFFFu);
  const RunConfig vendor = load("responses:\n  too_many_inflight: 0x400\n");
  CHECK(vendor.proxy.too_many_inflight_status == 0x400);
}

TEST_CASE("RunConfig::load_file: zero-padded numbers are decimal, not octal") {
  const RunConfig c = load("threads: 010\nresponses:\n  bind_failed: 013\nlimits:\n  max_inflight: 0100\n");
  CHECK(c.threads == 10);
  CHECK(c.proxy.bind_failed_status == 13);
  CHECK(c.proxy.max_inflight == 100);
  CHECK(starts_with(load_error("threads: 08x\n"), "FILE:1: threads: expected a number"));
  CHECK(starts_with(load_error("threads: 0x\n"), "FILE:1: threads: expected a number"));
}

TEST_CASE("RunConfig::load_file: an unreadable file or invalid YAML names the file") {
  RunConfig c;
  const std::string missing = "/nonexistent-dir/smsfw.yaml";
  try {
    c.load_file(missing);
    FAIL("no error for a missing file");
  } catch (const ConfigError& e) {
    CHECK(starts_with(e.what(), missing + ":"));
  }
  CHECK(starts_with(load_error("threads: 1\nlimits: {max_inflight: 3\n"), "FILE:"));
  CHECK(load_error("threads: 1\nlimits: {max_inflight: 3\n").find("invalid YAML") != std::string::npos);
}

TEST_CASE("RunConfig::validate") {
  CHECK_NOTHROW(valid_config().validate());

  SECTION("no upstream") {
    RunConfig c;
    CHECK(validate_error(c).find("upstream") != std::string::npos);
  }
  SECTION("bad log level") {
    RunConfig c = valid_config();
    c.log_level = "chatty";
    CHECK(validate_error(c).find("chatty") != std::string::npos);
    c.log_level = "off";
    CHECK_NOTHROW(c.validate());
    for (const char* level : {"trace", "debug", "info", "warn", "error", "critical"}) {
      c.log_level = level;
      CHECK_NOTHROW(c.validate());
    }
  }
  SECTION("patterns must be a directory") {
    RunConfig c = valid_config();
    c.patterns_dir = "/nonexistent-dir/patterns";
    CHECK(validate_error(c).find("/nonexistent-dir/patterns") != std::string::npos);
    TempFile file("x");
    c.patterns_dir = file.path();
    CHECK(validate_error(c).find("not a directory") != std::string::npos);
    TempDir dir;
    c.patterns_dir = dir.path();
    CHECK_NOTHROW(c.validate());
  }
  SECTION("timeouts that must be positive") {
    for (auto field : {&smsfw::proxy::ProxySettings::bind_timeout, &smsfw::proxy::ProxySettings::connect_timeout,
                       &smsfw::proxy::ProxySettings::write_stall_timeout,
                       &smsfw::proxy::ProxySettings::unbind_timeout}) {
      RunConfig c = valid_config();
      c.proxy.*field = 0ms;
      CHECK(validate_error(c).find("timeouts") != std::string::npos);
    }
    RunConfig c = valid_config();
    c.proxy.idle_timeout = 0ms;  // 0 = off: allowed
    CHECK_NOTHROW(c.validate());
  }
  SECTION("buffer at least one PDU") {
    RunConfig c = valid_config();
    c.proxy.max_pdu_size = 65536;
    c.proxy.max_buffered_bytes = 65535;
    CHECK(validate_error(c).find("max_buffered_bytes") != std::string::npos);
    c.proxy.max_buffered_bytes = 65536;
    CHECK_NOTHROW(c.validate());
  }
  SECTION("shared_state intervals and timeouts greater than 0") {
    RunConfig c = valid_config();
    c.shared_state.exchange_interval = 0ms;
    CHECK(validate_error(c).find("shared_state") != std::string::npos);
    c.shared_state.exchange_interval = 200ms;
    c.shared_state.command_timeout = 0ms;
    CHECK(validate_error(c).find("shared_state") != std::string::npos);
  }
  SECTION("an audit file needs a path") {
    RunConfig c = valid_config();
    c.audit.kind = smsfw::audit::SinkKind::file;
    CHECK(validate_error(c).find("audit.path") != std::string::npos);
    c.audit.path = "/tmp/audit.jsonl";
    CHECK_NOTHROW(c.validate());
  }
  SECTION("a hold time when concatenated messages are judged whole") {
    RunConfig c = valid_config();
    c.proxy.concat_max_hold = 0ms;
    CHECK(validate_error(c).find("concatenation.max_hold") != std::string::npos);
    c.proxy.concat_judge_whole = false;
    CHECK_NOTHROW(c.validate());
  }
}

TEST_CASE("RunConfig::effective_threads: 0 means one per core") {
  RunConfig c;
  c.threads = 0;
  CHECK(c.effective_threads() >= 1);
  c.threads = 5;
  CHECK(c.effective_threads() == 5);
}

TEST_CASE("RunConfig::load_file: access control of binds") {
  CHECK_FALSE(load("threads: 1\n").access.has_value());
  const RunConfig c = load(R"(
access:
  known_accounts_only: false
  failed_binds: {max: 3, window: 5m}
  accounts:
    aggregator-1:
      password_hash: "$6$saltsalt$OSq8Y7U6ODMhKGUk2SPe0984YX6VsuKxW0x88kH3i/tir2DWrzhhdl5Nxf74by0uH9HqKiYcMeNlM4YE4i5aI/"
      allow_from: [203.0.113.0/24, "2001:db8::/32", 192.0.2.7]
      max_binds: 4
    bank-otp: {}
)");
  REQUIRE(c.access);
  CHECK_FALSE(c.access->known_accounts_only);
  CHECK(c.access->failed_binds_max == 3);
  CHECK(c.access->failed_binds_window == 5min);
  REQUIRE(c.access->accounts.size() == 2);
  const auto& a = c.access->accounts.at("aggregator-1");
  CHECK(a.password_hash.rfind("$6$saltsalt$", 0) == 0);
  REQUIRE(a.allow_from.size() == 3);
  CHECK(a.allow_from[1].text() == "2001:db8::/32");
  CHECK(a.max_binds == 4);
  const auto& b = c.access->accounts.at("bank-otp");
  CHECK(b.password_hash.empty());
  CHECK(b.allow_from.empty());
  CHECK(b.max_binds == 0);
  const RunConfig d = load("access:\n  accounts: {}\n");
  CHECK(d.access->known_accounts_only);  // the default: only listed accounts bind
  CHECK(d.access->failed_binds_max == 5);
  CHECK(d.access->failed_binds_window == 60s);
}

TEST_CASE("RunConfig::load_file: access errors name the account and key; plain-text passwords are refused") {
  CHECK(starts_with(load_error("access:\n  accounts:\n    esme1:\n      password_hash: pw-123\n"),
                    "FILE:4: access.accounts.esme1.password_hash: not a crypt(3) hash"));
  CHECK(starts_with(load_error("access:\n  accounts:\n    esme1:\n      password: x\n"),
                    "FILE:4: access.accounts.esme1.password: unknown key"));
  CHECK(load_error("access:\n  accounts:\n    esme1:\n      allow_from: [10.1.2.3/8]\n") ==
        "FILE:4: access.accounts.esme1.allow_from: '10.1.2.3/8': host bits are set (did you mean 10.0.0.0/8?)");
  CHECK(starts_with(load_error("access:\n  accounts:\n    esme1:\n      max_binds: 0\n"),
                    "FILE:4: access.accounts.esme1.max_binds: must be between 1 and"));
  CHECK(starts_with(load_error("access:\n  accounts:\n    a-system-id-too-long:\n      max_binds: 1\n"),
                    "FILE:3: access.accounts.a-system-id-too-long: a system_id has 1 to 15 characters"));
  CHECK(starts_with(load_error("access:\n  accounts: [esme1]\n"), "FILE:2: access.accounts: expected a mapping"));
  CHECK(load_error("access:\n  failed_binds:\n    tries: 3\n") == "FILE:3: access.failed_binds.tries: unknown key");
}

TEST_CASE("RunConfig::load_file: tls for the ESME listener and the upstreams") {
  const RunConfig none = load("threads: 1\n");
  CHECK_FALSE(none.tls.listen.has_value());
  CHECK_FALSE(none.tls.upstream.has_value());

  const RunConfig c = load(R"(
tls:
  listen:
    address: 127.0.0.1:3551
    certificate: /etc/smsfw/server.pem
    private_key: /etc/smsfw/server.key
    client_ca: /etc/smsfw/esme-ca.pem
    min_version: "1.3"
  upstream:
    ca: /etc/smsfw/smsc-ca.pem
    server_name: smsc.example.net
    certificate: /etc/smsfw/client.pem
    private_key: /etc/smsfw/client.key
)");
  REQUIRE(c.tls.listen);
  CHECK(c.tls.listen->address.to_string() == "127.0.0.1:3551");
  CHECK(c.tls.listen->certificate == "/etc/smsfw/server.pem");
  CHECK(c.tls.listen->private_key == "/etc/smsfw/server.key");
  CHECK(c.tls.listen->client_ca == "/etc/smsfw/esme-ca.pem");
  CHECK(c.tls.listen->min_version == smsfw::tls::MinVersion::tls1_3);
  REQUIRE(c.tls.upstream);
  CHECK(c.tls.upstream->ca == "/etc/smsfw/smsc-ca.pem");
  CHECK(c.tls.upstream->verify);
  CHECK(c.tls.upstream->server_name == "smsc.example.net");
  CHECK(c.tls.upstream->certificate == "/etc/smsfw/client.pem");
  CHECK(c.tls.upstream->min_version == smsfw::tls::MinVersion::tls1_2);

  // Defaults: port 3550 on every address, TLS 1.2 and up, the system's CAs, verification on.
  const RunConfig d = load("tls:\n  listen: {certificate: a.pem, private_key: a.key}\n  upstream: {}\n");
  CHECK(d.tls.listen->address.to_string() == "0.0.0.0:3550");
  CHECK(d.tls.listen->client_ca.empty());
  CHECK(d.tls.upstream->ca.empty());
  CHECK(d.tls.upstream->verify);
  CHECK(load("tls:\n  upstream: {verify: false}\n").tls.upstream->verify == false);
}

TEST_CASE("RunConfig::load_file: tls errors name the key") {
  CHECK(load_error("tls:\n  listen: {certificate: a.pem}\n") ==
        "FILE:2: tls.listen: certificate and private_key are both required");
  CHECK(load_error("tls:\n  listen: {certificate: a.pem, private_key: a.key, min_version: '1.1'}\n") ==
        "FILE:2: tls.listen.min_version: expected 1.2 or 1.3, got '1.1'");
  CHECK(load_error("tls:\n  listen: {certificate: a.pem, private_key: a.key, cert: b}\n") ==
        "FILE:2: tls.listen.cert: unknown key");
  CHECK(load_error("tls:\n  upstream: {certificate: c.pem}\n") ==
        "FILE:2: tls.upstream: certificate and private_key go together");
  CHECK(load_error("tls:\n  upstream: {ca: ''}\n") == "FILE:2: tls.upstream.ca: expected a file path");
  CHECK(load_error("tls:\n  upstream: {verify: maybe}\n") ==
        "FILE:2: tls.upstream.verify: expected true or false, got 'maybe'");
  CHECK(load_error("tls:\n  esme: {}\n") == "FILE:2: tls.esme: unknown key");
}

TEST_CASE("RunConfig::load_file: the example's commented-out tls section is valid once uncommented") {
  std::ifstream in(SMSFW_SOURCE_DIR "/deploy/smsfw.example.yaml");
  std::string line;
  std::string section;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line == "# tls:") inside = true;
    if (!inside) continue;
    if (line.rfind("# ", 0) != 0) break;  // the block ends at the first line that is not commented
    section += line.substr(2) + "\n";
  }
  REQUIRE_FALSE(section.empty());
  const RunConfig c = load(section);
  REQUIRE(c.tls.listen);
  CHECK(c.tls.listen->address.to_string() == "0.0.0.0:3550");
  CHECK(c.tls.listen->client_ca == "/etc/smsfw/tls/esme-ca.pem");
  REQUIRE(c.tls.upstream);
  CHECK(c.tls.upstream->server_name == "smsc.example.net");
  CHECK(c.tls.upstream->private_key == "/etc/smsfw/tls/client.key");
}
