// smsc-sim's command line (defaults, --dlr forms, --error-rate as every round(1/P)-th, hex
// --error-status, usage errors exit 2) and its counters line (every field, summed over threads).

#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>
#include <variant>
#include <vector>

#include "smsc_sim/sim_config.h"
#include "smsc_sim/sim_counters.h"

using namespace smsfw::bench::sim;

namespace {

SimOptionsResult parse(std::initializer_list<std::string> args) {
  std::vector<std::string> storage{"smsc-sim"};
  storage.insert(storage.end(), args);
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  return parse_sim_options(static_cast<int>(argv.size()), argv.data());
}

SimConfig config(std::initializer_list<std::string> args) {
  const SimOptionsResult r = parse(args);
  REQUIRE(std::holds_alternative<SimConfig>(r));
  return std::get<SimConfig>(r);
}

int exit_code(std::initializer_list<std::string> args) {
  const SimOptionsResult r = parse(args);
  return std::holds_alternative<int>(r) ? std::get<int>(r) : -1;
}

}  // namespace

TEST_CASE("Defaults: 127.0.0.1:2776, one thread, no receipts, no delay, no errors") {
  const SimConfig c = config({});
  CHECK(c.listen.host == "127.0.0.1");
  CHECK(c.listen.port == 2776);
  CHECK(c.threads == 1);
  CHECK(c.system_id == "smsc-sim");
  CHECK_FALSE(c.password);
  CHECK(c.dlr == DlrMode::off);
  CHECK(c.delay.count() == 0);
  CHECK(c.error_every == 0);
  CHECK(c.error_status == 0x08);
  CHECK(c.drop_after == 0);
}

TEST_CASE("Option --dlr alone means when requested, =always and =off are accepted") {
  CHECK(config({"--dlr"}).dlr == DlrMode::requested);
  CHECK(config({"--dlr=always"}).dlr == DlrMode::always);
  CHECK(config({"--dlr=off"}).dlr == DlrMode::off);
  CHECK(exit_code({"--dlr=sometimes"}) == 2);
}

TEST_CASE("Option --error-rate P fails every round(1/P)-th submission with --error-status") {
  const SimConfig c = config({"--error-rate", "0.01", "--error-status", "0x58"});
  CHECK(c.error_every == 100);
  CHECK(c.error_status == 0x58);
  CHECK(config({"--error-rate", "0.03"}).error_every == 33);
  CHECK(config({"--error-rate", "1"}).error_every == 1);
  CHECK(config({"--error-status", "88"}).error_status == 88);
  CHECK(exit_code({"--error-rate", "1.5"}) == 2);
  CHECK(exit_code({"--error-rate=-0.1"}) == 2);
  CHECK(exit_code({"--error-status", "0x5G"}) == 2);
  CHECK(exit_code({"--error-status", "0x100000000"}) == 2);
}

TEST_CASE("Other settings reach the config, bad values exit 2") {
  const SimConfig c = config({"--listen", "127.0.0.1:0", "--threads", "2", "--delay-ms", "20", "--dlr-delay-ms", "5",
                              "--drop-after", "100", "--password", "pw", "--system-id", "SMSC"});
  CHECK(c.listen.port == 0);
  CHECK(c.threads == 2);
  CHECK(c.delay.count() == 20);
  CHECK(c.dlr_delay.count() == 5);
  CHECK(c.drop_after == 100);
  CHECK(c.password == "pw");
  CHECK(c.system_id == "SMSC");
  CHECK(exit_code({"--threads", "0"}) == 2);
  CHECK(exit_code({"--delay-ms=-1"}) == 2);
  CHECK(exit_code({"--drop-after=-1"}) == 2);
  CHECK(exit_code({"--listen", "nonsense"}) == 2);
  CHECK(exit_code({"--bogus"}) == 2);
}

TEST_CASE("The counters line names every counter in order and sums the threads") {
  SimCounters t1, t2;
  t1.submit_sm.add(3);
  t2.submit_sm.add(4);
  t2.receipts_sent.add(2);
  t1.generic_nacks_sent.add();
  CHECK(counters_json({&t1, &t2}) ==
        "{\"binds\":0,\"submit_sm\":7,\"data_sm\":0,\"submit_multi\":0,\"responses_sent\":0,"
        "\"errors_injected\":0,\"receipts_sent\":2,\"receipt_acks\":0,\"enquire_link\":0,\"unbind\":0,"
        "\"connections\":0,\"receipts_unroutable\":0,\"other_responses\":0,\"generic_nacks_sent\":1}");
  CHECK(counters_json({}).find("\"binds\":0") != std::string::npos);
}
