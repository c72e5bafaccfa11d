#pragma once
// An immutable, compiled snapshot of a pattern directory: the rules, one Hyperscan block-mode
// database per (field, view) that has rules, the sender registry, the account policies, and the
// identity (versions, hash, generation) shown in logs. Published to the data path through an
// Engine; a message is judged by exactly one snapshot.
//
// Databases: for each (field, view) every rule of that field and view is compiled into one
// database with hs_compile_multi, the Hyperscan id being the rule's index in rules(); a list
// rule's entries are one expression each, with ids from rules().size() upward (rule_of()).
// Patterns are passed in rule order (files sorted by name, rules in file order), so the same
// directory always yields the same database, and the same database key in the cache
// (database_cache.h). Flags per view:
//   raw:                 the rule's flags | SINGLEMATCH (byte semantics, safe on any octets)
//   normalized/squeezed: the rule's flags | SINGLEMATCH | UTF8 | CASELESS (the views are case
//                        folded, so a rule typed with capitals must still match). Not UCP unless
//                        the rule asks: Hyperscan refuses \b under UCP.
//   fields destination and url additionally MULTILINE (one address / URL / host per line).
// The url field has a single rendering: rules with view raw and normalized share it (the
// database at View::normalized); view squeezed is refused for url rules.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "patterns/account_policy.h"
#include "patterns/campaign_config.h"
#include "patterns/rule.h"
#include "patterns/sender_registry_config.h"

struct hs_database;
struct hs_scratch;

namespace smsfw::filters {

class DatabaseCache;

class PatternSet {
 public:
  // Everything the compiler needs; produced by the loader (pattern_loader.h).
  struct Source {
    std::vector<SetInfo> sets;
    std::vector<Rule> rules;  // YAML rules in order; synthetic rules are appended by the compiler
    SenderRegistryConfig registry;
    std::vector<AccountPolicy> accounts;  // resolved; the one named "default" is the fallback
    CampaignConfig campaign;
    AccountPolicy default_account;
    std::string hash;  // hex digest of every input file's name and content
  };

  ~PatternSet();
  PatternSet(const PatternSet&) = delete;
  PatternSet& operator=(const PatternSet&) = delete;

  const std::vector<Rule>& rules() const { return rules_; }
  // The rule (index into rules()) a Hyperscan match id belongs to. A rule's id is its index; the
  // entries of list rules get ids of their own from rules().size() upward (one shared id per
  // list makes Hyperscan compile large lists 50 times slower), so a scan may report one list
  // rule several times: callers de-duplicate.
  std::size_t rule_of(unsigned hs_id) const {
    return hs_id < rules_.size() ? hs_id : list_entry_rules_[hs_id - rules_.size()];
  }
  const std::vector<SetInfo>& sets() const { return sets_; }
  const SenderRegistryConfig& registry() const { return registry_; }
  const CampaignConfig& campaign() const { return campaign_; }
  // The synthetic rule (index into rules()) of campaign verdicts; kNoRule without a campaign
  // document.
  std::size_t campaign_rule() const { return campaign_rule_; }
  static constexpr std::size_t kNoRule = static_cast<std::size_t>(-1);
  // The policy for `system_id`, or the default policy.
  const AccountPolicy& account(std::string_view system_id) const;

  // The database for (field, view), or nullptr when no rule uses that combination.
  const hs_database* database(Field f, View v) const { return db_[index(f, v)]; }
  // True when some compiled rule (not a synthetic one) matches field f.
  bool has_rules(Field f) const;
  // A scratch space valid for every database of this set; clone it per thread (hs_clone_scratch).
  // nullptr when the set has no database.
  const hs_scratch* prototype_scratch() const { return scratch_; }

  // Ids of the synthetic rules made for the sender registry outcomes (indexes into rules()).
  struct RegistryRules {
    std::size_t unauthorized = 0, lookalike = 0, unregistered = 0, format = 0, generic = 0;
  };
  const RegistryRules& registry_rules() const { return registry_rules_; }

  // "name@version name@version ..." of the sets, for logs.
  std::string versions() const;
  const std::string& hash() const { return hash_; }
  // Process-wide increasing number, distinct for every compiled PatternSet (scratch ownership).
  std::uint64_t generation() const { return generation_; }
  // Bytes of all compiled databases (hs_database_size).
  std::size_t database_bytes() const;

  // Compiles `source`. On failure returns nullptr and appends one message per failing rule to
  // `errors`, formatted "file:line: rule ID: message" (Hyperscan's message for compile errors).
  // An account whose set_enabled is empty gets every set (hand-built Sources); any other size
  // than sets().size() is an error.
  static std::shared_ptr<const PatternSet> compile(Source source, std::vector<std::string>& errors);

  // How compile() builds databases.
  struct CompileOptions {
    const DatabaseCache* cache = nullptr;  // read databases from / write them to this cache
  };
  // What compile() did, for logs.
  struct CompileReport {
    std::size_t compiled = 0;               // databases built by Hyperscan
    std::size_t from_cache = 0;             // databases read from the cache
    std::vector<std::string> cache_keys;    // the key of every database of the set
    std::vector<std::string> warnings;      // cache problems (never fatal)
  };
  // compile() with a database cache. The patterns are checked one by one with Hyperscan only
  // when a database fails to compile (to name every failing rule), so a set served from the
  // cache costs reading it, not compiling or checking it.
  static std::shared_ptr<const PatternSet> compile(Source source, std::vector<std::string>& errors,
                                                   const CompileOptions& options, CompileReport* report);

  // The checks compile() makes before building databases (rule ids unique and not reserved,
  // views, set indexes, Hyperscan's verdict on every pattern with its final flags), without
  // building them: appends every error to `errors`, returns true when there was none.
  // With verify_patterns false, Hyperscan's verdict is left out (compile() gets it from the
  // databases themselves).
  static bool check(const Source& source, std::vector<std::string>& errors, bool verify_patterns = true);

  // Ids of the synthetic sender-registry rules (SENDER-UNAUTHORIZED, -LOOKALIKE, -UNREGISTERED,
  // -FORMAT, -GENERIC): a YAML rule may not use them.
  static bool is_reserved_rule_id(std::string_view id);

 private:
  PatternSet() = default;
  static constexpr std::size_t index(Field f, View v) {
    return static_cast<std::size_t>(f) * kViewCount + static_cast<std::size_t>(v);
  }

  std::vector<Rule> rules_;
  std::vector<std::uint32_t> list_entry_rules_;  // Hyperscan id - rules_.size() -> rule index
  std::vector<SetInfo> sets_;
  SenderRegistryConfig registry_;
  CampaignConfig campaign_;
  std::size_t campaign_rule_ = kNoRule;
  std::vector<AccountPolicy> accounts_;  // sorted by system_id
  AccountPolicy default_account_;
  RegistryRules registry_rules_;
  std::array<hs_database*, kFieldCount * kViewCount> db_{};
  hs_scratch* scratch_ = nullptr;
  std::string hash_;
  std::uint64_t generation_ = 0;
};

// Loads and compiles a pattern directory (pattern_loader.h + PatternSet::compile).
struct LoadResult {
  std::shared_ptr<const PatternSet> set;  // nullptr when errors is not empty
  std::vector<std::string> errors;        // "file:line: rule ID: message", every one found
  PatternSet::CompileReport report;       // databases compiled / read from the cache, warnings
};

}  // namespace smsfw::filters
