// The pattern loader on valid directories: the three document kinds, defaults, inheritance,
// which files are read, and the hash.

#include <catch2/catch.hpp>

#include <hs/hs.h>

#include <algorithm>

#include "patterns/pattern_loader.h"
#include "temp_dir.h"

using namespace smsfw::filters;
using smsfw::filters::test::TempDir;

namespace {

constexpr const char* kBank = R"(set: th-bank
version: 2026-11-29.1
status: 0x45
tag: {mark: prefix, prefix: "! ", tlv_tag: 0x1401}
rules:
  - id: TH-BANK-001
    pattern: 'k\s*bank.{0,40}(verify|suspend)'
    flags: [caseless, dotall]
    action: block
    description: KBank impersonation
    example: "Your KBank account is suspended, verify"
  - id: TH-BANK-002
    field: sender
    view: raw
    pattern: '^KBANK$'
    action: tag
    description: KBank sender
    status: 8
    tag: {mark: sender, relabel_to: Fake-KBank}
    ton: [5, 0x1]
  - id: TH-BANK-003
    field: destination
    view: squeezed
    pattern: '^66'
    action: monitor
    description: Thai numbers
)";

constexpr const char* kUrls = R"(set: urls
version: 7
rules:
  - id: URL-001
    field: url
    view: raw
    pattern: 'bit\.ly'
    action: tag
    description: shortener
)";

constexpr const char* kAccounts = R"(accounts:
  default: {mode: monitor, on_error: closed, sets: [th-bank, late], data_coding_0: latin1, latin1: cp1252, scan_mo: true, block_status: 0x58, sender_registry: false}
  kbank-a2p: {mode: enforce, audit_body: true}
  aggregator-x:
    sets: [urls]
    data_coding_0: gsm7-packed
  nothing: {sets: []}
)";

constexpr const char* kRegistry = R"(sender_registry:
  unauthorized: tag
  lookalike: monitor
  unregistered_alphanumeric: block
  relabel_to: Suspect-SMS
  format: {action: block, max_length: 9, allowed: "A-Z0-9"}
  generic: {action: tag, senders: [INFO, VERIFY]}
  senders:
    - id: KBANK
      accounts: [kbank-a2p, aggregator-x]
    - id: SCB
      accounts: []
)";

constexpr const char* kLate = R"(set: late
version: a
rules: []
)";

const Rule& find_rule(const std::vector<Rule>& rules, const std::string& id) {
  auto it = std::find_if(rules.begin(), rules.end(), [&](const Rule& r) { return r.id == id; });
  REQUIRE(it != rules.end());
  return *it;
}

const AccountPolicy& find_account(const std::vector<AccountPolicy>& accounts, const std::string& id) {
  auto it = std::find_if(accounts.begin(), accounts.end(), [&](const AccountPolicy& a) { return a.system_id == id; });
  REQUIRE(it != accounts.end());
  return *it;
}

void write_full(const TempDir& d) {
  d.write("10-bank.yaml", kBank);
  d.write("20-urls.yml", kUrls);
  d.write("accounts.yaml", kAccounts);
  d.write("registry.yaml", kRegistry);
  d.write("zz-late.yaml", kLate);
}

}  // namespace

TEST_CASE("loader reads rule sets with set defaults and per-rule overrides") {
  TempDir d;
  write_full(d);
  PatternSet::Source src;
  std::vector<std::string> errors;
  REQUIRE(load_pattern_source(d.path(), src, errors));
  REQUIRE(errors.empty());

  REQUIRE(src.sets.size() == 3);
  CHECK(src.sets[0].name == "th-bank");
  CHECK(src.sets[0].version == "2026-11-29.1");
  CHECK(src.sets[0].where.file == d.file("10-bank.yaml"));
  CHECK(src.sets[0].where.line == 1);
  CHECK(src.sets[1].name == "urls");
  CHECK(src.sets[1].version == "7");
  CHECK(src.sets[2].name == "late");

  REQUIRE(src.rules.size() == 4);
  CHECK(src.rules[0].id == "TH-BANK-001");  // files by name, rules in file order
  CHECK(src.rules[3].id == "URL-001");

  const Rule& r1 = find_rule(src.rules, "TH-BANK-001");
  CHECK(r1.set_index == 0);
  CHECK(r1.field == Field::body);
  CHECK(r1.view == View::normalized);
  CHECK(r1.pattern == R"(k\s*bank.{0,40}(verify|suspend))");
  CHECK(r1.hs_flags == (HS_FLAG_CASELESS | HS_FLAG_DOTALL));
  CHECK(r1.action == Action::block);
  CHECK(r1.description == "KBank impersonation");
  CHECK(r1.example == std::optional<std::string>("Your KBank account is suspended, verify"));
  CHECK(r1.block_status == 0x45);  // the set's status
  CHECK(r1.tag.mark == TagMark::prefix);
  CHECK(r1.tag.prefix == "! ");
  CHECK(r1.tag.relabel_to == "Likely-SCAM");  // built-in default
  CHECK(r1.tag.tlv_tag == 0x1401);
  CHECK(r1.tons.empty());
  CHECK(r1.where.file == d.file("10-bank.yaml"));
  CHECK(r1.where.line == 6);
  CHECK_FALSE(r1.synthetic);

  const Rule& r2 = find_rule(src.rules, "TH-BANK-002");
  CHECK(r2.field == Field::sender);
  CHECK(r2.view == View::raw);
  CHECK(r2.hs_flags == 0);
  CHECK(r2.action == Action::tag);
  CHECK(r2.block_status == 8);
  CHECK(r2.tag.mark == TagMark::sender);     // rule over set
  CHECK(r2.tag.relabel_to == "Fake-KBank");  // rule
  CHECK(r2.tag.prefix == "! ");              // set
  CHECK(r2.tag.tlv_tag == 0x1401);           // set
  CHECK(r2.tons == std::vector<std::uint8_t>{5, 1});
  CHECK_FALSE(r2.example);

  const Rule& r3 = find_rule(src.rules, "TH-BANK-003");
  CHECK(r3.field == Field::destination);
  CHECK(r3.view == View::squeezed);
  CHECK(r3.action == Action::monitor);

  const Rule& u = find_rule(src.rules, "URL-001");
  CHECK(u.set_index == 1);
  CHECK(u.block_status == 0);     // no status anywhere: the account's
  CHECK(u.tag == TagSpec{});      // no tag anywhere: the defaults
  CHECK(u.where.file == d.file("20-urls.yml"));
}

TEST_CASE("loader reads the sender registry") {
  TempDir d;
  write_full(d);
  PatternSet::Source src;
  std::vector<std::string> errors;
  REQUIRE(load_pattern_source(d.path(), src, errors));
  const SenderRegistryConfig& reg = src.registry;
  CHECK(reg.present);
  CHECK(reg.unauthorized == Action::tag);
  CHECK(reg.lookalike == Action::monitor);
  CHECK(reg.unregistered_alphanumeric == Action::block);
  CHECK(reg.relabel_to == "Suspect-SMS");
  CHECK(reg.format_action == Action::block);
  CHECK(reg.max_length == 9);
  CHECK(reg.allowed == "A-Z0-9");
  CHECK(reg.generic_action == Action::tag);
  CHECK(reg.generic_senders == std::vector<std::string>{"INFO", "VERIFY"});
  REQUIRE(reg.senders.size() == 2);
  CHECK(reg.senders[0].id == "KBANK");
  CHECK(reg.senders[0].accounts == std::vector<std::string>{"kbank-a2p", "aggregator-x"});
  CHECK(reg.senders[0].where.line == 9);
  CHECK(reg.senders[1].id == "SCB");
  CHECK(reg.senders[1].accounts.empty());
  CHECK(reg.where.file == d.file("registry.yaml"));
  CHECK(reg.where.line == 1);
}

TEST_CASE("sender registry defaults") {
  TempDir d;
  d.write("r.yaml", "sender_registry: {}\n");
  PatternSet::Source src;
  std::vector<std::string> errors;
  REQUIRE(load_pattern_source(d.path(), src, errors));
  const SenderRegistryConfig& reg = src.registry;
  CHECK(reg.present);
  CHECK(reg.unauthorized == Action::block);
  CHECK(reg.lookalike == Action::block);
  CHECK(reg.unregistered_alphanumeric == Action::allow);
  CHECK(reg.relabel_to == "Likely-SCAM");
  CHECK(reg.format_action == Action::allow);
  CHECK(reg.max_length == 11);
  CHECK(reg.allowed == "A-Za-z0-9 .-_&");
  CHECK(reg.generic_action == Action::allow);
  CHECK(reg.generic_senders.empty());
  CHECK(reg.senders.empty());
}

TEST_CASE("accounts inherit from default and resolve set names") {
  TempDir d;
  write_full(d);
  PatternSet::Source src;
  std::vector<std::string> errors;
  REQUIRE(load_pattern_source(d.path(), src, errors));

  const AccountPolicy& def = src.default_account;
  CHECK(def.system_id == "default");
  CHECK(def.mode == AccountMode::monitor);
  CHECK(def.on_error == FailMode::closed);
  CHECK(def.set_enabled == std::vector<char>{1, 0, 1});  // th-bank, urls, late (a set in a later file)
  CHECK(def.data_coding_0 == smsfw::filters::text::SmscDefault::latin1);
  CHECK(def.latin1 == smsfw::filters::text::Latin1Variant::cp1252);
  CHECK(def.scan_mo);
  CHECK(def.block_status == 0x58);
  CHECK_FALSE(def.sender_registry);
  CHECK_FALSE(def.audit_body);
  CHECK(def.where.file == d.file("accounts.yaml"));
  CHECK(def.where.line == 2);

  REQUIRE(src.accounts.size() == 3);  // "default" is not among them
  const AccountPolicy& k = find_account(src.accounts, "kbank-a2p");
  CHECK(k.mode == AccountMode::enforce);         // its own
  CHECK(k.on_error == FailMode::closed);         // inherited
  CHECK(k.set_enabled == def.set_enabled);       // inherited
  CHECK(k.data_coding_0 == smsfw::filters::text::SmscDefault::latin1);
  CHECK(k.latin1 == smsfw::filters::text::Latin1Variant::cp1252);
  CHECK(k.scan_mo);
  CHECK(k.block_status == 0x58);
  CHECK_FALSE(k.sender_registry);
  CHECK(k.audit_body);  // its own
  CHECK(k.where.line == 3);

  const AccountPolicy& a = find_account(src.accounts, "aggregator-x");
  CHECK(a.mode == AccountMode::monitor);
  CHECK(a.set_enabled == std::vector<char>{0, 1, 0});
  CHECK(a.data_coding_0 == smsfw::filters::text::SmscDefault::gsm7_packed);
  CHECK_FALSE(a.audit_body);

  CHECK(find_account(src.accounts, "nothing").set_enabled == std::vector<char>{0, 0, 0});
}

TEST_CASE("without an accounts document every account gets the built-in defaults and every set") {
  TempDir d;
  d.write("a.yaml", kBank);
  d.write("b.yaml", kUrls);
  PatternSet::Source src;
  std::vector<std::string> errors;
  REQUIRE(load_pattern_source(d.path(), src, errors));
  const AccountPolicy& def = src.default_account;
  CHECK(def.system_id == "default");
  CHECK(def.mode == AccountMode::enforce);
  CHECK(def.on_error == FailMode::open);
  CHECK(def.set_enabled == std::vector<char>{1, 1});
  CHECK(def.data_coding_0 == smsfw::filters::text::SmscDefault::gsm7_unpacked);
  CHECK(def.latin1 == smsfw::filters::text::Latin1Variant::iso8859_1);
  CHECK_FALSE(def.scan_mo);
  CHECK(def.sender_registry);
  CHECK(def.block_status == 0x45);
  CHECK(src.accounts.empty());
  CHECK_FALSE(src.registry.present);
}

TEST_CASE("an account without default inherits the built-in defaults") {
  TempDir d;
  d.write("a.yaml", kBank);
  d.write("acc.yaml", "accounts:\n  x: {scan_mo: true}\n");
  PatternSet::Source src;
  std::vector<std::string> errors;
  REQUIRE(load_pattern_source(d.path(), src, errors));
  REQUIRE(src.accounts.size() == 1);
  CHECK(src.accounts[0].scan_mo);
  CHECK(src.accounts[0].mode == AccountMode::enforce);
  CHECK(src.accounts[0].set_enabled == std::vector<char>{1});
}

TEST_CASE("hidden files, other extensions and subdirectories are ignored") {
  TempDir d;
  d.write("a.yaml", kUrls);
  d.write(".hidden.yaml", "this: is: not: yaml: [");
  d.write("notes.txt", "not yaml");
  d.write("b.yaml.bak", "nope: 1");
  d.write("sub/c.yaml", "nope: 1");
  std::filesystem::create_directories(d.path() / "dir.yaml");
  PatternSet::Source src;
  std::vector<std::string> errors;
  REQUIRE(load_pattern_source(d.path(), src, errors));
  CHECK(errors.empty());
  CHECK(src.rules.size() == 1);
}

TEST_CASE("an empty directory is a valid set that allows everything") {
  TempDir d;
  d.write("README.md", "no rules here");
  LoadResult r = load_pattern_directory(d.path());
  REQUIRE(r.errors.empty());
  REQUIRE(r.set);
  CHECK(r.set->rules().empty());
  CHECK(r.set->sets().empty());
  CHECK(r.set->versions().empty());
  CHECK(r.set->prototype_scratch() == nullptr);
  CHECK(r.set->database_bytes() == 0);
  CHECK_FALSE(r.set->registry().present);
  for (Field f : {Field::body, Field::sender, Field::destination, Field::url}) CHECK_FALSE(r.set->has_rules(f));
  CHECK(r.set->account("anyone").system_id == "default");
  CHECK(r.set->hash().size() == 16);
}

TEST_CASE("a missing directory is an error") {
  TempDir d;
  const auto missing = d.path() / "nope";
  LoadResult r = load_pattern_directory(missing);
  CHECK_FALSE(r.set);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].rfind(missing.string() + ": cannot read the pattern directory: ", 0) == 0);
}

TEST_CASE("a file instead of a directory is an error") {
  TempDir d;
  d.write("f.yaml", kUrls);
  LoadResult r = load_pattern_directory(d.path() / "f.yaml");
  CHECK_FALSE(r.set);
  CHECK(r.errors.size() == 1);
}

TEST_CASE("the hash is deterministic and covers file names and contents") {
  TempDir a, b;
  write_full(a);
  write_full(b);
  PatternSet::Source sa, sb;
  std::vector<std::string> errors;
  REQUIRE(load_pattern_source(a.path(), sa, errors));
  REQUIRE(load_pattern_source(b.path(), sb, errors));
  CHECK(sa.hash.size() == 16);
  CHECK(sa.hash.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(sa.hash == sb.hash);  // the directory's own path is not part of it

  b.write("zz-late.yaml", std::string(kLate) + "# a comment\n");
  REQUIRE(load_pattern_source(b.path(), sb, errors));
  CHECK(sa.hash != sb.hash);

  TempDir c;
  write_full(c);
  std::filesystem::rename(c.path() / "zz-late.yaml", c.path() / "zz-later.yaml");
  PatternSet::Source sc;
  REQUIRE(load_pattern_source(c.path(), sc, errors));
  CHECK(sa.hash != sc.hash);

  TempDir e1, e2;
  PatternSet::Source se1, se2;
  REQUIRE(load_pattern_source(e1.path(), se1, errors));
  REQUIRE(load_pattern_source(e2.path(), se2, errors));
  CHECK(se1.hash == se2.hash);
  CHECK(se1.hash != sa.hash);
}

TEST_CASE("load_pattern_directory compiles a full directory") {
  TempDir d;
  write_full(d);
  LoadResult r = load_pattern_directory(d.path());
  INFO((r.errors.empty() ? std::string() : r.errors[0]));
  REQUIRE(r.errors.empty());
  REQUIRE(r.set);
  CHECK(r.set->versions() == "th-bank@2026-11-29.1 urls@7 late@a");
  CHECK(r.set->rules().size() == 4 + 5);  // plus the sender registry's synthetic rules
  CHECK(r.set->account("kbank-a2p").mode == AccountMode::enforce);
  CHECK(r.set->account("aggregator-x").set_enabled == std::vector<char>{0, 1, 0});
  CHECK(r.set->account("unknown").system_id == "default");
  CHECK(r.set->account("unknown").mode == AccountMode::monitor);
  CHECK(r.set->account("default").mode == AccountMode::monitor);
}
