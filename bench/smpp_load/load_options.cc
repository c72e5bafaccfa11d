#include <iostream>

#include <boost/program_options.hpp>

#include "smpp/smpp_constants.h"
#include "smpp_load/load_config.h"

namespace smsfw::bench::load {

namespace po = boost::program_options;

namespace {

// A usage error: one line on stderr, exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace

LoadOptionsResult parse_load_options(int argc, char** argv) {
  LoadConfig c;
  std::string target, bind_type, messages, encoding;
  long long binds = 1, window = 10, count = 10000, threads = 1, warmup = 0;
  po::options_description desc("smpp-load: a windowed SMPP 3.4 ESME load generator\n\nOptions");
  desc.add_options()
      ("help,h", "print this help")
      ("target", po::value(&target), "HOST:PORT of the SMSC or proxy (required)")
      ("binds", po::value(&binds)->default_value(1), "binds, each its own TCP connection")
      ("bind-type", po::value(&bind_type)->default_value("trx"), "trx (transceiver) or tx (transmitter)")
      ("system-id", po::value(&c.system_id)->default_value("load"), "bind system_id")
      ("password", po::value(&c.password)->default_value("pw"), "bind password")
      ("window", po::value(&window)->default_value(10), "max outstanding submit_sm per bind")
      ("count", po::value(&count)->default_value(10000), "submit_sm to send across all binds")
      ("duration", po::value(&c.duration_s), "send for this many seconds instead of --count")
      ("rate", po::value(&c.rate)->default_value(0), "msg/s across all binds, open loop (latency from the intended send time); 0: closed loop")
      ("tick-us", po::value(&c.tick_us)->default_value(1000), "open loop: messages due within one tick are sent together, timed from the tick (0: exact per-message schedule)")
      ("messages", po::value(&messages), "UTF-8 file, one text per line, used round robin (default: built-in English lines)")
      ("encoding", po::value(&encoding)->default_value("auto"), "auto (GSM 03.38 if possible, else UCS-2), gsm or ucs2")
      ("source", po::value(&c.mix.source)->default_value("LoadTest"), "source address (digits: TON 1, else alphanumeric TON 5)")
      ("destination", po::value(&c.mix.destination)->default_value("6681"), "destination prefix, completed to 11 digits by a per-message counter")
      ("dlr", po::bool_switch(&c.dlr), "request receipts (registered_delivery 1) and wait for one per accepted submit")
      ("dlr-timeout", po::value(&c.dlr_timeout_s)->default_value(10), "seconds to wait for receipts after the last response")
      ("threads", po::value(&threads)->default_value(1), "I/O threads; binds are spread round robin")
      ("json", po::bool_switch(&c.json), "print the report as one JSON object")
      ("warmup", po::value(&warmup)->default_value(0), "submits sent first and left out of the figures")
      ("timeout", po::value(&c.timeout_s)->default_value(60), "give up after this many seconds (report, exit 1)");

  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    if (vm.count("help")) {
      std::cout << desc
                << "\nExit status: 0 if every submit was answered (and, with --dlr, every accepted submit got\n"
                   "its receipt), 1 otherwise (reason on stderr), 2 on usage errors.\n";
      return 0;
    }
    po::notify(vm);

    if (target.empty()) throw UsageError("--target HOST:PORT is required");
    std::string error;
    auto hp = net::HostPort::parse(target, error);
    if (!hp) throw UsageError("--target: " + error);
    c.target = *hp;
    if (binds < 1 || binds > 10000) throw UsageError("--binds: must be 1..10000");
    c.binds = static_cast<unsigned>(binds);
    if (bind_type == "trx") c.transceiver = true;
    else if (bind_type == "tx") c.transceiver = false;
    else throw UsageError("--bind-type: expected trx or tx, got '" + bind_type + "'");
    if (window < 1 || window > 65535) throw UsageError("--window: must be 1..65535");
    c.window = static_cast<unsigned>(window);
    if (count < 0) throw UsageError("--count: must be >= 0");
    c.count = static_cast<std::uint64_t>(count);
    if (vm.count("duration") && !(c.duration_s > 0)) throw UsageError("--duration: must be > 0");
    if (vm.count("duration") && !vm["count"].defaulted()) throw UsageError("--count and --duration exclude each other");
    if (!(c.rate >= 0)) throw UsageError("--rate: must be >= 0");
    if (c.rate > 0 && c.rate < 1e-3 * c.binds) throw UsageError("--rate: too small for the number of binds");
    if (encoding == "auto") c.mix.encoding = Encoding::automatic;
    else if (encoding == "gsm") c.mix.encoding = Encoding::gsm;
    else if (encoding == "ucs2") c.mix.encoding = Encoding::ucs2;
    else throw UsageError("--encoding: expected auto, gsm or ucs2, got '" + encoding + "'");
    c.mix.request_receipt = c.dlr;
    if (c.dlr && !c.transceiver)
      throw UsageError("--dlr needs --bind-type trx: a transmitter bind cannot receive receipts");
    if (!(c.dlr_timeout_s >= 0)) throw UsageError("--dlr-timeout: must be >= 0");
    if (threads < 1 || threads > 256) throw UsageError("--threads: must be 1..256");
    c.threads = static_cast<unsigned>(std::min<long long>(threads, binds));
    if (warmup < 0) throw UsageError("--warmup: must be >= 0");
    c.warmup = static_cast<std::uint64_t>(warmup);
    if (!(c.timeout_s > 0)) throw UsageError("--timeout: must be > 0");
    if (c.system_id.size() >= smpp::maxlen::system_id) throw UsageError("--system-id: at most 15 characters");
    if (c.password.size() >= smpp::maxlen::password) throw UsageError("--password: at most 8 characters");
    c.texts = messages.empty() ? MessageMix::default_texts() : MessageMix::load_file(messages);
    return c;
  } catch (const std::exception& e) {  // po::error, UsageError, unreadable --messages file
    std::cerr << "smpp-load: " << e.what() << " (see --help)\n";
    return 2;
  }
}

}  // namespace smsfw::bench::load
