// The fast paths of the normalized and squeezed views are byte-identical to the general
// algorithms: squeezed() against the original per-character ICU implementation (kept below as
// squeezed_reference), normalized() against the full ICU pipeline (normalized_reference()).

#include <catch2/catch.hpp>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <iomanip>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/normalizer.h"
#include "support/rng.h"
#include "support/utf8_check.h"

using smsfw::filters::normalize::Normalizer;
using smsfw::test::Rng;

namespace {

// ---- The squeezed view as it was implemented before the fast path (ICU for every character) ----

bool ref_is_word(UChar32 c) {
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) != 0;
}

bool ref_is_separator(UChar32 c) {
  if (u_isUWhiteSpace(c)) return true;
  return (U_GET_GC_MASK(c) & (U_GC_P_MASK | U_GC_SM_MASK | U_GC_SK_MASK | U_GC_CC_MASK |
                              U_GC_CF_MASK)) != 0;
}

std::string squeezed_reference(std::string_view normalized_utf8) {
  std::string out;
  const auto* s = reinterpret_cast<const uint8_t*>(normalized_utf8.data());
  const auto n = static_cast<int32_t>(normalized_utf8.size());
  bool prev_word = false;
  bool run_open = false;
  bool run_after_word = false;
  std::size_t run_start = 0;
  int32_t i = 0;
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) {
      out.append("\xEF\xBF\xBD");
      run_open = false;
      prev_word = false;
      continue;
    }
    if (ref_is_separator(c)) {
      if (!run_open) {
        run_open = true;
        run_after_word = prev_word;
        run_start = out.size();
      }
    } else {
      const bool word = ref_is_word(c);
      if (run_open && word && run_after_word) out.resize(run_start);
      run_open = false;
      prev_word = word;
    }
    out.append(normalized_utf8.substr(static_cast<std::size_t>(start),
                                      static_cast<std::size_t>(i - start)));
  }
  return out;
}

// ---- helpers ----

void append_cp(std::string& s, UChar32 c) {
  char buf[4];
  int32_t len = 0;
  UBool err = false;
  U8_APPEND(buf, len, 4, c, err);
  REQUIRE_FALSE(err);
  s.append(buf, static_cast<std::size_t>(len));
}

std::string cp(UChar32 c) {
  std::string s;
  append_cp(s, c);
  return s;
}

std::string hex(std::string_view s) {
  std::ostringstream o;
  for (unsigned char ch : s) o << std::hex << std::setw(2) << std::setfill('0') << int{ch} << ' ';
  return o.str();
}

Normalizer& shared() {
  static Normalizer n;
  return n;
}

// Counts disagreements of squeezed() with the reference and reports the first few.
struct SqueezeChecker {
  std::string out;
  int failures = 0;
  void check(std::string_view in) {
    shared().squeezed(in, out);
    const std::string want = squeezed_reference(in);
    if (out != want && ++failures <= 5) {
      INFO("input " << hex(in));
      CHECK(hex(out) == hex(want));
    }
  }
};

struct NormalizeChecker {
  std::string fast, slow;
  int failures = 0;
  void check(std::string_view in) {
    shared().normalized(in, fast);
    shared().normalized_reference(in, slow);
    if (fast != slow && ++failures <= 5) {
      INFO("input " << hex(in));
      CHECK(hex(fast) == hex(slow));
    }
  }
};

// Pieces for random text.
UChar32 random_thai(Rng& rng) {
  // Half of the time one of the characters that need care: NIKHAHIT, SARA AA, SARA AM, the
  // marks with a non-zero combining class, MAI HAN-AKAT, tone marks.
  static const UChar32 special[] = {0x0E4D, 0x0E32, 0x0E33, 0x0E38, 0x0E39, 0x0E3A,
                                    0x0E48, 0x0E49, 0x0E4A, 0x0E4B, 0x0E31, 0x0E47};
  if (rng.chance(50)) return special[rng.below(std::size(special))];
  return static_cast<UChar32>(0x0E00 + rng.below(128));
}

// Any scalar value of planes 0-2 (surrogates become U+FFFD).
UChar32 any_scalar(Rng& rng) {
  const auto c = static_cast<UChar32>(rng.below(0x30000));
  return U_IS_SURROGATE(c) ? 0xFFFD : c;
}

const UChar32 kInvisibles[] = {0x00AD, 0x061C, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F,
                               0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2060, 0x2061, 0x2062,
                               0x2063, 0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF};

}  // namespace

// ------------------------------------------------------------------------------------------------
// squeezed()

TEST_CASE("squeezed: the ASCII and Thai tables agree with ICU") {
  // Indirectly: every ASCII character and every Thai code point between every kind of neighbour.
  SqueezeChecker ck;
  const char* const ctx[] = {"a", "1", ".", " ", "$", "\xE0\xB8\x81" /* ก */, "\xFF", ""};
  for (UChar32 c = 0; c < 0x80; ++c) {
    for (const char* l : ctx)
      for (const char* r : ctx) ck.check(std::string(l) + cp(c) + r);
  }
  for (UChar32 c = 0x0E00; c < 0x0E80; ++c) {
    for (const char* l : ctx)
      for (const char* r : ctx) ck.check(std::string(l) + cp(c) + r);
  }
  CHECK(ck.failures == 0);
}

TEST_CASE("squeezed: every code point up to U+FFFF in small contexts") {
  SqueezeChecker ck;
  const char* const contexts[][2] = {{"a", "b"},   {"a.", ".b"},  {". ", " ."}, {"a ", " b"},
                                     {"", ""},     {"\xE0\xB8\x81 ", " 1"},      {"$", "-"},
                                     {"x\xC3", "y"}, {"-", "\xE0\xB8\x81"}};
  std::string in;
  for (UChar32 c = 0; c <= 0xFFFF; ++c) {
    for (const auto& lr : contexts) {
      in.assign(lr[0]);
      if (U_IS_SURROGATE(c)) {  // not encodable: its 3-byte "CESU" form is ill-formed UTF-8
        in += static_cast<char>(0xE0 | (c >> 12));
        in += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        in += static_cast<char>(0x80 | (c & 0x3F));
      } else {
        append_cp(in, c);
      }
      in += lr[1];
      ck.check(in);
    }
    // The same character twice or three times, separated and not.
    const std::string one = cp(U_IS_SURROGATE(c) ? 0xFFFD : c);
    ck.check(one + " " + one);
    ck.check("a" + one + one + "." + one + "b");
  }
  CHECK(ck.failures == 0);
}

TEST_CASE("squeezed: every lone octet and truncated or overlong Thai sequence") {
  SqueezeChecker ck;
  for (int b = 0; b < 256; ++b) {
    const std::string o(1, static_cast<char>(b));
    for (const std::string& l : {std::string("a"), std::string("a "), std::string(".")}) {
      for (const std::string& r : {std::string("b"), std::string(" b"), std::string("")}) {
        ck.check(l + o + r);
        ck.check(l + "\xE0" + o + r);
        ck.check(l + "\xE0\xB8" + o + r);
        ck.check(l + "\xE0\xB9" + o + r);
        ck.check(l + o + "\xB8\x81" + r);
      }
    }
  }
  for (const char* s : {"\xE0\xB8", "\xE0\xB9", "\xE0", "a \xE0\xB8", "a \xE0\xB8\x81",
                        "\xE0\x80\x80", "\xE0\x9F\xBF", "\xED\xA0\x80 a", "\xF0\x9F\x98\x80"}) {
    ck.check(s);
  }
  CHECK(ck.failures == 0);
}

TEST_CASE("squeezed: random ASCII, Thai, mixed and ill-formed text") {
  SqueezeChecker ck;
  Rng rng(0x5EED'2026'00A1ull);
  const UChar32 others[] = {0x00A0, 0x00E9, 0x00A3, 0x2018, 0x2019, 0x2026, 0x3000, 0x0E81,
                            0x0EB3, 0xFFFD, 0x1F600, 0x1D42F, 0x0301, 0x200B, 0x0660, 0xFF0E};
  std::string in;
  for (int iter = 0; iter < 40000; ++iter) {
    in.clear();
    const int kind = iter % 4;  // 0 ASCII, 1 Thai + separators, 2 mixed, 3 mixed + bad octets
    const auto len = rng.range(0, 60);
    for (std::uint32_t k = 0; k < len; ++k) {
      const auto r = rng.below(100);
      if (kind == 0) {
        in += static_cast<char>(r < 60 ? "abcXYZ019"[rng.below(9)] : rng.below(128));
      } else if (kind == 1) {
        if (r < 70) append_cp(in, static_cast<UChar32>(0x0E00 + rng.below(128)));
        else in += " .-_/"[rng.below(5)];
      } else {
        if (r < 30) append_cp(in, static_cast<UChar32>(0x0E00 + rng.below(128)));
        else if (r < 60) in += static_cast<char>(rng.below(128));
        else if (r < 75) append_cp(in, others[rng.below(std::size(others))]);
        else if (r < 85) append_cp(in, any_scalar(rng));
        else if (kind == 3) in += static_cast<char>(rng.byte());
        else in += ' ';
      }
    }
    ck.check(in);
  }
  CHECK(ck.failures == 0);
}

TEST_CASE("squeezed: output capacity is reused") {
  Normalizer n;
  std::string out;
  const std::string in = "v.e.r.i.f.y ยืนยัน ตัว-ตน \xFF a$b 0-8-1-2 \xF0\x9F\x98\x80 end";
  n.squeezed(in, out);
  const std::string first = out;
  const auto* data = out.data();
  const auto cap = out.capacity();
  for (int k = 0; k < 3; ++k) {
    n.squeezed(in, out);
    CHECK(out == first);
  }
  CHECK(out.data() == data);
  CHECK(out.capacity() == cap);
}

// ------------------------------------------------------------------------------------------------
// normalized()

TEST_CASE("normalized: ICU leaves every Thai code point alone except SARA AM") {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  REQUIRE(U_SUCCESS(err));
  for (UChar32 c = 0x0E00; c < 0x0E80; ++c) {
    INFO("U+" << std::hex << c);
    const icu::UnicodeString one(c);
    const icu::UnicodeString n = nfkc->normalize(one, err);
    REQUIRE(U_SUCCESS(err));
    if (c == 0x0E33) {
      CHECK(n == icu::UnicodeString(u"\u0E4D\u0E32"));
    } else {
      CHECK(n == one);
    }
    icu::UnicodeString folded(one);
    folded.foldCase(U_FOLD_CASE_DEFAULT);
    CHECK(folded == one);
    // NIKHAHIT and SARA AA are starters, so SARA AM's decomposition never reorders; only the
    // below vowels, PHINTHU and the tone marks have a combining class.
    const auto ccc = u_getCombiningClass(c);
    if (c == 0x0E38 || c == 0x0E39 || c == 0x0E3A || (c >= 0x0E48 && c <= 0x0E4B)) {
      CHECK(ccc != 0);
    } else {
      CHECK(ccc == 0);
    }
  }
  // The pipeline: every Thai code point alone comes out unchanged; the pair NIKHAHIT + SARA AA
  // becomes SARA AM.
  Normalizer& n = shared();
  std::string out;
  for (UChar32 c = 0x0E00; c < 0x0E80; ++c) {
    INFO("U+" << std::hex << c);
    n.normalized_reference(cp(c), out);
    CHECK(out == cp(c));
    n.normalized(cp(c), out);
    CHECK(out == cp(c));
  }
  for (const std::string& s : {std::string("\u0E4D\u0E32"), std::string("\u0E17\u0E4D\u0E32"),
                               std::string("\u0E19\u0E49\u0E4D\u0E32"),
                               std::string("\u0E4D\u200B\u0E32")}) {
    n.normalized_reference(s, out);
    CHECK(out.find("\u0E33") != std::string::npos);
    CHECK(out.find("\u0E4D") == std::string::npos);
    std::string fast;
    n.normalized(s, fast);
    CHECK(fast == out);
  }
}

TEST_CASE("normalized: every Thai code point pairwise and with neighbours") {
  NormalizeChecker ck;
  const std::string between[] = {"", "\u200B", "\u200D", "\u00AD\uFEFF"};
  for (UChar32 a = 0x0E00; a < 0x0E80; ++a) {
    for (UChar32 b = 0x0E00; b < 0x0E80; ++b) {
      for (const std::string& mid : between) ck.check(cp(a) + mid + cp(b));
    }
    for (const char* ctx : {"A", "z", "0", " ", ".", "\x7F", "\u0E81", "\u00E9", "\u0301"}) {
      ck.check(std::string(ctx) + cp(a));
      ck.check(cp(a) + ctx);
      ck.check(std::string(ctx) + cp(a) + ctx);
      ck.check(cp(a) + "\u0E4D" + ctx + "\u0E32");
    }
    // Triples with the marks that have a combining class, and with SARA AM's halves.
    for (UChar32 m : {0x0E38, 0x0E39, 0x0E3A, 0x0E48, 0x0E4B, 0x0E4D, 0x0E32, 0x0E33}) {
      ck.check(cp(m) + cp(a) + cp(m));
      ck.check(std::string("\u0E01") + cp(a) + cp(m));
      ck.check(std::string("\u0E01") + cp(m) + cp(a));
      ck.check(std::string("\u0E01") + cp(m) + "\u200B" + cp(a));
    }
  }
  CHECK(ck.failures == 0);
}

TEST_CASE("normalized: every ASCII character and every invisible around Thai") {
  NormalizeChecker ck;
  for (int c = 0; c < 128; ++c) {
    const std::string a(1, static_cast<char>(c));
    ck.check(a);
    ck.check(a + "\u0E17\u0E33" + a);
    ck.check("\u0E4D" + a + "\u0E32");
    for (UChar32 inv : kInvisibles) ck.check(a + cp(inv) + a + "\u0E01\u0E48" + cp(inv) + "\u0E38");
  }
  for (UChar32 inv : kInvisibles) {
    ck.check(cp(inv));
    ck.check("\u0E4D" + cp(inv) + "\u0E32");
    ck.check("ABC" + cp(inv) + cp(inv) + "\u0E33");
  }
  CHECK(ck.failures == 0);
}

TEST_CASE("normalized: random Thai, ASCII and invisible mixes") {
  NormalizeChecker ck;
  Rng rng(0x5EED'2026'00B2ull);
  // Characters that leave the fast path (the result must still agree).
  const UChar32 others[] = {0x0E81, 0x0EB2, 0x0ECD, 0x0EB3, 0x00E9, 0x00A0, 0xFF21, 0x0301,
                            0x0435, 0x0412, 0x2018, 0xFFFD, 0x1D42F, 0x1F600, 0x2065, 0x200A};
  std::string in;
  for (int iter = 0; iter < 60000; ++iter) {
    in.clear();
    const bool pure = iter % 4 != 3;  // one in four may contain other text or bad octets
    const auto len = rng.range(0, 50);
    for (std::uint32_t k = 0; k < len; ++k) {
      const auto r = rng.below(100);
      if (r < 50) {
        append_cp(in, random_thai(rng));
      } else if (r < 75) {
        in += static_cast<char>(rng.chance(70) ? "aZ 9.-"[rng.below(6)] : rng.below(128));
      } else if (r < 90 || pure) {
        append_cp(in, kInvisibles[rng.below(std::size(kInvisibles))]);
      } else if (r < 97) {
        append_cp(in, others[rng.below(std::size(others))]);
      } else {
        in += static_cast<char>(rng.byte());
      }
    }
    ck.check(in);
  }
  CHECK(ck.failures == 0);
}

TEST_CASE("normalized: the fast path keeps plain Thai and ASCII as they were") {
  Normalizer& n = shared();
  std::string out;
  n.normalized("กรุณาโทรกลับที่สำนักงาน VERIFY น้ำ", out);
  CHECK(out == "กรุณาโทรกลับที่สำนักงาน verify น้ำ");
  n.normalized("\u0E01\u0E48\u0E38", out);  // tone mark before SARA U: NFKC reorders
  CHECK(out == "\u0E01\u0E38\u0E48");
  n.normalized("\u0E01\u0E48\u200B\u0E38", out);  // also once the ZWSP is gone
  CHECK(out == "\u0E01\u0E38\u0E48");
  n.normalized("\u0E19\u0E49\u0E4D\u200D\u0E32", out);
  CHECK(out == "\u0E19\u0E49\u0E33");
  n.normalized("\xE0\xB8", out);  // truncated: the full pipeline's U+FFFD
  CHECK(out == "\uFFFD");
  CHECK(smsfw::test::is_valid_utf8(out));
}

TEST_CASE("normalized: output capacity is reused on the fast path") {
  Normalizer n;
  for (const std::string& in : {std::string("Verify your account now at example.com"),
                               std::string("กรุณา\u200Bติดต่อ\u200Bสำนักงาน ทำรายการ OTP 123456"),
                               std::string("\u0E17\u0E4D\u0E32 \u0E01\u0E48\u0E38 mixed")}) {
    std::string out;
    n.normalized(in, out);
    const std::string first = out;
    const auto* data = out.data();
    const auto cap = out.capacity();
    for (int k = 0; k < 3; ++k) {
      n.normalized(in, out);
      CHECK(out == first);
    }
    CHECK(out.data() == data);
    CHECK(out.capacity() == cap);
  }
}
