// `smsfw check DIR` in process: summary on success, every error on failure, usage errors.

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "app/check_command.h"
#include "support/pattern_dir.h"

namespace {

struct CheckRun {
  int code = 0;
  std::string out, err;
};

CheckRun check(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  CheckRun r;
  r.code = smsfw::app::run_check(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("check prints a summary of a valid directory and exits 0") {
  smsfw::test::PatternDir d;
  d.write("a.yaml", R"(set: th-bank
version: 2026-11-29.1
rules:
  - {id: A1, pattern: 'verify', action: block, description: d, example: "Verify now"}
  - {id: A2, view: squeezed, pattern: 'kbank', action: tag, description: d}
  - {id: A3, field: url, pattern: '^bit\.ly$', action: tag, description: d}
)");
  d.write("registry.yaml", "sender_registry:\n  senders:\n    - {id: KBANK, accounts: [k]}\n");
  const auto r = check({d.path().string()});
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(has(r.out, "th-bank@2026-11-29.1: 3 rules"));
  CHECK(has(r.out, "body/normalized: 1"));
  CHECK(has(r.out, "body/squeezed: 1"));
  CHECK(has(r.out, "url/normalized: 1"));
  CHECK(has(r.out, "registry  1 registered sender IDs"));
  CHECK(has(r.out, "examples  1 checked, all match"));
  CHECK(has(r.out, "compiled in"));
  CHECK(has(r.out, "lists     none"));
  CHECK(r.err.empty());
}

TEST_CASE("check counts lists and their entries, and checks list examples") {
  smsfw::test::PatternDir d;
  std::string hosts = "# shorteners\nbit.ly\nBIT.LY\n";
  for (int i = 0; i < 1200; ++i) {  // appended piecewise: GCC 12 warns (-Wrestrict) on "s" + string
    hosts += 's';
    hosts += std::to_string(i);
    hosts += ".example\n";
  }
  d.write("hosts.txt", hosts);
  d.write("senders.txt", "info\nverify\n");
  d.write("a.yaml", R"(set: mixed
version: "1"
rules:
  - {id: A1, pattern: 'verify', action: block, description: d}
lists:
  - {id: SHORT, file: hosts.txt, field: url, action: tag, description: d, example: "see www.bit.ly/x"}
  - {id: GENERIC, file: senders.txt, field: sender, action: monitor, description: d, example: "INFO"}
)");
  const auto r = check({d.path().string()});
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(has(r.out, "mixed@1: 3 rules"));
  CHECK(has(r.out, "url/normalized: 1"));
  CHECK(has(r.out, "lists     2 (1,203 entries, 1 repeated entry left out)"));
  CHECK(has(r.out, "  SHORT: 1,201 entries, url (" + (d.path() / "hosts.txt").string() + ")"));
  CHECK(has(r.out, "  GENERIC: 2 entries, sender ("));
  CHECK(has(r.out, "examples  2 checked, all match"));

  d.write("senders.txt", "info\nbad\x01\n");
  const auto bad = check({d.path().string()});
  CHECK(bad.code == 1);
  CHECK(has(bad.err, (d.path() / "senders.txt").string() + ":2: list GENERIC: control character U+0001 in the entry"));
}

TEST_CASE("check reports every error, YAML, Hyperscan and examples, and exits 1") {
  smsfw::test::PatternDir d;
  d.write("a.yaml", R"(set: a
version: "1"
rules:
  - {id: BADRX, pattern: '(open', action: block, description: d}
  - {id: BADKEY, pattern: 'x', action: block, description: d, colour: red}
)");
  const auto yaml = check({d.path().string()});
  CHECK(yaml.code == 1);
  CHECK(has(yaml.err, "a.yaml:4: rule BADRX:"));
  CHECK(has(yaml.err, "a.yaml:5: rule BADKEY: unknown key 'colour'"));
  CHECK(has(yaml.err, "2 errors"));

  smsfw::test::PatternDir e;
  e.write("b.yaml", "set: b\nversion: \"1\"\nrules:\n  - {id: EX, pattern: 'refund', action: block, description: d, example: 'your parcel'}\n");
  const auto ex = check({e.path().string()});
  CHECK(ex.code == 1);
  CHECK(has(ex.err, "b.yaml:4: rule EX: example does not match (field body, view normalized)"));
  CHECK(ex.out.empty());
}

TEST_CASE("check usage") {
  CHECK(check({}).code == 2);
  CHECK(check({"a", "b"}).code == 2);
  CHECK(check({"--bogus", "a"}).code == 2);
  const auto help = check({"--help"});
  CHECK(help.code == 0);
  CHECK(has(help.out, "Usage: smsfw check DIR"));
  CHECK(check({"/nonexistent/smsfw-patterns"}).code == 1);
}
