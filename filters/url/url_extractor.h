#pragma once
// URL extraction from normalized SMS text (lower-cased, NFKC applied by the caller).
//
// Finds:
//  * URLs with a scheme: http://, https://, and the obfuscated hxxp:// / hxxps:// (also "[:]"
//    instead of ":"); the host must contain a dot (or be an IPv4 address).
//  * URLs without a scheme whose host ends in a top-level domain that the Public Suffix List
//    knows (explicit rule, the PSL "*" default rule is NOT used): "bit.ly/3abc",
//    "www.thaipost-th.com", "kbank-secure.top". Hence "photo.jpg", "e.g.", "u.k.", "mr.smith",
//    "a.m." are not URLs. Caveat: real TLDs that look like file extensions ("report.zip",
//    "clip.mov", "x.app") ARE reported; that is intentional (they are used for phishing).
//  * Bare IPv4 hosts ("1.2.3.4") only with a scheme, a port or a path ("1.2.3.4/login"), so
//    version numbers are not URLs. Decimals/times ("3.50", "10.30") never are.
//  * Obfuscated dots inside hosts: "[.]", "(.)", "{.}", "[dot]", "(dot)", "{dot}" (any case),
//    U+FF0E, U+3002, U+FF61.
//
// Hosts are ASCII letters/digits/hyphens separated by dots; any non-ASCII byte ends a host or a
// path, so Thai text glued before or after a URL is never swallowed. Punycode ("xn--...") hosts
// are handled as ASCII; Unicode (non-punycode) IDN labels are NOT recognized (the non-ASCII label
// ends the host) -- a known limitation.
//
// E-mail addresses ("name@bank.com") are not reported: a host preceded by '@' or followed by '@'
// is skipped.
//
// Trailing punctuation ". , ) ! ? : ; ' \"" is stripped from the end of a URL.
//
// Threading / hot path: one UrlExtractor per thread is the intended use, but the const members
// may be called from several threads at once (the libpsl context is read-only after
// construction; the small cache of libpsl answers is per thread, see below). No regex. The scan
// jumps between "site" bytes ('.', '[', '(', '{', ':' and the lead bytes of U+FF0E/U+3002/
// U+FF61), found 16 bytes at a time (SSE2 on x86-64): a message without one costs a single pass
// and nothing else; at a site the label run before it is checked with indexes, and strings are
// built and libpsl asked only for a host with a separator whose TLD label has the right shape.
// libpsl's answers (known suffix per TLD label, registrable domain per host) are remembered in a
// small direct-mapped per-thread cache holding exact keys, so results never depend on it. What
// is found is defined by the previous, simpler scan, kept in tests/filters/url as the oracle of
// a differential test. Results are appended to a caller-provided vector of FoundUrl; the
// strings in FoundUrl are owned std::strings (not views), because de-obfuscation rewrites the
// host. To avoid reallocation on the hot path, reuse the same vector: call extract_pooled(),
// which overwrites existing elements in place (reusing their string capacity) and returns the
// count; a slot is touched only for a URL actually found.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct psl_ctx_st;

namespace smsfw::filters::url {

struct FoundUrl {
  std::string url;                 // as found, normalized: scheme lowered ("hxxp" -> "http"),
                                   // host lowered and de-obfuscated, path kept verbatim. No
                                   // scheme is added when the text had none.
  std::string host;                // lower-case ASCII, dots de-obfuscated, no port
  std::string registrable_domain;  // eTLD+1 per libpsl ("example.co.th"); empty for IPv4
                                   // hosts or when the host is itself a public suffix
  std::size_t begin = 0;           // byte range [begin, end) in the input text
  std::size_t end = 0;
  bool had_scheme = false;
  bool obfuscated = false;         // hxxp, "[.]"-style or full-width separators seen
  bool ipv4 = false;
};

class UrlExtractor {
 public:
  // Loads the newest of Debian's /usr/share/publicsuffix list and libpsl's built-in list
  // (psl_latest); falls back to psl_builtin().
  UrlExtractor();
  ~UrlExtractor();
  UrlExtractor(const UrlExtractor&) = delete;
  UrlExtractor& operator=(const UrlExtractor&) = delete;

  // Appends every URL found in `text` to `out` (does not clear it). Returns the number appended.
  std::size_t extract(std::string_view text, std::vector<FoundUrl>& out) const;

  // Writes the results into out[0..n), reusing existing elements (and their string capacity);
  // out is then resized to exactly n (elements past n are destroyed). Returns n.
  std::size_t extract_into(std::string_view text, std::vector<FoundUrl>& out) const;

  // Data-path variant: writes the results into pool[0..n) and returns n, never shrinking `pool`
  // (elements past n keep their string buffers, so a message without URLs between two with URLs
  // costs no allocation). Only the first n elements are results.
  std::size_t extract_pooled(std::string_view text, std::vector<FoundUrl>& pool) const;

  // True if `tld` (lower-case ASCII, e.g. "top", "co.th") is an explicit public suffix.
  bool is_known_suffix(const std::string& suffix) const;

 private:
  template <class Emit>
  void scan(std::string_view text, Emit&& emit) const;
  template <class Emit>
  std::size_t try_at(std::string_view text, std::size_t start, Emit& emit) const;
  // is_known_suffix() and psl_registrable_domain() through a small per-thread cache.
  bool known_suffix_cached(const char* suffix, std::size_t len) const;
  const char* registrable_domain_cached(const char* host, std::size_t len) const;

  psl_ctx_st* psl_ = nullptr;
  bool owned_ = false;
  std::uint64_t id_;  // tags this extractor's entries in the per-thread libpsl cache
};

}  // namespace smsfw::filters::url
