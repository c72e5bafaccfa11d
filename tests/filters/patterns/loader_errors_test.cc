// The pattern loader on broken directories: every error is reported, each as
// "FILE:LINE: rule ID: message" (or "FILE:LINE: message" outside a rule), and nothing is compiled.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "patterns/pattern_loader.h"
#include "temp_dir.h"

using namespace smsfw::filters;
using smsfw::filters::test::TempDir;

namespace {

std::vector<std::string> errors_of(const TempDir& d) {
  LoadResult r = load_pattern_directory(d.path());
  CHECK_FALSE(r.set);
  return r.errors;
}

using Errors = std::vector<std::string>;

}  // namespace

TEST_CASE("every rule error of a file is reported at once") {
  TempDir d;
  d.write("rules.yaml", R"(set: s
version: 1
rules:
  - id: R-1
    pattern: 'a'
    action: drop
    description: x
    foo: 1
  - id: R-2
    field: url
    view: squeezed
    pattern: 'b'
    action: block
    description: y
  - id: R-3
    pattern: 'c'
    action: tag
    description: z
    ton: [5]
  - id: R-4
    pattern: ''
    description: ''
    flags: [caseless, fast]
  - id: R-5
    field: sender
    pattern: x
    action: block
    description: d
    ton: [7]
    status: 0
    tag: {mark: banner, tlv_tag: 0x0200, relabel_to: "This is far too long", prefix: "123456789012345678901"}
  - pattern: y
    action: block
    description: no id
  - just a string
  - id: R-6
    pattern: '(unclosed'
    action: block
    description: bad
  - id: R-7
    pattern: fine
    action: block
    description: good
)");
  const std::string f = d.file("rules.yaml");
  CHECK(errors_of(d) ==
        Errors{
            f + ":8: rule R-1: unknown key 'foo'",
            f + ":6: rule R-1: 'action' must be one of allow, monitor, tag, block (got 'drop')",
            f + ":11: rule R-2: view squeezed is not available for field url",
            f + ":19: rule R-3: 'ton' is only allowed with field sender or destination",
            f + ":21: rule R-4: 'pattern' must be a non-empty string",
            f + ":23: rule R-4: unknown flag 'fast' (expected caseless, dotall, multiline, utf8 or ucp)",
            f + ":20: rule R-4: missing required key 'action'",
            f + ":22: rule R-4: 'description' must be a non-empty string",
            f + ":30: rule R-5: 'status' must be a number between 0x1 and 0xFFFFFFFF (got '0')",
            f + ":31: rule R-5: 'mark' must be one of sender, prefix, tlv (got 'banner')",
            f + ":31: rule R-5: 'prefix' must be 1 to 20 characters",
            f + ":31: rule R-5: 'relabel_to' must be 1 to 11 characters of A-Z a-z 0-9 space . - _ & "
                "(got 'This is far too long')",
            f + ":31: rule R-5: 'tlv_tag' must be a number between 0x1400 and 0x3FFF (got '0x0200')",
            f + ":29: rule R-5: 'ton' must be a number between 0 and 6 (got '7')",
            f + ":32: missing required key 'id'",
            f + ":35: each rule must be a mapping",
            // Hyperscan's verdict on the rules that were read comes after the YAML errors.
            f + ":36: rule R-6: Missing close parenthesis for group started at index 0.",
        });
}

TEST_CASE("set header errors") {
  TempDir d;
  d.write("s.yaml", R"(set: "bad name"
status: 0x100000000
tag: [x]
rules: {}
extra: 1
)");
  const std::string f = d.file("s.yaml");
  CHECK(errors_of(d) == Errors{
                            f + ":5: unknown key 'extra'",
                            f + ":1: invalid set name 'bad name': use 1 to 64 characters of A-Z a-z 0-9 . _ -",
                            f + ":1: missing required key 'version'",
                            f + ":2: 'status' must be a number between 0x1 and 0xFFFFFFFF (got '0x100000000')",
                            f + ":3: 'tag' must be a mapping",
                            f + ":4: 'rules' must be a sequence",
                        });
}

TEST_CASE("missing set name, version with spaces and missing rules") {
  TempDir d;
  d.write("s.yaml", "# a comment first\nversion: 1 2\n");
  const std::string f = d.file("s.yaml");
  CHECK(errors_of(d) == Errors{
                            f + ":2: missing required key 'set'",
                            f + ":2: 'version' must not contain spaces",
                            f + ":2: missing required key 'rules' (or 'lists')",
                        });
}

TEST_CASE("duplicate set names and rule ids across files name both places") {
  TempDir d;
  d.write("a.yaml", "set: s1\nversion: 1\nrules:\n  - {id: DUP-1, pattern: a, action: block, description: d}\n");
  d.write("b.yaml",
          "set: s1\nversion: 2\nrules:\n  - id: OK-1\n    pattern: b\n    action: block\n    description: d\n"
          "  - {id: DUP-1, pattern: c, action: block, description: d}\n");
  const std::string a = d.file("a.yaml"), b = d.file("b.yaml");
  CHECK(errors_of(d) == Errors{
                            b + ":1: duplicate set 's1' (first defined at " + a + ":1)",
                            b + ":8: rule DUP-1: duplicate rule id (first defined at " + a + ":4)",
                        });
}

TEST_CASE("synthetic sender registry ids are reserved") {
  TempDir d;
  d.write("a.yaml", "set: s\nversion: 1\nrules:\n  - {id: SENDER-LOOKALIKE, pattern: a, action: block, description: d}\n");
  CHECK(errors_of(d) ==
        Errors{d.file("a.yaml") + ":4: rule SENDER-LOOKALIKE: the id is reserved for the sender registry's own rules"});
}

TEST_CASE("invalid rule ids") {
  TempDir d;
  d.write("a.yaml", "set: s\nversion: 1\nrules:\n  - {id: 'A,B', pattern: a, action: block, description: d}\n");
  CHECK(errors_of(d) ==
        Errors{d.file("a.yaml") + ":4: invalid rule id 'A,B': use 1 to 64 characters of A-Z a-z 0-9 . _ -"});
}

TEST_CASE("url rules refuse view squeezed and body rules refuse ton") {
  TempDir d;
  d.write("a.yaml", R"(set: s
version: 1
rules:
  - {id: U, field: url, view: squeezed, pattern: a, action: block, description: d}
  - {id: B, field: body, pattern: a, action: block, description: d, ton: [1]}
  - {id: L, field: url, pattern: a, action: block, description: d, ton: [1]}
  - {id: S, field: sender, pattern: a, action: block, description: d, ton: [1]}
  - {id: D, field: destination, pattern: a, action: block, description: d, ton: [1, 2]}
)");
  const std::string f = d.file("a.yaml");
  CHECK(errors_of(d) == Errors{
                            f + ":4: rule U: view squeezed is not available for field url",
                            f + ":5: rule B: 'ton' is only allowed with field sender or destination",
                            f + ":6: rule L: 'ton' is only allowed with field sender or destination",
                        });
}

TEST_CASE("raw rules refuse utf8 and ucp flags except on url") {
  TempDir d;
  d.write("a.yaml", R"(set: s
version: 1
rules:
  - {id: R1, view: raw, pattern: a, flags: [utf8], action: block, description: d}
  - {id: R2, view: raw, pattern: a, flags: [caseless, ucp], action: block, description: d}
  - {id: R3, field: url, view: raw, pattern: a, flags: [utf8], action: block, description: d}
  - {id: R4, view: raw, pattern: a, flags: [caseless, dotall, multiline], action: block, description: d}
)");
  const std::string f = d.file("a.yaml");
  const std::string m = ": flags utf8 and ucp are not allowed with view raw (byte semantics; use view normalized)";
  CHECK(errors_of(d) == Errors{f + ":4: rule R1" + m, f + ":5: rule R2" + m});
}

TEST_CASE("wrong types are errors") {
  TempDir d;
  d.write("a.yaml", R"(set: [s]
version: {a: 1}
rules:
  - id: [X]
    field: sender
    pattern: {p: 1}
    flags: caseless
    action: [block]
    description: d
    example: [e]
    ton: 5
  - id: T
    field: destination
    pattern: 'a'
    action: block
    description: d
    ton: [x, -1, 6]
  - id: NUL
    pattern: "a\0b"
    action: block
    description: d
    status: -5
  - id: E
    pattern: 'a'
    action: block
    description: d
    example: ''
    tag: {mark: prefix, prefix: ''}
)");
  const std::string f = d.file("a.yaml");
  CHECK(errors_of(d) == Errors{
                            f + ":1: 'set' must be a non-empty string",
                            f + ":2: 'version' must be a non-empty string",
                            f + ":4: 'id' must be a non-empty string",
                            f + ":6: 'pattern' must be a non-empty string",
                            f + ":7: 'flags' must be a sequence",
                            f + ":8: 'action' must be a non-empty string",
                            f + ":10: 'example' must be a string",
                            f + ":11: 'ton' must be a sequence",
                            f + ":17: rule T: 'ton' must be a number between 0 and 6 (got 'x')",
                            f + ":17: rule T: 'ton' must be a number between 0 and 6 (got '-1')",
                            f + ":19: rule NUL: 'pattern' must not contain a NUL character (write \\x00)",
                            f + ":22: rule NUL: 'status' must be a number between 0x1 and 0xFFFFFFFF (got '-5')",
                            f + ":28: rule E: 'prefix' must be a non-empty string",
                        });
}

TEST_CASE("YAML syntax errors name the file and line") {
  TempDir d;
  d.write("a.yaml", "set: s\nversion: 1\nrules: [\n  {id: X\n");
  d.write("b.yaml", "set: t\nversion: 1\nrules:\n  - {id: B, pattern: '(', action: block, description: d}\n");
  const auto e = errors_of(d);
  REQUIRE(e.size() == 2);
  CHECK(e[0].rfind(d.file("a.yaml") + ":", 0) == 0);
  CHECK(e[0].find(": invalid YAML: ") != std::string::npos);
  // The other file is still read and checked.
  CHECK(e[1].rfind(d.file("b.yaml") + ":4: rule B: ", 0) == 0);
}

TEST_CASE("a document starting with a flow entry is an error (no endless parse)") {
  // yaml-cpp 0.7's LoadAll loops forever, allocating, on such a document (tests/fuzz found it).
  TempDir d;
  d.write("a.yaml", ",");
  d.write("b.yaml", "set: s\nversion: 1\nrules: []\n---\n, x\n");
  d.write("c.yaml", "set: t\nversion: 1\nrules: []\n");
  const auto e = errors_of(d);
  REQUIRE(e.size() == 2);
  CHECK(e[0] == d.file("a.yaml") + ":1: invalid YAML: a document starts with a flow entry (',')");
  CHECK(e[1] == d.file("b.yaml") + ":5: invalid YAML: a document starts with a flow entry (',')");
}

TEST_CASE("file-level errors") {
  TempDir d;
  d.write("1-two-kinds.yaml", "set: x\nversion: 1\nrules: []\naccounts: {}\n");
  d.write("2-unknown.yaml", "foo: 1\n");
  d.write("3-empty.yaml", "# nothing\n");
  d.write("4-list.yaml", "- a\n- b\n");
  d.write("5-two-docs.yaml", "set: y\nversion: 1\nrules: []\n---\nset: z\nversion: 1\nrules: []\n");
  CHECK(errors_of(d) == Errors{
                            d.file("1-two-kinds.yaml") + ":1: a file holds exactly one of set:, sender_registry:, accounts: or campaign:",
                            d.file("2-unknown.yaml") + ":1: unknown key 'foo'",
                            d.file("2-unknown.yaml") + ":1: expected set:, sender_registry:, accounts: or campaign:",
                            d.file("3-empty.yaml") + ":1: empty file (expected set:, sender_registry:, accounts: or campaign:)",
                            d.file("4-list.yaml") + ":1: the file must be a mapping with set:, sender_registry:, accounts: or campaign:",
                            d.file("5-two-docs.yaml") + ":5: a file holds one YAML document (found 2)",
                        });
}

TEST_CASE("sender registry errors") {
  TempDir d;
  d.write("r.yaml", R"(sender_registry:
  unauthorized: maybe
  relabel_to: "Bad/Label"
  format: {action: block, max_length: 30, allowed: "ก"}
  generic: {senders: INFO}
  senders:
    - id: KBANK
      accounts: [a]
    - id: KBANK
      accounts: a
    - accounts: [b]
    - id: X
      colour: red
      accounts: [c]
  colour: blue
)");
  const std::string f = d.file("r.yaml");
  CHECK(errors_of(d) ==
        Errors{
            f + ":15: unknown key 'colour'",
            f + ":2: 'unauthorized' must be one of allow, monitor, tag, block (got 'maybe')",
            f + ":3: 'relabel_to' must be 1 to 11 characters of A-Z a-z 0-9 space . - _ & (got 'Bad/Label')",
            f + ":4: 'max_length' must be a number between 1 and 20 (got '30')",
            f + ":4: 'allowed' must be printable ASCII characters and ranges such as A-Z",
            f + ":5: 'senders' must be a sequence",
            f + ":9: duplicate sender 'KBANK' (first at line 7)",
            f + ":10: 'accounts' must be a sequence",
            f + ":11: missing required key 'id'",
            f + ":13: unknown key 'colour'",
        });
}

TEST_CASE("at most one sender registry and one accounts document") {
  TempDir d;
  d.write("a.yaml", "sender_registry: {}\n");
  d.write("b.yaml", "# second\nsender_registry: {}\n");
  d.write("c.yaml", "accounts: {}\n");
  d.write("d.yaml", "accounts: {}\n");
  CHECK(errors_of(d) == Errors{
                            d.file("b.yaml") + ":2: a second sender_registry document (the first is at " +
                                d.file("a.yaml") + ":1)",
                            d.file("d.yaml") + ":1: a second accounts document (the first is at " +
                                d.file("c.yaml") + ":1)",
                        });
}

TEST_CASE("account errors, including unknown set names") {
  TempDir d;
  d.write("acc.yaml", R"(accounts:
  default: {mode: strict, sets: [nope, s], scan_mo: yes, block_status: 0}
  a: {colour: red, latin1: utf8, data_coding_0: ucs2, on_error: never, sender_registry: 1}
  b: [1]
  a: {}
)");
  d.write("s.yaml", "set: s\nversion: 1\nrules: []\n");
  const std::string f = d.file("acc.yaml");
  CHECK(errors_of(d) ==
        Errors{
            f + ":2: 'mode' must be one of enforce, monitor (got 'strict')",
            f + ":2: 'scan_mo' must be true or false",
            f + ":2: 'block_status' must be a number between 0x1 and 0xFFFFFFFF (got '0')",
            f + ":3: unknown key 'colour'",
            f + ":3: 'on_error' must be one of open, closed (got 'never')",
            f + ":3: 'data_coding_0' must be one of gsm7, gsm7-packed, latin1, ascii (got 'ucs2')",
            f + ":3: 'latin1' must be one of iso-8859-1, cp1252 (got 'utf8')",
            f + ":3: 'sender_registry' must be true or false",
            f + ":4: account 'b' must be a mapping",
            f + ":5: duplicate account 'a' (first at line 3)",
            f + ":2: account default: unknown set 'nope'",
        });
}

TEST_CASE("Hyperscan errors name every failing rule with the view's flags") {
  TempDir d;
  d.write("a.yaml", R"(set: s
version: 1
rules:
  - {id: PAREN, pattern: '(abc', action: block, description: d}
  - {id: EMPTY, field: sender, view: raw, pattern: 'a*', action: block, description: d}
  - {id: WORD-NORM, pattern: '\bfoo', flags: [ucp], action: block, description: d}
  - {id: WORD-RAW, view: raw, pattern: '\bfoo', action: block, description: d}
  - {id: LOOKBEHIND, field: url, pattern: '(?<=a)b', action: block, description: d}
)");
  const std::string f = d.file("a.yaml");
  CHECK(errors_of(d) ==
        Errors{
            f + ":4: rule PAREN: Missing close parenthesis for group started at index 0.",
            f + ":5: rule EMPTY: Pattern matches empty buffer; use HS_FLAG_ALLOWEMPTY to enable support.",
            // \b is refused only when a rule asks for UCP
            f + ":6: rule WORD-NORM: \\b unsupported in UCP mode at index 0.",
            f + ":8: rule LOOKBEHIND: Zero-width assertions are not supported.",
        });
}
