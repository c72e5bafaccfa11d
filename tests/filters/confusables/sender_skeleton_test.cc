// Tests for the sender-ID lookalike key (confusables/sender_skeleton.h).
#include "confusables/sender_skeleton.h"

#include <catch2/catch.hpp>

#include "support/rng.h"
#include "support/utf8_check.h"

using smsfw::filters::confusables::SenderSkeleton;

TEST_CASE("case, separators and confusables give the KBANK key") {
  SenderSkeleton sk;
  const std::string k = sk.key("KBANK");
  CHECK(!k.empty());
  for (const char* s : {"K-BANK", "kbank", "KBANK.", "KBAN K", "K_B.A-N K", "kBaNk",
                        "\u041A\u0412ANK",        // Cyrillic К and В
                        "\u041A\u0412\u0430nk",   // Cyrillic К В а
                        "\uFF2B\uFF22\uFF21\uFF2E\uFF2B",  // full-width
                        "K\u2010BANK"}) {         // U+2010 HYPHEN (skeleton maps it to '-')
    INFO(s);
    CHECK(sk.key(s) == k);
  }
}

TEST_CASE("UTS #39 digit/letter confusables are equal") {
  SenderSkeleton sk;
  CHECK(sk.key("0") == sk.key("O"));
  CHECK(sk.key("0") == sk.key("o"));
  CHECK(sk.key("1") == sk.key("l"));
  CHECK(sk.key("1") == sk.key("I"));
  CHECK(sk.key("1") == sk.key("i"));  // via case folding I == i (see header, step 5)
  CHECK(sk.key("G00GLE") == sk.key("google"));
  CHECK(sk.key("PAYPA1") == sk.key("PayPal"));
  CHECK(sk.key("SIAM") == sk.key("siam"));
  CHECK(sk.key("M") == sk.key("m"));
  CHECK(sk.key("m") == sk.key("rn"));
  REQUIRE(sk.case_pair_rewrites().size() == 1);  // pins ICU 72 data: exactly i -> l
  CHECK(sk.case_pair_rewrites()[0] == std::pair<char16_t, char16_t>(u'i', u'l'));
}

TEST_CASE("pairs UTS #39 does not define stay different") {
  SenderSkeleton sk;
  // Cyrillic small в is confusable with small capital ʙ, not with b (ICU data).
  CHECK(sk.key("\u041A\u0432\u0430nk") != sk.key("KBANK"));
  CHECK(sk.key("KB4NK") != sk.key("KBANK"));  // 4/A: not confusable in UTS #39
  CHECK(sk.key("K8ANK") != sk.key("KBANK"));  // 8/B: not confusable in UTS #39
  CHECK(sk.key("SCB") != sk.key("SCBX"));
  CHECK(sk.key("KBANK") != sk.key("KBANKS"));
  CHECK(sk.key("AIS") != sk.key("TRUE"));
}

TEST_CASE("Thai sender names are stable") {
  SenderSkeleton sk;
  const std::string a = "\u0E01\u0E2A\u0E34\u0E01\u0E23\u0E44\u0E17\u0E22";  // กสิกรไทย
  const std::string b = "\u0E44\u0E17\u0E22\u0E1E\u0E32\u0E13\u0E34\u0E0A\u0E22\u0E4C";  // ไทยพาณิชย์
  const std::string ka = sk.key(a);
  CHECK(!ka.empty());
  CHECK(smsfw::test::is_valid_utf8(ka));
  CHECK(sk.key(a) == ka);                              // deterministic
  SenderSkeleton other;
  CHECK(other.key(a) == ka);                           // independent of the instance
  CHECK(sk.key("\u0E01\u0E2A\u0E34\u0E01\u0E23 \u0E44\u0E17\u0E22") == ka);  // separator removed
  CHECK(sk.key(b) != ka);
  CHECK(sk.key("\u0E17\u0E33") == sk.key("\u0E17\u0E33"));
}

TEST_CASE("edge cases and arbitrary bytes") {
  SenderSkeleton sk;
  CHECK(sk.key("") == "");
  CHECK(sk.key(" .-_") == "");
  CHECK(sk.key("\xFF") == sk.key("\uFFFD"));
  smsfw::test::Rng rng(42);
  for (int i = 0; i < 2000; ++i) {
    std::string in(rng.range(0, 30), '\0');
    for (char& c : in) c = static_cast<char>(rng.byte());
    const std::string k = sk.key(in);
    REQUIRE(smsfw::test::is_valid_utf8(k));
    REQUIRE(sk.key(in) == k);
  }
  // Keys of long inputs exercise the buffer-growth path.
  std::string rn;
  for (int i = 0; i < 5000; ++i) rn += "rn";
  CHECK(sk.key(std::string(5000, 'M')) == rn);
}

TEST_CASE("the buffer-reusing key() gives the same keys") {
  SenderSkeleton sk;
  std::string out = "stale";
  for (const char* s : {"KBANK", "K-BANK", "\u041A\u0412ANK", "", " .-_", "G00GLE", "\xFF", "rn"}) {
    INFO(s);
    sk.key(s, out);
    CHECK(out == sk.key(s));
  }
  out.reserve(64);
  const auto* data = out.data();
  sk.key("Verify-Account", out);
  CHECK(out == sk.key("Verify-Account"));
  CHECK(out.data() == data);  // capacity reused
}
