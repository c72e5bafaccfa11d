// reload_and_log / log_initial_load: what an operator reads after SIGHUP or a directory change
// (the trigger named, the outcome with its numbers, every error of a refused reload).

#include <catch2/catch.hpp>

#include <memory>
#include <sstream>
#include <string>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "app/pattern_reload.h"
#include "engine/engine.h"
#include "support/pattern_dir.h"

using smsfw::app::log_initial_load;
using smsfw::app::reload_and_log;
using smsfw::filters::Engine;
using smsfw::filters::ReloadOutcome;

namespace {

std::string set_blocking(const std::string& word, const std::string& version) {
  return "set: t\nversion: " + version + "\nrules:\n  - {id: R1, pattern: '" + word +
         "', action: block, description: d}\n";
}

// Sends the default logger's output to a string for the test's lifetime.
class CapturedLog {
 public:
  CapturedLog() : previous_(spdlog::default_logger()) {
    auto logger = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_st>(out_));
    logger->set_pattern("%l %v");
    spdlog::set_default_logger(logger);
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  std::string text() const { return out_.str(); }
  bool has(const std::string& s) const { return text().find(s) != std::string::npos; }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

}  // namespace

TEST_CASE("reload_and_log: the trigger, then the new sets with hash and cost") {
  smsfw::test::PatternDir dir;
  dir.write("s.yaml", set_blocking("alpha", "v1"));
  ReloadOutcome loaded;
  Engine engine(dir.path(), loaded);
  REQUIRE(loaded.ok);
  CapturedLog log;
  log_initial_load(engine, loaded);
  CHECK(log.has("info pattern sets loaded from " + dir.path().string() + ": 1 rules [t@v1] hash "));
  CHECK(log.has(" database"));  // the cost: databases compiled / from the cache

  dir.write("s.yaml", set_blocking("beta", "v2"));
  const ReloadOutcome r = reload_and_log(engine, "SIGHUP");
  CHECK(r.ok);
  CHECK(log.has("info SIGHUP: reloading pattern sets from " + dir.path().string()));
  CHECK(log.has("info pattern sets reloaded: 1 rules [t@v2] hash " + engine.snapshot()->set->hash()));

  reload_and_log(engine, "pattern directory changed");
  CHECK(log.has("info pattern directory changed: reloading pattern sets from "));
}

TEST_CASE("reload_and_log: a refused reload logs every error and the sets still in force") {
  smsfw::test::PatternDir dir;
  dir.write("s.yaml", set_blocking("alpha", "v1"));
  ReloadOutcome loaded;
  Engine engine(dir.path(), loaded);
  REQUIRE(loaded.ok);
  dir.write("s.yaml", set_blocking("(unclosed", "v2"));
  CapturedLog log;
  const ReloadOutcome r = reload_and_log(engine, "SIGHUP");
  CHECK_FALSE(r.ok);
  CHECK(log.has("error " + (dir.path() / "s.yaml").string() + ":4: rule R1: "));
  CHECK(log.has("error reload refused (1 error): the previous pattern sets stay in force [t@v1]"));
}

TEST_CASE("reload_and_log: unchanged content is reported as such when the engine says so") {
  smsfw::test::PatternDir dir;
  dir.write("s.yaml", set_blocking("alpha", "v1"));
  ReloadOutcome loaded;
  Engine engine(dir.path(), loaded);
  REQUIRE(loaded.ok);
  CapturedLog log;
  const ReloadOutcome r = reload_and_log(engine, "pattern directory changed");
  CHECK(r.ok);
  // An engine that compares input hashes skips the reload; one that does not reloads the same sets.
  if (r.unchanged)
    CHECK(log.has("info pattern sets unchanged (hash " + engine.snapshot()->set->hash() + "): nothing to reload"));
  else
    CHECK(log.has("info pattern sets reloaded: 1 rules [t@v1]"));
}
