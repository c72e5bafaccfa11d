// List files referenced from rule sets (`lists:`): reading (comments, blanks, repeats), the
// expression of each match mode checked by scanning, url `domain` semantics through the real
// classifier (URL extraction included), entries matched literally, errors as
// "LISTFILE:LINE: list ID: message", and the directory hash.

#include <catch2/catch.hpp>

#include <hs/hs.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/example_check.h"
#include "filters/engine/engine_fixture.h"
#include "patterns/pattern_loader.h"
#include "patterns/thread_scratch.h"
#include "temp_dir.h"

using namespace smsfw::filters;
using smsfw::filters::test::TempDir;

namespace {

using Ids = std::multiset<std::string>;
using Errors = std::vector<std::string>;

// A set file holding `body` under its header.
std::string set_file(std::string_view name, std::string_view body) {
  return "set: " + std::string(name) + "\nversion: 1\n" + std::string(body);
}

std::shared_ptr<const PatternSet> load(const TempDir& d) {
  LoadResult r = load_pattern_directory(d.path());
  INFO((r.errors.empty() ? std::string() : r.errors.front()));
  REQUIRE(r.errors.empty());
  REQUIRE(r.set);
  return r.set;
}

Errors errors_of(const TempDir& d) {
  LoadResult r = load_pattern_directory(d.path());
  CHECK_FALSE(r.set);
  return r.errors;
}

const Rule& find_rule(const std::vector<Rule>& rules, const std::string& id) {
  auto it = std::find_if(rules.begin(), rules.end(), [&](const Rule& r) { return r.id == id; });
  REQUIRE(it != rules.end());
  return *it;
}

struct Hits {
  const PatternSet* set;
  Ids ids;
};

// The ids of the rules of database (f, v) that match `text`, once per callback.
Ids scan(const PatternSet& set, ThreadScratch& ts, Field f, View v, std::string_view text) {
  const hs_database_t* db = set.database(f, v);
  REQUIRE(db);
  Hits hits{&set, {}};
  auto on_match = [](unsigned id, unsigned long long, unsigned long long, unsigned, void* ctx) -> int {
    auto* h = static_cast<Hits*>(ctx);
    h->ids.insert(h->set->rules().at(h->set->rule_of(id)).id);
    return 0;
  };
  REQUIRE(hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, ts.get(set), on_match, &hits) ==
          HS_SUCCESS);
  return hits.ids;
}

}  // namespace

TEST_CASE("list entries: comments, trailing comments, blank lines, CRLF, BOM and repeats") {
  TempDir d;
  d.write("hosts.txt",
          "\xEF\xBB\xBF# shorteners\r\n"
          "bit.ly\r\n"
          "\r\n"
          "   TinyURL.com   # a trailing comment\r\n"
          "\t# an indented comment\n"
          "bit.ly\n"
          "BIT.LY\n"
          "s.id");  // no final newline
  d.write("words.txt", "gift#card\nfree  # comment\nfree\t#tab comment\n  two words  \n");
  d.write("s.yaml", set_file("s", R"(lists:
  - id: HOSTS
    file: hosts.txt
    field: url
    action: tag
    description: d
  - id: WORDS
    file: words.txt
    field: body
    view: raw
    action: block
    description: d
    status: 0x58
)"));
  PatternSet::Source src;
  Errors errors;
  REQUIRE(load_pattern_source(d.path(), src, errors));
  REQUIRE(src.rules.size() == 2);

  const Rule& hosts = find_rule(src.rules, "HOSTS");
  CHECK(hosts.is_list());
  CHECK(hosts.pattern.empty());
  CHECK(hosts.field == Field::url);
  CHECK(hosts.list_file.file == d.file("hosts.txt"));
  CHECK(hosts.list_file.line == 0);
  CHECK(hosts.where.file == d.file("s.yaml"));
  CHECK(hosts.where.line == 4);
  REQUIRE(hosts.list_entries.size() == 3);
  // url lists default to `domain`; entries are lowered
  CHECK(hosts.list_entries[0].expression == R"(^(?:[0-9a-z-]+\.)*bit\.ly$)");
  CHECK(hosts.list_entries[0].line == 2);
  CHECK(hosts.list_entries[0].ascii);
  CHECK(hosts.list_entries[1].expression == R"(^(?:[0-9a-z-]+\.)*tinyurl\.com$)");
  CHECK(hosts.list_entries[1].line == 4);
  CHECK(hosts.list_entries[2].expression == R"(^(?:[0-9a-z-]+\.)*s\.id$)");
  CHECK(hosts.list_entries[2].line == 8);
  CHECK(hosts.list_duplicates == 2);  // bit.ly and BIT.LY again

  const Rule& words = find_rule(src.rules, "WORDS");
  CHECK(words.view == View::raw);
  CHECK(words.block_status == 0x58);
  REQUIRE(words.list_entries.size() == 3);
  // body lists default to `contains`; '#' starts a comment only after a blank
  CHECK(words.list_entries[0].expression == R"(gift\#card)");
  CHECK(words.list_entries[1].expression == "free");
  CHECK(words.list_entries[2].expression == R"(two\ words)");
  CHECK(words.list_duplicates == 1);
}

TEST_CASE("each match mode matches what it says, per field") {
  TempDir d;
  d.write("contains.txt", "gift card\n");
  d.write("exact.txt", "stop\n");
  d.write("prefix.txt", "urgent\n");
  d.write("senders.txt", "info\n");
  d.write("sender-prefix.txt", "BANK\n");
  d.write("dest-exact.txt", "66812345678\n");
  d.write("dest-prefix.txt", "1900\n");
  d.write("url-contains.txt", "/login\n");
  d.write("url-prefix.txt", "http://\n");
  d.write("url-exact.txt", "evil.com\n");
  d.write("s.yaml", set_file("s", R"(lists:
  - {id: CONTAINS, file: contains.txt, field: body, action: block, description: d}
  - {id: EXACT, file: exact.txt, field: body, match: exact, action: block, description: d}
  - {id: PREFIX, file: prefix.txt, field: body, match: prefix, action: block, description: d}
  - {id: SENDER, file: senders.txt, field: sender, action: monitor, description: d, ton: [5]}
  - {id: SENDER-RAW, file: sender-prefix.txt, field: sender, view: raw, match: prefix, action: tag, description: d}
  - {id: DEST-EXACT, file: dest-exact.txt, field: destination, view: raw, action: block, description: d}
  - {id: DEST-PREFIX, file: dest-prefix.txt, field: destination, view: raw, match: prefix, action: block, description: d}
  - {id: URL-CONTAINS, file: url-contains.txt, field: url, match: contains, action: tag, description: d}
  - {id: URL-PREFIX, file: url-prefix.txt, field: url, view: raw, match: prefix, action: tag, description: d}
  - {id: URL-EXACT, file: url-exact.txt, field: url, match: exact, action: block, description: d}
)"));
  auto set = load(d);
  ThreadScratch ts;
  const Field body = Field::body, sender = Field::sender, dest = Field::destination, url = Field::url;
  const View norm = View::normalized, raw = View::raw;

  CHECK(scan(*set, ts, body, norm, "buy a gift card now") == Ids{"CONTAINS"});
  CHECK(scan(*set, ts, body, norm, "buy a giftcard now").empty());
  CHECK(scan(*set, ts, body, norm, "stop") == Ids{"EXACT"});
  CHECK(scan(*set, ts, body, norm, "stop now").empty());
  CHECK(scan(*set, ts, body, norm, "please stop").empty());
  CHECK(scan(*set, ts, body, norm, "urgent: call us") == Ids{"PREFIX"});
  CHECK(scan(*set, ts, body, norm, "not urgent").empty());

  // normalized views are compiled caseless
  CHECK(scan(*set, ts, sender, norm, "INFO") == Ids{"SENDER"});
  CHECK(scan(*set, ts, sender, norm, "info2").empty());
  CHECK(scan(*set, ts, sender, norm, "myinfo").empty());
  CHECK(find_rule(set->rules(), "SENDER").tons == std::vector<std::uint8_t>{5});
  // raw is case-sensitive
  CHECK(scan(*set, ts, sender, raw, "BANKTH") == Ids{"SENDER-RAW"});
  CHECK(scan(*set, ts, sender, raw, "bankth").empty());
  CHECK(scan(*set, ts, sender, raw, "MYBANK").empty());

  // destination lines: ^ and $ bound one address
  CHECK(scan(*set, ts, dest, raw, "4412345\n66812345678\n") == Ids{"DEST-EXACT"});
  CHECK(scan(*set, ts, dest, raw, "668123456789").empty());
  CHECK(scan(*set, ts, dest, raw, "66800000000\n1900123") == Ids{"DEST-PREFIX"});
  CHECK(scan(*set, ts, dest, raw, "661900123").empty());

  // url lines (URL, host, registrable domain)
  CHECK(scan(*set, ts, url, norm, "https://a.com/login?x\na.com\n") == Ids{"URL-CONTAINS"});
  CHECK(scan(*set, ts, url, norm, "http://a.com\na.com\n") == Ids{"URL-PREFIX"});
  CHECK(scan(*set, ts, url, norm, "a.com/http://\na.com\n").empty());
  CHECK(scan(*set, ts, url, norm, "https://evil.com/x\nevil.com\n") == Ids{"URL-EXACT"});
  CHECK(scan(*set, ts, url, norm, "www.evil.com\nevil.com\n") == Ids{"URL-EXACT"});  // registrable domain line
  CHECK(scan(*set, ts, url, norm, "notevil.com\n").empty());
}

TEST_CASE("each matching entry of a list reports its rule; the verdict names the rule once") {
  TempDir d;
  d.write("w.txt", "alpha\nbeta\ngamma\n");
  d.write("s.yaml", set_file("s", "lists:\n  - {id: W, file: w.txt, field: body, action: tag, description: d}\n"));
  auto set = load(d);
  ThreadScratch ts;
  // An id per entry (SINGLEMATCH per entry): three entries, three reports of W.
  CHECK(scan(*set, ts, Field::body, View::normalized, "alpha beta gamma alpha") == Ids{"W", "W", "W"});

  smsfw::filters::test::EngineFixture fx;
  fx.dir.write("w.txt", "alpha\nbeta\ngamma\n");
  fx.dir.write("s.yaml", set_file("s", "lists:\n  - {id: W, file: w.txt, field: body, action: tag, description: d}\n"));
  fx.load();
  const auto& v = fx.classify("alpha beta gamma alpha");
  CHECK(fx.ids(v.matched) == std::vector<std::string>{"W"});
  CHECK(fx.ids(v.rules) == std::vector<std::string>{"W"});
}

TEST_CASE("regex metacharacters in entries are matched literally") {
  TempDir d;
  d.write("meta.txt",
          "a.b\n"
          "(x)\n"
          "1+1\n"
          "z*\n"
          "back\\slash\n"
          "[abc]\n"
          "^start\n"
          "end$\n"
          "p|q\n"
          "k{2}\n"
          "why?\n"
          "\\d\n");
  d.write("all.txt", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\n");
  d.write("s.yaml", set_file("s", R"(lists:
  - {id: META, file: meta.txt, field: body, view: raw, action: block, description: d}
  - {id: ALL, file: all.txt, field: body, view: raw, match: exact, action: block, description: d}
)"));
  auto set = load(d);
  ThreadScratch ts;
  auto hits = [&](std::string_view text) { return scan(*set, ts, Field::body, View::raw, text); };
  // What the entries would match as regular expressions: nothing here is an entry.
  CHECK(hits("axb x 11 zzz backslash a start end p q kk why 7").empty());
  for (std::string_view text : {"a.b", "(x)", "1+1", "z*", "back\\slash", "[abc]", "^start", "end$", "p|q", "k{2}",
                                "why?", "\\d"})
    CHECK(hits(std::string("say ") + std::string(text) + " now") == Ids{"META"});
  // Every printable ASCII punctuation character, escaped, is itself.
  CHECK(hits("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") == Ids{"ALL"});
  CHECK(hits("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}").empty());
}

TEST_CASE("non-ASCII entries are kept as UTF-8; ASCII entries (compiled without UTF8) match the same") {
  TempDir d;
  d.write("th.txt", "บัญชีถูกระงับ\n");
  d.write("otp.txt", "otp code\n");
  d.write("s.yaml", set_file("s", R"(lists:
  - {id: TH, file: th.txt, field: body, action: block, description: d}
  - {id: OTP, file: otp.txt, field: body, action: tag, description: d}
)"));
  auto set = load(d);
  CHECK_FALSE(find_rule(set->rules(), "TH").list_entries[0].ascii);
  CHECK(find_rule(set->rules(), "OTP").list_entries[0].ascii);
  ThreadScratch ts;
  CHECK(scan(*set, ts, Field::body, View::normalized, "แจ้งเตือน บัญชีถูกระงับ กรุณา") == Ids{"TH"});
  CHECK(scan(*set, ts, Field::body, View::normalized, "บัญชีของคุณ").empty());
  // caseless, and next to Thai letters
  CHECK(scan(*set, ts, Field::body, View::normalized, "รหัสOTP CODEของคุณ") == Ids{"OTP"});
}

TEST_CASE("url domain lists match the host and its subdomains as the classifier renders URLs") {
  smsfw::filters::test::EngineFixture fx;
  fx.dir.write("shorteners.txt", "bit.ly\nt.co\n");
  fx.dir.write("s.yaml", set_file("s", R"(lists:
  - {id: SHORT, file: shorteners.txt, field: url, action: tag, description: d}
)"));
  fx.load();
  auto matched = [&](std::string_view text) { return fx.ids(fx.classify(text).matched); };
  const std::vector<std::string> hit{"SHORT"}, none;
  CHECK(matched("Your parcel: https://bit.ly/3xYzAbc") == hit);
  CHECK(matched("see bit.ly/abc") == hit);
  CHECK(matched("see www.bit.ly/abc") == hit);
  CHECK(matched("see HTTPS://A.B.BIT.LY/x") == hit);
  CHECK(matched("see hxxps://bit[.]ly/abc") == hit);
  CHECK(matched("see https://t.co/x") == hit);
  CHECK(matched("see notbit.ly/abc") == none);
  CHECK(matched("see https://bit.ly.evil.com/x") == none);
  CHECK(matched("see https://evil.com/x.bit.ly") == none);
  CHECK(matched("see https://evil.com/?u=bit.ly") == none);
  CHECK(matched("see microsoft.co/x") == none);
}

TEST_CASE("ASCII entries compiled without UTF8 still meet the Kelvin sign and long s, through NFKC") {
  smsfw::filters::test::EngineFixture fx;
  fx.dir.write("w.txt", "kbank\nsuspended\n");
  fx.dir.write("s.yaml", set_file("s", "lists:\n  - {id: W, file: w.txt, field: body, action: block, description: d}\n"));
  fx.load();
  const std::vector<std::string> hit{"W"};
  CHECK(fx.ids(fx.classify("Your \u212ABANK account", 8).matched) == hit);  // KELVIN SIGN
  CHECK(fx.ids(fx.classify("account suspended", 8).matched) == hit);
  CHECK(fx.ids(fx.classify("account \u017Fu\u017Fpended", 8).matched) == hit);  // LATIN SMALL LETTER LONG S
}

TEST_CASE("list rules sit in rule order with pattern rules: rules and lists in file order") {
  TempDir d;
  d.write("l.txt", "x\n");
  d.write("a.yaml", set_file("a", R"(lists:
  - {id: A-LIST, file: l.txt, field: body, action: block, description: d}
rules:
  - {id: A-RULE, pattern: y, action: block, description: d}
)"));
  d.write("b.yaml", set_file("b", R"(rules:
  - {id: B-RULE, pattern: y, action: block, description: d}
lists:
  - {id: B-LIST, file: l.txt, field: body, action: block, description: d}
)"));
  d.write("c.yaml", set_file("c", "lists: []\n"));
  auto set = load(d);
  std::vector<std::string> ids;
  for (const Rule& r : set->rules()) ids.push_back(r.id);
  CHECK(ids == std::vector<std::string>{"A-LIST", "A-RULE", "B-RULE", "B-LIST"});
  CHECK(set->versions() == "a@1 b@1 c@1");
}

TEST_CASE("list files may be in a subdirectory") {
  TempDir d;
  d.write("lists/senders.txt", "VERIFY\n");
  d.write("s.yaml", set_file("s", "lists:\n  - {id: G, file: lists/senders.txt, field: sender, action: monitor, description: d}\n"));
  auto set = load(d);
  CHECK(find_rule(set->rules(), "G").list_file.file == d.file("lists/senders.txt"));
}

TEST_CASE("list examples are checked through the classifier like rule examples") {
  TempDir d;
  d.write("hosts.txt", "bit.ly\n");
  d.write("senders.txt", "verify\n");
  d.write("s.yaml", set_file("s", R"(lists:
  - {id: URL-OK, file: hosts.txt, field: url, action: tag, description: d, example: "see https://www.bit.ly/x"}
  - {id: SENDER-OK, file: senders.txt, field: sender, action: monitor, description: d, example: "VERIFY"}
  - id: URL-WRONG
    file: hosts.txt
    field: url
    action: tag
    description: d
    example: "see https://notbit.ly/x"
)"));
  PatternSet::Source src;
  Errors errors;
  REQUIRE(load_pattern_source(d.path(), src, errors));
  const ExampleCheck r = check_examples(src);
  CHECK(r.checked == 3);
  CHECK(r.errors == Errors{d.file("s.yaml") + ":6: rule URL-WRONG: example does not match (field url, view normalized)"});
}

TEST_CASE("bad entries are reported as LISTFILE:LINE: list ID, every one") {
  TempDir d;
  d.write("words.txt", "ok\nbad\xff utf8\ntab\tinside\nnul\x01\n# fine\nc1 \xC2\x85 control\nover\xC0\xAFlong\n");
  d.write("hosts.txt",
          "bit.ly\n"
          "bit_ly.com\n"
          "*.bit.ly\n"
          "https://bit.ly/\n"
          ".bit.ly\n"
          "bit.ly.\n"
          "bit..ly\n"
          "ไทย.com\n"
          "xn--o3cw4h.com\n");
  d.write("s.yaml", set_file("s", R"(lists:
  - {id: WORDS, file: words.txt, field: body, action: block, description: d}
  - {id: HOSTS, file: hosts.txt, field: url, action: block, description: d}
)"));
  const std::string w = d.file("words.txt"), h = d.file("hosts.txt");
  CHECK(errors_of(d) ==
        Errors{
            w + ":2: list WORDS: invalid UTF-8",
            w + ":3: list WORDS: control character U+0009 in the entry",
            w + ":4: list WORDS: control character U+0001 in the entry",
            w + ":6: list WORDS: control character U+0085 in the entry",
            w + ":7: list WORDS: invalid UTF-8",
            h + ":2: list HOSTS: 'bit_ly.com' is not a host name (letters, digits, '-' and '.'; no scheme, port or path)",
            h + ":3: list HOSTS: '*.bit.ly': a domain entry matches its subdomains already; write it without '*.'",
            h + ":4: list HOSTS: 'https://bit.ly/' is not a host name (letters, digits, '-' and '.'; no scheme, port "
                "or path)",
            h + ":5: list HOSTS: '.bit.ly' is not a host name (empty label: leading, trailing or double '.')",
            h + ":6: list HOSTS: 'bit.ly.' is not a host name (empty label: leading, trailing or double '.')",
            h + ":7: list HOSTS: 'bit..ly' is not a host name (empty label: leading, trailing or double '.')",
            h + ":8: list HOSTS: 'ไทย.com' is not an ASCII host name: write an internationalized domain in its "
                "punycode form (xn--...), as the url field holds it",
        });
}

TEST_CASE("a list with many bad entries shows the first 20 and counts the rest") {
  TempDir d;
  std::string lines;
  for (int i = 0; i < 25; ++i) lines += "bad\x01\n";
  d.write("w.txt", lines);
  d.write("s.yaml", set_file("s", "lists:\n  - {id: W, file: w.txt, field: body, action: block, description: d}\n"));
  const Errors e = errors_of(d);
  REQUIRE(e.size() == 21);
  CHECK(e[19] == d.file("w.txt") + ":20: list W: control character U+0001 in the entry");
  CHECK(e[20] == d.file("w.txt") + ":21: list W: 5 more bad entries from this line on (not shown)");
}

TEST_CASE("list file names: missing, absolute, '..', YAML, empty list") {
  TempDir d;
  d.write("empty.txt", "# only a comment\n\n   \n");
  d.write("lists/list.yml", "a\n");  // in a subdirectory, which the loader does not read as YAML
  d.write("s.yaml", set_file("s", R"(lists:
  - {id: MISSING, file: nope.txt, field: body, action: block, description: d}
  - {id: ABSOLUTE, file: /etc/hostname, field: body, action: block, description: d}
  - {id: UP, file: ../secrets.txt, field: body, action: block, description: d}
  - {id: UP-INSIDE, file: lists/../../x.txt, field: body, action: block, description: d}
  - {id: YAML, file: lists/list.yml, field: body, action: block, description: d}
  - {id: EMPTY, file: empty.txt, field: body, action: block, description: d}
  - {id: DIR, file: ., field: body, action: block, description: d}
)"));
  const std::string f = d.file("s.yaml");
  const Errors e = errors_of(d);
  REQUIRE(e.size() == 7);
  CHECK(e[0] == f + ":4: rule MISSING: cannot read the list file " + d.file("nope.txt") + ": No such file or directory");
  CHECK(e[1] == f + ":5: rule ABSOLUTE: 'file' must be relative to the pattern directory (got '/etc/hostname')");
  CHECK(e[2] == f + ":6: rule UP: 'file' must not contain a '..' component (got '../secrets.txt')");
  CHECK(e[3] == f + ":7: rule UP-INSIDE: 'file' must not contain a '..' component (got 'lists/../../x.txt')");
  CHECK(e[4] == f + ":8: rule YAML: a list file must not end in .yaml or .yml (got 'lists/list.yml')");
  CHECK(e[5] == f + ":9: rule EMPTY: the list file " + d.file("empty.txt") +
                    " has no entries (only blank and comment lines)");
  CHECK(e[6] == f + ":10: rule DIR: cannot read the list file " + d.file(".") + ": not a regular file");
}

TEST_CASE("list keys: required, unknown, match per field, ids shared with rules") {
  TempDir d;
  d.write("l.txt", "x\n");
  d.write("a.yaml", set_file("a", R"(rules:
  - {id: SAME, pattern: x, action: block, description: d}
)"));
  d.write("b.yaml", set_file("b", R"(lists:
  - {id: SAME, file: l.txt, field: body, action: block, description: d}
  - {id: NO-FIELD, file: l.txt, action: block, description: d}
  - {id: NO-FILE, field: body, action: block, description: d}
  - {id: PATTERN, file: l.txt, field: body, pattern: x, flags: [caseless], action: block, description: d}
  - {id: DOMAIN-BODY, file: l.txt, field: body, match: domain, action: block, description: d}
  - {id: BAD-MATCH, file: l.txt, field: url, match: regex, action: block, description: d}
  - {id: SQUEEZED-URL, file: l.txt, field: url, view: squeezed, action: block, description: d}
  - {id: TON-BODY, file: l.txt, field: body, ton: [5], action: block, description: d}
  - {id: SENDER-LOOKALIKE, file: l.txt, field: sender, action: block, description: d}
  - just a string
)"));
  d.write("c.yaml", "set: c\nversion: 1\nlists: {a: 1}\n");
  d.write("d.yaml", "set: d\nversion: 1\n");
  const std::string a = d.file("a.yaml"), b = d.file("b.yaml"), c = d.file("c.yaml"), dd = d.file("d.yaml");
  CHECK(errors_of(d) ==
        Errors{
            b + ":4: rule SAME: duplicate rule id (first defined at " + a + ":4)",
            b + ":5: rule NO-FIELD: missing required key 'field'",
            b + ":6: rule NO-FILE: missing required key 'file'",
            b + ":7: rule PATTERN: unknown key 'pattern'",
            b + ":7: rule PATTERN: unknown key 'flags'",
            b + ":8: rule DOMAIN-BODY: match domain is only available for field url",
            b + ":9: rule BAD-MATCH: 'match' must be one of exact, prefix, contains, domain (got 'regex')",
            b + ":10: rule SQUEEZED-URL: view squeezed is not available for field url",
            b + ":11: rule TON-BODY: 'ton' is only allowed with field sender or destination",
            b + ":12: rule SENDER-LOOKALIKE: the id is reserved for the sender registry's own rules",
            b + ":13: each list must be a mapping",
            c + ":3: 'lists' must be a sequence",
            dd + ":1: missing required key 'rules' (or 'lists')",
        });
}

TEST_CASE("PatternSet::check refuses malformed list rules of hand-built sources") {
  PatternSet::Source src;
  src.sets.push_back({"s", "1", {"s.yaml", 1}});
  Rule with_pattern;
  with_pattern.id = "WITH-PATTERN";
  with_pattern.pattern = "x";
  with_pattern.list_entries.push_back({"y", 1});
  with_pattern.where = {"s.yaml", 2};
  Rule no_entries;
  no_entries.id = "NO-ENTRIES";
  no_entries.list_file = {"l.txt", 0};
  no_entries.where = {"s.yaml", 3};
  Rule bad_first;
  bad_first.id = "BAD-FIRST";
  bad_first.list_entries.push_back({"(", 1});
  bad_first.where = {"s.yaml", 4};
  src.rules = {with_pattern, no_entries, bad_first};
  Errors errors;
  CHECK_FALSE(PatternSet::check(src, errors));
  REQUIRE(errors.size() == 3);
  CHECK(errors[0] == "s.yaml:2: rule WITH-PATTERN: a list rule has no pattern (its entries are its expressions)");
  CHECK(errors[1] == "s.yaml:3: rule NO-ENTRIES: list without entries");
  CHECK(errors[2].rfind("s.yaml:4: rule BAD-FIRST: ", 0) == 0);
}

TEST_CASE("the hash covers list files: their content and their names") {
  TempDir d;
  d.write("l.txt", "bit.ly\n");
  d.write("s.yaml", set_file("s", "lists:\n  - {id: L, file: l.txt, field: url, action: tag, description: d}\n"));
  PatternSet::Source s1, s2, s3, s4;
  Errors errors;
  REQUIRE(load_pattern_source(d.path(), s1, errors));
  REQUIRE(load_pattern_source(d.path(), s2, errors));
  CHECK(s1.hash == s2.hash);

  d.write("l.txt", "bit.ly\n# a comment\n");  // the YAML file is unchanged
  REQUIRE(load_pattern_source(d.path(), s3, errors));
  CHECK(s3.hash != s1.hash);

  // Back to the first content: the first hash. A text file no set references is not part of it.
  d.write("l.txt", "bit.ly\n");
  d.write("unused.txt", "whatever\n");
  REQUIRE(load_pattern_source(d.path(), s4, errors));
  CHECK(s4.hash == s1.hash);
  CHECK(errors.empty());
}
