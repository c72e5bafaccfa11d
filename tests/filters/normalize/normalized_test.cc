// The normalized view: NFKC, invisible characters dropped, SARA AM kept, full case folding,
// and plain text left alone apart from case.

#include <catch2/catch.hpp>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <string>

#include "normalize/normalizer.h"

using smsfw::filters::normalize::Normalizer;

namespace {

// The normalized view of `in` through a fresh Normalizer.
std::string norm(const std::string& in) {
  static Normalizer n;
  std::string out;
  n.normalized(in, out);
  return out;
}

// Independent reference built from ICU's C++ API: fold(NFKC(x)) with nothing else. Agrees with
// the library for text without invisible characters and without Thai/Lao AM.
std::string icu_reference(const std::string& in) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  REQUIRE(U_SUCCESS(err));
  icu::UnicodeString s = nfkc->normalize(icu::UnicodeString::fromUTF8(in), err);
  REQUIRE(U_SUCCESS(err));
  s.foldCase(U_FOLD_CASE_DEFAULT);
  std::string out;
  s.toUTF8String(out);
  return out;
}

}  // namespace

TEST_CASE("full-width Latin becomes ASCII lower case") {
  CHECK(norm("ＶＥＲＩＦＹ") == "verify");
  CHECK(norm("Ｋｂａｎｋ") == "kbank");
  CHECK(norm("ｖｅｒｉｆｙ　ｙｏｕｒ　ａｃｃｏｕｎｔ") == "verify your account");  // U+3000 -> space
  CHECK(norm("Ｃａｌｌ ０８１２") == "call 0812");
}

TEST_CASE("ligatures and other compatibility forms are decomposed") {
  CHECK(norm("\uFB01") == "fi");          // ﬁ
  CHECK(norm("\uFB01le") == "file");
  CHECK(norm("\uFB00") == "ff");          // ﬀ
  CHECK(norm("\u2460\u2461") == "12");    // ①②
  CHECK(norm("\u24CB\u24BA") == "ve");    // ⓋⒺ circled capitals
  CHECK(norm("\u24E5\u24D4") == "ve");    // ⓥⓔ circled small
  CHECK(norm("\u2474") == "(1)");         // ⑴ parenthesized
  CHECK(norm("\u00B2") == "2");           // superscript two
  CHECK(norm("\u216B") == "xii");         // Ⅻ roman numeral
  CHECK(norm("\u338F") == "kg");          // ㎏
  CHECK(norm("\U0001D415\U0001D404\U0001D411") == "ver");  // mathematical bold (astral)
  CHECK(norm("\uFF76") == "\u30AB");      // half-width katakana KA -> KA
  CHECK(norm("a\u00A0b") == "a b");       // NBSP -> space
}

TEST_CASE("invisible format characters are removed") {
  CHECK(norm("ver\u200Bify") == "verify");  // ZWSP
  CHECK(norm("ver\u200Cify") == "verify");  // ZWNJ
  CHECK(norm("ver\u200Dify") == "verify");  // ZWJ
  CHECK(norm("ver\u2060ify") == "verify");  // word joiner
  CHECK(norm("ver\u00ADify") == "verify");  // soft hyphen
  CHECK(norm("\uFEFFverify") == "verify");  // BOM / ZWNBSP
  CHECK(norm("v\u200Ee\u200Fr\u202Ai\u202Bf\u202Cy") == "verify");
  CHECK(norm("\u202Dve\u202Eri\u2066fy\u2067\u2068\u2069") == "verify");
  CHECK(norm("ver\u061Cify") == "verify");  // Arabic letter mark
  CHECK(norm("V\u200BE\u00ADR\u200DI\u2060F\u200FY") == "verify");
  CHECK(norm("\u200B\u200B") == "");
}

TEST_CASE("Thai SARA AM is kept intact") {
  CHECK(norm("ทำ") == "ทำ");
  CHECK(norm("จำ") == "จำ");
  CHECK(norm("สำนักงาน") == "สำนักงาน");
  CHECK(norm("น้ำ") == "น้ำ");              // tone mark before SARA AM
  CHECK(norm("กรุณาโทรกลับที่สำนักงาน") == "กรุณาโทรกลับที่สำนักงาน");
  // The decomposed spelling NIKHAHIT + SARA AA is canonicalised to SARA AM.
  CHECK(norm("\u0E17\u0E4D\u0E32") == "ทำ");
  // Lao AM gets the same treatment.
  CHECK(norm("\u0E84\u0EB3") == "\u0E84\u0EB3");
  CHECK(norm("\u0E84\u0ECD\u0EB2") == "\u0E84\u0EB3");
}

TEST_CASE("Thai ZWSP word separators are dropped and nothing else changes") {
  CHECK(norm("ยืนยัน\u200Bตัวตน") == "ยืนยันตัวตน");
  CHECK(norm("กรุณา\u200Bติดต่อ\u200Bสำนักงาน\u200Bทำ\u200Bรายการ") ==
        "กรุณาติดต่อสำนักงานทำรายการ");
  CHECK(norm("จำ\u200Bรหัส") == "จำรหัส");
}

TEST_CASE("full case folding") {
  CHECK(norm("Straße") == "strasse");
  CHECK(norm("STRASSE") == "strasse");
  CHECK(norm("\u1E9E") == "ss");                 // capital sharp s
  CHECK(norm("ΣΟΦΟΣ") == "σοφοσ");
  CHECK(norm("σοφος") == "σοφοσ");               // final sigma folds to sigma
  CHECK(norm("ПАРОЛЬ") == "пароль");
}

TEST_CASE("Turkish dotted and dotless I use the default (non-Turkic) folding") {
  CHECK(norm("I") == "i");
  CHECK(norm("\u0130") == "i\u0307");            // İ -> i + COMBINING DOT ABOVE
  CHECK(norm("\u0131") == "\u0131");             // ı stays dotless
  CHECK(norm("IŞIK") == "işik");                 // not "ışık": rules must be folded the same way
  CHECK(norm("\u0130STANBUL") == "i\u0307stanbul");
}

TEST_CASE("plain English and Thai are unchanged apart from case") {
  CHECK(norm("Verify your account") == "verify your account");
  CHECK(norm("verify your account") == "verify your account");
  CHECK(norm("Your OTP is 123456. Do not share it!") == "your otp is 123456. do not share it!");
  CHECK(norm("ยืนยันตัวตน") == "ยืนยันตัวตน");
  CHECK(norm("บัญชีของท่านถูกระงับ กรุณายืนยันตัวตนที่ลิงก์") ==
        "บัญชีของท่านถูกระงับ กรุณายืนยันตัวตนที่ลิงก์");
  CHECK(norm("Café résumé") == "café résumé");
  CHECK(norm("Cafe\u0301") == "café");           // NFKC composes e + U+0301
  CHECK(norm("") == "");
}

TEST_CASE("the view is idempotent") {
  for (const std::string s : {"ＶＥＲＩＦＹ", "สำนักงาน", "น้ำ", "\u0E17\u0E4D\u0E32", "Straße",
                              "\u0130stanbul", "ver\u200Bify", "\uFB01le", "ΣΟΦΟΣ"}) {
    const std::string once = norm(s);
    CHECK(norm(once) == once);
  }
}

TEST_CASE("agrees with an ICU C++ reference where no fix-up applies") {
  std::string all_ascii;
  for (int c = 0; c < 128; ++c) all_ascii += static_cast<char>(c);
  CHECK(norm(all_ascii) == icu_reference(all_ascii));  // the ASCII fast path
  for (const std::string s : {"ＶＥＲＩＦＹ", "Straße", "\u0130I\u0131", "\uFB01\u2460\u338F",
                              "\U0001D415x", "ΣΟΦΟΣ ς", "ยืนยันตัวตน", "Ǆ ǅ ǆ", "ﾊﾝｶｸ"}) {
    CHECK(norm(s) == icu_reference(s));
  }
}
