// smsc-sim: an SMPP 3.4 SMSC simulator for loading and fault-testing the firewall.
// See bench/README.md for the command line and behaviour.

#include <iostream>
#include <variant>

#include <boost/system/system_error.hpp>

#include "smsc_sim/sim_config.h"
#include "smsc_sim/smsc_server.h"

int main(int argc, char** argv) {
  using namespace smsfw::bench::sim;
  const SimOptionsResult parsed = parse_sim_options(argc, argv);
  if (const int* code = std::get_if<int>(&parsed)) return *code;
  const SimConfig& config = std::get<SimConfig>(parsed);
  try {
    SmscServer server(config);
    server.listen();
    return server.run();
  } catch (const boost::system::system_error& e) {
    std::cerr << "smsc-sim: cannot listen on " << config.listen.host << ':' << config.listen.port << ": "
              << e.code().message() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "smsc-sim: " << e.what() << '\n';
    return 1;
  }
}
