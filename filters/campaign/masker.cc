// Masking of normalized text before fingerprinting (rules in masker.h).
#include "campaign/masker.h"

#include <cstddef>

namespace smsfw::filters::campaign {
namespace {

bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool is_token_byte(unsigned char c) { return c >= 0x21 && c <= 0x7E; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(unsigned char c) { return is_digit(c) || is_alpha(c); }
bool is_host_byte(unsigned char c) { return is_alnum(c) || c == '-' || c == '.'; }
// Separators that may sit inside one number ("081-234 5678", "1,000.50", "10:30").
bool is_number_separator(char c) {
  return c == ' ' || c == '-' || c == '.' || c == ',' || c == '/' || c == ':';
}
// Sentence punctuation set aside at the end of an ASCII token.
bool is_trailing_punct(char c) {
  switch (c) {
    case '.': case ',': case ';': case ':': case '!': case '?':
    case ')': case ']': case '}': case '\'': case '"':
      return true;
    default:
      return false;
  }
}
// Thai digits U+0E50-U+0E59 are E0 B9 90..99 in UTF-8.
bool is_thai_digit_at(std::string_view s, std::size_t i) {
  return i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE0 &&
         static_cast<unsigned char>(s[i + 1]) == 0xB9 &&
         static_cast<unsigned char>(s[i + 2]) >= 0x90 &&
         static_cast<unsigned char>(s[i + 2]) <= 0x99;
}

// Writes the masked text: collapses spaces lazily (a space is written only when something follows
// it) and merges digit runs.
class Emitter {
 public:
  explicit Emitter(std::string& out) : out_(out) { out_.clear(); }

  void space() { pending_space_ = !out_.empty(); }
  void text(std::string_view s) {
    if (s.empty()) return;
    flush_space();
    out_.append(s);
  }
  void marker(char c) {
    flush_space();
    out_.push_back(c);
  }
  // One digit run: a '#', unless the previous output is a '#' directly or across one separator.
  void digits() {
    if (!out_.empty() && out_.back() == '#') {
      pending_space_ = false;
      return;
    }
    if (!pending_space_ && out_.size() >= 2 && out_[out_.size() - 2] == '#' &&
        is_number_separator(out_.back())) {
      out_.pop_back();
      return;
    }
    marker('#');
  }

 private:
  void flush_space() {
    if (pending_space_) out_.push_back(' ');
    pending_space_ = false;
  }
  std::string& out_;
  bool pending_space_ = false;
};

// "host.tld": host bytes with a dot, not starting with one, and a final label of >= 2 letters.
bool looks_like_host(std::string_view s) {
  const std::size_t dot = s.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || s.size() - dot - 1 < 2) return false;
  for (std::size_t i = dot + 1; i < s.size(); ++i) {
    if (!is_alpha(static_cast<unsigned char>(s[i]))) return false;
  }
  return is_alnum(static_cast<unsigned char>(s[0]));
}

// A token that is none of URL/e-mail: codes -> '*', digit runs -> '#', the rest copied.
void mask_words(std::string_view core, Emitter& em) {
  std::size_t i = 0;
  while (i < core.size()) {
    if (!is_alnum(static_cast<unsigned char>(core[i]))) {
      em.text(core.substr(i, 1));
      ++i;
      continue;
    }
    std::size_t j = i;
    bool letters = false;
    bool digits = false;
    while (j < core.size() && is_alnum(static_cast<unsigned char>(core[j]))) {
      (is_digit(static_cast<unsigned char>(core[j])) ? digits : letters) = true;
      ++j;
    }
    if (j - i >= 6 && letters && digits) {
      em.marker('*');
    } else {
      for (std::size_t k = i; k < j;) {
        std::size_t e = k;
        const bool d = is_digit(static_cast<unsigned char>(core[k]));
        while (e < j && is_digit(static_cast<unsigned char>(core[e])) == d) ++e;
        if (d) {
          em.digits();
        } else {
          em.text(core.substr(k, e - k));
        }
        k = e;
      }
    }
    i = j;
  }
}

// URL with a scheme -> host; e-mail -> "*@domain"; host.tld/path -> host.tld; else mask_words.
void mask_core(std::string_view core, Emitter& em) {
  const std::size_t scheme_end = core.find("://");
  if (scheme_end != std::string_view::npos && scheme_end > 0) {
    bool scheme = true;
    for (std::size_t i = 0; i < scheme_end; ++i) scheme = scheme && is_alpha(static_cast<unsigned char>(core[i]));
    if (scheme) {
      const std::size_t host = scheme_end + 3;
      const std::size_t host_end = core.find_first_of("/?#", host);
      mask_words(core.substr(host, host_end == std::string_view::npos ? core.size() - host : host_end - host), em);
      return;
    }
  }
  const std::size_t at = core.find('@');
  if (at != std::string_view::npos && at > 0 && core.find('.', at + 1) != std::string_view::npos) {
    em.marker('*');
    em.text("@");
    mask_words(core.substr(at + 1), em);
    return;
  }
  std::size_t h = 0;
  while (h < core.size() && is_host_byte(static_cast<unsigned char>(core[h]))) ++h;
  if (h < core.size() && (core[h] == '/' || core[h] == '?') && looks_like_host(core.substr(0, h))) {
    mask_words(core.substr(0, h), em);
    return;
  }
  mask_words(core, em);
}

// One ASCII token: leading non-alphanumerics and trailing punctuation copied around the core.
void mask_token(std::string_view tok, Emitter& em) {
  std::size_t lead = 0;
  while (lead < tok.size() && !is_alnum(static_cast<unsigned char>(tok[lead]))) ++lead;
  std::size_t end = tok.size();
  while (end > lead && is_trailing_punct(tok[end - 1])) --end;
  em.text(tok.substr(0, lead));
  if (end > lead) mask_core(tok.substr(lead, end - lead), em);
  em.text(tok.substr(end));
}

}  // namespace

void mask_text(std::string_view in, std::string& out) {
  Emitter em(out);
  std::size_t i = 0;
  while (i < in.size()) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (is_space(c)) {
      em.space();
      ++i;
    } else if (is_token_byte(c)) {
      std::size_t j = i;
      while (j < in.size() && is_token_byte(static_cast<unsigned char>(in[j]))) ++j;
      mask_token(in.substr(i, j - i), em);
      i = j;
    } else if (is_thai_digit_at(in, i)) {
      while (is_thai_digit_at(in, i)) i += 3;
      em.digits();
    } else {
      // Non-ASCII (or a control byte): copied up to the next ASCII byte or Thai digit.
      std::size_t j = i + 1;
      while (j < in.size() && static_cast<unsigned char>(in[j]) >= 0x80 && !is_thai_digit_at(in, j)) ++j;
      em.text(in.substr(i, j - i));
      i = j;
    }
  }
}

}  // namespace smsfw::filters::campaign
