#include "patterns/pattern_set.h"

#include "patterns/database_cache.h"

#include <hs/hs.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <map>
#include <memory>
#include <utility>

namespace smsfw::filters {
namespace {

// The synthetic sender-registry rules, in the order they are appended.
constexpr std::array<std::string_view, 5> kRegistryIds = {"SENDER-UNAUTHORIZED", "SENDER-LOOKALIKE",
                                                          "SENDER-UNREGISTERED", "SENDER-FORMAT",
                                                          "SENDER-GENERIC"};

// Distinct per compiled set, process-wide; 0 is never used (a ThreadScratch holding nothing).
std::atomic<std::uint64_t> g_next_generation{1};

struct CompileErrorFree {
  void operator()(hs_compile_error_t* e) const { hs_free_compile_error(e); }
};
using CompileErrorPtr = std::unique_ptr<hs_compile_error_t, CompileErrorFree>;

struct DatabaseFree {
  void operator()(hs_database_t* d) const { hs_free_database(d); }
};
using DatabasePtr = std::unique_ptr<hs_database_t, DatabaseFree>;

// The url field has one rendering: its raw rules go to the normalized database.
View database_view(const Rule& r) { return r.field == Field::url ? View::normalized : r.view; }

// The flags a rule is compiled with (see pattern_set.h).
unsigned compile_flags(const Rule& r) {
  unsigned f = r.hs_flags | HS_FLAG_SINGLEMATCH;
  // No UCP by default: Hyperscan refuses \b in UCP mode, and rule authors reach for \b first.
  // The views are NFKC-normalized (Unicode spaces become U+0020), so ASCII \s and \b hold; a
  // rule that wants Unicode classes asks for `ucp`.
  if (database_view(r) != View::raw) f |= HS_FLAG_UTF8 | HS_FLAG_CASELESS;
  if (r.field == Field::destination || r.field == Field::url) f |= HS_FLAG_MULTILINE;
  return f;
}

std::string rule_error(const Rule& r, std::string_view message) {
  return r.where.file + ":" + std::to_string(r.where.line) + ": rule " + r.id + ": " + std::string(message);
}

// Hyperscan's verdict on one pattern, or "" when it compiles. hs_expression_info is cheap but does
// not refuse patterns that match the empty buffer; those (min_width 0) get a real compile.
std::string hyperscan_error(const Rule& r) {
  const unsigned flags = compile_flags(r);
  hs_expr_info_t* info_raw = nullptr;
  hs_compile_error_t* err_raw = nullptr;
  const hs_error_t rc = hs_expression_info(r.pattern.c_str(), flags, &info_raw, &err_raw);
  const CompileErrorPtr err(err_raw);
  const std::unique_ptr<hs_expr_info_t, decltype(&std::free)> info(info_raw, &std::free);
  if (rc != HS_SUCCESS) return err ? err->message : "hs_expression_info failed";
  if (info && info->min_width > 0) return {};
  hs_database_t* db_raw = nullptr;
  err_raw = nullptr;
  const hs_error_t crc = hs_compile(r.pattern.c_str(), flags, HS_MODE_BLOCK, nullptr, &db_raw, &err_raw);
  const DatabasePtr db(db_raw);
  const CompileErrorPtr cerr(err_raw);
  if (crc != HS_SUCCESS) return cerr ? cerr->message : "hs_compile failed";
  return {};
}

Rule synthetic_rule(std::string_view id, Action action, std::string description, const SenderRegistryConfig& reg) {
  Rule r;
  r.id = std::string(id);
  r.set_index = kNoSet;
  r.field = Field::sender;
  r.view = View::raw;
  r.action = action;
  r.description = std::move(description);
  r.tag = TagSpec{};
  r.tag.mark = TagMark::sender;
  r.tag.relabel_to = reg.relabel_to;
  r.where = reg.where;
  r.synthetic = true;
  return r;
}

}  // namespace

bool PatternSet::is_reserved_rule_id(std::string_view id) {
  return std::find(kRegistryIds.begin(), kRegistryIds.end(), id) != kRegistryIds.end();
}

bool PatternSet::check(const Source& source, std::vector<std::string>& errors, bool verify_patterns) {
  const std::size_t before = errors.size();
  std::map<std::string_view, const Rule*> ids;
  if (source.campaign.present) {
    // The campaign's rule-like id must not be mistaken for a rule's, nor for a registry outcome.
    const CampaignConfig& c = source.campaign;
    const std::string at = c.where.file + ":" + std::to_string(c.where.line) + ": campaign: ";
    if (is_reserved_rule_id(c.id)) errors.push_back(at + "the id '" + c.id + "' is reserved for the sender registry");
    for (const Rule& r : source.rules)
      if (!r.synthetic && r.id == c.id)
        errors.push_back(at + "the id '" + c.id + "' is a rule's id (" + r.where.file + ":" +
                         std::to_string(r.where.line) + ")");
  }
  for (const Rule& r : source.rules) {
    if (r.synthetic) {
      errors.push_back(rule_error(r, "synthetic rules are made by the compiler, not given"));
      continue;
    }
    if (is_reserved_rule_id(r.id)) errors.push_back(rule_error(r, "the id is reserved for the sender registry"));
    if (auto [it, inserted] = ids.emplace(r.id, &r); !inserted)
      errors.push_back(rule_error(r, "duplicate rule id (first defined at " + it->second->where.file + ":" +
                                         std::to_string(it->second->where.line) + ")"));
    if (r.set_index >= source.sets.size()) errors.push_back(rule_error(r, "set index out of range"));
    if (r.field == Field::url && r.view == View::squeezed)
      errors.push_back(rule_error(r, "view squeezed is not available for field url"));
    if (r.is_list()) {
      if (!r.pattern.empty())
        errors.push_back(rule_error(r, "a list rule has no pattern (its entries are its expressions)"));
      if (r.list_entries.empty()) {
        errors.push_back(rule_error(r, "list without entries"));
        continue;
      }
      if (!verify_patterns) continue;
      // The loader escapes every entry as a literal (list_reader.cc), so one entry stands for all:
      // a 10,000-entry list costs one Hyperscan check, not 10,000.
      Rule first;
      first.field = r.field;
      first.view = r.view;
      first.hs_flags = r.hs_flags;
      first.pattern = r.list_entries.front().expression;
      if (std::string e = hyperscan_error(first); !e.empty()) errors.push_back(rule_error(r, e));
      continue;
    }
    if (r.pattern.empty()) {
      errors.push_back(rule_error(r, "empty pattern"));
      continue;
    }
    if (!verify_patterns) continue;
    if (std::string e = hyperscan_error(r); !e.empty()) errors.push_back(rule_error(r, e));
  }
  auto check_account = [&](const AccountPolicy& a) {
    if (!a.set_enabled.empty() && a.set_enabled.size() != source.sets.size())
      errors.push_back(a.where.file + ":" + std::to_string(a.where.line) + ": account " + a.system_id +
                       ": set_enabled has " + std::to_string(a.set_enabled.size()) + " entries for " +
                       std::to_string(source.sets.size()) + " sets");
  };
  check_account(source.default_account);
  std::map<std::string_view, int> accounts;
  for (const AccountPolicy& a : source.accounts) {
    check_account(a);
    if (!accounts.emplace(a.system_id, 0).second)
      errors.push_back(a.where.file + ":" + std::to_string(a.where.line) + ": duplicate account " + a.system_id);
  }
  return errors.size() == before;
}

std::shared_ptr<const PatternSet> PatternSet::compile(Source source, std::vector<std::string>& errors) {
  return compile(std::move(source), errors, CompileOptions{}, nullptr);
}

std::shared_ptr<const PatternSet> PatternSet::compile(Source source, std::vector<std::string>& errors,
                                                      const CompileOptions& options, CompileReport* report) {
  CompileReport local_report;
  CompileReport& rep = report ? *report : local_report;
  if (!check(source, errors, /*verify_patterns=*/false)) return nullptr;

  // Owned from here on: whatever fails below, the destructor frees what was built.
  std::unique_ptr<PatternSet> set(new PatternSet());
  set->sets_ = std::move(source.sets);
  set->rules_ = std::move(source.rules);
  set->registry_ = std::move(source.registry);
  set->campaign_ = std::move(source.campaign);
  set->accounts_ = std::move(source.accounts);
  set->default_account_ = std::move(source.default_account);
  set->hash_ = std::move(source.hash);

  // Hand-built Sources may leave set_enabled empty: every set applies.
  auto fill_sets = [&](AccountPolicy& a) {
    if (a.set_enabled.empty()) a.set_enabled.assign(set->sets_.size(), 1);
  };
  fill_sets(set->default_account_);
  for (auto& a : set->accounts_) fill_sets(a);
  std::sort(set->accounts_.begin(), set->accounts_.end(),
            [](const AccountPolicy& a, const AccountPolicy& b) { return a.system_id < b.system_id; });

  if (set->registry_.present) {
    const SenderRegistryConfig& reg = set->registry_;
    RegistryRules& ids = set->registry_rules_;
    auto add = [&](std::size_t& index, std::string_view id, Action action, std::string description) {
      index = set->rules_.size();
      set->rules_.push_back(synthetic_rule(id, action, std::move(description), reg));
    };
    add(ids.unauthorized, kRegistryIds[0], reg.unauthorized, "registered sender ID used by an account not listed for it");
    add(ids.lookalike, kRegistryIds[1], reg.lookalike, "unregistered sender ID that looks like a registered one");
    add(ids.unregistered, kRegistryIds[2], reg.unregistered_alphanumeric, "unregistered alphanumeric sender ID");
    add(ids.format, kRegistryIds[3], reg.format_action, "alphanumeric sender ID not in the allowed format");
    add(ids.generic, kRegistryIds[4], reg.generic_action, "generic sender ID that identifies nobody");
  }

  if (set->campaign_.present) {
    const CampaignConfig& c = set->campaign_;
    Rule r;
    r.id = c.id;
    r.set_index = kNoSet;
    r.field = Field::body;
    r.view = View::normalized;
    r.action = c.action;
    r.block_status = c.block_status;
    r.description = c.description;
    r.tag = c.tag;
    r.where = c.where;
    r.synthetic = true;
    set->campaign_rule_ = set->rules_.size();
    set->rules_.push_back(std::move(r));
  }

  // One database per (field, view), patterns in rule order: the same directory, the same database.
  // Failures are reported in rule order, whichever database found them.
  std::vector<std::pair<std::size_t, std::string>> failures;  // rule index (or npos), message
  constexpr std::size_t kNoRule = static_cast<std::size_t>(-1);
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    for (std::size_t v = 0; v < kViewCount; ++v) {
      std::vector<const char*> patterns;
      std::vector<unsigned> flags, ids;
      for (std::size_t i = 0; i < set->rules_.size(); ++i) {
        const Rule& r = set->rules_[i];
        if (r.synthetic || static_cast<std::size_t>(r.field) != f || static_cast<std::size_t>(database_view(r)) != v)
          continue;
        // A list rule gives one expression per entry, all under the rule's index (Hyperscan takes
        // repeated ids; SINGLEMATCH still reports the rule once per scan). ASCII entries drop
        // UTF8 (same matches; rule.h, ListEntry::ascii) unless the rule asks for UCP, which needs it.
        if (r.is_list()) {
          const unsigned rule_flags = compile_flags(r);
          const unsigned ascii_flags = rule_flags & HS_FLAG_UCP ? rule_flags : rule_flags & ~HS_FLAG_UTF8;
          for (const ListEntry& e : r.list_entries) {
            patterns.push_back(e.expression.c_str());
            flags.push_back(e.ascii ? ascii_flags : rule_flags);
            // An id per entry (rule_of() maps it back): Hyperscan compiles many literals sharing
            // one id far more slowly (10,000 entries: 26 s against 0.4 s, measured).
            ids.push_back(static_cast<unsigned>(set->rules_.size() + set->list_entry_rules_.size()));
            set->list_entry_rules_.push_back(static_cast<std::uint32_t>(i));
          }
          continue;
        }
        patterns.push_back(r.pattern.c_str());
        flags.push_back(compile_flags(r));
        ids.push_back(static_cast<unsigned>(i));
      }
      if (patterns.empty()) continue;
      std::string key;
      if (options.cache) {
        key = DatabaseCache::key(patterns, flags, ids, HS_MODE_BLOCK);
        rep.cache_keys.push_back(key);
        if (hs_database_t* cached = options.cache->load(key, rep.warnings)) {
          set->db_[index(static_cast<Field>(f), static_cast<View>(v))] = cached;
          ++rep.from_cache;
          continue;
        }
      }
      hs_database_t* db = nullptr;
      hs_compile_error_t* err_raw = nullptr;
      const hs_error_t rc = hs_compile_multi(patterns.data(), flags.data(), ids.data(),
                                             static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK, nullptr, &db,
                                             &err_raw);
      const CompileErrorPtr err(err_raw);
      if (rc == HS_SUCCESS) {
        set->db_[index(static_cast<Field>(f), static_cast<View>(v))] = db;
        ++rep.compiled;
        if (options.cache) options.cache->store(key, db, rep.warnings);
        continue;
      }
      // Hyperscan names only the first expression it refused: ask it about every rule of this
      // database on its own so that one run reports them all.
      const std::size_t rule_failures_before = failures.size();
      std::size_t last_rule = kNoRule;
      for (unsigned id : ids) {
        const std::size_t rule = set->rule_of(id);
        if (rule == last_rule) continue;  // a list rule's entries are consecutive
        last_rule = rule;
        const Rule& r = set->rules_[rule];
        if (r.pattern.empty()) continue;
        if (std::string e = hyperscan_error(r); !e.empty()) failures.emplace_back(rule, rule_error(r, e));
      }
      if (failures.size() != rule_failures_before) continue;
      // Every pattern compiles on its own: the database as a whole failed (e.g. too large) or a
      // rule Hyperscan only refuses in company. Name it when Hyperscan says which.
      const std::string message = err ? err->message : "hs_compile_multi failed";
      if (err && err->expression >= 0 && static_cast<std::size_t>(err->expression) < ids.size()) {
        const std::size_t rule = set->rule_of(ids[static_cast<std::size_t>(err->expression)]);
        failures.emplace_back(rule, rule_error(set->rules_[rule], message));
      } else {
        failures.emplace_back(kNoRule, std::string(to_string(static_cast<Field>(f))) + "/" +
                                           std::string(to_string(static_cast<View>(v))) + " database: " + message);
      }
    }
  }
  if (!failures.empty()) {
    std::stable_sort(failures.begin(), failures.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [rule, message] : failures) errors.push_back(std::move(message));
    return nullptr;
  }

  // One prototype scratch large enough for every database (hs_alloc_scratch grows it).
  for (hs_database_t* db : set->db_) {
    if (!db) continue;
    if (hs_alloc_scratch(db, &set->scratch_) != HS_SUCCESS) {
      errors.push_back("hs_alloc_scratch failed: cannot allocate Hyperscan scratch space");
      return nullptr;
    }
  }
  set->generation_ = g_next_generation.fetch_add(1, std::memory_order_relaxed);
  return std::shared_ptr<const PatternSet>(std::move(set));
}

PatternSet::~PatternSet() {
  for (hs_database_t* db : db_)
    if (db) hs_free_database(db);
  if (scratch_) hs_free_scratch(scratch_);
}

const AccountPolicy& PatternSet::account(std::string_view system_id) const {
  auto it = std::lower_bound(accounts_.begin(), accounts_.end(), system_id,
                             [](const AccountPolicy& a, std::string_view id) { return a.system_id < id; });
  if (it != accounts_.end() && it->system_id == system_id) return *it;
  return default_account_;
}

bool PatternSet::has_rules(Field f) const {
  for (std::size_t v = 0; v < kViewCount; ++v)
    if (db_[index(f, static_cast<View>(v))]) return true;
  return false;
}

std::string PatternSet::versions() const {
  std::string out;
  for (const SetInfo& s : sets_) {
    if (!out.empty()) out += ' ';
    out += s.name;
    out += '@';
    out += s.version;
  }
  return out;
}

std::size_t PatternSet::database_bytes() const {
  std::size_t total = 0;
  for (const hs_database_t* db : db_) {
    std::size_t size = 0;
    if (db && hs_database_size(db, &size) == HS_SUCCESS) total += size;
  }
  return total;
}

}  // namespace smsfw::filters
