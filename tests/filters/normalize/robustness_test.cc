// Ill-formed input never crashes and always yields well-formed UTF-8; output capacity is reused.

#include <catch2/catch.hpp>

#include <string>

#include "support/utf8_check.h"
#include "normalize/normalizer.h"
#include "support/rng.h"

using smsfw::filters::normalize::Normalizer;
using smsfw::test::is_valid_utf8;

TEST_CASE("ill-formed UTF-8 is read as U+FFFD") {
  Normalizer n;
  std::string out;
  n.normalized("ab\xC3", out);
  CHECK(out == "ab\uFFFD");
  n.normalized("\xFF" "A", out);
  CHECK(out == "\uFFFD" "a");
  n.normalized("\xC0\xAF", out);                // overlong '/'
  CHECK(is_valid_utf8(out));
  CHECK(out.find('/') == std::string::npos);
  n.normalized("\xED\xA0\x80x", out);           // encoded surrogate
  CHECK(is_valid_utf8(out));
  CHECK(out.find("\uFFFD") != std::string::npos);
  n.normalized(std::string("a\0b", 3), out);    // NUL passes through
  CHECK(out == std::string("a\0b", 3));
}

TEST_CASE("random octets never crash and produce valid UTF-8") {
  Normalizer n;
  smsfw::test::Rng rng(0x5EED'2026'0001ull);
  const std::string fragments[] = {"ท", "ำ", "\u0E4D", "\u0E32", "\u200B", "Ｖ", "ß", "\u0130",
                                   "\uFB01", "\U0001D415", "\uFDFA", "\u0301", ".", " ", "A",
                                   "\u0435", "\u0412", "\u0393", "\u03C3", "\u0308", "\u0345"};
  std::string in, norm, sq;
  for (int iter = 0; iter < 3000; ++iter) {
    in.clear();
    const auto len = rng.range(0, 120);
    for (std::uint32_t k = 0; k < len; ++k) {
      if (rng.chance(60)) {
        in += static_cast<char>(rng.byte());
      } else {
        in += fragments[rng.below(std::size(fragments))];
      }
    }
    n.normalized(in, norm);
    REQUIRE(is_valid_utf8(norm));
    n.squeezed(norm, sq);
    REQUIRE(is_valid_utf8(sq));
    n.squeezed(in, sq);  // squeezed on raw, possibly ill-formed input
    REQUIRE(is_valid_utf8(sq));
  }
}

TEST_CASE("large NFKC expansion is handled") {
  Normalizer n;
  std::string in, out;
  for (int i = 0; i < 200; ++i) in += "\uFDFA";  // one code point -> 18 under NFKC
  n.normalized(in, out);
  CHECK(is_valid_utf8(out));
  CHECK(out.size() > in.size() * 5);
}

TEST_CASE("output capacity is reused on a second call with the same input") {
  Normalizer n;
  for (const std::string& in : {std::string("Verify your account now at example.com"),
                               std::string("ＶＥＲＩＦＹ ยืนยัน\u200Bตัวตน สำนักงาน ß \uFB01"),
                               std::string("v\u0435rify \u041A\u0412\u0410N\u041A \U0001D42F "
                                           "\u0393\u0391 \u0430\u0301 สำนักงาน")}) {
    std::string out, sq;
    n.normalized(in, out);
    const auto cap = out.capacity();
    const auto* data = out.data();
    const std::string first = out;
    n.normalized(in, out);
    CHECK(out == first);
    CHECK(out.capacity() == cap);
    CHECK(out.data() == data);

    n.squeezed(first, sq);
    const auto sq_cap = sq.capacity();
    const auto* sq_data = sq.data();
    const std::string sq_first = sq;
    n.squeezed(first, sq);
    CHECK(sq == sq_first);
    CHECK(sq.capacity() == sq_cap);
    CHECK(sq.data() == sq_data);
  }
}
