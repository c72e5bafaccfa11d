// stateful-bench's command line: defaults, --quick, and usage errors (exit 2). The tool itself is
// run by the smoke test bench.stateful.quick (tests/bench/CMakeLists.txt).

#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>
#include <variant>
#include <vector>

#include "stateful/stateful_options.h"

using namespace smsfw::bench::stateful;

namespace {

StatefulOptionsResult parse(std::initializer_list<std::string> args) {
  std::vector<std::string> storage{"stateful-bench"};
  storage.insert(storage.end(), args);
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  return parse_stateful_options(static_cast<int>(argv.size()), argv.data());
}

StatefulConfig config(std::initializer_list<std::string> args) {
  const StatefulOptionsResult r = parse(args);
  REQUIRE(std::holds_alternative<StatefulConfig>(r));
  return std::get<StatefulConfig>(r);
}

int exit_code(std::initializer_list<std::string> args) {
  const StatefulOptionsResult r = parse(args);
  return std::holds_alternative<int>(r) ? std::get<int>(r) : -1;
}

}  // namespace

TEST_CASE("stateful-bench defaults: 1 s x 5 rounds, fill levels 1k/100k/1M, the default corpus") {
  const StatefulConfig c = config({});
  CHECK(c.seconds == 1.0);
  CHECK(c.rounds == 5);
  CHECK(c.fill_levels == std::vector<std::size_t>{1000, 100000, 1000000});
  CHECK_FALSE(c.corpus_given);
  CHECK_FALSE(c.quick);
  CHECK(c.patterns.filename() == "patterns");
}

TEST_CASE("stateful-bench --quick shrinks budgets and fill levels; explicit values win") {
  const StatefulConfig q = config({"--quick"});
  CHECK(q.quick);
  CHECK(q.seconds == 0.05);
  CHECK(q.rounds == 2);
  CHECK(q.fill_levels == std::vector<std::size_t>{1000, 10000});
  const StatefulConfig q2 = config({"--quick", "--seconds", "0.2", "--rounds", "3"});
  CHECK(q2.seconds == 0.2);
  CHECK(q2.rounds == 3);
}

TEST_CASE("stateful-bench --corpus and --patterns are taken as given") {
  const StatefulConfig c = config({"--corpus", "/x/y", "--patterns", "/p"});
  CHECK(c.corpus_given);
  CHECK(c.corpus == "/x/y");
  CHECK(c.patterns == "/p");
}

TEST_CASE("stateful-bench usage errors exit 2, --help 0") {
  CHECK(exit_code({"--seconds", "0"}) == 2);
  CHECK(exit_code({"--rounds", "0"}) == 2);
  CHECK(exit_code({"--bogus"}) == 2);
  CHECK(exit_code({"--seconds", "abc"}) == 2);
  CHECK(exit_code({"--help"}) == 0);
}
