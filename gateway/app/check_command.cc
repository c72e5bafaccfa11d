#include "app/check_command.h"

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "app/version.h"
#include "engine/example_check.h"
#include "patterns/pattern_loader.h"

namespace smsfw::app {

namespace po = boost::program_options;

namespace {

constexpr const char* kDescription =
    "Usage: smsfw check DIR\n\n"
    "Validates and compiles the pattern directory DIR (format: patterns/README.md), checks that\n"
    "every rule's example matches the rule, and prints a summary: sets and versions, rules per\n"
    "field and view, lists and their entries, database sizes, compile time. Every error is\n"
    "printed as 'file:line: rule ID: message'; exit status 0 when there is none, 1 otherwise.\n\nOptions";

std::string mib(std::size_t bytes) { return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0)); }

// 1234567 -> "1,234,567", as the READMEs write counts.
std::string grouped(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

int run_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description desc(kDescription);
  desc.add_options()("help,h", "print this help and exit")("version", "print the version and exit");
  po::options_description hidden;
  hidden.add_options()("dir", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description positional;
  positional.add("dir", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    err << "smsfw check: " << e.what() << " (see smsfw check --help)\n";
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
  if (!vm.count("dir") || vm["dir"].as<std::vector<std::string>>().size() != 1) {
    err << "smsfw check: exactly one pattern directory expected (see smsfw check --help)\n";
    return 2;
  }
  const std::string dir = vm["dir"].as<std::vector<std::string>>().front();

  std::vector<std::string> errors;
  filters::PatternSet::Source source;
  filters::load_pattern_source(dir, source, errors);
  // Every rule's pattern (and the accounts) validated without building databases, then one
  // compile, which also serves the examples.
  filters::PatternSet::check(source, errors);
  filters::ExampleCheck examples;
  if (errors.empty()) {
    examples = filters::check_examples(source);
    errors.insert(errors.end(), examples.errors.begin(), examples.errors.end());
  }
  const std::shared_ptr<const filters::PatternSet>& set = examples.set;
  const double compile_s = examples.compile_seconds;
  if (!errors.empty()) {
    for (const auto& e : errors) err << e << "\n";
    err << "smsfw check: " << dir << ": " << errors.size() << (errors.size() == 1 ? " error\n" : " errors\n");
    return 1;
  }

  out << "pattern directory " << dir << ": OK\n";
  std::map<std::size_t, std::size_t> per_set;
  std::map<std::string, std::size_t> per_field_view;
  std::size_t yaml_rules = 0;
  std::vector<const filters::Rule*> lists;
  std::size_t list_entries = 0, list_repeats = 0;
  for (const auto& r : set->rules()) {
    if (r.synthetic) continue;
    ++yaml_rules;
    ++per_set[r.set_index];
    per_field_view[std::string(filters::to_string(r.field)) + "/" + std::string(filters::to_string(r.view))]++;
    if (r.is_list()) {
      lists.push_back(&r);
      list_entries += r.list_entries.size();
      list_repeats += r.list_duplicates;
    }
  }
  out << "sets      " << set->sets().size() << "\n";
  for (std::size_t i = 0; i < set->sets().size(); ++i) {
    const auto& s = set->sets()[i];
    out << "  " << s.name << "@" << s.version << ": " << per_set[i] << " rules (" << s.where.file << ")\n";
  }
  out << "rules     " << yaml_rules << "\n";
  for (const auto& [fv, n] : per_field_view) out << "  " << fv << ": " << n << "\n";
  // List rules are among the rules above; their entries are counted here, one line per list.
  if (lists.empty()) {
    out << "lists     none\n";
  } else {
    out << "lists     " << lists.size() << " (" << grouped(list_entries) << " entries"
        << (list_repeats == 0   ? std::string()
            : list_repeats == 1 ? std::string(", 1 repeated entry left out")
                                : ", " + grouped(list_repeats) + " repeated entries left out")
        << ")\n";
    for (const filters::Rule* r : lists)
      out << "  " << r->id << ": " << grouped(r->list_entries.size()) << " entries, " << filters::to_string(r->field)
          << " (" << r->list_file.file << ")\n";
  }
  const auto& reg = set->registry();
  if (reg.present)
    out << "registry  " << reg.senders.size() << " registered sender IDs, " << reg.generic_senders.size()
        << " generic senders\n";
  else
    out << "registry  none\n";
  out << "accounts  " << source.accounts.size() << " listed, plus default\n";
  if (const filters::CampaignConfig& c = source.campaign; c.present)
    out << "campaign  " << c.id << ": " << filters::to_string(c.action) << " from " << c.threshold
        << " distinct destinations within " << c.window_seconds / 60 << " min (texts of " << c.min_shingles
        << "+ shingles)\n";
  else
    out << "campaign  none\n";
  out << "examples  " << examples.checked << " checked, all match\n";
  out << "databases " << mib(set->database_bytes()) << ", compiled in " << fmt::format("{:.2f}", compile_s) << " s\n";
  out << "hash      " << set->hash() << "\n";
  return 0;
}

}  // namespace smsfw::app
