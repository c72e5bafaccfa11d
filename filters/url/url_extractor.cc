#include "url/url_extractor.h"

#include <libpsl.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace smsfw::filters::url {
namespace {

constexpr std::size_t kMaxLabel = 63;
constexpr std::size_t kMaxHost = 253;

// Byte classes, one table lookup each.
enum : std::uint8_t {
  kAlpha = 1 << 0,
  kDigit = 1 << 1,
  kHyphen = 1 << 2,
  kPath = 1 << 3,      // may continue a path (printable ASCII minus a few delimiters)
  kTrailing = 1 << 4,  // stripped from the end of a URL
  kNoStart = 1 << 5,   // a URL may not start right after it (continues a word/URL token)
  kSite = 1 << 6,      // may end the first label of a host or a scheme (see SiteCursor)
};

constexpr std::array<std::uint8_t, 256> make_classes() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    std::uint8_t v = 0;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) v |= kAlpha;
    if (c >= '0' && c <= '9') v |= kDigit;
    if (c == '-') v |= kHyphen;
    // Printable ASCII except a few delimiters; any non-ASCII byte (Thai etc.) ends the path.
    if (c > 0x20 && c < 0x7F && c != '<' && c != '>' && c != '"' && c != '\\' && c != '`' && c != '{' &&
        c != '}' && c != '|' && c != '^')
      v |= kPath;
    switch (c) {
      case '.': case ',': case ')': case '!': case '?': case ':': case ';': case '\'': case '"':
        v |= kTrailing;
        break;
      default:
        break;
    }
    if ((v & (kAlpha | kDigit | kHyphen)) || c == '_' || c == '.' || c == '@' || c == '/' || c == '\\')
      v |= kNoStart;
    // '.', the first byte of "[.]" "(.)" "{.}" "[dot]" "(dot)" "{dot}" and of "[:]//", ':' of
    // "://", and lead bytes 0xE3 (U+3002) / 0xEF (U+FF0E, U+FF61). SiteCursor also reports
    // 0xE7 and 0xEB (its SIMD test is (b | 0x0C) == 0xEF); a superset is harmless.
    if (c == '.' || c == '[' || c == '(' || c == '{' || c == ':' || c == 0xE3 || c == 0xE7 || c == 0xEB ||
        c == 0xEF)
      v |= kSite;
    t[static_cast<std::size_t>(c)] = v;
  }
  return t;
}
constexpr std::array<std::uint8_t, 256> kClass = make_classes();

inline std::uint8_t cls(char c) { return kClass[static_cast<unsigned char>(c)]; }
inline bool is_alpha(char c) { return (cls(c) & kAlpha) != 0; }
inline bool is_digit(char c) { return (cls(c) & kDigit) != 0; }
inline bool is_alnum(char c) { return (cls(c) & (kAlpha | kDigit)) != 0; }
inline bool is_label(char c) { return (cls(c) & (kAlpha | kDigit | kHyphen)) != 0; }
inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// A URL may start here only if the previous byte does not continue a word/URL token.
// Non-ASCII bytes (e.g. Thai) are boundaries.
inline bool is_boundary_before(std::string_view t, std::size_t i) {
  return i == 0 || (cls(t[i - 1]) & kNoStart) == 0;
}

// Case-insensitive ASCII prefix match of `lit` (lower-case) at t[i].
inline bool match_at(std::string_view t, std::size_t i, std::string_view lit) {
  if (t.size() - i < lit.size()) return false;
  for (std::size_t k = 0; k < lit.size(); ++k)
    if (lower(t[i + k]) != lit[k]) return false;
  return true;
}

// Length of a host label separator at t[i] (0 if none); sets `obf` for non-plain ones.
inline std::size_t separator_at(std::string_view t, std::size_t i, bool& obf) {
  if (i >= t.size()) return 0;
  const char c = t[i];
  if (c == '.') { obf = false; return 1; }
  if ((cls(c) & kSite) == 0 || c == ':') return 0;  // none of the forms below starts here
  static constexpr std::string_view kObf[] = {
      "[.]", "(.)", "{.}", "[dot]", "(dot)", "{dot}",
      "\xEF\xBC\x8E",  // U+FF0E FULLWIDTH FULL STOP
      "\xE3\x80\x82",  // U+3002 IDEOGRAPHIC FULL STOP
      "\xEF\xBD\xA1",  // U+FF61 HALFWIDTH IDEOGRAPHIC FULL STOP
  };
  for (std::string_view s : kObf)
    if (match_at(t, i, s)) { obf = true; return s.size(); }
  return 0;
}

// Scheme at t[i]: http / https / hxxp / hxxps followed by "://" or "[:]//".
// Returns the consumed length (0 if none); `https` and `obf` describe it.
inline std::size_t scheme_at(std::string_view t, std::size_t i, bool& https, bool& obf) {
  if (lower(t[i]) != 'h') return 0;  // the common case: not even the first letter
  std::size_t p = i;
  if (match_at(t, p, "http")) obf = false;
  else if (match_at(t, p, "hxxp")) obf = true;
  else return 0;
  p += 4;
  https = false;
  if (p < t.size() && lower(t[p]) == 's') { https = true; ++p; }
  if (match_at(t, p, "://")) return p + 3 - i;
  if (match_at(t, p, "[:]//")) { obf = true; return p + 5 - i; }
  return 0;
}

// The site bytes of a text, in order: next(from) is the first index >= from whose byte has kSite
// (or may have it: 0xE7/0xEB), t.size() if none. Keeps a 16-byte block's bit mask between calls
// (SSE2 on x86-64: one load and a few compares per block), so a text is read once; for a text
// without any site byte that one pass is the whole cost.
class SiteCursor {
 public:
  explicit SiteCursor(std::string_view t) : d_(t.data()), n_(t.size()) {}

  std::size_t next(std::size_t from) {
    if (from < end_) {  // in the block already read
      if (from > base_) mask_ &= ~0u << (from - base_);
      if (mask_ != 0) return base_ + static_cast<std::size_t>(__builtin_ctz(mask_));
      from = end_;
    }
#if defined(__SSE2__)
    if (n_ >= 16) {
      for (; from + 16 <= n_; from += 16) {
        const unsigned m = block(d_ + from);
        if (m != 0) return found(from, from + 16, m);
      }
      if (from < n_) {  // the last, partial block: the final 16 bytes, those before `from` dropped
        const unsigned m = block(d_ + n_ - 16) & (~0u << (from - (n_ - 16)));
        if (m != 0) return found(n_ - 16, n_, m);
      }
      return n_;
    }
#endif
    for (; from < n_; ++from)
      if (cls(d_[from]) & kSite) return found(from, from + 1, 1);
    return n_;
  }

 private:
  std::size_t found(std::size_t base, std::size_t end, unsigned mask) {
    base_ = base;
    end_ = end;
    mask_ = mask;
    return base + static_cast<std::size_t>(__builtin_ctz(mask));
  }

#if defined(__SSE2__)
  static unsigned block(const char* at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    const __m128i dot = _mm_cmpeq_epi8(v, _mm_set1_epi8('.'));
    const __m128i paren = _mm_cmpeq_epi8(v, _mm_set1_epi8('('));
    const __m128i colon = _mm_cmpeq_epi8(v, _mm_set1_epi8(':'));
    // '[' | 0x20 == '{'; 0xE3 | 0x0C == 0xEF (0xE7, 0xEB too).
    const __m128i bracket = _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('{'));
    const __m128i lead = _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x0C)), _mm_set1_epi8(static_cast<char>(0xEF)));
    const __m128i any = _mm_or_si128(_mm_or_si128(_mm_or_si128(dot, paren), _mm_or_si128(colon, bracket)), lead);
    return static_cast<unsigned>(_mm_movemask_epi8(any));
  }
#endif

  const char* d_;
  std::size_t n_;
  std::size_t base_ = 0, end_ = 0;  // the block read last: [base_, end_), its sites in mask_
  unsigned mask_ = 0;                // (bit i: base_ + i), those before the last `from` cleared
};

// libpsl answers, remembered: a lookup costs about as much as scanning a few messages, and
// the same TLDs ("com", "ly", "top") and hosts come back again and again. Direct-mapped; an entry
// holds the exact key, so a hit returns exactly what libpsl returned for that string. One per
// thread (the extractor stays usable from several threads at once, as its const interface
// promises), tagged with the UrlExtractor it belongs to: another extractor (maybe another list)
// starts from an empty cache.
struct PslCache {
  struct Suffix {  // is_known_suffix(key)
    std::uint8_t len;  // 0: empty
    bool known;
    char key[22];
  };
  struct Domain {        // psl_registrable_domain(key): key + offset, or null
    std::uint8_t len;    // 0: empty
    std::int8_t offset;  // -1: null
    char key[62];
  };
  static constexpr std::size_t kSuffixes = 256, kDomains = 256;
  std::uint64_t owner;  // UrlExtractor::id_ (ids start at 1)
  Suffix suffix[kSuffixes];
  Domain domain[kDomains];
};
thread_local PslCache tls_psl_cache;  // constant-initialized (zeros): no guard

std::atomic<std::uint64_t> g_next_id{1};

inline std::uint32_t hash_bytes(const char* s, std::size_t n) {
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (std::size_t i = 0; i < n; ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 16777619u;
  return h ^ (h >> 15);
}

PslCache& cache_of(std::uint64_t owner) {
  PslCache& c = tls_psl_cache;
  if (c.owner != owner) {
    for (auto& e : c.suffix) e.len = 0;
    for (auto& e : c.domain) e.len = 0;
    c.owner = owner;
  }
  return c;
}

}  // namespace

UrlExtractor::UrlExtractor() : id_(g_next_id.fetch_add(1, std::memory_order_relaxed)) {
  psl_ = psl_latest(nullptr);
  if (psl_ != nullptr) {
    owned_ = true;
  } else {
    psl_ = const_cast<psl_ctx_t*>(psl_builtin());
    owned_ = false;
  }
}

UrlExtractor::~UrlExtractor() {
  if (owned_) psl_free(psl_);
}

bool UrlExtractor::is_known_suffix(const std::string& suffix) const {
  if (psl_ == nullptr) return false;
  return psl_is_public_suffix2(psl_, suffix.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

bool UrlExtractor::known_suffix_cached(const char* suffix, std::size_t len) const {
  if (psl_ == nullptr) return false;
  if (len > sizeof(PslCache::Suffix::key))
    return psl_is_public_suffix2(psl_, suffix, PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
  PslCache::Suffix& e = cache_of(id_).suffix[hash_bytes(suffix, len) % PslCache::kSuffixes];
  if (e.len == len && std::memcmp(e.key, suffix, len) == 0) return e.known;
  const bool known = psl_is_public_suffix2(psl_, suffix, PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
  e.len = static_cast<std::uint8_t>(len);
  e.known = known;
  std::memcpy(e.key, suffix, len);
  return known;
}

const char* UrlExtractor::registrable_domain_cached(const char* host, std::size_t len) const {
  if (len > sizeof(PslCache::Domain::key)) return psl_registrable_domain(psl_, host);
  PslCache::Domain& e = cache_of(id_).domain[hash_bytes(host, len) % PslCache::kDomains];
  if (e.len == len && std::memcmp(e.key, host, len) == 0) return e.offset < 0 ? nullptr : host + e.offset;
  const char* rd = psl_registrable_domain(psl_, host);
  // libpsl returns a pointer into `host` (a suffix of it) or null; anything else is not cached.
  if (rd != nullptr && !(rd >= host && rd <= host + len)) return rd;
  e.len = static_cast<std::uint8_t>(len);
  e.offset = static_cast<std::int8_t>(rd == nullptr ? -1 : rd - host);
  std::memcpy(e.key, host, len);
  return rd;
}

// The scan. What it finds is defined by a simple (slow) forward scan, kept as the test oracle in
// tests/filters/url/reference_url_extractor.cc: at every "start" i (an ASCII letter/digit not
// preceded by a letter, digit, '-', '_', '.', '@', '/' or '\\') try to read a URL; on success
// report it and continue at its end, else continue at i + 1. A start can only succeed if
//  (a) a scheme begins there: "http"/"https"/"hxxp"/"hxxps" is then a maximal letter run ended by
//      the ':' of "://" or the '[' of "[:]//", or
//  (b) its first label (the maximal letter/digit/'-' run from i) is ended by a separator, whose
//      first byte is '.', '[', '(', '{', 0xE3 or 0xEF.
// Either way the start is the beginning of the maximal label run that ends at a "site" byte
// (kSite), and, site bytes not being label bytes, successive sites give increasing starts. So this
// scan jumps from site to site (SiteCursor: SIMD on x86-64), walks back over the label run before
// each to find its start, and tries only those starts, in order; try_at() reads the candidate
// with indexes and builds strings (and asks libpsl) only for a host with a separator.
template <class Emit>
void UrlExtractor::scan(std::string_view t, Emit&& emit) const {
  const std::size_t n = t.size();
  // The first sites.next() is the whole-message pre-check: every URL's host has a separator, so
  // a text without a site byte ('.', '[', '(', '{', ':', 0xE3, 0xEF) has none.
  std::size_t pos = 0;  // no start before this (the end of the last URL found)
  std::size_t k = 0;    // where to look for the next site
  SiteCursor sites(t);
  while ((k = sites.next(k)) < n) {
    // Cheap necessary conditions. A '.' must be followed by a letter/digit (else the first label
    // is the whole host: no dot); a ':' must begin "://".
    const char c = t[k];
    if (c == '.' ? !(k + 1 < n && is_alnum(t[k + 1]))
                 : c == ':' && !(k + 2 < n && t[k + 1] == '/' && t[k + 2] == '/')) {
      ++k;
      continue;
    }
    // The maximal label run before k; one longer than a label cannot start a URL (nor a scheme).
    std::size_t r = k;
    const std::size_t floor = k - pos > kMaxLabel + 1 ? k - (kMaxLabel + 1) : pos;
    while (r > floor && is_label(t[r - 1])) --r;
    if (r == k || !is_alnum(t[r]) || !is_boundary_before(t, r) || (r == floor && r > pos)) {
      ++k;
      continue;
    }
    const std::size_t end = try_at(t, r, emit);
    if (end != 0) {
      pos = k = end;  // end > k: the host goes past this site
    } else {
      ++k;
    }
  }
}

// Reads a URL starting at t[i] exactly as the reference scan does. Returns its end (> i) and
// commits a slot, or 0 (nothing written) if there is none.
template <class Emit>
std::size_t UrlExtractor::try_at(std::string_view t, std::size_t i, Emit& emit) const {
  const std::size_t n = t.size();
  bool https = false, obfuscated = false;
  const std::size_t slen = scheme_at(t, i, https, obfuscated);
  const bool had_scheme = slen != 0;
  std::size_t p = i + slen;
  const std::size_t host_begin = p;
  if (!(p < n && is_alnum(t[p]))) return 0;

  // Host: labels separated by (possibly obfuscated) dots; indexes only.
  std::size_t host_len = 0, labels = 0, last_begin = p;
  bool digits_only = true;
  while (true) {
    const std::size_t s = p;
    last_begin = s;
    while (p < n && is_label(t[p])) {
      digits_only = digits_only && is_digit(t[p]);
      ++p;
    }
    host_len += p - s;
    ++labels;
    if (p - s > kMaxLabel || host_len > kMaxHost) return 0;
    bool sep_obf = false;
    const std::size_t sl = separator_at(t, p, sep_obf);
    if (sl == 0 || p + sl >= n || !is_alnum(t[p + sl])) break;
    if (sep_obf) obfuscated = true;
    ++host_len;
    p += sl;
  }
  const std::size_t host_end = p;
  if (labels < 2) return 0;                       // no dot
  if (host_end < n && t[host_end] == '@') return 0;  // e-mail address

  // Port.
  if (p + 1 < n && t[p] == ':' && is_digit(t[p + 1])) {
    std::size_t q = p + 1;
    while (q < n && is_digit(t[q]) && q - p <= 5) ++q;
    if (q - p <= 6 && !(q < n && is_digit(t[q]))) p = q;
  }
  // Path / query / fragment.
  if (p < n && (t[p] == '/' || t[p] == '?' || t[p] == '#')) {
    while (p < n && (cls(t[p]) & kPath)) ++p;
  }
  while (p > host_end && (cls(t[p - 1]) & kTrailing)) --p;
  const bool has_port_or_path = p > host_end;

  bool ipv4 = false;
  if (digits_only) {
    // Dotted decimal: exactly four labels of 1..3 digits, each at most 255.
    ipv4 = labels == 4;
    for (std::size_t q = host_begin; ipv4 && q < host_end;) {
      const std::size_t s = q;
      unsigned v = 0;
      while (q < host_end && is_digit(t[q])) v = v * 10 + static_cast<unsigned>(t[q++] - '0');
      if (q - s > 3 || v > 255) ipv4 = false;
      bool ignored = false;
      if (q < host_end) q += separator_at(t, q, ignored);
    }
    if (!ipv4 || !(had_scheme || has_port_or_path)) return 0;
  } else if (!had_scheme) {
    // Without a scheme the TLD must look like one (2+ letters, or "xn--" and more) and be a
    // known public suffix (no "*" default rule). Checked on the text before building anything.
    const std::size_t tl = host_end - last_begin;
    if (tl < 2) return 0;
    if (tl >= 4 && lower(t[last_begin]) == 'x' && lower(t[last_begin + 1]) == 'n' && t[last_begin + 2] == '-' &&
        t[last_begin + 3] == '-') {
      if (tl <= 4) return 0;
    } else {
      for (std::size_t q = last_begin; q < host_end; ++q)
        if (!is_alpha(t[q])) return 0;
    }
  }

  // A candidate: build the host (lower-cased, dots de-obfuscated).
  char host[kMaxHost + 1];
  std::size_t h = 0;
  for (std::size_t q = host_begin; q < host_end;) {
    if (is_label(t[q])) {
      host[h++] = lower(t[q++]);
    } else {
      bool ignored = false;
      q += separator_at(t, q, ignored);
      host[h++] = '.';
    }
  }
  host[h] = '\0';

  const char* rd = nullptr;
  if (!ipv4) {
    const std::size_t tl = host_end - last_begin;
    if (!had_scheme && !known_suffix_cached(host + (h - tl), tl)) return 0;
    rd = registrable_domain_cached(host, h);
    // Without a scheme, a bare public suffix ("co.uk") is not a URL.
    if (!had_scheme && (rd == nullptr || *rd == '\0')) return 0;
  }

  FoundUrl& u = emit.slot();
  u.host.assign(host, h);
  if (rd != nullptr) u.registrable_domain.assign(rd);
  else u.registrable_domain.clear();
  if (had_scheme) u.url.assign(https ? "https://" : "http://");
  else u.url.clear();
  u.url.append(host, h);
  u.url.append(t.substr(host_end, p - host_end));
  u.begin = i;
  u.end = p;
  u.had_scheme = had_scheme;
  u.obfuscated = obfuscated;
  u.ipv4 = ipv4;
  emit.commit();
  return p;
}

namespace {
struct AppendEmit {
  std::vector<FoundUrl>& out;
  std::size_t base;
  std::size_t n = 0;
  FoundUrl& slot() {
    if (out.size() == base + n) out.emplace_back();
    return out[base + n];
  }
  void commit() { ++n; }
};
}  // namespace

std::size_t UrlExtractor::extract(std::string_view text, std::vector<FoundUrl>& out) const {
  AppendEmit e{out, out.size()};
  scan(text, e);
  out.resize(e.base + e.n);
  return e.n;
}

std::size_t UrlExtractor::extract_pooled(std::string_view text, std::vector<FoundUrl>& pool) const {
  AppendEmit e{pool, 0};
  scan(text, e);
  return e.n;
}

std::size_t UrlExtractor::extract_into(std::string_view text, std::vector<FoundUrl>& out) const {
  AppendEmit e{out, 0};
  scan(text, e);
  out.resize(e.n);
  return e.n;
}

}  // namespace smsfw::filters::url
