// `smsfw scan` (scan_command.cc) driven in process: options, exit codes, one JSON line per input
// line, encodings, errors that keep the line numbering.

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/scan_command.h"
#include "support/pattern_dir.h"

namespace {

using nlohmann::json;

struct ScanRun {
  int code = 0;
  std::vector<json> lines;
  std::string out, err;
};

ScanRun scan(const std::vector<std::string>& args, const std::string& input) {
  std::istringstream in(input);
  std::ostringstream out, err;
  ScanRun r;
  r.code = smsfw::app::run_scan(args, in, out, err);
  r.out = out.str();
  r.err = err.str();
  std::istringstream lines(r.out);
  std::string l;
  while (std::getline(lines, l))
    if (!l.empty() && l.front() == '{') r.lines.push_back(json::parse(l));
  return r;
}

void write_rules(const smsfw::test::PatternDir& d) {
  d.write("rules.yaml", R"(set: t
version: "1"
rules:
  - {id: B1, pattern: 'verify your account', action: block, description: d}
  - {id: T1, pattern: 'ยืนยันตัวตน', action: tag, description: d, tag: {mark: prefix, prefix: "! "}}
  - {id: M1, pattern: 'lottery', action: monitor, description: d}
)");
  d.write("accounts.yaml", "accounts:\n  trial: {mode: monitor}\n");
}

}  // namespace

TEST_CASE("scan prints one verdict per line with action and rules") {
  smsfw::test::PatternDir d;
  write_rules(d);
  const auto r = scan({"--patterns", d.path().string()},
                      "BANK\tPlease verify your account\n+6681\tกรุณายืนยันตัวตน\nX\tlottery time\nY\thello\n");
  INFO(r.err);
  CHECK(r.code == 0);
  REQUIRE(r.lines.size() == 4);
  CHECK(r.lines[0]["action"] == "block");
  CHECK(r.lines[0]["rules"] == json::array({"B1"}));
  CHECK(r.lines[0]["block_status"] == 0x45);
  CHECK(r.lines[0]["data_coding"] == 0);
  CHECK(r.lines[1]["action"] == "tag");
  CHECK(r.lines[1]["data_coding"] == 8);  // Thai has no GSM code: UCS-2
  CHECK(r.lines[1]["tag"]["prefix"] == "! ");
  CHECK(r.lines[2]["action"] == "monitor");
  CHECK(r.lines[3]["action"] == "allow");
  CHECK(r.lines[3]["rules"] == json::array());
}

TEST_CASE("scan applies the account's policy") {
  smsfw::test::PatternDir d;
  write_rules(d);
  const auto r = scan({"--patterns", d.path().string(), "--account", "trial"}, "A\tverify your account\n");
  REQUIRE(r.lines.size() == 1);
  CHECK(r.lines[0]["action"] == "monitor");
  CHECK(r.lines[0]["decided"] == "block");
}

TEST_CASE("scan encodes with a forced data_coding") {
  smsfw::test::PatternDir d;
  write_rules(d);
  const auto ucs2 = scan({"--patterns", d.path().string(), "--data-coding", "8"}, "A\tverify your account\n");
  REQUIRE(ucs2.lines.size() == 1);
  CHECK(ucs2.lines[0]["data_coding"] == 8);
  CHECK(ucs2.lines[0]["action"] == "block");
  const auto latin = scan({"--patterns", d.path().string(), "--data-coding", "0x03"}, "A\tverify your account\n");
  CHECK(latin.lines.at(0)["data_coding"] == 3);
  CHECK(latin.lines.at(0)["action"] == "block");
  // GSM cannot carry Thai: counted, not hidden.
  const auto gsm = scan({"--patterns", d.path().string(), "--data-coding", "0"}, "A\tยืนยันตัวตน\n");
  CHECK(gsm.lines.at(0)["unencodable"] == 11);
  CHECK(scan({"--patterns", d.path().string(), "--data-coding", "300"}, "").code == 1);
  CHECK(scan({"--patterns", d.path().string(), "--data-coding", "x"}, "").code == 1);
}

TEST_CASE("a line without a TAB is an error line and exit 1, the others are still judged") {
  smsfw::test::PatternDir d;
  write_rules(d);
  const auto r = scan({"--patterns", d.path().string()}, "no tab here\nA\tverify your account\r\n");
  CHECK(r.code == 1);
  REQUIRE(r.lines.size() == 2);
  CHECK(r.lines[0]["line"] == 1);
  CHECK(r.lines[0].contains("error"));
  CHECK(r.lines[1]["line"] == 2);
  CHECK(r.lines[1]["action"] == "block");
  CHECK(r.err.find("stdin:1:") != std::string::npos);
}

TEST_CASE("scan usage and pattern errors") {
  CHECK(scan({}, "").code == 2);                      // --patterns is required
  CHECK(scan({"--bogus"}, "").code == 2);
  const auto help = scan({"--help"}, "");
  CHECK(help.code == 0);
  CHECK(help.out.find("Usage: smsfw scan") != std::string::npos);
  smsfw::test::PatternDir d;
  d.write("bad.yaml", "set: b\nversion: \"1\"\nrules:\n  - {id: X, pattern: '(', action: block, description: d}\n");
  const auto bad = scan({"--patterns", d.path().string()}, "A\tb\n");
  CHECK(bad.code == 1);
  CHECK(bad.err.find("bad.yaml:4: rule X:") != std::string::npos);
  CHECK(scan({"--patterns", "/nonexistent/smsfw"}, "").code == 1);
}

TEST_CASE("scan counts a campaign across lines: --with-destination gives each line its destination") {
  smsfw::test::PatternDir d;
  write_rules(d);
  d.write("campaign.yaml", "campaign:\n  id: BULK\n  threshold: 5\n");
  std::string input;
  for (int i = 0; i < 8; ++i) {
    // Masked alike: the amount and the link's path differ.
    input += "SHOP\t6681000000" + std::to_string(i) + "\tYour parcel is held, pay " + std::to_string(10 + i) +
             " THB at http://pkg.example/t/" + std::to_string(777 * i) + " to release it\n";
  }
  input += "SHOP\tnot three columns\n";
  const auto r = scan({"--patterns", d.path().string(), "--with-destination"}, input);
  INFO(r.err);
  CHECK(r.code == 1);  // the last line
  REQUIRE(r.lines.size() == 9);
  // Lines 1-5 reach 5 destinations; from line 6 on the campaign's rule is there (monitor).
  for (int i = 0; i < 5; ++i) CHECK(r.lines[static_cast<std::size_t>(i)]["action"] == "allow");
  for (int i = 5; i < 8; ++i) {
    CHECK(r.lines[static_cast<std::size_t>(i)]["action"] == "monitor");
    CHECK(r.lines[static_cast<std::size_t>(i)]["rules"] == json::array({"BULK"}));
  }
  CHECK(r.lines[8].contains("error"));

  // The same lines to one destination (--destination) are not a campaign.
  std::string one;
  for (int i = 0; i < 8; ++i)
    one += "SHOP\tYour parcel is held, pay " + std::to_string(10 + i) + " THB at http://pkg.example/t/" +
           std::to_string(777 * i) + " to release it\n";
  const auto r2 = scan({"--patterns", d.path().string()}, one);
  for (const auto& l : r2.lines) CHECK(l["action"] == "allow");
}
