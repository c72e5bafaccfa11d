#pragma once
// smpp-load's settings, parsed once from the command line and read-only afterwards.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "net/host_port.h"
#include "smpp_load/message_mix.h"

namespace smsfw::bench::load {

struct LoadConfig {
  net::HostPort target;
  unsigned binds = 1;
  bool transceiver = true;  // --bind-type trx (default) or tx
  std::string system_id = "load";
  std::string password = "pw";
  unsigned window = 10;
  std::uint64_t count = 10000;  // measured submits across all binds (when duration_s == 0)
  double duration_s = 0;        // > 0: send for this long instead of --count
  double rate = 0;              // msg/s across all binds; 0 = closed loop
  unsigned tick_us = 1000;      // open loop: the schedule's time grid (0: every message on its own)
  std::vector<std::string> texts;
  MixSettings mix;
  bool dlr = false;
  double dlr_timeout_s = 10;
  unsigned threads = 1;
  bool json = false;
  std::uint64_t warmup = 0;     // extra submits sent first, kept out of the figures
  double timeout_s = 60;
};

// Settings to run with, or an exit code (help printed: 0; usage error reported on stderr: 2).
using LoadOptionsResult = std::variant<LoadConfig, int>;
LoadOptionsResult parse_load_options(int argc, char** argv);

}  // namespace smsfw::bench::load
