#include <cmath>
#include <iostream>

#include <boost/program_options.hpp>

#include "smsc_sim/sim_config.h"

namespace smsfw::bench::sim {

namespace po = boost::program_options;

namespace {

// A usage error: one line on stderr, exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::uint32_t parse_status(const std::string& text) {
  std::size_t used = 0;
  unsigned long v = 0;
  try {
    v = std::stoul(text, &used, 0);  // 0x08, 8 or 010 (octal), like strtoul
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || v > 0xFFFFFFFFul) throw UsageError("--error-status: not a number: " + text);
  return static_cast<std::uint32_t>(v);
}

}  // namespace

SimOptionsResult parse_sim_options(int argc, char** argv) {
  std::string listen, dlr, error_status;
  double error_rate = 0;
  long long delay_ms = 0, dlr_delay_ms = 0, drop_after = 0, threads = 1, stats_interval = 0;
  po::options_description desc(
      "smsc-sim: an SMPP 3.4 SMSC simulator for load and fault tests\n\nOptions");
  desc.add_options()
      ("help,h", "print this help")
      ("listen", po::value(&listen)->default_value("127.0.0.1:2776"), "HOST:PORT to listen on (port 0: any free port)")
      ("threads", po::value(&threads)->default_value(1), "I/O threads; connections are spread round robin")
      ("system-id", po::value<std::string>()->default_value("smsc-sim"), "system_id in bind responses")
      ("password", po::value<std::string>(), "require this bind password (wrong: status 0x0E); default: any")
      ("dlr", po::value(&dlr)->implicit_value("requested")->default_value("off"),
       "delivery receipts: --dlr (when registered_delivery & 1), --dlr=always, --dlr=off")
      ("dlr-delay-ms", po::value(&dlr_delay_ms)->default_value(0), "send receipts this long after the submit_sm_resp")
      ("delay-ms", po::value(&delay_ms)->default_value(0), "delay every response by this long")
      ("error-rate", po::value(&error_rate)->default_value(0), "answer this fraction (0..1) of submissions with --error-status: every round(1/P)-th per thread")
      ("error-status", po::value(&error_status)->default_value("0x08"), "command_status for injected errors")
      ("drop-after", po::value(&drop_after)->default_value(0), "close each connection abruptly after answering N submit_sm (0: never)")
      ("stats-interval", po::value(&stats_interval)->default_value(0), "print the counters line every S seconds (0: only at exit)");

  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    if (vm.count("help")) {
      std::cout << desc << "\nOn SIGINT/SIGTERM it prints one JSON line of counters and exits 0.\n";
      return 0;
    }
    po::notify(vm);

    SimConfig c;
    std::string error;
    auto hp = net::HostPort::parse(listen, error, true);
    if (!hp) throw UsageError("--listen: " + error);
    c.listen = *hp;
    if (threads < 1 || threads > 256) throw UsageError("--threads: must be 1..256");
    c.threads = static_cast<unsigned>(threads);
    c.system_id = vm["system-id"].as<std::string>();
    if (vm.count("password")) c.password = vm["password"].as<std::string>();
    if (dlr == "off") c.dlr = DlrMode::off;
    else if (dlr == "requested") c.dlr = DlrMode::requested;
    else if (dlr == "always") c.dlr = DlrMode::always;
    else throw UsageError("--dlr: expected requested, always or off, got '" + dlr + "'");
    if (delay_ms < 0 || dlr_delay_ms < 0) throw UsageError("--delay-ms/--dlr-delay-ms: must be >= 0");
    c.delay = std::chrono::milliseconds(delay_ms);
    c.dlr_delay = std::chrono::milliseconds(dlr_delay_ms);
    if (!(error_rate >= 0 && error_rate <= 1)) throw UsageError("--error-rate: must be within 0..1");
    c.error_every = error_rate > 0 ? static_cast<std::uint64_t>(std::llround(1.0 / error_rate)) : 0;
    c.error_status = parse_status(error_status);
    if (drop_after < 0) throw UsageError("--drop-after: must be >= 0");
    c.drop_after = static_cast<std::uint64_t>(drop_after);
    if (stats_interval < 0) throw UsageError("--stats-interval: must be >= 0");
    c.stats_interval_s = static_cast<unsigned>(stats_interval);
    return c;
  } catch (const std::exception& e) {  // po::error and UsageError alike
    std::cerr << "smsc-sim: " << e.what() << " (see --help)\n";
    return 2;
  }
}

}  // namespace smsfw::bench::sim
