#include "engine/near_match.h"

#include <string_view>

#include "classify/rng.h"

namespace smsfw::bench::engine {

namespace {

using classify::Rng;

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += is_utf8_continuation(c) ? 0 : 1;
  return n;
}

// Thai block U+0E00..U+0E7F: UTF-8 E0 B8 xx / E0 B9 xx.
bool has_thai(std::string_view s) {
  return s.find("\xE0\xB8") != std::string_view::npos || s.find("\xE0\xB9") != std::string_view::npos;
}

// `word` without its last `n` characters (at least one kept).
std::string cut(std::string word, unsigned n) {
  for (unsigned k = 0; k < n && code_points(word) > 1; ++k) {
    std::size_t end = word.size() - 1;
    while (end > 0 && is_utf8_continuation(word[end])) --end;
    word.resize(end);
  }
  return word;
}

}  // namespace

std::vector<std::string> literal_words(std::string_view p) {
  std::vector<std::string> words;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) words.push_back(std::move(current));
    current.clear();
  };
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      const char e = p[++i];
      const bool letter = (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9');
      if (letter) flush();  // \s \d \W \b ...: a class or an assertion
      else current.push_back(e);  // escaped punctuation is literal
      continue;
    }
    if (c == '(' && i + 1 < p.size() && p[i + 1] == '?') {  // (?: (?i) ...: no literal
      flush();
      const std::size_t end = p.find_first_of(":)", i);
      i = end == std::string_view::npos ? p.size() : end;
      continue;
    }
    if (c == '[') {  // a class: skipped whole
      flush();
      std::size_t j = i + 1;
      if (j < p.size() && p[j] == '^') ++j;
      if (j < p.size() && p[j] == ']') ++j;
      while (j < p.size() && p[j] != ']') j += p[j] == '\\' ? 2 : 1;
      i = j;
      continue;
    }
    if (c == '{') {  // a counted repeat
      flush();
      const std::size_t end = p.find('}', i);
      i = end == std::string_view::npos ? p.size() : end;
      continue;
    }
    if (std::string_view("().|?*+^$ ").find(c) != std::string_view::npos) {
      flush();
      continue;
    }
    current.push_back(c);
  }
  flush();
  return words;
}

std::string change_fragment(const std::vector<std::string>& words, Change change, std::size_t pick,
                            std::string_view replacement, unsigned cut_chars) {
  std::vector<std::string> w = words;
  if (w.empty()) return {};
  if (w.size() == 1 && change != Change::cut_last) change = code_points(w[0]) > 1 ? Change::cut_last : Change::swap_word;
  switch (change) {
    case Change::swap_word: w[pick % w.size()] = std::string(replacement); break;
    case Change::cut_last: w.back() = cut(std::move(w.back()), cut_chars); break;
    case Change::drop_word: w.erase(w.begin() + static_cast<std::ptrdiff_t>(pick % w.size())); break;
  }
  std::string out;
  for (const std::string& s : w) {
    if (s.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out += s;
  }
  return out;
}

std::vector<std::string> near_match_texts(const std::vector<TargetRule>& rules, std::size_t count, std::uint64_t seed) {
  // The candidate fragments: body and url rules with at least one literal word.
  struct Source {
    std::vector<std::string> words;
    bool url = false;
    bool thai = false;
  };
  std::vector<Source> en, th;
  std::vector<std::string> en_words, th_words;  // swap material
  for (const TargetRule& r : rules) {
    const filters::Field f = slot_field(r.slot);
    if (f != filters::Field::body && f != filters::Field::url) continue;
    Source s{literal_words(r.pattern), f == filters::Field::url, false};
    if (s.words.empty()) continue;
    for (const std::string& w : s.words) s.thai = s.thai || has_thai(w);
    for (const std::string& w : s.words) (has_thai(w) ? th_words : en_words).push_back(w);
    (s.thai ? th : en).push_back(std::move(s));
  }
  std::vector<std::string> out;
  if (en.empty() && th.empty()) return out;
  Rng rng(seed ^ 0x6E6561722D6D6174ull);  // "near-mat"
  out.reserve(count);
  for (std::size_t m = 0; m < count; ++m) {
    // 60 % English messages, 40 % Thai ones with some English fragments (as in the ordinary set).
    const bool thai_message = !th.empty() && (en.empty() || rng.chance(40));
    const std::size_t budget = thai_message ? 120 : 160;
    std::string text;
    for (unsigned attempt = 0; attempt < 12; ++attempt) {
      const bool from_th = thai_message && (rng.chance(75) || en.empty());
      const Source& s = from_th ? th[rng.below(th.size())] : en[rng.below(en.size())];
      const auto& swap_from = s.thai && !th_words.empty() ? th_words : en_words;
      const Change change = static_cast<Change>(rng.below(3));
      const std::string_view replacement = swap_from.empty() ? std::string_view("x") : swap_from[rng.below(swap_from.size())];
      std::string fragment = change_fragment(s.words, change, rng.next(), replacement, 1 + static_cast<unsigned>(rng.below(2)));
      if (s.url) fragment = "https://" + fragment;
      const std::string candidate = text.empty() ? fragment : text + (s.url ? " " : ". ") + fragment;
      if ((thai_message ? code_points(candidate) : candidate.size()) > budget) {
        if (text.empty()) continue;  // try a shorter first fragment
        break;
      }
      text = candidate;
    }
    if (text.empty()) text = en.empty() ? th.front().words.front() : en.front().words.front();
    out.push_back(std::move(text));
  }
  return out;
}

}  // namespace smsfw::bench::engine
