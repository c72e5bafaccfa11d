// Tests for the Latin-lookalike body mapping (confusables/latin_lookalikes.h).
#include "confusables/latin_lookalikes.h"

#include <unicode/uspoof.h>

#include <catch2/catch.hpp>
#include <memory>

#include "support/rng.h"
#include "support/utf8_check.h"

using smsfw::filters::confusables::latin_lookalike;
using smsfw::filters::confusables::latin_lookalike_table;
using smsfw::filters::confusables::map_to_latin;
using smsfw::test::utf8;

namespace {
std::string mapped(std::string_view s) {
  std::string out;
  map_to_latin(s, out);
  return out;
}
// Independent ICU skeleton for cross-checking the table.
std::string icu_skeleton(const USpoofChecker* sc, const std::string& s) {
  char buf[64];
  UErrorCode ec = U_ZERO_ERROR;
  int32_t n = uspoof_getSkeletonUTF8(sc, 0, s.data(), static_cast<int32_t>(s.size()), buf, 64, &ec);
  REQUIRE(U_SUCCESS(ec));
  return std::string(buf, static_cast<std::size_t>(n));
}
}  // namespace

TEST_CASE("Cyrillic and Greek lookalikes become Latin letters") {
  CHECK(mapped("\u0420\u0430\u0443\u0440\u0430l") == "Paypal");  // Р а у р а (Cyrillic) + l
  CHECK(mapped("\u0455\u0441\u0430m") == "scam");                 // ѕ с а (Cyrillic) + m
  CHECK(mapped("\u0430\u0435\u043E\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u051B\u051D")
        == "aeopcyxijsdqw");
  CHECK(mapped("\u0410\u0412\u0415\u041A\u041C\u041D\u041E\u0420\u0421\u0422\u0425")
        == "ABEKMHOPCTX");
  CHECK(mapped("\u03BF\u03BD\u03B1\u03B9\u03C5") == "ovaiu");  // ο ν α ι υ
  // ICU (the source of truth) relates Greek κ to 'ĸ' (kra) and τ to 'ᴛ' (small capital T), not to
  // ASCII k/t, so they are deliberately left alone.
  CHECK(mapped("\u03BA\u03C4") == "\u03BA\u03C4");
  CHECK(mapped("\u0391\u0392\u0395\u0396\u0397\u0399\u039A\u039C\u039D\u039F\u03A1\u03A4\u03A5\u03A7")
        == "ABEZHIKMNOPTYX");
  CHECK(mapped("\u0406\u04C0") == "II");  // upper-case Cyrillic I / palochka -> upper 'I'
  CHECK(mapped("\u04CF") == "i");         // lower-case palochka: ICU relates it to 'i'
}

TEST_CASE("Mathematical alphanumerics, full-width and letterlike become Latin") {
  CHECK(mapped("\U0001D42F\U0001D41E\U0001D42B\U0001D422\U0001D41F\U0001D432") == "verify");
  CHECK(mapped("\U0001D400\U0001D7CE\U0001D7D7") == "A09");  // bold A, bold 0, bold 9
  CHECK(mapped("\U0001D426") == "m");                      // bold m: NFKC form, not "rn"
  CHECK(mapped("\uFF21\uFF2D") == "AM");                  // full-width capitals (ICU: A, M)
  // ICU has no confusable entry for full-width small letters and digits (skeleton = itself):
  // they stay here; NFKC in the normalized view already turns them into ASCII.
  CHECK(mapped("\uFF42\uFF13") == "\uFF42\uFF13");
  CHECK(mapped("\u212A\u2102") == "KC");                   // Kelvin sign, double-struck C
}

TEST_CASE("ASCII and Latin-1 are never changed") {
  for (char32_t c = 0; c < 0x100; ++c) {
    CHECK(latin_lookalike(c).empty());
    const std::string s = utf8(c);
    CHECK(mapped(s) == s);
  }
  std::string all;
  for (int c = 0; c < 128; ++c) all += static_cast<char>(c);
  CHECK(mapped(all) == all);
  CHECK(mapped("verify your account 0 O 1 l I m rn") == "verify your account 0 O 1 l I m rn");
}

TEST_CASE("Thai and other scripts are untouched") {
  const std::string thai = "\u0E22\u0E37\u0E19\u0E22\u0E31\u0E19\u0E15\u0E31\u0E27\u0E15\u0E19";  // ยืนยันตัวตน
  CHECK(mapped(thai) == thai);
  CHECK(mapped("\u0E17\u0E33 \u0E2A\u0E33\u0E19\u0E31\u0E01\u0E07\u0E32\u0E19") ==
        "\u0E17\u0E33 \u0E2A\u0E33\u0E19\u0E31\u0E01\u0E07\u0E32\u0E19");  // ทำ สำนักงาน
  for (char32_t c = 0x0E00; c <= 0x0E7F; ++c) CHECK(latin_lookalike(c).empty());
  CHECK(mapped("\u4E2D\u6587 \u0627\u0644\u0639\u0631\u0628\u064A\u0629 \U0001F600") ==
        "\u4E2D\u6587 \u0627\u0644\u0639\u0631\u0628\u064A\u0629 \U0001F600");
  // Cyrillic letters that do not look Latin stay as they are.
  CHECK(mapped("\u0436\u0448\u0444") == "\u0436\u0448\u0444");  // ж ш ф
}

TEST_CASE("every table entry agrees with ICU skeletons") {
  const auto& t = latin_lookalike_table();
  REQUIRE(t.size() > 300);
  UErrorCode ec = U_ZERO_ERROR;
  std::unique_ptr<USpoofChecker, void (*)(USpoofChecker*)> sc(uspoof_open(&ec), uspoof_close);
  REQUIRE(U_SUCCESS(ec));
  char32_t prev = 0;
  for (const auto& e : t) {
    INFO("U+" << std::hex << static_cast<unsigned>(e.cp) << " -> " << e.latin);
    CHECK(e.cp > prev);  // sorted, unique
    prev = e.cp;
    CHECK(e.cp >= 0x100);
    REQUIRE(!e.latin.empty());
    for (char c : e.latin) CHECK(std::isalnum(static_cast<unsigned char>(c)));
    CHECK(icu_skeleton(sc.get(), utf8(e.cp)) == icu_skeleton(sc.get(), e.latin));
    CHECK(latin_lookalike(e.cp) == e.latin);
  }
}

TEST_CASE("ill-formed UTF-8 becomes U+FFFD and output is always valid") {
  CHECK(mapped("a\xFF" "b") == "a\uFFFD" "b");
  CHECK(mapped("\xC0\xAF") == "\uFFFD\uFFFD");  // overlong: each byte ill-formed
  CHECK(mapped("x\xE2\x82") == "x\uFFFD");      // truncated 3-byte sequence: one maximal subpart
  CHECK(mapped("\xED\xA0\x80") == "\uFFFD\uFFFD\uFFFD");  // surrogate
  CHECK(mapped("") == "");
  smsfw::test::Rng rng(0x5eed);
  std::string out;
  for (int i = 0; i < 2000; ++i) {
    std::string in(rng.range(0, 40), '\0');
    for (char& c : in) c = static_cast<char>(rng.chance(30) ? rng.range(0xC0, 0xF4) : rng.byte());
    map_to_latin(in, out);
    REQUIRE(smsfw::test::is_valid_utf8(out));
    std::string again;
    map_to_latin(out, again);
    REQUIRE(again == out);  // idempotent: mapped text contains no lookalikes any more
  }
}
