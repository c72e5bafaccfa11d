#include "confusables/latin_lookalikes.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <stdexcept>

namespace smsfw::filters::confusables {
namespace {

// Blocks whose letters/digits are candidates. Deliberately excludes U+0000-U+00FF (ASCII and
// Latin-1 are never rewritten) and every script that is not commonly used to imitate Latin
// (Thai in particular). Latin Extended/IPA are included for characters such as 'ı' 'ɑ' 'ɡ' whose
// skeleton is plain ASCII; accented letters have non-ASCII skeletons and drop out by themselves.
struct Range { char32_t lo, hi; };
constexpr Range kCandidateBlocks[] = {
    {0x0100, 0x024F},    // Latin Extended-A, -B
    {0x0250, 0x02AF},    // IPA Extensions
    {0x0370, 0x03FF},    // Greek and Coptic
    {0x0400, 0x052F},    // Cyrillic, Cyrillic Supplement
    {0x0530, 0x058F},    // Armenian (օ ս հ ո ...)
    {0x13A0, 0x13FF},    // Cherokee (Ꭺ Ᏼ Ꮯ ...)
    {0x1D00, 0x1DBF},    // Phonetic Extensions (+ Supplement)
    {0x1E00, 0x1EFF},    // Latin Extended Additional
    {0x2100, 0x214F},    // Letterlike Symbols (ℂ K ℮ ...)
    {0x2150, 0x218F},    // Number Forms (Roman numerals Ⅰ Ⅴ Ⅹ ...)
    {0xA640, 0xA69F},    // Cyrillic Extended-B
    {0xAB70, 0xABBF},    // Cherokee Supplement (small letters)
    {0xFF00, 0xFFEF},    // Halfwidth and Fullwidth Forms
    {0x1D400, 0x1D7FF},  // Mathematical Alphanumeric Symbols
};

struct SpoofCloser { void operator()(USpoofChecker* p) const { uspoof_close(p); } };

// UTF-8 of one code point (cp must be a scalar value: the candidate blocks contain no surrogates).
std::string to_utf8(char32_t cp) {
  char buf[4];
  int32_t n = 0;
  U8_APPEND_UNSAFE(buf, n, static_cast<UChar32>(cp));
  return std::string(buf, static_cast<std::size_t>(n));
}

// ICU's UTS #39 skeleton of a UTF-8 string; empty on any ICU error.
std::string skeleton(const USpoofChecker* sc, const std::string& s) {
  char buf[64];
  UErrorCode ec = U_ZERO_ERROR;
  const int32_t n = uspoof_getSkeletonUTF8(sc, 0, s.data(), static_cast<int32_t>(s.size()), buf,
                                           sizeof buf, &ec);
  if (U_FAILURE(ec)) return {};
  return std::string(buf, static_cast<std::size_t>(n));
}

// NFKC of one code point as UTF-8; empty on error.
std::string nfkc(const UNormalizer2* n2, char32_t cp) {
  UChar in[2];
  int32_t len = 0;
  U16_APPEND_UNSAFE(in, len, static_cast<UChar32>(cp));
  UChar out[32];
  UErrorCode ec = U_ZERO_ERROR;
  const int32_t m = unorm2_normalize(n2, in, len, out, 32, &ec);
  if (U_FAILURE(ec)) return {};
  char buf[128];
  int32_t blen = 0;
  u_strToUTF8(buf, sizeof buf, &blen, out, m, &ec);
  if (U_FAILURE(ec)) return {};
  return std::string(buf, static_cast<std::size_t>(blen));
}

bool all_of_class(const std::string& s, int (*pred)(int)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) {
           return static_cast<unsigned char>(c) < 0x80 && pred(static_cast<unsigned char>(c));
         });
}
int is_alnum(int c) { return std::isalnum(c); }
int is_alpha(int c) { return std::isalpha(c); }
int is_digit(int c) { return std::isdigit(c); }

// Builds the table (see the header for the selection rule). For each candidate, the ASCII
// replacement is chosen in this order, always among strings with the same ICU skeleton:
//   1. its NFKC form, if that is ASCII of the same kind (𝐦 -> "m", Ⅱ -> "II", Ａ -> "A");
//   2. a single ASCII character of the same kind whose skeleton equals the candidate's, preferring
//      the same letter case (Greek 'Ι' -> 'I' but Cyrillic 'ӏ' -> 'l', both with skeleton "l");
//      letters only ever map to letters and digits to digits (Cyrillic 'З' is not turned into '3').
std::vector<LatinLookalike> build_table() {
  UErrorCode ec = U_ZERO_ERROR;
  std::unique_ptr<USpoofChecker, SpoofCloser> sc(uspoof_open(&ec));
  if (U_FAILURE(ec)) throw std::runtime_error("confusables: uspoof_open failed");
  const UNormalizer2* n2 = unorm2_getNFKCInstance(&ec);
  if (U_FAILURE(ec)) throw std::runtime_error("confusables: NFKC data unavailable");

  // skeleton -> ASCII letters/digits with that skeleton, in ASCII order.
  std::map<std::string, std::string> by_skeleton;
  for (int c = 0x21; c < 0x7F; ++c) {
    if (!std::isalnum(c)) continue;
    by_skeleton[skeleton(sc.get(), std::string(1, static_cast<char>(c)))] += static_cast<char>(c);
  }

  std::vector<LatinLookalike> table;
  for (const Range& r : kCandidateBlocks) {
    for (char32_t cp = r.lo; cp <= r.hi; ++cp) {
      const auto ucp = static_cast<UChar32>(cp);
      const bool letter = u_isalpha(ucp);
      const bool digit = !letter && u_isdigit(ucp);
      if (!letter && !digit) continue;
      const std::string sk = skeleton(sc.get(), to_utf8(cp));
      if (!all_of_class(sk, is_alnum)) continue;
      auto kind = letter ? is_alpha : is_digit;

      std::string target;
      const std::string folded = nfkc(n2, cp);
      if (all_of_class(folded, kind) && skeleton(sc.get(), folded) == sk) {
        target = folded;
      } else if (auto it = by_skeleton.find(sk); it != by_skeleton.end()) {
        // Preferred letter case: upper for upper-case candidates, lower for everything else.
        const bool want_upper = u_isupper(ucp);
        int best = -1;  // 1: letter of the preferred case (or any digit), 0: other case
        for (char c : it->second) {
          const auto uc = static_cast<unsigned char>(c);
          if (!kind(uc)) continue;
          const int score = !letter || (want_upper ? std::isupper(uc) : std::islower(uc)) ? 1 : 0;
          if (score > best) { best = score; target.assign(1, c); }
        }
      }
      if (!target.empty()) table.push_back({cp, std::move(target)});
    }
  }
  return table;  // already sorted: ranges are ascending and disjoint
}

}  // namespace

const std::vector<LatinLookalike>& latin_lookalike_table() {
  static const std::vector<LatinLookalike> table = build_table();
  return table;
}

std::string_view latin_lookalike(char32_t cp) {
  if (cp < 0x100) return {};
  const auto& t = latin_lookalike_table();
  auto it = std::lower_bound(t.begin(), t.end(), cp,
                             [](const LatinLookalike& e, char32_t v) { return e.cp < v; });
  if (it == t.end() || it->cp != cp) return {};
  return it->latin;
}

void map_to_latin(std::string_view utf8, std::string& out) {
  if (utf8.size() > (std::size_t{256} << 20)) throw std::length_error("map_to_latin: input too long");
  out.clear();
  out.reserve(utf8.size());
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto len = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < len) {
    if (s[i] < 0x80) { out += static_cast<char>(s[i++]); continue; }  // ASCII: never mapped
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, len, c);
    if (c < 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for each ill-formed subsequence
    } else if (auto m = latin_lookalike(static_cast<char32_t>(c)); !m.empty()) {
      out += m;
    } else {
      out.append(utf8.data() + start, static_cast<std::size_t>(i - start));
    }
  }
}

}  // namespace smsfw::filters::confusables
