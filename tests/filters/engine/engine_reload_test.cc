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
