#pragma once
// Masking of normalized message text before fingerprinting: the parts a campaign varies from one
// recipient to the next (numbers, tracking URLs and codes, e-mail local parts, spacing) are
// replaced by fixed markers, so variants of one lure mask to the same text.
//
// Input: the normalized view (normalize/normalizer.h: UTF-8, NFKC, case folded; any bytes are
// accepted, non-ASCII bytes are copied). Rules, applied in one left-to-right pass:
//  * Whitespace (ASCII space, \t \n \v \f \r; NFKC already turned NBSP and the other Unicode
//    spaces into U+0020) -> one space; leading and trailing spaces dropped.
//  * Digit runs -> one '#'. Digits are ASCII 0-9 and Thai ๐-๙ (U+0E50-U+0E59); other scripts'
//    digits are copied. Two digit runs separated by at most one of ' ' - . , / : give one '#'
//    ("081-234 5678", "1,000.50" and "10:30" are all "#"), across scripts too.
//  * ASCII tokens (maximal runs of printable non-space ASCII; a non-ASCII byte, e.g. Thai glued
//    to a URL, ends one) are examined as a whole after setting aside leading non-alphanumerics
//    and trailing sentence punctuation (. , ; : ! ? ) ] } ' "), which are copied:
//      - "scheme://host/path?query"  -> "host" (scheme, path, query, fragment dropped);
//      - "local@domain.tld"           -> "*@domain.tld";
//      - "host.tld/path" or "host.tld?query" -> "host.tld", where host.tld is letters, digits,
//        '-' and '.', with a dot and a final label of two or more letters (so "1.5/2" is not
//        a URL). This cheap scan is deliberately cruder than url/url_extractor.h (no Public
//        Suffix List, no "[.]" de-obfuscation): over-matching only drops a few bytes from the
//        fingerprint, and the fingerprint must not depend on libpsl data versions;
//      - the host or domain kept by the three rules above, and every other token, then go
//        through the word rule: each alphanumeric run of 6 or more characters that mixes letters
//        and digits (a tracking or voucher code: "ab12cd", "x7k9p2q") -> '*', and in the other
//        runs the digit runs -> '#' as above; other characters are copied. Hence numbered
//        domains of one campaign ("kbank-th1.com", "kbank-th7.com/x") mask alike, and a host
//        masks the same with or without a path.
// Works on any script: only ASCII and Thai digits are rewritten, everything else is copied, so
// Thai (no spaces between words) is masked the same way as English.

#include <string>
#include <string_view>

namespace smsfw::filters::campaign {

// Replaces `out` with the masked form of `normalized` (rules above). `out`'s capacity is reused;
// nothing else is allocated.
void mask_text(std::string_view normalized, std::string& out);

}  // namespace smsfw::filters::campaign
