// parse_run_options: the command line of `smsfw run` (exit codes: 0 help/version, 1 user error,
// 2 usage error; flags override the config file).

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "app/run_options.h"
#include "app/version.h"
#include "temp_file.h"

using smsfw::app::parse_run_options;
using smsfw::app::RunOptions;
using smsfw::app::test::TempDir;
using smsfw::app::test::TempFile;
using namespace std::chrono_literals;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

RunOptions expect_exit(const std::vector<std::string>& args, int code) {
  RunOptions r = parse_run_options(args);
  INFO("message: " << r.message);
  REQUIRE(r.outcome == RunOptions::Outcome::print_and_exit);
  CHECK(r.exit_code == code);
  CHECK_FALSE(r.message.empty());
  return r;
}

RunOptions expect_run(const std::vector<std::string>& args) {
  RunOptions r = parse_run_options(args);
  INFO("message: " << r.message);
  REQUIRE(r.outcome == RunOptions::Outcome::run);
  return r;
}

}  // namespace

TEST_CASE("run options: --help and -h print the usage and exit 0") {
  for (const char* flag : {"--help", "-h"}) {
    const RunOptions r = expect_exit({flag}, 0);
    CHECK(contains(r.message, "Usage: smsfw run"));
    CHECK(contains(r.message, "--upstream"));
    CHECK(contains(r.message, "--listen"));
  }
  // Help wins even when the rest would be an error (no upstream).
  expect_exit({"--help", "--listen", "bad"}, 0);
}

TEST_CASE("run options: --version prints the version and exits 0") {
  const RunOptions r = expect_exit({"--version"}, 0);
  CHECK(r.message == std::string("smsfw ") + smsfw::app::kVersion);
}

TEST_CASE("run options: usage errors exit 2") {
  CHECK(contains(expect_exit({"--frobnicate"}, 2).message, "frobnicate"));
  expect_exit({"--upstream"}, 2);                              // missing value
  expect_exit({"--threads", "many", "-u", "127.0.0.1:1"}, 2);  // not a number
  expect_exit({"--listen", "a:1", "--listen", "b:2", "-u", "127.0.0.1:1"}, 2);  // given twice
  expect_exit({"stray-positional"}, 2);
  // A second upstream without its flag would otherwise be dropped silently.
  CHECK(contains(expect_exit({"-u", "127.0.0.1:1", "127.0.0.1:2"}, 2).message, "positional"));
  CHECK(contains(expect_exit({"--frobnicate"}, 2).message, "smsfw run"));
}

TEST_CASE("run options: a bad --listen exits 1 naming --listen") {
  for (const char* value : {"nowhere", "127.0.0.1:99999", "[::1]2775", ":2775"}) {
    CAPTURE(value);
    const RunOptions r = expect_exit({"--listen", value, "--upstream", "127.0.0.1:2776"}, 1);
    CHECK(contains(r.message, "--listen"));
  }
  // Port 0 is a valid listen address: the kernel picks one.
  CHECK(expect_run({"--listen", "127.0.0.1:0", "-u", "127.0.0.1:2776"}).config.listen.port == 0);
}

TEST_CASE("run options: a bad --upstream or --admin exits 1 naming the flag") {
  CHECK(contains(expect_exit({"--upstream", "127.0.0.1"}, 1).message, "--upstream"));
  CHECK(contains(expect_exit({"--upstream", "127.0.0.1:0"}, 1).message, "--upstream"));  // not a listen address
  CHECK(contains(expect_exit({"-u", "127.0.0.1:1", "--admin", "x"}, 1).message, "--admin"));
  CHECK(contains(expect_exit({"-u", "127.0.0.1:1", "--threads", "300"}, 1).message, "--threads"));
  CHECK(contains(expect_exit({"-u", "127.0.0.1:1", "--log-level", "chatty"}, 1).message, "chatty"));
  CHECK(contains(expect_exit({"-u", "127.0.0.1:1", "--patterns", "/nonexistent-dir/p"}, 1).message,
                 "/nonexistent-dir/p"));
}

TEST_CASE("run options: no upstream anywhere exits 1") {
  const RunOptions r = expect_exit({"--listen", "127.0.0.1:0"}, 1);
  CHECK(contains(r.message, "upstream"));
  expect_exit({}, 1);
}

TEST_CASE("run options: repeated --upstream keeps the order given") {
  const RunOptions r = expect_run({"--upstream", "127.0.0.1:3001", "-u", "[::1]:3002", "--upstream",
                                   "smsc.example.net:3003"});
  REQUIRE(r.config.upstreams.size() == 3);
  CHECK(r.config.upstreams[0].to_string() == "127.0.0.1:3001");
  CHECK(r.config.upstreams[1].to_string() == "[::1]:3002");
  CHECK(r.config.upstreams[2].to_string() == "smsc.example.net:3003");
}

TEST_CASE("run options: every flag") {
  TempDir patterns;
  const RunOptions r = expect_run({"-l", "127.0.0.1:4000", "-u", "127.0.0.1:4001", "-p", patterns.path(),
                                   "--admin", "127.0.0.1:0", "-t", "2", "--log-level", "warn"});
  CHECK(r.config.listen.to_string() == "127.0.0.1:4000");
  REQUIRE(r.config.upstreams.size() == 1);
  CHECK(r.config.patterns_dir == patterns.path());
  REQUIRE(r.config.admin.has_value());
  CHECK(r.config.admin->port == 0);
  CHECK(r.config.threads == 2);
  CHECK(r.config.log_level == "warn");
  CHECK(r.exit_code == 0);
}

TEST_CASE("run options: --pattern-cache and --watch-patterns") {
  SECTION("defaults: the cache from the environment, no watching") {
    const RunOptions r = expect_run({"-u", "127.0.0.1:1"});
    CHECK_FALSE(r.config.pattern_cache.has_value());
    CHECK_FALSE(r.config.watch_patterns);
  }
  SECTION("given") {
    const RunOptions r = expect_run({"-u", "127.0.0.1:1", "--pattern-cache", "/tmp/c", "--watch-patterns"});
    CHECK(r.config.pattern_cache == "/tmp/c");
    CHECK(r.config.watch_patterns);
    CHECK(expect_run({"-u", "127.0.0.1:1", "--pattern-cache", "none"}).config.pattern_cache == "none");
    CHECK(expect_run({"-u", "127.0.0.1:1", "--watch-patterns=true"}).config.watch_patterns);
  }
  SECTION("flags override the file, in both directions") {
    TempFile f("upstreams: [127.0.0.1:1]\npattern_cache: /from/file\nwatch_patterns: true\n");
    const RunOptions file = expect_run({"-c", f.path()});
    CHECK(file.config.pattern_cache == "/from/file");
    CHECK(file.config.watch_patterns);
    const RunOptions r = expect_run({"-c", f.path(), "--pattern-cache", "none", "--watch-patterns=false"});
    CHECK(r.config.pattern_cache == "none");
    CHECK_FALSE(r.config.watch_patterns);
  }
  SECTION("errors") {
    CHECK(contains(expect_exit({"-u", "127.0.0.1:1", "--pattern-cache", ""}, 1).message, "--pattern-cache"));
    expect_exit({"-u", "127.0.0.1:1", "--pattern-cache"}, 2);  // missing value
    CHECK(contains(expect_exit({"-u", "127.0.0.1:1", "--watch-patterns=perhaps"}, 2).message, "watch-patterns"));
  }
  SECTION("both in --help") {
    const RunOptions r = expect_exit({"--help"}, 0);
    CHECK(contains(r.message, "--pattern-cache"));
    CHECK(contains(r.message, "--watch-patterns"));
  }
}

TEST_CASE("run options: the config file is read and flags override it") {
  TempFile f(R"(
listen: 127.0.0.1:5000
upstreams:
  - 127.0.0.1:5001
  - 127.0.0.1:5002
threads: 4
log_level: debug
limits:
  max_inflight: 42
timeouts:
  bind: 2s
  drain: 3s
responses:
  bind_failed: 0x0D
)");
  SECTION("file alone") {
    const RunOptions r = expect_run({"--config", f.path()});
    CHECK(r.config.listen.to_string() == "127.0.0.1:5000");
    REQUIRE(r.config.upstreams.size() == 2);
    CHECK(r.config.upstreams[0].port == 5001);
    CHECK(r.config.upstreams[1].port == 5002);
    CHECK(r.config.threads == 4);
    CHECK(r.config.log_level == "debug");
    CHECK(r.config.proxy.max_inflight == 42);
    CHECK(r.config.proxy.bind_timeout == 2s);
    CHECK(r.config.drain_timeout == 3s);
  }
  SECTION("flags win, whatever their position relative to --config") {
    const RunOptions r = expect_run({"-l", "127.0.0.1:6000", "-c", f.path(), "-u", "127.0.0.1:6001", "-t", "1",
                                     "--log-level", "error"});
    CHECK(r.config.listen.to_string() == "127.0.0.1:6000");
    REQUIRE(r.config.upstreams.size() == 1);  // flags replace the file's list, not extend it
    CHECK(r.config.upstreams[0].port == 6001);
    CHECK(r.config.threads == 1);
    CHECK(r.config.log_level == "error");
    CHECK(r.config.proxy.max_inflight == 42);  // not overridden: the file's value
    CHECK(r.config.proxy.bind_timeout == 2s);
  }
}

TEST_CASE("run options: config file errors exit 1 with the file's message") {
  SECTION("missing file") {
    const RunOptions r = expect_exit({"--config", "/nonexistent-dir/smsfw.yaml"}, 1);
    CHECK(contains(r.message, "/nonexistent-dir/smsfw.yaml"));
  }
  SECTION("unknown key") {
    TempFile f("upstreams: [127.0.0.1:1]\nthreds: 2\n");
    const RunOptions r = expect_exit({"--config", f.path()}, 1);
    CHECK(contains(r.message, f.path() + ":2: threds: unknown key"));
  }
  SECTION("validation after the merge: a file without upstreams is fine when the flag gives one") {
    TempFile f("threads: 2\n");
    expect_exit({"--config", f.path()}, 1);
    CHECK(expect_run({"--config", f.path(), "-u", "127.0.0.1:1"}).config.threads == 2);
  }
}

TEST_CASE("run options: --redis sets shared_state.redis, overriding the config file") {
  CHECK_FALSE(expect_run({"-u", "127.0.0.1:1"}).config.shared_state.redis.has_value());
  TempFile f("shared_state:\n  redis: 10.0.0.1:6379\n  instance_id: gw1\n");
  const RunOptions r = expect_run({"-c", f.path(), "-u", "127.0.0.1:1", "--redis", "127.0.0.1:6380"});
  REQUIRE(r.config.shared_state.redis.has_value());
  CHECK(r.config.shared_state.redis->to_string() == "127.0.0.1:6380");
  CHECK(r.config.shared_state.instance_id == "gw1");
  CHECK(contains(expect_exit({"-u", "127.0.0.1:1", "--redis", "nohost"}, 1).message, "--redis"));
  CHECK(contains(expect_exit({"-u", "127.0.0.1:1", "--redis", "127.0.0.1:0"}, 1).message, "--redis"));
}
