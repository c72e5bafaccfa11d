#include "app/scan_command.h"

#include <charconv>
#include <chrono>
#include <istream>
#include <optional>
#include <ostream>
#include <sstream>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "app/version.h"
#include "campaign/campaign_detector.h"
#include "engine/classifier.h"
#include "engine/engine.h"
#include "sender/sender_policy.h"
#include "text/encode.h"

namespace smsfw::app {

namespace po = boost::program_options;
using json = nlohmann::ordered_json;  // keys in the order written: action first

namespace {

constexpr const char* kDescription =
    "Usage: smsfw scan --patterns DIR [--account SYSTEM_ID] [--data-coding auto|N]\n"
    "                  [--destination ADDR | --with-destination] [--pattern-cache DIR]\n\n"
    "Reads lines 'sender<TAB>text' (UTF-8) from stdin, judges each one as a submit_sm with the\n"
    "same engine `smsfw run` uses, and prints one JSON object per line: action, decided, rules,\n"
    "matched, and what the engine read. The text is first encoded as an ESME would send it:\n"
    "--data-coding auto (default) picks GSM 7-bit when every character has a GSM 03.38 code and\n"
    "UCS-2 (8) otherwise; a number forces that data_coding. With a campaign document in the\n"
    "pattern directory the lines are also counted as traffic, in order, so a text sent to enough\n"
    "destinations (--with-destination: lines 'sender<TAB>destination<TAB>text') gets the\n"
    "campaign's rule from the line after it crossed the threshold.\n\nOptions";

// Encodes the body: with the forced data_coding, or (`auto`) as an ESME would choose.
std::uint8_t encode_body(const std::optional<unsigned>& forced, filters::text::SmscDefault account_default,
                         std::string_view text, std::vector<std::uint8_t>& body, std::size_t& unencodable) {
  body.clear();
  filters::text::EncodeResult r;
  std::uint8_t coding = 0;
  if (forced) {
    coding = static_cast<std::uint8_t>(*forced);
    filters::text::encode(coding, account_default, text, body, &r);
  } else {
    coding = filters::text::encode_like_esme(text, body, &r);
  }
  unencodable = r.unencodable;
  return coding;
}

json rule_ids(const std::vector<const filters::Rule*>& rules) {
  json a = json::array();
  for (const auto* r : rules) a.push_back(r->id);
  return a;
}

}  // namespace

int run_scan(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
  po::options_description desc(kDescription);
  desc.add_options()
      ("help,h", "print this help and exit")
      ("version", "print the version and exit")
      ("patterns,p", po::value<std::string>()->value_name("DIR"), "pattern-set directory (required)")
      ("account,a", po::value<std::string>()->value_name("SYSTEM_ID")->default_value(""), "the ESME's bind system_id (account policy, sender registry)")
      ("data-coding", po::value<std::string>()->value_name("auto|N")->default_value("auto"), "data_coding to encode the text with (0-255, decimal or 0x hex)")
      ("destination", po::value<std::string>()->value_name("ADDR")->default_value("66800000000"), "destination_addr of every message")
      ("with-destination", "lines are 'sender<TAB>destination<TAB>text'")
      // No default here, unlike `smsfw run`: a one-off tool should not write to a cache unasked.
      ("pattern-cache", po::value<std::string>()->value_name("DIR|none"), "compiled-database cache to read and fill (default: none)");
  po::variables_map vm;
  try {
    const po::positional_options_description no_positionals;
    po::store(po::command_line_parser(args).options(desc).positional(no_positionals).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    err << "smsfw scan: " << e.what() << " (see smsfw scan --help)\n";
    return 2;
  }
  if (vm.count("help")) {
    out << desc << "\n";
    return 0;
  }
  if (vm.count("version")) {
    out << "smsfw " << kVersion << "\n";
    return 0;
  }
  if (!vm.count("patterns")) {
    err << "smsfw scan: --patterns DIR is required (see smsfw scan --help)\n";
    return 2;
  }
  std::optional<unsigned> forced_coding;
  const std::string dc = vm["data-coding"].as<std::string>();
  if (dc != "auto") {
    unsigned v = 0;
    const bool hex = dc.size() > 2 && dc[0] == '0' && (dc[1] == 'x' || dc[1] == 'X');
    const char* b = dc.data() + (hex ? 2 : 0);
    const auto [p, ec] = std::from_chars(b, dc.data() + dc.size(), v, hex ? 16 : 10);
    if (ec != std::errc() || p != dc.data() + dc.size() || v > 255 || b == p) {
      err << "smsfw scan: --data-coding: '" << dc << "' is not auto or a number 0-255\n";
      return 1;
    }
    forced_coding = v;
  }

  filters::EngineOptions engine_options;
  if (vm.count("pattern-cache") && vm["pattern-cache"].as<std::string>() != "none")
    engine_options.cache_dir = vm["pattern-cache"].as<std::string>();
  filters::ReloadOutcome loaded;
  filters::Engine engine(vm["patterns"].as<std::string>(), loaded, engine_options);
  for (const auto& w : loaded.warnings) err << "smsfw scan: warning: " << w << "\n";
  if (!loaded.ok) {
    for (const auto& e : loaded.errors) err << e << "\n";
    err << "smsfw scan: --patterns " << vm["patterns"].as<std::string>() << ": " << loaded.errors.size()
        << (loaded.errors.size() == 1 ? " error\n" : " errors\n");
    return 1;
  }
  filters::Classifier classifier(engine);
  // One producer (this thread), aggregated after every line: the line after a text crossed the
  // threshold already sees the campaign verdict. 65,536 clusters (12 MiB) suit a file of traffic.
  filters::campaign::CampaignDetector campaign({.capacity = 1 << 16, .producers = 1, .ring_capacity = 1024});
  classifier.attach_campaign(campaign, 0);
  const bool with_destination = vm.count("with-destination") > 0;
  const std::string account = vm["account"].as<std::string>();
  const std::string default_destination = vm["destination"].as<std::string>();
  const filters::AccountPolicy& policy = engine.snapshot()->set->account(account);

  std::vector<std::uint8_t> body;
  std::string line;
  std::size_t line_no = 0;
  int status = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto tab = line.find('\t');
    if (tab == std::string::npos) {
      err << "smsfw scan: stdin:" << line_no << ": expected 'sender<TAB>text'\n";
      out << json{{"line", line_no}, {"error", "expected sender<TAB>text"}}.dump() << "\n";
      status = 1;
      continue;
    }
    const std::string_view sender(line.data(), tab);
    std::string_view text(line.data() + tab + 1, line.size() - tab - 1);
    std::string_view destination = default_destination;
    if (with_destination) {
      const auto tab2 = text.find('\t');
      if (tab2 == std::string_view::npos) {
        err << "smsfw scan: stdin:" << line_no << ": expected 'sender<TAB>destination<TAB>text'\n";
        out << json{{"line", line_no}, {"error", "expected sender<TAB>destination<TAB>text"}}.dump() << "\n";
        status = 1;
        continue;
      }
      destination = text.substr(0, tab2);
      text.remove_prefix(tab2 + 1);
    }
    std::size_t unencodable = 0;
    const std::uint8_t coding = encode_body(forced_coding, policy.data_coding_0, text, body, unencodable);

    filters::MessageInput m;
    m.account = account;
    const bool alphanumeric = filters::is_alphanumeric_sender(sender);
    m.source = {sender, static_cast<std::uint8_t>(alphanumeric ? 5 : 1), static_cast<std::uint8_t>(alphanumeric ? 0 : 1)};
    m.destination = {destination, 1, 1};
    m.data_coding = coding;
    m.body = body;
    const filters::Verdict& v = classifier.classify(m);
    if (const auto& c = classifier.snapshot().set->campaign(); c.present) {
      const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
      campaign.aggregate(static_cast<std::uint64_t>(now), {c.threshold, c.window_seconds});
    }

    json j = {{"line", line_no},
              {"sender", json::string_t(sender)},
              {"action", filters::to_string(v.action)},
              {"rules", rule_ids(v.rules)}};
    if (v.decided != v.action) j["decided"] = filters::to_string(v.decided);
    if (v.matched.size() != v.rules.size()) j["matched"] = rule_ids(v.matched);
    if (v.action == filters::Action::block) j["block_status"] = v.block_status;
    if (v.decided == filters::Action::tag) {
      json t = json::object();
      if (v.relabel) t["relabel_to"] = v.relabel->relabel_to;
      if (v.prefix) t["prefix"] = v.prefix->prefix;
      if (v.tlv) t["tlv_tag"] = v.tlv->tlv_tag;
      j["tag"] = t;
    }
    j["data_coding"] = coding;
    if (unencodable > 0) j["unencodable"] = unencodable;
    if (v.invalid_units > 0) j["invalid_units"] = v.invalid_units;
    if (v.engine_error) j["engine_error"] = true;
    if (!v.normalized.empty()) j["normalized"] = json::string_t(v.normalized);
    out << j.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  }
  return status;
}

}  // namespace smsfw::app
