#pragma once
// Latin-lookalike mapping for BODY matching (see SMPP-NOTES.md, "Normalisation pitfalls").
//
// Maps single non-ASCII characters that look like Latin letters or digits (Cyrillic "а е о р с",
// Greek "ο ν α", mathematical alphanumerics "𝐯𝐞𝐫𝐢𝐟𝐲", full-width, letterlike, Cherokee ...) to
// their ASCII letter(s)/digit, and leaves everything else as it is. Unlike a full UTS #39
// skeleton it never rewrites ASCII ('m' stays 'm', 'l'/'1'/'I' and '0'/'O' stay distinct), so a
// human-written rule still matches plain text.
//
// Source of truth: ICU's uspoof confusable data. The table is built once (on first use,
// thread-safe function-local static) by asking ICU for the skeleton of every code point in a
// fixed list of candidate blocks (latin_lookalikes.cc) and keeping a character only if its
// skeleton is ASCII letters/digits and an ASCII string with the same skeleton exists (letters map
// only to letters, digits only to digits). Every code point below U+0100 (ASCII, Latin-1) and
// every block not listed (Thai, Arabic, CJK, ...) is never mapped.
//
// Used by the normalized view (filters/normalize/normalizer.h, steps 5 and 7: between NFKC and
// case folding, and once more after folding), code point by code point via latin_lookalike().

#include <string>
#include <string_view>
#include <vector>

namespace smsfw::filters::confusables {

// One table row: a code point and the ASCII text it maps to (1-3 characters, never empty).
struct LatinLookalike {
  char32_t cp;
  std::string latin;
};

// The whole table, sorted by code point, built on first call (thread-safe). Throws
// std::runtime_error if ICU's spoof data cannot be opened.
const std::vector<LatinLookalike>& latin_lookalike_table();

// The ASCII replacement for `cp`, or an empty view if `cp` is not a Latin lookalike (always
// empty for cp < U+0100). The view points into the static table and stays valid.
std::string_view latin_lookalike(char32_t cp);

// Replaces `out` with `utf8` where every Latin lookalike is replaced by its ASCII text; all other
// characters are copied byte-for-byte. Each ill-formed UTF-8 sequence (maximal subpart, as ICU's
// U8_NEXT reads it) becomes U+FFFD, so `out` is always well-formed UTF-8. `out`'s capacity is
// reused. Throws std::length_error for inputs over 256 MiB (ICU indices are int32).
void map_to_latin(std::string_view utf8, std::string& out);

}  // namespace smsfw::filters::confusables
