// Publishing pattern sets: a reload swaps the snapshot for the next message, a broken directory
// keeps the old one in force.

#include "engine_fixture.h"

using smsfw::filters::Action;
using smsfw::filters::test::EngineFixture;

namespace {

std::string set_with(const char* pattern) {
  return std::string("set: s\nversion: \"1\"\nrules:\n  - {id: R1, pattern: '") + pattern +
         "', action: block, description: d}\n";
}

}  // namespace

TEST_CASE("a reload takes effect for the next message") {
  EngineFixture f;
  f.dir.write("s.yaml", set_with("alpha"));
  f.load();
  const auto g0 = f.engine->generation();
  CHECK(f.classify("alpha").action == Action::block);
  f.dir.write("s.yaml", set_with("beta"));
  const auto r = f.engine->reload();
  CHECK(r.ok);
  CHECK(f.engine->generation() != g0);
  CHECK(f.classify("alpha").action == Action::allow);
  CHECK(f.classify("beta").action == Action::block);
}

TEST_CASE("a broken reload is refused whole and the old set stays in force") {
  EngineFixture f;
  f.dir.write("s.yaml", set_with("alpha"));
  f.load();
  const auto g0 = f.engine->generation();
  f.dir.write("s.yaml", set_with("beta"));
  f.dir.write("t.yaml", "set: t\nversion: \"1\"\nrules:\n  - {id: BAD, pattern: '(unclosed', action: block, description: d}\n");
  const auto r = f.engine->reload();
  CHECK_FALSE(r.ok);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].find("t.yaml:") != std::string::npos);
  CHECK(r.errors[0].find("BAD") != std::string::npos);
  CHECK(f.engine->generation() == g0);
  CHECK(f.classify("alpha").action == Action::block);
  CHECK(f.classify("beta").action == Action::allow);
}

TEST_CASE("a directory that fails at start leaves an empty engine and reports every error") {
  smsfw::test::PatternDir dir;
  dir.write("a.yaml", "set: a\nversion: \"1\"\nrules:\n  - {id: X, pattern: '(', action: block, description: d}\n");
  dir.write("b.yaml", "set: b\nversion: \"1\"\nrules:\n  - {id: Y, pattern: '[', action: block, description: d}\n");
  smsfw::filters::ReloadOutcome outcome;
  smsfw::filters::Engine engine(dir.path(), outcome);
  CHECK_FALSE(outcome.ok);
  CHECK(outcome.errors.size() == 2);
  CHECK(engine.snapshot()->set->rules().empty());
}

TEST_CASE("the decision under an engine error follows on_error") {
  smsfw::filters::AccountPolicy open_policy;
  smsfw::filters::Verdict v;
  smsfw::filters::decide_engine_error(open_policy, v);
  CHECK(v.engine_error);
  CHECK(v.action == Action::allow);
  smsfw::filters::AccountPolicy closed;
  closed.on_error = smsfw::filters::FailMode::closed;
  closed.block_status = 0x14;
  v.reset();
  smsfw::filters::decide_engine_error(closed, v);
  CHECK(v.action == Action::block);
  CHECK(v.block_status == 0x14);
}

TEST_CASE("a reload of unchanged files publishes nothing") {
  EngineFixture f;
  f.dir.write("s.yaml", set_with("alpha"));
  f.load();
  const auto g0 = f.engine->generation();
  const auto r = f.engine->reload();
  CHECK(r.ok);
  CHECK(r.unchanged);
  CHECK(f.engine->generation() == g0);
  f.dir.write("s.yaml", set_with("alpha") + "# a comment changes the hash\n");
  const auto r2 = f.engine->reload();
  CHECK(r2.ok);
  CHECK_FALSE(r2.unchanged);
  CHECK(f.engine->generation() != g0);
}

TEST_CASE("an engine with a cache directory reads its databases back on the next start") {
  EngineFixture f;
  smsfw::test::PatternDir cache;  // any empty directory
  f.dir.write("s.yaml", set_with("alpha"));
  smsfw::filters::EngineOptions options;
  options.cache_dir = cache.path() / "sub";  // created on first store
  smsfw::filters::ReloadOutcome first;
  { smsfw::filters::Engine engine(f.dir.path(), first, options); }
  CHECK(first.ok);
  CHECK(first.databases_compiled == 1);
  CHECK(first.databases_from_cache == 0);
  CHECK(first.warnings.empty());
  smsfw::filters::ReloadOutcome second;
  f.engine = std::make_unique<smsfw::filters::Engine>(f.dir.path(), second, options);
  f.classifier = std::make_unique<smsfw::filters::Classifier>(*f.engine);
  CHECK(second.ok);
  CHECK(second.databases_compiled == 0);
  CHECK(second.databases_from_cache == 1);
  CHECK(f.classify("alpha").action == Action::block);
  CHECK(f.classify("beta").action == Action::allow);
}

TEST_CASE("a cache directory that cannot be written costs only a warning") {
  smsfw::test::PatternDir dir;
  dir.write("s.yaml", set_with("alpha"));
  dir.write("blocker", "a file where the cache directory should be");
  smsfw::filters::EngineOptions options;
  options.cache_dir = dir.path() / "blocker" / "cache";
  smsfw::filters::ReloadOutcome outcome;
  smsfw::filters::Engine engine(dir.path(), outcome, options);
  CHECK(outcome.ok);
  CHECK(outcome.databases_compiled == 1);
  REQUIRE(outcome.warnings.size() == 1);
  CHECK(outcome.warnings[0].find("pattern cache: cannot create") != std::string::npos);
}

TEST_CASE("a replaced snapshot is freed by release_retired once no classifier holds it") {
  EngineFixture f;
  f.dir.write("s.yaml", set_with("alpha"));
  f.load();
  CHECK(f.classify("alpha").action == Action::block);  // the classifier now holds snapshot 1
  std::weak_ptr<const smsfw::filters::Snapshot> first = f.engine->snapshot();
  f.dir.write("s.yaml", set_with("beta"));
  REQUIRE(f.engine->reload().ok);
  CHECK(f.engine->release_retired() == 1);  // still held by the classifier
  CHECK_FALSE(first.expired());
  CHECK(f.classify("beta").action == Action::block);  // the classifier moves on, drops snapshot 1...
  CHECK_FALSE(first.expired());                       // ...but the last reference is the engine's
  CHECK(f.engine->release_retired() == 0);
  CHECK(first.expired());
}
