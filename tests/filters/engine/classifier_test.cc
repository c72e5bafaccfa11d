// The classifier end to end below the proxy: text extraction and decoding, the views, every
// field, the sender registry, the decision and the account policy.

#include "engine_fixture.h"

using smsfw::filters::Action;
using smsfw::filters::Direction;
using smsfw::filters::test::EngineFixture;
using Ids = std::vector<std::string>;

namespace {

constexpr const char* kBodyRules = R"(set: body-test
version: "1"
rules:
  - id: VERIFY-NORM
    pattern: 'verify\s+your\s+account'
    action: block
    description: normalized view, typed in lower case
  - id: KBANK-RAW
    view: raw
    pattern: 'KBank'
    action: monitor
    description: raw view is case-sensitive
  - id: PARCEL-SQUEEZED
    view: squeezed
    pattern: 'parcelheld'
    action: tag
    description: squeezed view joins spaced letters
  - id: THAI-VERIFY
    pattern: 'ยืนยันตัวตน'
    action: block
    description: Thai typed as people write it
  - id: THAI-SARA-AM
    pattern: 'สำนักงาน'
    action: monitor
    description: SARA AM must survive normalisation
  - id: EURO
    view: raw
    pattern: '€\{5\}'
    action: monitor
    description: GSM extension characters decoded
)";

}  // namespace

TEST_CASE("plain GSM text matches the normalized view whatever its case") {
  EngineFixture f;
  f.dir.write("body.yaml", kBodyRules);
  f.load();
  const auto& v = f.classify("Please VERIFY your Account today");
  CHECK(v.judged);
  CHECK(v.action == Action::block);
  CHECK(EngineFixture::ids(v.rules) == Ids{"VERIFY-NORM"});
  CHECK(v.block_status == 0x45);
  CHECK(v.text == "Please VERIFY your Account today");
}

TEST_CASE("the raw view is case-sensitive and sees the text as decoded") {
  EngineFixture f;
  f.dir.write("body.yaml", kBodyRules);
  f.load();
  CHECK(EngineFixture::ids(f.classify("Your KBank card").matched) == Ids{"KBANK-RAW"});
  CHECK(f.classify("Your kbank card").matched.empty());
  CHECK(EngineFixture::ids(f.classify("pay €{5} now").matched) == Ids{"EURO"});
}

TEST_CASE("obfuscation is seen through: zero-width, homoglyphs, full-width") {
  EngineFixture f;
  f.dir.write("body.yaml", kBodyRules);
  f.load();
  // Zero-width space and joiner inside words, Cyrillic е and о, full-width letters: UCS-2.
  CHECK(f.classify("ver\u200Bify your acc\u200Dount", 8).action == Action::block);
  CHECK(f.classify("v\u0435rify your acc\u043Eunt", 8).action == Action::block);
  CHECK(f.classify("\uFF56\uFF45\uFF52\uFF49\uFF46\uFF59 your account", 8).action == Action::block);
  CHECK(f.classify("VERIFY\u00A0YOUR\u00A0ACCOUNT", 8).action == Action::block);
}

TEST_CASE("the squeezed view joins spaced and dotted letters") {
  EngineFixture f;
  f.dir.write("body.yaml", kBodyRules);
  f.load();
  CHECK(EngineFixture::ids(f.classify("your p.a.r.c.e.l h-e-l-d at depot").rules) == Ids{"PARCEL-SQUEEZED"});
  CHECK(f.classify("your p a r c e l h e l d").action == Action::tag);
  CHECK(f.classify("your parcel was delivered").matched.empty());
}

TEST_CASE("Thai in UCS-2 comes through intact, with SARA AM and ZWSP") {
  EngineFixture f;
  f.dir.write("body.yaml", kBodyRules);
  f.load();
  const auto& v = f.classify("กรุณา\u200Bยืนยันตัวตน\u200Bด่วน", 8);
  CHECK(v.action == Action::block);
  CHECK(EngineFixture::ids(v.rules) == Ids{"THAI-VERIFY"});
  CHECK(EngineFixture::ids(f.classify("ติดต่อสำนักงานเขต", 8).matched) == Ids{"THAI-SARA-AM"});
  // The evasive spelling NIKHAHIT + SARA AA is canonicalised to SARA AM.
  CHECK(EngineFixture::ids(f.classify("ติดต่อส\u0E4D\u0E32นักงาน", 8).matched) == Ids{"THAI-SARA-AM"});
}

TEST_CASE("the UDH is stripped and concatenation read, SAR used without a UDH") {
  EngineFixture f;
  f.dir.write("body.yaml", kBodyRules);
  f.load();
  std::vector<std::uint8_t> b = {0x05, 0x00, 0x03, 0x2A, 0x02, 0x01};  // 8-bit concat ref 42, part 1 of 2
  smsfw::filters::text::encode_gsm7_unpacked("verify your account", b);
  const auto& v = f.classify_bytes(b, 0, "66812345678", "esme-a", 0x40);
  CHECK(v.action == Action::block);
  CHECK(v.udh_length == 6);
  REQUIRE(v.concat);
  CHECK(v.concat->reference == 42);
  CHECK(v.concat->total == 2);
  CHECK(v.text == "verify your account");

  f.sar = smsfw::filters::message::ConcatInfo{7, 3, 2, smsfw::filters::message::ConcatSource::sar};
  const auto& s = f.classify("hello");
  REQUIRE(s.concat);
  CHECK(s.concat->source == smsfw::filters::message::ConcatSource::sar);
  CHECK(s.concat->sequence == 2);
}

TEST_CASE("a malformed UDH is counted and the body still judged as text") {
  EngineFixture f;
  f.dir.write("body.yaml", kBodyRules);
  f.load();
  std::vector<std::uint8_t> b = {0x7F};  // UDHL past the end
  smsfw::filters::text::encode_gsm7_unpacked("verify your account", b);
  const auto& v = f.classify_bytes(b, 0, "66812345678", "esme-a", 0x40);
  CHECK(v.udh_error);
  CHECK(v.action == Action::block);
}

TEST_CASE("broken UCS-2 is matched best effort and counted") {
  EngineFixture f;
  f.dir.write("body.yaml", kBodyRules);
  f.load();
  std::vector<std::uint8_t> b;
  smsfw::filters::text::encode_utf16be("verify your account", b);
  b.push_back(0xD8);  // a lone high surrogate, cut in half
  const auto& v = f.classify_bytes(b, 8);
  CHECK(v.invalid_units > 0);
  CHECK(v.action == Action::block);
}

TEST_CASE("binary bodies are not decoded, but raw rules see their octets") {
  EngineFixture f;
  f.dir.write("bin.yaml", R"(set: bin
version: "1"
rules:
  - id: BIN-RAW
    view: raw
    pattern: '\x01\x02\xFF'
    action: block
    description: raw octets of a binary body
  - id: NORM
    pattern: 'abc'
    action: block
    description: never on binary
)");
  f.load();
  const std::vector<std::uint8_t> bin = {0x00, 0x01, 0x02, 0xFF, 0x10};
  const auto& v = f.classify_bytes(bin, 0x04);
  CHECK(v.decode_status == smsfw::filters::text::DecodeStatus::not_text);
  CHECK(EngineFixture::ids(v.rules) == Ids{"BIN-RAW"});
  const std::vector<std::uint8_t> abc = {'a', 'b', 'c'};
  CHECK(f.classify_bytes(abc, 0x04).matched.empty());
}

TEST_CASE("data_coding 0 follows the account's setting") {
  EngineFixture f;
  f.dir.write("body.yaml", kBodyRules);
  f.dir.write("accounts.yaml", R"(accounts:
  latin-esme: {data_coding_0: latin1}
)");
  f.load();
  // "€" is 0x80 in cp1252 / unmapped in Latin-1, 0x1B 0x65 in GSM. Use é: GSM 0x05, Latin-1 0xE9.
  const std::vector<std::uint8_t> latin = {'v', 'e', 'r', 'i', 'f', 'y', ' ', 'y', 'o', 'u', 'r', ' ',
                                           'a', 'c', 'c', 'o', 'u', 'n', 't', ' ', 0xE9};
  CHECK(f.classify_bytes(latin, 0, "66812345678", "latin-esme").text == "verify your account \xC3\xA9");
}

TEST_CASE("URLs are matched as URL strings, hosts and registrable domains") {
  EngineFixture f;
  f.dir.write("url.yaml", R"(set: urls
version: "1"
rules:
  - id: HOST
    field: url
    pattern: '^kbank-secure\.top$'
    action: block
    description: host line
  - id: SHORTENER
    field: url
    pattern: '^bit\.ly/'
    action: tag
    description: URL line of a shortener
  - id: DOMAIN
    field: url
    pattern: '^evil\.co\.th$'
    action: monitor
    description: registrable domain line
)");
  f.load();
  CHECK(EngineFixture::ids(f.classify("Login at kbank-secure.top/x now").rules) == Ids{"HOST"});
  CHECK(EngineFixture::ids(f.classify("Login at https://KBANK-SECURE.TOP/x").rules) == Ids{"HOST"});
  CHECK(EngineFixture::ids(f.classify("see bit.ly/3abc").rules) == Ids{"SHORTENER"});
  CHECK(EngineFixture::ids(f.classify("go to www.login.evil.co.th/a").matched) == Ids{"DOMAIN"});
  CHECK(f.classify("no link here, mr.smith").matched.empty());
}

TEST_CASE("sender and destination rules, with TON filters") {
  EngineFixture f;
  f.dir.write("addr.yaml", R"(set: addr
version: "1"
rules:
  - id: SENDER-ALNUM-BANK
    field: sender
    pattern: 'bank'
    action: tag
    ton: [5]
    description: alphanumeric senders naming a bank
  - id: DEST-PREMIUM
    field: destination
    pattern: '^1900'
    action: block
    description: premium-rate destination
)");
  f.load();
  CHECK(EngineFixture::ids(f.classify("hi", 0, "MyBank").rules) == Ids{"SENDER-ALNUM-BANK"});
  f.destination = "1900123";
  CHECK(EngineFixture::ids(f.classify("hi").rules) == Ids{"DEST-PREMIUM"});
}

TEST_CASE("precedence: allow beats block beats tag beats monitor") {
  EngineFixture f;
  f.dir.write("p.yaml", R"(set: p
version: "1"
rules:
  - {id: MON, pattern: 'otp', action: monitor, description: m}
  - {id: TAG, pattern: 'code', action: tag, description: t, tag: {mark: prefix, prefix: "! "}}
  - {id: BLOCK, pattern: 'bank', action: block, description: b, status: 0x66}
  - {id: ALLOW, pattern: 'official bank template', action: allow, description: a}
)");
  f.load();
  CHECK(f.classify("your otp").action == Action::monitor);
  const auto& t = f.classify("your otp code");
  CHECK(t.action == Action::tag);
  CHECK(EngineFixture::ids(t.rules) == Ids{"TAG"});
  CHECK(EngineFixture::ids(t.matched) == Ids{"MON", "TAG"});
  REQUIRE(t.prefix);
  CHECK(t.prefix->prefix == "! ");
  CHECK(t.relabel == nullptr);
  const auto& b = f.classify("your bank otp code");
  CHECK(b.action == Action::block);
  CHECK(b.block_status == 0x66);
  const auto& a = f.classify("official bank template: your otp code");
  CHECK(a.action == Action::allow);
  CHECK(EngineFixture::ids(a.rules) == Ids{"ALLOW"});
  CHECK(a.matched.size() == 4);
}

TEST_CASE("account policy: monitor mode, sets, block status") {
  EngineFixture f;
  f.dir.write("a.yaml", R"(set: a
version: "1"
rules:
  - {id: A1, pattern: 'alpha', action: block, description: a}
)");
  f.dir.write("b.yaml", R"(set: b
version: "2"
rules:
  - {id: B1, pattern: 'beta', action: tag, description: b}
)");
  f.dir.write("accounts.yaml", R"(accounts:
  default: {block_status: 0x0A}
  trial: {mode: monitor}
  only-b: {sets: [b]}
)");
  f.load();
  const auto& d = f.classify("alpha", 0, "66812345678", "anyone");
  CHECK(d.action == Action::block);
  CHECK(d.block_status == 0x0A);
  const auto& m = f.classify("alpha", 0, "66812345678", "trial");
  CHECK(m.action == Action::monitor);
  CHECK(m.decided == Action::block);
  CHECK(f.classify("alpha", 0, "66812345678", "only-b").matched.empty());
  CHECK(f.classify("beta", 0, "66812345678", "only-b").action == Action::tag);
}

TEST_CASE("MO messages are judged only when the account asks, receipts never") {
  EngineFixture f;
  f.dir.write("body.yaml", kBodyRules);
  f.dir.write("accounts.yaml", R"(accounts:
  mo-esme: {scan_mo: true}
)");
  f.load();
  std::vector<std::uint8_t> b;
  smsfw::filters::text::encode_gsm7_unpacked("verify your account", b);
  CHECK_FALSE(f.classify_bytes(b, 0, "66812345678", "esme-a", 0, Direction::mobile_originated).judged);
  CHECK(f.classify_bytes(b, 0, "66812345678", "mo-esme", 0, Direction::mobile_originated).action == Action::block);
  const auto& r = f.classify_bytes(b, 0, "66812345678", "mo-esme", 0x04, Direction::mobile_originated);
  CHECK_FALSE(r.judged);
  CHECK(r.action == Action::allow);
}

TEST_CASE("a directory without rules allows everything") {
  EngineFixture f;
  f.load();
  const auto& v = f.classify("verify your account");
  CHECK(v.judged);
  CHECK(v.action == Action::allow);
  CHECK(v.matched.empty());
}
