// Compiled pattern sets: which database each rule lands in, the flags each view adds (checked by
// scanning with hs_scan), the sender registry's synthetic rules, identity (hash, generation) and
// the per-thread scratch.

#include <catch2/catch.hpp>

#include <hs/hs.h>

#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "patterns/pattern_loader.h"
#include "patterns/thread_scratch.h"
#include "temp_dir.h"

using namespace smsfw::filters;
using smsfw::filters::test::TempDir;

namespace {

constexpr const char* kRules = R"(set: views
version: 3
rules:
  - {id: NORM-KBANK, pattern: 'kbank', action: block, description: d}
  - {id: NORM-DOT, pattern: '^ก.$', action: monitor, description: d}
  - {id: RAW-DOT, view: raw, pattern: '^ก.$', action: monitor, description: d}
  - {id: RAW-CASE, view: raw, pattern: 'KBank', action: block, description: d}
  - {id: RAW-CASELESS, view: raw, pattern: 'verify', flags: [caseless], action: tag, description: d}
  - {id: RAW-BYTE, view: raw, pattern: '\xff\x00', action: tag, description: d}
  - {id: SQUEEZED, view: squeezed, pattern: 'verify', action: block, description: d}
  - {id: DEST, field: destination, view: raw, pattern: '^66\d{9}$', action: block, description: d}
  - {id: SENDER, field: sender, pattern: '^k.?bank$', action: block, description: d, ton: [5]}
  - {id: URL-RAW, field: url, view: raw, pattern: 'bit\.ly', action: tag, description: d}
  - {id: URL-NORM, field: url, pattern: '^evil\.com$', action: block, description: d}
  - {id: MANY, pattern: 'x', action: monitor, description: d}
)";

constexpr const char* kRegistry = R"(sender_registry:
  unauthorized: tag
  lookalike: block
  unregistered_alphanumeric: monitor
  relabel_to: Suspicious
  format: {action: allow}
  generic: {action: tag, senders: [INFO]}
  senders: []
)";

std::shared_ptr<const PatternSet> load(const TempDir& d) {
  LoadResult r = load_pattern_directory(d.path());
  INFO((r.errors.empty() ? std::string() : r.errors.front()));
  REQUIRE(r.errors.empty());
  REQUIRE(r.set);
  return r.set;
}

struct Hits {
  const PatternSet* set;
  std::multiset<std::string> ids;
};

// The ids of the rules of database (f, v) that match `text`, once per callback.
std::multiset<std::string> scan(const PatternSet& set, ThreadScratch& ts, Field f, View v, std::string_view text) {
  const hs_database_t* db = set.database(f, v);
  REQUIRE(db);
  hs_scratch_t* scratch = ts.get(set);
  REQUIRE(scratch);
  Hits hits{&set, {}};
  auto on_match = [](unsigned id, unsigned long long, unsigned long long, unsigned, void* ctx) -> int {
    auto* h = static_cast<Hits*>(ctx);
    h->ids.insert(h->set->rules().at(id).id);
    return 0;
  };
  REQUIRE(hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, on_match, &hits) == HS_SUCCESS);
  return hits.ids;
}

using Ids = std::multiset<std::string>;

}  // namespace

TEST_CASE("each rule lands in the database of its field and view") {
  TempDir d;
  d.write("rules.yaml", kRules);
  auto set = load(d);
  CHECK(set->database(Field::body, View::raw));
  CHECK(set->database(Field::body, View::normalized));
  CHECK(set->database(Field::body, View::squeezed));
  CHECK(set->database(Field::destination, View::raw));
  CHECK_FALSE(set->database(Field::destination, View::normalized));
  CHECK(set->database(Field::sender, View::normalized));
  CHECK_FALSE(set->database(Field::sender, View::raw));
  // url raw and normalized rules share one database
  CHECK(set->database(Field::url, View::normalized));
  CHECK_FALSE(set->database(Field::url, View::raw));
  CHECK_FALSE(set->database(Field::url, View::squeezed));
  for (Field f : {Field::body, Field::sender, Field::destination, Field::url}) CHECK(set->has_rules(f));
  CHECK(set->prototype_scratch());
  CHECK(set->database_bytes() > 0);
  CHECK(set->versions() == "views@3");
  CHECK(set->rules().size() == 12);  // no registry: no synthetic rules
  CHECK(set->rules()[8].tons == std::vector<std::uint8_t>{5});
}

TEST_CASE("normalized rules are caseless with UTF-8 semantics") {
  TempDir d;
  d.write("rules.yaml", kRules);
  auto set = load(d);
  ThreadScratch ts;
  CHECK(scan(*set, ts, Field::body, View::normalized, "Your KBANK account") == Ids{"NORM-KBANK"});
  CHECK(scan(*set, ts, Field::body, View::normalized, "กข") == Ids{"NORM-DOT"});  // '.' is one code point
  CHECK(scan(*set, ts, Field::body, View::squeezed, "VERIFY now") == Ids{"SQUEEZED"});
  CHECK(scan(*set, ts, Field::sender, View::normalized, "K-BANK") == Ids{"SENDER"});
}

TEST_CASE("raw rules have byte semantics and are case-sensitive unless caseless") {
  TempDir d;
  d.write("rules.yaml", kRules);
  auto set = load(d);
  ThreadScratch ts;
  CHECK(scan(*set, ts, Field::body, View::raw, "กข").empty());  // '.' is one byte; ข is three
  CHECK(scan(*set, ts, Field::body, View::raw, "ก\x01") == Ids{"RAW-DOT"});
  CHECK(scan(*set, ts, Field::body, View::raw, "kbank").empty());
  CHECK(scan(*set, ts, Field::body, View::raw, "KBank") == Ids{"RAW-CASE"});
  CHECK(scan(*set, ts, Field::body, View::raw, "VeRiFy") == Ids{"RAW-CASELESS"});
  CHECK(scan(*set, ts, Field::body, View::raw, std::string_view("\x01\xff\x00\x02", 4)) == Ids{"RAW-BYTE"});
}

TEST_CASE("destination and url rules see one entry per line") {
  TempDir d;
  d.write("rules.yaml", kRules);
  auto set = load(d);
  ThreadScratch ts;
  CHECK(scan(*set, ts, Field::destination, View::raw, "4412345\n66812345678\n") == Ids{"DEST"});
  CHECK(scan(*set, ts, Field::destination, View::raw, "x66812345678").empty());
  CHECK(scan(*set, ts, Field::url, View::normalized, "a.com\nevil.com\nb.com") == Ids{"URL-NORM"});
  CHECK(scan(*set, ts, Field::url, View::normalized, "notevil.com").empty());
  // a url raw rule is compiled like a normalized one (caseless)
  CHECK(scan(*set, ts, Field::url, View::normalized, "BIT.LY/x") == Ids{"URL-RAW"});
}

TEST_CASE("a rule reports one match per scan") {
  TempDir d;
  d.write("rules.yaml", kRules);
  auto set = load(d);
  ThreadScratch ts;
  CHECK(scan(*set, ts, Field::body, View::normalized, "x x x x") == Ids{"MANY"});
}

TEST_CASE("the sender registry adds synthetic rules with its actions") {
  TempDir d;
  d.write("rules.yaml", kRules);
  d.write("registry.yaml", kRegistry);
  auto set = load(d);
  REQUIRE(set->rules().size() == 12 + 5);
  const auto& ids = set->registry_rules();
  struct Expect {
    std::size_t index;
    const char* id;
    Action action;
  };
  for (const Expect& e : {Expect{ids.unauthorized, "SENDER-UNAUTHORIZED", Action::tag},
                          Expect{ids.lookalike, "SENDER-LOOKALIKE", Action::block},
                          Expect{ids.unregistered, "SENDER-UNREGISTERED", Action::monitor},
                          Expect{ids.format, "SENDER-FORMAT", Action::allow},
                          Expect{ids.generic, "SENDER-GENERIC", Action::tag}}) {
    INFO(e.id);
    REQUIRE(e.index >= 12);
    REQUIRE(e.index < set->rules().size());
    const Rule& r = set->rules()[e.index];
    CHECK(r.id == e.id);
    CHECK(r.action == e.action);
    CHECK(r.synthetic);
    CHECK(r.set_index == kNoSet);
    CHECK(r.field == Field::sender);
    CHECK(r.pattern.empty());
    CHECK(r.tag.mark == TagMark::sender);
    CHECK(r.tag.relabel_to == "Suspicious");
    CHECK(r.where.file == d.file("registry.yaml"));
  }
  // Not compiled: the sender database still holds only the YAML rule.
  ThreadScratch ts;
  CHECK(scan(*set, ts, Field::sender, View::normalized, "kbank") == Ids{"SENDER"});
}

TEST_CASE("a registry alone makes synthetic rules but no database") {
  TempDir d;
  d.write("registry.yaml", "sender_registry: {}\n");
  auto set = load(d);
  REQUIRE(set->rules().size() == 5);
  CHECK(set->rules()[set->registry_rules().unauthorized].action == Action::block);
  CHECK(set->rules()[set->registry_rules().unregistered].action == Action::allow);
  CHECK(set->rules()[set->registry_rules().generic].tag.relabel_to == "Likely-SCAM");
  CHECK_FALSE(set->has_rules(Field::sender));
  CHECK_FALSE(set->prototype_scratch());
  ThreadScratch ts;
  CHECK(ts.get(*set) == nullptr);
}

TEST_CASE("compiling the same directory twice: same hash and databases, new generation") {
  TempDir d;
  d.write("rules.yaml", kRules);
  auto a = load(d);
  auto b = load(d);
  CHECK(a->hash() == b->hash());
  CHECK(a->generation() != b->generation());
  CHECK(a->generation() > 0);
  CHECK(b->generation() > a->generation());
  for (Field f : {Field::body, Field::sender, Field::destination, Field::url}) {
    for (View v : {View::raw, View::normalized, View::squeezed}) {
      const hs_database_t* da = a->database(f, v);
      const hs_database_t* db = b->database(f, v);
      REQUIRE((da == nullptr) == (db == nullptr));
      if (!da) continue;
      char* sa = nullptr;
      char* sb = nullptr;
      std::size_t na = 0, nb = 0;
      REQUIRE(hs_serialize_database(da, &sa, &na) == HS_SUCCESS);
      REQUIRE(hs_serialize_database(db, &sb, &nb) == HS_SUCCESS);
      CHECK(std::string_view(sa, na) == std::string_view(sb, nb));
      std::free(sa);
      std::free(sb);
    }
  }
}

TEST_CASE("ThreadScratch keeps its clone per generation and re-clones for a new set") {
  TempDir d;
  d.write("rules.yaml", kRules);
  auto a = load(d);
  ThreadScratch ts;
  hs_scratch_t* s1 = ts.get(*a);
  REQUIRE(s1);
  CHECK(s1 != a->prototype_scratch());  // a clone, never the prototype
  CHECK(ts.get(*a) == s1);

  // A bigger set (new generation): the clone is replaced and fits the new databases.
  d.write("more.yaml", "set: more\nversion: 1\nrules:\n  - {id: M, pattern: 'abc.{0,200}def', action: block, description: d}\n");
  auto b = load(d);
  hs_scratch_t* s2 = ts.get(*b);
  REQUIRE(s2);
  CHECK(s2 != s1);  // cloned before the old one is freed
  CHECK(ts.get(*b) == s2);
  CHECK(scan(*b, ts, Field::body, View::normalized, "ABC and DEF") == Ids{"M"});

  // Back to the old set: its generation differs again, so it is re-cloned.
  CHECK(scan(*a, ts, Field::body, View::normalized, "kbank") == Ids{"NORM-KBANK"});
}

TEST_CASE("compile on a hand-built source") {
  PatternSet::Source src;
  src.sets.push_back({"s", "1", {"f.yaml", 1}});
  Rule r;
  r.id = "A";
  r.pattern = "abc";
  r.where = {"f.yaml", 4};
  src.rules.push_back(r);
  AccountPolicy z, y;
  z.system_id = "zeta";
  z.scan_mo = true;
  y.system_id = "alpha";
  y.mode = AccountMode::monitor;
  src.accounts = {z, y};
  src.default_account.system_id = "default";

  SECTION("valid: accounts sorted for lookup, empty set_enabled means every set") {
    std::vector<std::string> errors;
    auto set = PatternSet::compile(src, errors);
    REQUIRE(errors.empty());
    REQUIRE(set);
    CHECK(set->account("zeta").scan_mo);
    CHECK(set->account("alpha").mode == AccountMode::monitor);
    CHECK(set->account("beta").system_id == "default");
    CHECK(set->account("alpha").set_enabled == std::vector<char>{1});
    CHECK(set->account("beta").set_enabled == std::vector<char>{1});
  }
  SECTION("invalid: every problem reported, nothing compiled") {
    Rule dup = r;
    dup.where.line = 9;
    Rule url = r;
    url.id = "U";
    url.field = Field::url;
    url.view = View::squeezed;
    Rule reserved = r;
    reserved.id = "SENDER-FORMAT";
    Rule orphan = r;
    orphan.id = "O";
    orphan.set_index = 3;
    Rule synthetic = r;
    synthetic.id = "Y";
    synthetic.synthetic = true;
    Rule empty = r;
    empty.id = "E";
    empty.pattern.clear();
    src.rules.insert(src.rules.end(), {dup, url, reserved, orphan, synthetic, empty});
    src.accounts[0].set_enabled = {1, 1};
    std::vector<std::string> errors;
    CHECK_FALSE(PatternSet::compile(src, errors));
    CHECK(errors == std::vector<std::string>{
                        "f.yaml:9: rule A: duplicate rule id (first defined at f.yaml:4)",
                        "f.yaml:4: rule U: view squeezed is not available for field url",
                        "f.yaml:4: rule SENDER-FORMAT: the id is reserved for the sender registry",
                        "f.yaml:4: rule O: set index out of range",
                        "f.yaml:4: rule Y: synthetic rules are made by the compiler, not given",
                        "f.yaml:4: rule E: empty pattern",
                        ":0: account zeta: set_enabled has 2 entries for 1 sets",
                    });
  }
}
