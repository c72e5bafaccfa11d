// The normalized view: NFKC, invisible characters dropped, SARA AM kept, Latin lookalikes mapped
// to ASCII, full case folding, and plain text left alone apart from case.

#include <catch2/catch.hpp>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <ios>
#include <string>

#include "confusables/latin_lookalikes.h"
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

// Reference with the lookalike mapping: fold(map_to_latin(NFKC(x))), using the UTF-8 mapping
// function of confusables/ instead of the normalizer's own UTF-16 pass. Agrees with the library
// where no lookalike appears only after folding and no mapped letter carries a combining mark.
std::string mapped_reference(const std::string& in) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  REQUIRE(U_SUCCESS(err));
  std::string nfkc_utf8, mapped;
  nfkc->normalize(icu::UnicodeString::fromUTF8(in), err).toUTF8String(nfkc_utf8);
  REQUIRE(U_SUCCESS(err));
  smsfw::filters::confusables::map_to_latin(nfkc_utf8, mapped);
  std::string out;
  icu::UnicodeString::fromUTF8(mapped).foldCase(U_FOLD_CASE_DEFAULT).toUTF8String(out);
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
  CHECK(norm("ΦΛΔΞΨΩ") == "φλδξψω");             // Greek letters that look like no Latin letter
  CHECK(norm("ЖЛДФЯ") == "жлдфя");               // Cyrillic likewise
  // Greek and Cyrillic letters that look Latin are mapped: see the lookalike tests below.
}

TEST_CASE("Turkish dotted and dotless I use the default (non-Turkic) folding") {
  CHECK(norm("I") == "i");
  CHECK(norm("\u0130") == "i\u0307");            // İ -> i + COMBINING DOT ABOVE
  CHECK(norm("\u0131") == "i");                  // ı is a Latin lookalike of i (UTS #39)
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
                              "\u0130stanbul", "ver\u200Bify", "\uFB01le", "ΣΟΦΟΣ",
                              // mapped text
                              "v\u0435rify", "\u041A\u0412\u0410N\u041A", "\u0420ayPal",
                              "\U0001D42F\U0001D41E\U0001D42B", "ΓΑΜΜΑ", "ПАРОЛЬ",
                              "\u0430\u0301", "\u03A4\u0308", "\u03AA\u0301", "\u00DF\u0301",
                              "v\u200D\u0435\u200Dr\u200D\u0456fy สำนักงาน"}) {
    INFO(s);
    const std::string once = norm(s);
    CHECK(norm(once) == once);
  }
}

TEST_CASE("the view is idempotent for every code point with or without a following mark") {
  // Every scalar value of the BMP and plane 1 (where all lookalikes live), alone and followed by
  // combining marks that compose with Latin letters, iota subscript, or Thai SARA AA.
  const char* const suffixes[] = {"", "\u0301", "\u0308\u0301", "\u0345", "\u0327", "\u0E32"};
  Normalizer n;
  std::string in, once, twice;
  int failures = 0;
  for (UChar32 c = 0; c < 0x20000; ++c) {
    if (U_IS_SURROGATE(c)) continue;
    for (const char* suffix : suffixes) {
      in.clear();
      icu::UnicodeString(c).toUTF8String(in);
      in += suffix;
      n.normalized(in, once);
      n.normalized(once, twice);
      if (once != twice && ++failures <= 5) {
        INFO("U+" << std::hex << c << " + " << suffix);
        CHECK(twice == once);
      }
    }
  }
  CHECK(failures == 0);
}

TEST_CASE("agrees with an ICU C++ reference where no fix-up applies") {
  std::string all_ascii;
  for (int c = 0; c < 128; ++c) all_ascii += static_cast<char>(c);
  CHECK(norm(all_ascii) == icu_reference(all_ascii));  // the ASCII fast path
  for (const std::string s : {"ＶＥＲＩＦＹ", "Straße", "\u0130I", "\uFB01\u2460\u338F",
                              "\U0001D415x", "ΦΛΔ ξψω", "ยืนยันตัวตน", "Ǆ ǅ ǆ", "ﾊﾝｶｸ"}) {
    CHECK(norm(s) == icu_reference(s));
  }
}

TEST_CASE("Cyrillic and Greek homoglyphs in Latin words become Latin") {
  CHECK(norm("v\u0435rify") == "verify");                         // Cyrillic е
  CHECK(norm("V\u0415RIFY") == "verify");                         // Cyrillic Е
  CHECK(norm("\u041A\u0412\u0410N\u041A") == "kbank");             // КВАNК: Cyrillic capitals
  CHECK(norm("\u0420ayPal") == "paypal");                         // Cyrillic Р
  CHECK(norm("\u03A1ay\u03A1al") == "paypal");                    // Greek Ρ
  CHECK(norm("\u0440\u0430\u0443\u0440\u0430l") == "paypal");       // Cyrillic р а у р а
  CHECK(norm("Your \u041A\u0412\u0410N\u041A account: v\u0435rify n\u043Ew") ==
        "your kbank account: verify now");
  CHECK(norm("\u0456\u0456") == "ii");                             // Ukrainian і
  CHECK(norm("\u039A\u0392\u0391\u039D\u039A") == "kbank");       // Greek ΚΒΑΝΚ
}

TEST_CASE("mathematical alphanumerics and full-width forms become Latin") {
  // Bold, bold capitals.
  CHECK(norm("\U0001D42F\U0001D41E\U0001D42B\U0001D422\U0001D41F\U0001D432") == "verify");
  CHECK(norm("\U0001D415\U0001D404\U0001D411\U0001D408\U0001D405\U0001D418") == "verify");
  CHECK(norm("\U0001D4FF\U0001D4EE\U0001D4FB") == "ver");        // bold script
  CHECK(norm("\U0001D7CE\U0001D7CF") == "01");                     // bold digits
  CHECK(norm("ＶＥＲＩＦＹ ｎｏｗ") == "verify now");
  CHECK(norm("\u2102all") == "call");                               // ℂ double-struck
}

TEST_CASE("homoglyphs mixed with zero-width characters") {
  CHECK(norm("v\u200D\u0435\u200Dr\u200D\u0456f\u200D\u0443") == "verify");  // ZWJ
  CHECK(norm("\u041A\u200B\u0412\u200C\u0410\u2060N\uFEFF\u041A") == "kbank");
  CHECK(norm("\U0001D42F\u200D\U0001D41E\u200Brify") == "verify");
}

TEST_CASE("lookalikes that only case folding produces are mapped too") {
  CHECK(norm("\u0393\u0391\u039C\u039C\u0391") == "yamma");      // Γ -> γ looks like y
  CHECK(norm("\u03B3") == "y");
  CHECK(norm("ΣΟΦΟΣ") == "oo\u03C6oo");                            // σ looks like o (UTS #39)
  CHECK(norm("σοφος") == "oo\u03C6oo");
  // Ordinary Greek/Cyrillic words get their lookalike letters mapped; rules are normalized the
  // same way, so both sides agree.
  CHECK(norm("ПАРОЛЬ") == "\u043Fapo\u043Bb");
}

TEST_CASE("a mapped letter with a combining mark is recomposed") {
  CHECK(norm("\u0430\u0301") == "\u00E1");       // Cyrillic а + acute -> á
  CHECK(norm("\u0435\u0301") == "\u00E9");       // Cyrillic е + acute -> é
  CHECK(norm("\u0435\u0308") == "\u0451");       // NFKC first makes Cyrillic ё: no lookalike
  CHECK(norm("\u0415\u0301") == "\u00E9");       // Cyrillic Е + acute -> é
  CHECK(norm("caf\u0435\u0301") == norm("Café")); // the same as the honest spelling
}

TEST_CASE("Thai text, plain ASCII and Latin-1 are not mapped") {
  for (const std::string s : {"ยืนยันตัวตน", "กรุณาโทรกลับที่สำนักงาน", "บัญชีของท่านถูกระงับ ๑๒๓",
                              "ทำ จำ น้ำ สำนักงาน"}) {
    CHECK(norm(s) == s);
  }
  CHECK(norm("Verify your account at l1I0O.example") == "verify your account at l1i0o.example");
  CHECK(norm("rn m 0 O 1 l I") == "rn m 0 o 1 l i");  // no skeleton rewrites of ASCII
  CHECK(norm("Café ÀÉÎÕÜ") == "café àéîõü");
  CHECK(norm("ทำ v\u0435rify") == "ทำ verify");      // SARA AM intact next to a mapped word
  CHECK(norm("\u0E17\u0E4D\u0E32 \u0420ay") == "ทำ pay");
}

TEST_CASE("agrees with a map_to_latin reference for homoglyph text") {
  for (const std::string s : {"v\u0435rify", "\u041A\u0412\u0410N\u041A", "\u0420ayPal",
                              "\U0001D42F\U0001D41E\U0001D42B", "ＶＥＲＩＦＹ", "ยืนยันตัวตน",
                              "\u0410\u0412\u0421 \u0430\u0432\u0441", "Ꭺ Ᏼ Ꮯ", "\u2160\u2164"}) {
    INFO(s);
    CHECK(norm(s) == mapped_reference(s));
  }
}
