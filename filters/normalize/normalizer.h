#pragma once
// Matching views of decoded message text (UTF-8): what the firewall's rules are matched against.
// The relayed PDU bytes are never touched; these are derived copies.
//
// Pipeline of the `normalized` view (ICU is the source of truth for every property used):
//   1. UTF-8 -> UTF-16; every ill-formed UTF-8 sequence becomes U+FFFD (never a crash).
//   2. Drop invisible format characters (see is_invisible() in normalizer.cc for the exact list:
//      ZWSP, ZWNJ, ZWJ, word joiner, invisible operators, soft hyphen, BOM/ZWNBSP, Mongolian vowel
//      separator, and every bidi control). Done *before* NFKC so that a ZWJ wedged between a
//      base and its mark cannot block composition.
//   3. Unicode NFKC (ICU Normalizer2 NFKC instance): full-width, ligatures, circled, super/
//      subscript and other compatibility forms become ordinary characters; NBSP becomes space.
//   4. SARA AM fix-up: NFKC decomposes Thai SARA AM U+0E33 into NIKHAHIT U+0E4D + SARA AA
//      U+0E32 (and Lao AM U+0EB3 into U+0ECD U+0EB2). Every such pair is recomposed to the
//      single AM code point afterwards, so "ทำ", "น้ำ", "สำนักงาน" come out exactly as typed.
//      Chosen over "keep Thai out of NFKC" because it also canonicalises the evasive spelling
//      NIKHAHIT + SARA AA typed on purpose, so both spellings match a rule typed with SARA AM.
//      The result is idempotent: normalized(normalized(x)) == normalized(x).
//   5. Full default case folding (u_strFoldCase, U_FOLD_CASE_DEFAULT): "ß" -> "ss", "Σ/ς" -> "σ".
//      Turkish dotted/dotless I use the *default* (non-Turkic) mappings: "I" -> "i",
//      "İ" (U+0130) -> "i" + U+0307 COMBINING DOT ABOVE, "ı" (U+0131) stays "ı". Rules must be
//      folded through the same function so that both sides agree.
//   Note: the result is fold(NFKC(x)), not the NFKC_Casefold closure; for the rare characters
//   whose folding is not NFKC-stable the output may not be NFKC. Rule text goes through the same
//   pipeline, so both sides still agree.
//
// `squeezed` view: the normalized view with runs of separators removed when they sit between two
// word characters ("v.e.r.i.f.y" -> "verify", "k b a n k" -> "kbank", "0-8-1-2" -> "0812";
// words separated by spaces are joined too, which is intended). Exact classes in normalizer.cc.
//
// Where confusable mapping (UTS #39, the next piece) will slot in: between step 3 (NFKC) and
// step 5 (case folding) of `normalized`, as a mapping of non-Latin lookalikes (Cyrillic, Greek,
// mathematical alphanumerics) to Latin letters that leaves ASCII alone — not full skeletons,
// which rewrite ordinary Latin (see SMPP-NOTES.md, "Normalisation pitfalls").

#include <string>
#include <string_view>
#include <vector>

struct UNormalizer2;  // ICU's C handle (typedef struct UNormalizer2 UNormalizer2 in unorm2.h)

namespace smsfw::filters::normalize {

// Produces the matching views. Create one per thread and reuse it: it holds the ICU NFKC
// instance (a process-wide singleton, not owned) and UTF-16 scratch buffers whose capacity is
// kept between calls, so a steady stream of messages causes no allocation. Not thread-safe.
class Normalizer {
 public:
  // Throws std::runtime_error if ICU cannot provide the NFKC data.
  Normalizer();

  // Replaces `out` with the normalized view of `utf8_in` (any bytes; ill-formed UTF-8 is read as
  // U+FFFD). The output is always well-formed UTF-8. `out`'s capacity is reused.
  // Throws std::length_error for inputs over 256 MiB (far above any SMS; ICU lengths are int32).
  void normalized(std::string_view utf8_in, std::string& out);

  // Replaces `out` with the squeezed view of `normalized_utf8` (normally the output of
  // normalized(); any bytes accepted, ill-formed UTF-8 is written as U+FFFD).
  void squeezed(std::string_view normalized_utf8, std::string& out);

 private:
  // Runs the non-ASCII pipeline (steps 1-5); normalized() handles pure ASCII itself.
  void normalize_slow(std::string_view utf8_in, std::string& out);

  const UNormalizer2* nfkc_ = nullptr;
  std::vector<char16_t> a_;  // scratch: decoded / folded UTF-16
  std::vector<char16_t> b_;  // scratch: NFKC output
};

}  // namespace smsfw::filters::normalize
