// classify-bench's command line: defaults, rule lists, subsets, and usage errors (exit 2).

#include <catch2/catch.hpp>

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "classify/classify_options.h"
#include "classify/rule_generator.h"

using namespace smsfw::bench::classify;
using Counts = std::vector<std::size_t>;

namespace {

ClassifyOptionsResult parse(std::initializer_list<std::string> args) {
  std::vector<std::string> storage{"classify-bench"};
  storage.insert(storage.end(), args);
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  return parse_classify_options(static_cast<int>(argv.size()), argv.data());
}

ClassifyConfig config(std::initializer_list<std::string> args) {
  const ClassifyOptionsResult r = parse(args);
  REQUIRE(std::holds_alternative<ClassifyConfig>(r));
  return std::get<ClassifyConfig>(r);
}

int exit_code(std::initializer_list<std::string> args) {
  const ClassifyOptionsResult r = parse(args);
  return std::holds_alternative<int>(r) ? std::get<int>(r) : -1;
}

}  // namespace

TEST_CASE("classify-bench defaults: 0, 1000 and 10000 rules, 2 s, 2000 Thai messages, every subset") {
  const ClassifyConfig c = config({});
  CHECK(c.rule_counts == Counts{0, 1000, 10000});
  CHECK(c.seconds == 2.0);
  CHECK(c.rounds == 1);
  CHECK(c.thai == 2000);
  CHECK(c.seed == 1);
  CHECK(c.subsets == std::vector<Subset>{Subset::all, Subset::en, Subset::th});
  CHECK(c.baselines);
  CHECK_FALSE(c.json);
  CHECK_FALSE(c.keep_rules);
  CHECK_FALSE(c.corpus_given);
  CHECK(c.corpus == kDefaultCorpus);
}

TEST_CASE("classify-bench --rules: repeatable and comma separated, sorted, 0 always added") {
  CHECK(config({"--rules", "1000", "--rules", "5,7"}).rule_counts == Counts{0, 5, 7, 1000});
  CHECK(config({"--rules", "10000,10000"}).rule_counts == Counts{0, 10000});
  CHECK(config({"--rules", "0"}).rule_counts == Counts{0});
  CHECK(config({"--rules", "10000", "--no-baselines"}).rule_counts == Counts{10000});
  CHECK_FALSE(config({"--rules", "10000", "--no-baselines"}).baselines);
}

TEST_CASE("classify-bench parse_rule_list refuses what is not a count") {
  Counts out;
  parse_rule_list("1,2,3", out);
  CHECK(out == Counts{1, 2, 3});
  for (const char* bad : {"", "abc", "1,,2", "1,", "-1", "12x", "100001"}) {
    INFO(bad);
    Counts ignored;
    CHECK_THROWS_AS(parse_rule_list(bad, ignored), std::invalid_argument);
  }
  Counts max;
  parse_rule_list(std::to_string(kMaxRules), max);
  CHECK(max == Counts{kMaxRules});
}

TEST_CASE("classify-bench values reach the config") {
  const ClassifyConfig c = config({"--corpus", "/tmp/x.txt", "--seconds", "0.5", "--rounds", "3", "--thai", "10",
                                   "--seed", "42", "--sets", "en", "--sets", "th,en", "--json", "--keep-rules"});
  CHECK(c.corpus == "/tmp/x.txt");
  CHECK(c.corpus_given);
  CHECK(c.seconds == 0.5);
  CHECK(c.rounds == 3);
  CHECK(c.thai == 10);
  CHECK(c.seed == 42);
  CHECK(c.subsets == std::vector<Subset>{Subset::en, Subset::th});
  CHECK(c.json);
  CHECK(c.keep_rules);
}

TEST_CASE("classify-bench --no-thai drops the Thai messages and the th subset") {
  const ClassifyConfig c = config({"--no-thai"});
  CHECK(c.thai == 0);
  CHECK(c.subsets == std::vector<Subset>{Subset::all, Subset::en});
  CHECK(config({"--thai", "0"}).subsets == std::vector<Subset>{Subset::all, Subset::en});
}

TEST_CASE("classify-bench usage errors exit 2, --help exits 0") {
  CHECK(exit_code({"--help"}) == 0);
  CHECK(exit_code({"--rules", "x"}) == 2);
  CHECK(exit_code({"--rules", "200000"}) == 2);
  CHECK(exit_code({"--rules", "0", "--no-baselines"}) == 2);
  CHECK(exit_code({"--seconds", "0"}) == 2);
  CHECK(exit_code({"--seconds", "-1"}) == 2);
  CHECK(exit_code({"--rounds", "0"}) == 2);
  CHECK(exit_code({"--thai", "-5"}) == 2);
  CHECK(exit_code({"--thai", "5", "--no-thai"}) == 2);
  CHECK(exit_code({"--sets", "fr"}) == 2);
  CHECK(exit_code({"--sets", "th", "--no-thai"}) == 2);
  CHECK(exit_code({"--corpus", ""}) == 2);
  CHECK(exit_code({"--unknown"}) == 2);
}
