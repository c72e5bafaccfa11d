// smpp-load's command line: defaults, values reaching the config, and usage errors (exit 2).

#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>
#include <variant>
#include <vector>

#include "smpp_load/load_config.h"

using namespace smsfw::bench::load;

namespace {

LoadOptionsResult parse(std::initializer_list<std::string> args) {
  std::vector<std::string> storage{"smpp-load"};
  storage.insert(storage.end(), args);
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  return parse_load_options(static_cast<int>(argv.size()), argv.data());
}

int exit_code(std::initializer_list<std::string> args) {
  const LoadOptionsResult r = parse(args);
  return std::holds_alternative<int>(r) ? std::get<int>(r) : -1;
}

}  // namespace

TEST_CASE("Defaults: one transceiver bind, window 10, 10000 submits, closed loop, built-in texts") {
  const LoadOptionsResult r = parse({"--target", "127.0.0.1:2775"});
  REQUIRE(std::holds_alternative<LoadConfig>(r));
  const LoadConfig& c = std::get<LoadConfig>(r);
  CHECK(c.target.host == "127.0.0.1");
  CHECK(c.target.port == 2775);
  CHECK(c.binds == 1);
  CHECK(c.transceiver);
  CHECK(c.window == 10);
  CHECK(c.count == 10000);
  CHECK(c.rate == 0);
  CHECK(c.tick_us == 1000);
  CHECK_FALSE(c.dlr);
  CHECK_FALSE(c.mix.request_receipt);
  CHECK(c.texts == MessageMix::default_texts());
}

TEST_CASE("Option --dlr requests receipts in every submit, threads never exceed binds") {
  const LoadOptionsResult r = parse({"--target", "127.0.0.1:1", "--dlr", "--binds", "2", "--threads", "4",
                                     "--encoding", "ucs2", "--json"});
  REQUIRE(std::holds_alternative<LoadConfig>(r));
  const LoadConfig& c = std::get<LoadConfig>(r);
  CHECK(c.dlr);
  CHECK(c.mix.request_receipt);
  CHECK(c.threads == 2);
  CHECK(c.mix.encoding == Encoding::ucs2);
  CHECK(c.json);
}

TEST_CASE("Usage errors exit with status 2") {
  CHECK(exit_code({}) == 2);                                                          // no --target
  CHECK(exit_code({"--target", "127.0.0.1:1", "--bind-type", "tx", "--dlr"}) == 2);   // tx cannot receive
  CHECK(exit_code({"--target", "127.0.0.1:1", "--count", "5", "--duration", "1"}) == 2);
  CHECK(exit_code({"--target", "127.0.0.1:1", "--window", "0"}) == 2);
  CHECK(exit_code({"--target", "127.0.0.1:1", "--encoding", "latin1"}) == 2);
  CHECK(exit_code({"--target", "127.0.0.1:1", "--system-id", "a-very-long-system-id"}) == 2);
  CHECK(exit_code({"--target", "127.0.0.1:1", "--messages", "/nonexistent/smsfw-bench-texts"}) == 2);
  CHECK(exit_code({"--target", "127.0.0.1:1", "--no-such-option"}) == 2);
  CHECK(exit_code({"--help"}) == 0);
}
