#include "app/run_options.h"

#include <sstream>

#include <boost/program_options.hpp>

#include "app/version.h"

namespace smsfw::app {

namespace po = boost::program_options;

namespace {

RunOptions exit_with(int code, std::string message) {
  RunOptions r;
  r.outcome = RunOptions::Outcome::print_and_exit;
  r.exit_code = code;
  r.message = std::move(message);
  return r;
}

net::HostPort host_port_flag(const std::string& flag, const std::string& value, bool allow_zero) {
  std::string error;
  auto hp = net::HostPort::parse(value, error, allow_zero);
  if (!hp) throw ConfigError(flag + ": " + error);
  return *hp;
}

}  // namespace

RunOptions parse_run_options(const std::vector<std::string>& args) {
  po::options_description desc(
      "Usage: smsfw run [--config FILE] [--listen HOST:PORT] [--upstream HOST:PORT]...\n"
      "                 [--patterns DIR] [--pattern-cache DIR|none] [--watch-patterns]\n"
      "                 [--admin HOST:PORT] [--threads N] [--log-level LEVEL] [--redis HOST:PORT]\n\n"
      "Runs the SMPP firewall proxy: ESMEs bind to --listen, each connection is relayed to the\n"
      "first reachable --upstream SMSC. Flags override the config file.\n\nOptions");
  desc.add_options()
      ("help,h", "print this help and exit")
      ("version", "print the version and exit")
      ("config,c", po::value<std::string>()->value_name("FILE"), "YAML config file (keys: deploy/smsfw.example.yaml)")
      ("listen,l", po::value<std::string>()->value_name("HOST:PORT"), "where ESMEs connect (default 0.0.0.0:2775; port 0 picks a free port)")
      ("upstream,u", po::value<std::vector<std::string>>()->value_name("HOST:PORT")->composing(), "SMSC to relay to; repeat for failover order")
      ("patterns,p", po::value<std::string>()->value_name("DIR"), "pattern-set directory")
      ("pattern-cache", po::value<std::string>()->value_name("DIR|none"), "compiled-database cache (default: $CACHE_DIRECTORY, else $XDG_CACHE_HOME/smsfw, else ~/.cache/smsfw)")
      // implicit_value: the bare flag turns watching on, --watch-patterns=false turns off what
      // a config file turned on.
      ("watch-patterns", po::value<bool>()->value_name("BOOL")->implicit_value(true), "reload when the pattern directory changes (inotify), as SIGHUP does")
      ("admin", po::value<std::string>()->value_name("HOST:PORT"), "admin HTTP address")
      ("threads,t", po::value<unsigned>()->value_name("N"), "worker threads (default: number of cores)")
      ("log-level", po::value<std::string>()->value_name("LEVEL"), "trace, debug, info, warn, error, critical, off")
      ("redis", po::value<std::string>()->value_name("HOST:PORT"), "share throttles and campaign counts with other instances through this Redis (shared_state.redis)");

  po::variables_map vm;
  try {
    // No positional arguments: a stray word (say a second upstream without --upstream) is a
    // usage error, not silently ignored.
    const po::positional_options_description no_positionals;
    po::store(po::command_line_parser(args).options(desc).positional(no_positionals).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return exit_with(2, std::string("smsfw run: ") + e.what() + " (see smsfw run --help)");
  }
  if (vm.count("help")) {
    std::ostringstream out;
    out << desc;
    return exit_with(0, out.str());
  }
  if (vm.count("version")) return exit_with(0, std::string("smsfw ") + kVersion);

  RunOptions r;
  try {
    if (vm.count("config")) r.config.load_file(vm["config"].as<std::string>());
    if (vm.count("listen")) r.config.listen = host_port_flag("--listen", vm["listen"].as<std::string>(), true);
    if (vm.count("upstream")) {
      r.config.upstreams.clear();
      for (const auto& u : vm["upstream"].as<std::vector<std::string>>())
        r.config.upstreams.push_back(host_port_flag("--upstream", u, false));
    }
    if (vm.count("patterns")) r.config.patterns_dir = vm["patterns"].as<std::string>();
    if (vm.count("pattern-cache")) {
      r.config.pattern_cache = vm["pattern-cache"].as<std::string>();
      if (r.config.pattern_cache->empty()) throw ConfigError("--pattern-cache: expected a directory or none");
    }
    if (vm.count("watch-patterns")) r.config.watch_patterns = vm["watch-patterns"].as<bool>();
    if (vm.count("admin")) r.config.admin = host_port_flag("--admin", vm["admin"].as<std::string>(), true);
    if (vm.count("threads")) {
      r.config.threads = vm["threads"].as<unsigned>();
      if (r.config.threads > 256) throw ConfigError("--threads: must be between 0 and 256");
    }
    if (vm.count("log-level")) r.config.log_level = vm["log-level"].as<std::string>();
    if (vm.count("redis"))
      r.config.shared_state.redis = host_port_flag("--redis", vm["redis"].as<std::string>(), false);
    r.config.validate();
  } catch (const ConfigError& e) {
    return exit_with(1, std::string("smsfw run: ") + e.what());
  }
  return r;
}

}  // namespace smsfw::app
