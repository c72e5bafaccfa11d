// Normalizer: see normalizer.h for the pipeline and the reasons behind each step.

#include "normalize/normalizer.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "confusables/latin_lookalikes.h"

namespace smsfw::filters::normalize {

namespace {

// ICU measures strings in int32_t; 256 MiB keeps every derived length (x3 for UTF-8 output,
// x18 worst-case NFKC expansion is handled by preflight) far from overflow.
constexpr std::size_t kMaxInput = std::size_t{256} << 20;

// The invisible characters dropped from the normalized view (all in the BMP, so a UTF-16 unit
// test suffices and surrogates are never mistaken for one):
//   U+00AD soft hyphen, U+061C Arabic letter mark (bidi), U+180E Mongolian vowel separator,
//   U+200B ZWSP, U+200C ZWNJ, U+200D ZWJ, U+200E LRM, U+200F RLM,
//   U+202A-U+202E bidi embeddings/overrides, U+2060 word joiner, U+2061-U+2064 invisible
//   operators, U+2066-U+2069 bidi isolates, U+FEFF ZWNBSP/BOM.
// ZWJ/ZWNJ matter for emoji sequences and some Indic spellings, but not for matching; ZWSP is a
// legitimate Thai word separator, which is why it is dropped only here, never in the relay.
bool is_invisible(char16_t u) {
  switch (u) {
    case 0x00AD: case 0x061C: case 0x180E: case 0xFEFF: return true;
    default: break;
  }
  return (u >= 0x200B && u <= 0x200F) || (u >= 0x202A && u <= 0x202E) ||
         (u >= 0x2060 && u <= 0x2064) || (u >= 0x2066 && u <= 0x2069);
}

// Word characters for the squeezed view: letters, marks (Thai vowels and tone marks are Mn)
// and numbers. A separator run is removed only when a word character is on both sides.
bool is_word(UChar32 c) {
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) != 0;
}

// Separators for the squeezed view: White_Space (space, tab, newlines, NBSP...), all
// punctuation (Pc _ , Pd - , Ps/Pe brackets, Pi/Pf quotes, Po . , * / \ ' ! ? : ; # % & @ and
// Thai fongman/angkhankhu/khomut), math symbols Sm (| + = < > ~), modifier symbols Sk (^ `),
// and controls/format characters (Cc, Cf) that survived the normalized view.
// Not separators (kept, and they end a run): currency Sc ($ ฿ €), other symbols So (emoji, ©,
// U+FFFD), private use, unassigned.
bool is_separator(UChar32 c) {
  if (u_isUWhiteSpace(c)) return true;
  return (U_GET_GC_MASK(c) & (U_GC_P_MASK | U_GC_SM_MASK | U_GC_SK_MASK | U_GC_CC_MASK |
                              U_GC_CF_MASK)) != 0;
}

// The class of a character in the squeezed view; kMultiByte marks the lead and continuation
// bytes in Normalizer::byte_class_ (not ASCII: decode first).
enum CharClass : std::uint8_t { kOther = 0, kWord = 1, kSeparator = 2, kMultiByte = 3 };

// squeezed()'s state machine. State: bit 0 = the last non-separator character was a word
// character; bit 1 = a separator run is open (every character since it started is a separator).
//   separator: opens a run (at the current write position) unless one is open; state | 2;
//   word: if the open run came right after a word character (state 3), it is dropped: writing
//         resumes at its start; state 1;
//   other (and U+FFFD for ill-formed input): state 0.
// Packed as 4 bits per (state, class) at bit 4 * (4 * state + class): next state in bits 0-1,
// kOpensRun, kDropsRun. A shift of a constant rather than a table load keeps the loop-carried
// dependency on `state` short.
constexpr unsigned kOpensRun = 4;
constexpr unsigned kDropsRun = 8;
constexpr std::uint64_t kSqueezeSteps = [] {
  std::uint64_t steps = 0;
  for (unsigned state = 0; state < 4; ++state) {
    for (unsigned cls : {kOther, kWord, kSeparator}) {
      const unsigned next = cls == kSeparator ? (state | 2u) : cls == kWord ? 1u : 0u;
      const unsigned opens = cls == kSeparator && state < 2 ? kOpensRun : 0;
      const unsigned drops = cls == kWord && state == 3 ? kDropsRun : 0;
      steps |= std::uint64_t{next | opens | drops} << (4 * (4 * state + cls));
    }
  }
  return steps;
}();

CharClass char_class(UChar32 c) {
  if (is_separator(c)) return kSeparator;
  return is_word(c) ? kWord : kOther;
}

// Thai block U+0E00-U+0E7F in UTF-8: E0 B8 80-BF (U+0E00-U+0E3F), E0 B9 80-BF (U+0E40-U+0E7F).
// True if s[i, n) starts with one; `index` is then the code point minus U+0E00.
inline bool thai_at(const std::uint8_t* s, std::size_t i, std::size_t n, unsigned& index) {
  if (s[i] != 0xE0 || n - i < 3 || (s[i + 1] & 0xFE) != 0xB8 || (s[i + 2] & 0xC0) != 0x80) {
    return false;
  }
  index = ((s[i + 1] & 1u) << 6) | (s[i + 2] & 0x3Fu);
  return true;
}

// Writes src[0, len) into `dst` with every Latin lookalike (confusables/latin_lookalikes.h)
// replaced by its ASCII text, and returns the new length; returns -1 and leaves `dst` alone when
// nothing is a lookalike, so text without any (Thai, accented Latin) is never copied. `dst` only
// grows (to about 3 units per source unit at most), so its capacity is reused across calls.
// With `lower`, the ASCII written is lower-cased (for text that is already case folded).
// `pages` says which 128-code-point pages hold any lookalike; the others (Thai, Latin-1, CJK ...)
// skip the table's binary search.
int32_t map_lookalikes(const char16_t* src, int32_t len, std::vector<char16_t>& dst, bool lower,
                       const LookalikePages& pages) {
  int32_t w = -1;  // write position in `dst` once the first lookalike has been found
  for (int32_t r = 0; r < len;) {
    int32_t start = r;  // advanced while copying an unmapped character
    UChar32 c;
    U16_NEXT(src, r, len, c);
    const std::string_view latin =
        pages.test(static_cast<std::size_t>(c) >> kPageBits)
            ? confusables::latin_lookalike(static_cast<char32_t>(c))
            : std::string_view{};
    if (latin.empty()) {
      while (w >= 0 && start < r) dst[static_cast<std::size_t>(w++)] = src[start++];
      continue;
    }
    const bool first = w < 0;
    if (first) w = start;  // the unmapped prefix src[0, start) is copied 1:1 below
    // Room for the prefix, this replacement and a 1:1 copy of everything after it.
    const std::size_t need =
        static_cast<std::size_t>(w) + latin.size() + static_cast<std::size_t>(len - r);
    if (dst.size() < need) dst.resize(need);
    if (first) std::copy(src, src + start, dst.data());
    for (char ch : latin) {
      if (lower && ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      dst[static_cast<std::size_t>(w++)] = static_cast<char16_t>(ch);
    }
  }
  return w;
}

// Runs an ICU "src -> dst with capacity" function, growing `dst` once if ICU reports overflow
// (ICU then returns the exact length needed). Returns the length, or -1 on any other failure.
// `dst` first gets at least `src_len` + 1 units: ICU's normalizer heap-allocates internally
// whenever the destination capacity is below the source length, even if the result would fit,
// so a buffer that last held a shorter text must not look small (within its capacity, growing
// the size does not allocate).
template <typename Fn>
int32_t run_growing(std::vector<char16_t>& dst, int32_t src_len, Fn&& fn) {
  dst.resize(std::max({dst.size(), static_cast<std::size_t>(src_len) + 1, std::size_t{16}}));
  UErrorCode err = U_ZERO_ERROR;
  int32_t len = fn(dst.data(), static_cast<int32_t>(dst.size()), err);
  if (err == U_BUFFER_OVERFLOW_ERROR) {
    dst.resize(static_cast<std::size_t>(len) + 1);
    err = U_ZERO_ERROR;
    len = fn(dst.data(), static_cast<int32_t>(dst.size()), err);
  }
  return U_FAILURE(err) ? -1 : len;
}

}  // namespace

Normalizer::Normalizer() {
  UErrorCode err = U_ZERO_ERROR;
  nfkc_ = unorm2_getNFKCInstance(&err);
  if (U_FAILURE(err) || nfkc_ == nullptr) {
    throw std::runtime_error(std::string("ICU NFKC instance unavailable: ") + u_errorName(err));
  }
  nfc_ = unorm2_getNFCInstance(&err);
  if (U_FAILURE(err) || nfc_ == nullptr) {
    throw std::runtime_error(std::string("ICU NFC instance unavailable: ") + u_errorName(err));
  }
  // Build the lookalike table now (once per process) so that a missing ICU spoof data file fails
  // here, not on the first non-ASCII message, and no message pays for the build.
  for (const auto& entry : confusables::latin_lookalike_table()) {
    lookalike_pages_.set(static_cast<std::size_t>(entry.cp) >> kPageBits);
  }

  // Tables of the fast paths, from the very ICU properties the general paths use.
  // A Thai character can be copied by normalize_fast() if the pipeline leaves it alone: NFKC is
  // the identity (SARA AM: NIKHAHIT + SARA AA, two starters, which step 4 recomposes), full case
  // folding is the identity, and it is no Latin lookalike.
  const auto nfkc_of = [&](UChar32 c, char16_t* dst, int32_t cap) {
    const char16_t src[1] = {static_cast<char16_t>(c)};
    UErrorCode e = U_ZERO_ERROR;
    const int32_t len = unorm2_normalize(nfkc_, src, 1, dst, cap, &e);
    return U_SUCCESS(e) ? len : -1;
  };
  const auto copied_as_is = [&](UChar32 c) {
    char16_t d[8];
    const int32_t nlen = nfkc_of(c, d, 8);
    const bool nfkc_same = c == 0x0E33 ? nlen == 2 && d[0] == 0x0E4D && d[1] == 0x0E32 &&
                                             u_getCombiningClass(0x0E4D) == 0 &&
                                             u_getCombiningClass(0x0E32) == 0
                                       : nlen == 1 && d[0] == c;
    const char16_t src[1] = {static_cast<char16_t>(c)};
    UErrorCode e = U_ZERO_ERROR;
    const int32_t flen = u_strFoldCase(d, 8, src, 1, U_FOLD_CASE_DEFAULT, &e);
    const bool fold_same = U_SUCCESS(e) && flen == 1 && d[0] == c;
    const bool lookalike = lookalike_pages_.test(static_cast<std::size_t>(c) >> kPageBits) &&
                           !confusables::latin_lookalike(static_cast<char32_t>(c)).empty();
    return nfkc_same && fold_same && !lookalike;
  };
  for (std::size_t k = 0; k < 128; ++k) {
    const auto thai = static_cast<UChar32>(0x0E00 + k);
    byte_class_[k] = char_class(static_cast<UChar32>(k));
    byte_class_[k + 128] = kMultiByte;
    thai_class_[k] = char_class(thai);
    thai_fast_[k] = copied_as_is(thai) ? static_cast<std::uint8_t>(u_getCombiningClass(thai))
                                       : kThaiSlow;
  }
}

void Normalizer::normalized(std::string_view utf8_in, std::string& out) {
  if (utf8_in.size() > kMaxInput) throw std::length_error("normalize: input over 256 MiB");
  if (!normalize_fast(utf8_in, out)) normalize_slow(utf8_in, out);
}

void Normalizer::normalized_reference(std::string_view utf8_in, std::string& out) {
  if (utf8_in.size() > kMaxInput) throw std::length_error("normalize: input over 256 MiB");
  normalize_slow(utf8_in, out);
}

// ASCII, Thai and invisibles only (see normalizer.h). Why each step of the pipeline is the
// identity here, or what it amounts to:
//   1. only well-formed UTF-8 is accepted (anything else returns false);
//   2. invisibles are dropped as they are met, so the steps below see the text without them;
//   3. NFKC: ASCII is NFKC-inert; the constructor checked every Thai character (thai_fast_).
//      NFKC composes nothing here (Thai has no canonical compositions, nor ASCII + Thai mark),
//      but it would reorder combining marks out of canonical order: those return false;
//   4. SARA AM: NFKC's NIKHAHIT + SARA AA from SARA AM is put back; one typed as a pair becomes
//      SARA AM here directly (left to right, like step 4: U+0E4D U+0E4D U+0E32 -> U+0E4D U+0E33);
//   5. and 7. no ASCII or Thai character is a lookalike (constructor check);
//   6. full case folding: ASCII A-Z -> a-z, Thai unchanged (constructor check); the recomposition
//      after it finds the text already NFC.
bool Normalizer::normalize_fast(std::string_view utf8_in, std::string& out) const {
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8_in.data());
  const std::size_t n = utf8_in.size();
  out.resize(n);  // never longer than the input; within the capacity this does not allocate
  auto* o = reinterpret_cast<std::uint8_t*>(out.data());
  std::size_t w = 0;
  std::uint8_t prev_ccc = 0;  // combining class of the last character kept
  std::size_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      // ASCII, lower-cased eight octets at a time while they are all ASCII: per octet b < 0x80,
      // b + 0x3F has its high bit set iff b >= 'A', b + 0x25 iff b > 'Z' (no carry between
      // octets), so `upper` holds 0x80 for exactly A-Z, and 0x80 >> 2 is the case bit 0x20.
      constexpr std::uint64_t kHigh = 0x8080808080808080ull;
      while (n - i >= 8) {
        std::uint64_t x;
        std::memcpy(&x, s + i, 8);
        if (x & kHigh) break;
        const std::uint64_t upper =
            (x + 0x3F3F3F3F3F3F3F3Full) & ~(x + 0x2525252525252525ull) & kHigh;
        x |= upper >> 2;
        std::memcpy(o + w, &x, 8);
        i += 8;
        w += 8;
      }
      for (; i < n && s[i] < 0x80; ++i) {
        const std::uint8_t b = s[i];
        o[w++] = static_cast<std::uint8_t>(b + (static_cast<unsigned>(b - 'A') < 26u ? 0x20 : 0));
      }
      prev_ccc = 0;
      continue;
    }
    unsigned k;
    if (thai_at(s, i, n, k)) {
      const std::uint8_t ccc = thai_fast_[k];
      if (ccc == kThaiSlow) return false;
      if (ccc != 0 && prev_ccc > ccc) return false;  // NFKC would reorder the marks
      prev_ccc = ccc;
      // SARA AA (E0 B8 B2) right after NIKHAHIT (E0 B9 8D, written last): SARA AM (E0 B8 B3).
      if (k == 0x32 && w >= 3 && o[w - 1] == 0x8D && o[w - 2] == 0xB9 && o[w - 3] == 0xE0) {
        o[w - 2] = 0xB8;
        o[w - 1] = 0xB3;
      } else {
        o[w] = s[i];
        o[w + 1] = s[i + 1];
        o[w + 2] = s[i + 2];
        w += 3;
      }
      i += 3;
      continue;
    }
    // Anything else must be an invisible character (BMP), dropped.
    auto j = static_cast<int32_t>(i);
    UChar32 c;
    U8_NEXT(s, j, static_cast<int32_t>(n), c);
    if (c < 0 || c > 0xFFFF || !is_invisible(static_cast<char16_t>(c))) return false;
    i = static_cast<std::size_t>(j);
  }
  out.resize(w);
  return true;
}

void Normalizer::normalize_slow(std::string_view utf8_in, std::string& out) {
  out.clear();
  // 1. UTF-8 -> UTF-16. Each input byte yields at most one UTF-16 unit (a 4-byte sequence gives
  //    a surrogate pair; each ill-formed subsequence of >= 1 byte gives one U+FFFD), so n + 1
  //    units always suffice.
  const auto n = static_cast<int32_t>(utf8_in.size());
  a_.resize(static_cast<std::size_t>(n) + 1);
  UErrorCode err = U_ZERO_ERROR;
  int32_t len = 0;
  u_strFromUTF8WithSub(a_.data(), n + 1, &len, utf8_in.data(), n, 0xFFFD, nullptr, &err);
  if (U_FAILURE(err)) return;  // unreachable with the capacity above; yields an empty view

  // 2. Drop invisible format characters, in place.
  int32_t w = 0;
  for (int32_t r = 0; r < len; ++r) {
    if (!is_invisible(a_[r])) a_[w++] = a_[r];
  }
  len = w;

  // From here on the text is `cur`[0, len), in a_ or b_; `spare` is the other buffer. A step
  // writes into `spare` and advance() swaps the roles.
  char16_t* cur = a_.data();
  std::vector<char16_t>* spare = &b_;
  auto advance = [&](int32_t new_len) {
    cur = spare->data();
    spare = spare == &a_ ? &b_ : &a_;
    len = new_len;
  };
  // Normalizes to `form`, skipped when the quick check says the text already is in it; true if
  // the text changed.
  auto normalize_into_spare = [&](const UNormalizer2* form) {
    err = U_ZERO_ERROR;
    if (unorm2_spanQuickCheckYes(form, cur, len, &err) == len && U_SUCCESS(err)) return false;
    const int32_t nlen = run_growing(*spare, len, [&](char16_t* d, int32_t cap, UErrorCode& e) {
      return unorm2_normalize(form, cur, len, d, cap, &e);
    });
    if (nlen < 0) return false;  // on an (unexpected) ICU failure the step is skipped
    advance(nlen);
    return true;
  };
  // Full default case folding into the other buffer (ICU forbids in-place folding).
  auto fold_into_spare = [&] {
    const int32_t flen = run_growing(*spare, len, [&](char16_t* d, int32_t cap, UErrorCode& e) {
      return u_strFoldCase(d, cap, cur, len, U_FOLD_CASE_DEFAULT, &e);
    });
    if (flen >= 0) advance(flen);
  };
  // Makes the folded text a fixed point of the pipeline (idempotence): folding and the
  // lookalike mapping can leave sequences that NFC composes ("a" + U+0301 from Cyrillic "а" +
  // U+0301; "ϊ" + U+0301 from "Ϊ" + U+0301; "s" + U+0301 from "ß" + U+0301), and a second pass
  // would compose them in its NFKC. So: NFC if the quick check says it is not NFC, then fold
  // once more, since what NFC composed may fold differently (U+1E97 "ẗ" folds to "t" + U+0308).
  // NFC, not NFKC: NFKC would split the AM recomposed in step 4 (U+0E33 has a compatibility
  // decomposition, so NFC leaves it alone), and nothing else here needs compatibility mapping.
  auto recompose_and_fold = [&] {
    if (normalize_into_spare(nfc_)) fold_into_spare();
  };

  // 3. NFKC.
  normalize_into_spare(nfkc_);

  // 4. Recompose Thai / Lao AM that NFKC split: U+0E4D U+0E32 -> U+0E33, U+0ECD U+0EB2 ->
  //    U+0EB3. Both pairs consist of ccc=0 characters, so NFKC never reorders marks across them.
  {
    char16_t* p = cur;  // points into a_ or b_
    int32_t wr = 0;
    for (int32_t r = 0; r < len; ++r) {
      if (r + 1 < len && p[r] == 0x0E4D && p[r + 1] == 0x0E32) {
        p[wr++] = 0x0E33;
        ++r;
      } else if (r + 1 < len && p[r] == 0x0ECD && p[r + 1] == 0x0EB2) {
        p[wr++] = 0x0EB3;
        ++r;
      } else {
        p[wr++] = p[r];
      }
    }
    len = wr;
  }

  // 5. Latin lookalikes to ASCII, before folding: capitals such as Cyrillic "В" look like "B",
  //    but their folded forms ("в") do not look like "b".
  if (const int32_t mlen = map_lookalikes(cur, len, *spare, false, lookalike_pages_); mlen >= 0) {
    advance(mlen);
  }

  // 6. Full default case folding, then recomposition (see recompose_and_fold above).
  fold_into_spare();
  recompose_and_fold();

  // 7. Lookalikes again, for the ones only folding produced: Greek "Γ" is not a lookalike but
  //    its folded "γ" looks like "y" (likewise "ΐ" folds to "ι" + marks). The ASCII written is
  //    lower case, so the text stays folded; recomposition as in step 6.
  if (const int32_t mlen = map_lookalikes(cur, len, *spare, true, lookalike_pages_); mlen >= 0) {
    advance(mlen);
    recompose_and_fold();
  }

  // 8. UTF-16 -> UTF-8: at most 3 bytes per UTF-16 unit. resize() within the existing capacity
  //    does not allocate, so a reused `out` stops growing after the first large message.
  out.resize(static_cast<std::size_t>(len) * 3 + 1);
  err = U_ZERO_ERROR;
  int32_t olen = 0;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &olen, cur, len, 0xFFFD,
                     nullptr, &err);
  out.resize(U_FAILURE(err) ? 0 : static_cast<std::size_t>(olen));
}

// The output is the input with every ill-formed sequence replaced by U+FFFD and every separator
// run removed that has a word character right before and right after it. Every character is
// written as it comes; a word character that ends such a run is written over the run. ASCII and
// Thai are classified through the constructor's tables, the rest through ICU.
void Normalizer::squeezed(std::string_view normalized_utf8, std::string& out) {
  if (normalized_utf8.size() > kMaxInput) throw std::length_error("normalize: input over 256 MiB");
  const auto* s = reinterpret_cast<const std::uint8_t*>(normalized_utf8.data());
  const std::size_t n = normalized_utf8.size();
  // Room for the input as it is; only U+FFFD for ill-formed input can need more (grown there).
  // Invariant: out.size() >= w + (n - i). Within the capacity, resize() does not allocate.
  out.resize(n);
  auto* o = reinterpret_cast<std::uint8_t*>(out.data());
  std::size_t w = 0;          // write position in `out`
  std::size_t run_start = 0;  // write position where the open run starts
  unsigned state = 0;         // see kSqueezeSteps
  const auto step = [&](unsigned cls) {
    const auto e = static_cast<unsigned>(kSqueezeSteps >> (4 * (state * 4 + cls))) & 0xFu;
    if (e & kOpensRun) run_start = w;  // compiled to conditional moves, not branches
    if (e & kDropsRun) w = run_start;
    state = e & 3u;
  };
  std::size_t i = 0;
  while (i < n) {
    const unsigned cls = byte_class_[s[i]];
    if (cls != kMultiByte) {  // ASCII
      step(cls);
      o[w++] = s[i++];
      continue;
    }
    unsigned k;
    if (thai_at(s, i, n, k)) {
      step(thai_class_[k]);
      std::memcpy(o + w, s + i, 3);
      w += 3;
      i += 3;
      continue;
    }
    auto j = static_cast<int32_t>(i);
    UChar32 c;
    U8_NEXT(s, j, static_cast<int32_t>(n), c);
    const auto next = static_cast<std::size_t>(j);
    if (c < 0) {  // ill-formed: one U+FFFD (a non-word, non-separator character)
      if (const std::size_t need = w + 3 + (n - next); out.size() < need) {
        out.resize(need);
        o = reinterpret_cast<std::uint8_t*>(out.data());
      }
      step(kOther);
      std::memcpy(o + w, "\xEF\xBF\xBD", 3);
      w += 3;
    } else {
      step(char_class(c));
      std::memcpy(o + w, s + i, next - i);
      w += next - i;
    }
    i = next;
  }
  out.resize(w);
}

}  // namespace smsfw::filters::normalize
