#pragma once
// smsc-sim's settings, parsed once from the command line and shared read-only by every thread.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "net/host_port.h"

namespace smsfw::bench::sim {

// When a delivery receipt is generated for an accepted submit_sm.
enum class DlrMode {
  off,        // never (default)
  requested,  // `--dlr`: when registered_delivery & 0x01 (SMSC delivery receipt requested)
  always,     // `--dlr=always`: for every accepted submit_sm
};

struct SimConfig {
  net::HostPort listen{"127.0.0.1", 2776};
  unsigned threads = 1;
  std::optional<std::string> password;  // unset: any credentials bind
  std::string system_id = "smsc-sim";
  DlrMode dlr = DlrMode::off;
  std::chrono::milliseconds dlr_delay{0};
  std::chrono::milliseconds delay{0};
  // Every error_every-th message submission (per thread) is answered with error_status; 0 = never.
  std::uint64_t error_every = 0;
  std::uint32_t error_status = 0x08;
  std::uint64_t drop_after = 0;  // close a connection after answering this many submit_sm; 0 = never
  unsigned stats_interval_s = 0;
};

// What parse_sim_options found: settings to run with, or an exit code (help printed: 0;
// usage error already reported on stderr: 2).
using SimOptionsResult = std::variant<SimConfig, int>;
SimOptionsResult parse_sim_options(int argc, char** argv);

}  // namespace smsfw::bench::sim
