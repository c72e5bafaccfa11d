// Verbatim copy of the pre-"index scan" UrlExtractor (see reference_url_extractor.h); only the
// class name and the Emit plumbing (inlined as extract()'s append) differ.
#include "reference_url_extractor.h"

#include <libpsl.h>

#include <cstdint>

namespace smsfw::test {

using filters::url::FoundUrl;

namespace {

constexpr std::size_t kMaxLabel = 63;
constexpr std::size_t kMaxHost = 253;

inline bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool is_alnum(unsigned char c) { return is_alpha(c) || is_digit(c); }
inline bool is_label(unsigned char c) { return is_alnum(c) || c == '-'; }
inline char lower(unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); }

// A URL may start here only if the previous byte does not continue a word/URL token.
// Non-ASCII bytes (e.g. Thai) are boundaries.
inline bool is_boundary_before(std::string_view t, std::size_t i) {
  if (i == 0) return true;
  const auto c = static_cast<unsigned char>(t[i - 1]);
  return !(is_alnum(c) || c == '-' || c == '_' || c == '.' || c == '@' || c == '/' || c == '\\');
}

// Case-insensitive ASCII prefix match of `lit` (lower-case) at t[i].
inline bool match_at(std::string_view t, std::size_t i, std::string_view lit) {
  if (t.size() - i < lit.size()) return false;
  for (std::size_t k = 0; k < lit.size(); ++k)
    if (lower(static_cast<unsigned char>(t[i + k])) != lit[k]) return false;
  return true;
}

// Length of a host label separator at t[i] (0 if none); sets `obf` for non-plain ones.
std::size_t separator_at(std::string_view t, std::size_t i, bool& obf) {
  if (i >= t.size()) return 0;
  if (t[i] == '.') { obf = false; return 1; }
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
std::size_t scheme_at(std::string_view t, std::size_t i, bool& https, bool& obf) {
  std::size_t p = i;
  if (match_at(t, p, "http")) obf = false;
  else if (match_at(t, p, "hxxp")) obf = true;
  else return 0;
  p += 4;
  https = false;
  if (p < t.size() && lower(static_cast<unsigned char>(t[p])) == 's') { https = true; ++p; }
  if (match_at(t, p, "://")) return p + 3 - i;
  if (match_at(t, p, "[:]//")) { obf = true; return p + 5 - i; }
  return 0;
}

bool is_ipv4(std::string_view host) {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t s = i;
    unsigned v = 0;
    while (i < host.size() && is_digit(static_cast<unsigned char>(host[i]))) {
      v = v * 10 + static_cast<unsigned>(host[i] - '0');
      ++i;
      if (i - s > 3) return false;
    }
    if (i == s || v > 255) return false;
    ++parts;
    if (i == host.size()) return parts == 4;
    if (host[i] != '.') return false;
    ++i;
  }
}

bool all_digits_or_dots(std::string_view h) {
  for (char c : h)
    if (!is_digit(static_cast<unsigned char>(c)) && c != '.') return false;
  return true;
}

inline bool is_trailing_punct(char c) {
  switch (c) {
    case '.': case ',': case ')': case '!': case '?': case ':': case ';': case '\'': case '"':
      return true;
    default:
      return false;
  }
}

inline bool is_path_byte(unsigned char c) {
  // Printable ASCII except a few delimiters; any non-ASCII byte (Thai etc.) ends the path.
  return c > 0x20 && c < 0x7F && c != '<' && c != '>' && c != '"' && c != '\\' && c != '`' &&
         c != '{' && c != '}' && c != '|' && c != '^';
}

}  // namespace

ReferenceUrlExtractor::ReferenceUrlExtractor() {
  psl_ = psl_latest(nullptr);
  if (psl_ != nullptr) {
    owned_ = true;
  } else {
    psl_ = const_cast<psl_ctx_t*>(psl_builtin());
    owned_ = false;
  }
}

ReferenceUrlExtractor::~ReferenceUrlExtractor() {
  if (owned_) psl_free(psl_);
}

bool ReferenceUrlExtractor::is_known_suffix(const std::string& suffix) const {
  if (psl_ == nullptr) return false;
  return psl_is_public_suffix2(psl_, suffix.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

std::size_t ReferenceUrlExtractor::extract(std::string_view t, std::vector<FoundUrl>& out) const {
  const std::size_t base = out.size();
  std::size_t count = 0;
  const std::size_t n = t.size();
  std::size_t i = 0;
  while (i < n) {
    const auto c0 = static_cast<unsigned char>(t[i]);
    if (!is_alnum(c0) || !is_boundary_before(t, i)) { ++i; continue; }

    if (out.size() == base + count) out.emplace_back();
    FoundUrl& u = out[base + count];
    u.url.clear();
    u.host.clear();
    u.registrable_domain.clear();
    u.obfuscated = false;
    u.ipv4 = false;

    bool https = false, obf = false;
    const std::size_t slen = scheme_at(t, i, https, obf);
    u.had_scheme = slen != 0;
    u.obfuscated = obf;
    std::size_t p = i + slen;

    // Host: labels separated by (possibly obfuscated) dots.
    bool ok = p < n && is_alnum(static_cast<unsigned char>(t[p]));
    std::size_t last_label_start = 0;  // index into u.host
    while (ok) {
      std::size_t s = p;
      last_label_start = u.host.size();
      while (p < n && is_label(static_cast<unsigned char>(t[p]))) u.host += lower(static_cast<unsigned char>(t[p++]));
      if (p - s > kMaxLabel || u.host.size() > kMaxHost) { ok = false; break; }
      bool sep_obf = false;
      const std::size_t sl = separator_at(t, p, sep_obf);
      if (sl == 0 || p + sl >= n || !is_alnum(static_cast<unsigned char>(t[p + sl]))) break;
      if (sep_obf) u.obfuscated = true;
      u.host += '.';
      p += sl;
    }
    const std::size_t host_end = p;

    if (ok) {
      // Port.
      if (p + 1 < n && t[p] == ':' && is_digit(static_cast<unsigned char>(t[p + 1]))) {
        std::size_t q = p + 1;
        while (q < n && is_digit(static_cast<unsigned char>(t[q])) && q - p <= 5) ++q;
        if (q - p <= 6 && !(q < n && is_digit(static_cast<unsigned char>(t[q])))) p = q;
      }
      // Path / query / fragment.
      if (p < n && (t[p] == '/' || t[p] == '?' || t[p] == '#')) {
        while (p < n && is_path_byte(static_cast<unsigned char>(t[p]))) ++p;
      }
      while (p > host_end && is_trailing_punct(t[p - 1])) --p;
    }

    if (ok) {
      const bool has_dot = u.host.find('.') != std::string::npos;
      const bool followed_by_at = host_end < n && t[host_end] == '@';
      const bool has_port_or_path = p > host_end;
      if (!has_dot || followed_by_at) {
        ok = false;
      } else if (all_digits_or_dots(u.host)) {
        u.ipv4 = is_ipv4(u.host);
        ok = u.ipv4 && (u.had_scheme || has_port_or_path);
      } else {
        std::string_view tld(u.host);
        tld.remove_prefix(last_label_start);
        bool tld_shape = tld.size() >= 2;
        if (tld.substr(0, 4) == "xn--") {
          tld_shape = tld.size() > 4;
        } else {
          for (char ch : tld)
            if (!is_alpha(static_cast<unsigned char>(ch))) { tld_shape = false; break; }
        }
        // With a scheme any dotted host is accepted; without one the TLD must be a known
        // public suffix (no "*" default rule).
        ok = u.had_scheme || (tld_shape && is_known_suffix(std::string(tld)));
        if (ok) {
          const char* rd = psl_registrable_domain(psl_, u.host.c_str());
          if (rd != nullptr) u.registrable_domain = rd;
          // Without a scheme, a bare public suffix ("co.uk") is not a URL.
          if (!u.had_scheme && u.registrable_domain.empty()) ok = false;
        }
      }
    }

    if (!ok) { ++i; continue; }

    if (u.had_scheme) {
      u.url = https ? "https://" : "http://";
    }
    u.url += u.host;
    u.url.append(t.substr(host_end, p - host_end));
    u.begin = i;
    u.end = p;
    ++count;
    i = p;
  }
  out.resize(base + count);
  return count;
}

}  // namespace smsfw::test
