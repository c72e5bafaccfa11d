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
//   5. Latin lookalikes (confusables/latin_lookalikes.h): single non-ASCII characters that look
//      like Latin letters or digits (Cyrillic "КВАNК", Greek "ΡayPal", mathematical "𝐯𝐞𝐫𝐢𝐟𝐲",
//      letterlike, Cherokee ...) become their ASCII letters/digits; ASCII, Latin-1 and scripts
//      that do not imitate Latin (Thai) are left alone. Not full UTS #39 skeletons, which rewrite
//      ordinary Latin (SMPP-NOTES.md, "Normalisation pitfalls"). Before folding, because
//      capitals can look Latin when their folded forms do not (Cyrillic "В" is "B", "в" is not
//      "b").
//   6. Full default case folding (u_strFoldCase, U_FOLD_CASE_DEFAULT): "ß" -> "ss", "Σ/ς" -> "σ".
//      Turkish dotted/dotless I use the *default* (non-Turkic) mappings: "I" -> "i",
//      "İ" (U+0130) -> "i" + U+0307 COMBINING DOT ABOVE; "ı" (U+0131) does not fold (but step 5
//      maps it to "i" as a lookalike). Rules must be folded through the same function so that
//      both sides agree.
//   7. Latin lookalikes once more, for those only folding produced ("Γ" folds to "γ", which
//      looks like "y"; "Σ" folds to "σ", which UTS #39 relates to "o").
//   After steps 6 and 7, text that is not NFC (quick check) is recomposed with NFC and folded
//   again: mapping and folding can leave base + combining mark sequences ("а" + U+0301 -> "a" +
//   U+0301) that a second pass would compose. NFC rather than NFKC keeps SARA AM intact.
//   The result is idempotent: normalized(normalized(x)) == normalized(x) (a test checks every
//   code point of planes 0 and 1, alone and followed by combining marks). Not always NFC ("t" +
//   U+0308 stays decomposed because its composition U+1E97 folds back to it); rule text goes
//   through the same pipeline, so both sides still agree.
//   Consequence of 5 and 7 for ordinary Greek/Cyrillic words: their lookalike letters become
//   Latin ("ПАРОЛЬ" -> "пapoлb"), which is why rule text must be normalized the same way.
//
//   Fast path (same output, checked by a differential test against normalized_reference()):
//   text made only of ASCII, the Thai block U+0E00-U+0E7F and the invisible characters of step 2
//   is done in one pass over the UTF-8 without ICU: ASCII is lower-cased, invisibles are dropped,
//   Thai is copied and NIKHAHIT + SARA AA becomes SARA AM (steps 3 and 4 together: NFKC changes no
//   Thai character but SARA AM, which step 4 puts back). The constructor checks that claim with
//   ICU for every Thai code point; any that fails it, and combining marks out of canonical order
//   (which NFKC would reorder), send the message to the full pipeline instead.
//
// `squeezed` view: the normalized view with runs of separators removed when they sit between two
// word characters ("v.e.r.i.f.y" -> "verify", "k b a n k" -> "kbank", "0-8-1-2" -> "0812";
// words separated by spaces are joined too, which is intended). Exact classes in normalizer.cc.
// ASCII and the Thai block are classified through tables the constructor fills from ICU; other
// characters ask ICU.

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct UNormalizer2;  // ICU's C handle (typedef struct UNormalizer2 UNormalizer2 in unorm2.h)

namespace smsfw::filters::normalize {

// Which 128-code-point pages of Unicode hold at least one Latin lookalike (a filter in front of
// the lookalike table's binary search; most non-Latin text never reaches the table).
inline constexpr std::size_t kPageBits = 7;
using LookalikePages = std::bitset<(0x110000 >> kPageBits)>;

// Produces the matching views. Create one per thread and reuse it: it holds the ICU NFKC and NFC
// instances (process-wide singletons, not owned) and UTF-16 scratch buffers whose capacity is
// kept between calls, so a steady stream of messages causes no allocation. Not thread-safe.
class Normalizer {
 public:
  // Throws std::runtime_error if ICU cannot provide the NFKC/NFC data or the confusable data
  // (the Latin-lookalike table is built here, once per process, not on the first message).
  Normalizer();

  // Replaces `out` with the normalized view of `utf8_in` (any bytes; ill-formed UTF-8 is read as
  // U+FFFD). The output is always well-formed UTF-8. `out`'s capacity is reused.
  // Throws std::length_error for inputs over 256 MiB (far above any SMS; ICU lengths are int32).
  void normalized(std::string_view utf8_in, std::string& out);

  // Replaces `out` with the squeezed view of `normalized_utf8` (normally the output of
  // normalized(); any bytes accepted, ill-formed UTF-8 is written as U+FFFD).
  void squeezed(std::string_view normalized_utf8, std::string& out);

  // The normalized view computed by the full ICU pipeline (steps 1-7) for any input, without the
  // fast path: the same result as normalized(), only slower. For differential tests.
  void normalized_reference(std::string_view utf8_in, std::string& out);

 private:
  // The fast path (see the header comment): writes the view into `out` and returns true, or
  // returns false (leaving `out` in any state) when the text needs the full pipeline.
  bool normalize_fast(std::string_view utf8_in, std::string& out) const;
  // Runs the full pipeline (steps 1-7).
  void normalize_slow(std::string_view utf8_in, std::string& out);

  const UNormalizer2* nfkc_ = nullptr;
  const UNormalizer2* nfc_ = nullptr;  // recomposition after the lookalike mapping
  LookalikePages lookalike_pages_;     // built from the lookalike table by the constructor
  // squeezed(): the class (normalizer.cc's CharClass) of each ASCII character (kMultiByte for the
  // octets 0x80-0xFF) and of each character of the Thai block U+0E00 + index, filled from ICU by
  // the constructor.
  std::array<std::uint8_t, 256> byte_class_{};
  std::array<std::uint8_t, 128> thai_class_{};
  // normalize_fast(): for U+0E00 + index, its canonical combining class, or kThaiSlow when the
  // pipeline may change it (anything but SARA AM whose NFKC, case folding or lookalike mapping is
  // not the identity).
  static constexpr std::uint8_t kThaiSlow = 0xFF;  // not a combining class (they stop at 240)
  std::array<std::uint8_t, 128> thai_fast_{};
  std::vector<char16_t> a_;  // UTF-16 scratch: the decoded input, then the steps alternate
  std::vector<char16_t> b_;  // between a_ and b_ (each writes into the buffer not in use)
};

}  // namespace smsfw::filters::normalize
