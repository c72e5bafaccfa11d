// engine-bench's options: defaults, --quick and what overrides it, usage errors.

#include <catch2/catch.hpp>

#include <variant>

#include "engine/engine_options.h"

using namespace smsfw::bench::engine;

namespace {

EngineOptionsResult parse(std::vector<std::string> args) {
  args.insert(args.begin(), "engine-bench");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return parse_engine_options(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST_CASE("engine-bench defaults") {
  const auto r = parse({});
  REQUIRE(std::holds_alternative<EngineBenchConfig>(r));
  const auto& c = std::get<EngineBenchConfig>(r);
  CHECK(c.rule_counts == std::vector<std::size_t>{1000, 10000, 100000});
  CHECK(c.rounds == 3);
  CHECK(c.seconds == 1.0);
  CHECK_FALSE(c.quick);
  CHECK_FALSE(c.corpus_given);
}

TEST_CASE("engine-bench --quick, and explicit options over it") {
  const auto q = std::get<EngineBenchConfig>(parse({"--quick"}));
  CHECK(q.rule_counts == std::vector<std::size_t>{1000});
  CHECK(q.rounds == 1);
  CHECK(q.seconds < 0.1);
  const auto o = std::get<EngineBenchConfig>(parse({"--quick", "--rules", "1000,10000", "--seconds", "0.2", "--rounds", "2",
                                                    "--seed", "5", "--corpus", "/x", "--json"}));
  CHECK(o.rule_counts == std::vector<std::size_t>{1000, 10000});
  CHECK(o.seconds == 0.2);
  CHECK(o.rounds == 2);
  CHECK(o.seed == 5);
  CHECK(o.corpus_given);
  CHECK(o.json);
}

TEST_CASE("engine-bench usage errors exit 2") {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--rules", "0"}, {"--rules", "100001"}, {"--seconds", "0"}, {"--rounds", "0"}, {"--near", "0"},
           {"--re2-max-mem", "1"}, {"--bogus"}, {"--corpus", ""}}) {
    const auto r = parse(args);
    REQUIRE(std::holds_alternative<int>(r));
    CHECK(std::get<int>(r) == 2);
  }
  CHECK(std::get<int>(parse({"--help"})) == 0);
}
