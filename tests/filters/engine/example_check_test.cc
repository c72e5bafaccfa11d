// Every rule's example is judged like a message and must be matched by its own rule.

#include "engine/example_check.h"
#include "engine_fixture.h"
#include "patterns/pattern_loader.h"

namespace {

smsfw::filters::ExampleCheck check_dir(const smsfw::test::PatternDir& d) {
  smsfw::filters::PatternSet::Source source;
  std::vector<std::string> errors;
  REQUIRE(smsfw::filters::load_pattern_source(d.path(), source, errors));
  return smsfw::filters::check_examples(source);
}

}  // namespace

TEST_CASE("examples that match their rule in every field and view pass") {
  smsfw::test::PatternDir d;
  d.write("a.yaml", R"(set: a
version: "1"
rules:
  - {id: BODY, pattern: 'verify your account', action: block, description: d, example: "Please VERIFY your account"}
  - {id: SQZ, view: squeezed, pattern: 'kbank', action: tag, description: d, example: "k.b.a.n.k"}
  - {id: RAW, view: raw, pattern: 'OTP', action: monitor, description: d, example: "Your OTP"}
  - {id: THAI, pattern: 'ยืนยันตัวตน', action: block, description: d, example: "กรุณายืนยัน\u200bตัวตน"}
  - {id: URL, field: url, pattern: '^bit\.ly$', action: tag, description: d, example: "see bit.ly/x"}
  - {id: SND, field: sender, view: raw, pattern: '^BANK$', ton: [5], action: tag, description: d, example: "BANK"}
  - {id: DST, field: destination, pattern: '^1900', action: block, description: d, example: "1900123"}
  - {id: NOEX, pattern: 'x', action: allow, description: d}
)");
  // An account that does not use the set must not hide a rule from the check.
  d.write("accounts.yaml", "accounts:\n  default: {sets: []}\n");
  const auto r = check_dir(d);
  CHECK(r.errors.empty());
  CHECK(r.checked == 7);
}

TEST_CASE("an example its rule does not match is an error naming file, line and rule") {
  smsfw::test::PatternDir d;
  d.write("a.yaml", R"(set: a
version: "1"
rules:
  - id: GOOD
    pattern: 'parcel'
    action: block
    description: d
    example: "your parcel"
  - id: WRONG
    view: raw
    pattern: 'Parcel'
    action: block
    description: d
    example: "your parcel"
)");
  const auto r = check_dir(d);
  CHECK(r.checked == 2);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == (d.path() / "a.yaml").string() + ":9: rule WRONG: example does not match (field body, view raw)");
}
