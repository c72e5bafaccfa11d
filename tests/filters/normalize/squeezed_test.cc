// The squeezed view: separator runs between word characters removed.

#include <catch2/catch.hpp>

#include <string>

#include "normalize/normalizer.h"

using smsfw::filters::normalize::Normalizer;

namespace {

Normalizer& shared() {
  static Normalizer n;
  return n;
}

// squeezed(normalized(in)), the way the rule engine builds it.
std::string sq(const std::string& in) {
  std::string norm, out;
  shared().normalized(in, norm);
  shared().squeezed(norm, out);
  return out;
}

// squeezed() applied directly, without normalizing first.
std::string sq_raw(const std::string& in) {
  std::string out;
  shared().squeezed(in, out);
  return out;
}

}  // namespace

TEST_CASE("letters separated by punctuation or spaces are joined") {
  CHECK(sq("v.e.r.i.f.y") == "verify");
  CHECK(sq("v e r i f y") == "verify");
  CHECK(sq("k-b-a-n-k") == "kbank");
  CHECK(sq("k b a n k") == "kbank");
  CHECK(sq("K_B*A|N/K") == "kbank");
  CHECK(sq("v . e . r . i . f . y") == "verify");
  CHECK(sq("v\\e:r;i,f'y") == "verify");
  CHECK(sq("k\tb\na\r\nn k") == "kbank");
  CHECK(sq("k\u00A0b\u00A0a\u00A0n\u00A0k") == "kbank");  // NBSP
  CHECK(sq("k~b+a=n^k") == "kbank");                       // Sm and Sk symbols
  CHECK(sq("(k)[b]{a}\u201Cn\u201Dk") == "(kbank");       // brackets/quotes; leading "(" kept
}

TEST_CASE("obfuscation that the normalized view undoes first") {
  CHECK(sq("Ｖ．Ｅ．Ｒ．Ｉ．Ｆ．Ｙ") == "verify");              // full-width letters and dots
  CHECK(sq("V\u200B.E\u200B.R.I.F.Y") == "verify");
  CHECK(sq("\uFB01 l e") == "file");
}

TEST_CASE("spaced and dotted homoglyphs are joined into the Latin word") {
  CHECK(sq("\u041A \u0412 \u0410 N \u041A") == "kbank");           // Cyrillic К В А N К
  CHECK(sq("v.\u0435.r.\u0456.f.\u0443") == "verify");               // Cyrillic е і у
  CHECK(sq("\u0420 a y \u0420 a l") == "paypal");
  CHECK(sq("\U0001D42F \U0001D41E \U0001D42B \U0001D422 \U0001D41F \U0001D432") == "verify");
  CHECK(sq("\u039A-\u0392-\u0391-\u039D-\u039A") == "kbank");      // Greek
  CHECK(sq("v\u200D \u0435\u200D r i f y") == "verify");             // with ZWJ
}

TEST_CASE("digits are joined too") {
  CHECK(sq("Call 0-8-1-2") == "call0812");
  CHECK(sq("0 8 1 2 3 4 5 6 7 8") == "0812345678");
  CHECK(sq("1.5") == "15");
}

TEST_CASE("words separated by single spaces are joined (intended)") {
  CHECK(sq("Verify your account") == "verifyyouraccount");
  CHECK(sq("ยืนยัน ตัวตน") == "ยืนยันตัวตน");
  CHECK(sq("กรุณา ติดต่อ สำนักงาน") == "กรุณาติดต่อสำนักงาน");
}

TEST_CASE("Thai letters, vowels and tone marks are kept") {
  CHECK(sq("ยืนยันตัวตน") == "ยืนยันตัวตน");
  CHECK(sq("สำนักงาน") == "สำนักงาน");
  CHECK(sq("น้ำ") == "น้ำ");
  CHECK(sq("ส.ำ.น.ั.ก.ง.า.น") == "สำนักงาน");
  CHECK(sq("ๆ") == "ๆ");                 // MAIYAMOK is a letter (Lm)
}

TEST_CASE("separators not between two word characters are kept") {
  CHECK(sq(" verify! ") == " verify! ");
  CHECK(sq("...verify") == "...verify");
  CHECK(sq("verify...") == "verify...");
  CHECK(sq("pay $ 100") == "pay $ 100");  // currency is not a separator and ends a run
  CHECK(sq("pay$100") == "pay$100");
  CHECK(sq("v\U0001F600e") == "v\U0001F600e");  // emoji (So) kept
  CHECK(sq("v \U0001F600 e") == "v \U0001F600 e");
  CHECK(sq("") == "");
  CHECK(sq(" - ") == " - ");
}

TEST_CASE("squeezed accepts ill-formed UTF-8 and writes U+FFFD") {
  CHECK(sq_raw("a\xFF" "b") == "a\uFFFD" "b");
  CHECK(sq_raw("a.\xFF.b") == "a.\uFFFD.b");  // U+FFFD is not a word character
  CHECK(sq_raw("ab\xE0\xB8") == "ab\uFFFD");   // truncated Thai sequence
}
