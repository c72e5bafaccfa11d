// Measures the campaign fingerprints on the SMS Spam Collection (label<TAB>text lines): not a
// test (not registered with ctest). Prints
//  * for random pairs of ham messages with different text, the fraction with hamming <= k;
//  * for generated spam variants (numbers changed, one word swapped, one word inserted, a URL
//    path changed), the fraction with the same exact hash and with hamming <= k;
//  * the time per message of Fingerprinter::fingerprint() on the normalized corpus.
// This is how kNearDuplicateBits (campaign/simhash.h) was chosen.
// Usage: campaign_fingerprint_measure [CORPUS] [HAM_PAIRS]
// Environment: SHOW=1 prints the spam variants whose exact hash differs; SHOW_HAM=K prints the ham
// pairs within K bits.
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "campaign/fingerprint.h"
#include "campaign/simhash.h"
#include "normalize/normalizer.h"
#include "support/rng.h"

using smsfw::filters::campaign::Fingerprint;
using smsfw::filters::campaign::Fingerprinter;
using smsfw::filters::campaign::hamming;

namespace {

constexpr int kMaxK = 24;

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> w;
  std::string cur;
  for (char c : s) {
    if (c == ' ') {
      if (!cur.empty()) w.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) w.push_back(cur);
  return w;
}
std::string join(const std::vector<std::string>& w) {
  std::string s;
  for (const auto& x : w) s += (s.empty() ? "" : " ") + x;
  return s;
}
bool has_digit(const std::string& s) {
  for (char c : s) if (c >= '0' && c <= '9') return true;
  return false;
}
bool is_plain_word(const std::string& s) {
  if (s.size() < 3) return false;
  for (char c : s) if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

struct Tally {
  const char* name;
  long n = 0;
  long exact = 0;
  long within[kMaxK + 1] = {};
  void add(const Fingerprint& a, const Fingerprint& b) {
    ++n;
    exact += a.exact == b.exact;
    const int d = hamming(a.simhash, b.simhash);
    for (int k = 0; k <= kMaxK; ++k) within[k] += d <= k;
  }
  void print() const {
    std::printf("%-16s n=%6ld exact=%.4f |", name, n, n ? double(exact) / n : 0.0);
    for (int k = 0; k <= kMaxK; k += (k < 10 ? 1 : 2)) std::printf(" %d:%.4f", k, n ? double(within[k]) / n : 0.0);
    std::printf("\n");
  }
};

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "/work/shared/corpus/sms-spam-collection/SMSSpamCollection";
  const long ham_pairs = argc > 2 ? std::stol(argv[2]) : 200000;
  std::ifstream in(path);
  if (!in) {
    std::cerr << path << ": cannot open\n";
    return 1;
  }
  std::vector<std::string> ham, spam, all_words;
  for (std::string line; std::getline(in, line);) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    (line.compare(0, tab, "ham") == 0 ? ham : spam).push_back(line.substr(tab + 1));
    for (auto& w : split_words(line.substr(tab + 1))) if (is_plain_word(w)) all_words.push_back(w);
  }
  smsfw::filters::normalize::Normalizer norm;
  Fingerprinter fp;
  std::string n;
  auto fingerprint = [&](const std::string& raw) {
    norm.normalized(raw, n);
    return fp.fingerprint(n);
  };

  smsfw::test::Rng rng(20261129);
  std::vector<Fingerprint> hf;
  for (const auto& h : ham) hf.push_back(fingerprint(h));
  Tally ham_t{"ham pairs"};
  Tally ham_long{"ham pairs >=20sh"};
  for (long i = 0; i < ham_pairs;) {
    const auto a = rng.below(static_cast<std::uint32_t>(ham.size()));
    const auto b = rng.below(static_cast<std::uint32_t>(ham.size()));
    if (a == b || ham[a] == ham[b]) continue;
    ham_t.add(hf[a], hf[b]);
    if (hf[a].shingles >= 20 && hf[b].shingles >= 20) ham_long.add(hf[a], hf[b]);
    ++i;
  }
  // Every pair of ham messages with different text (about 11 million), as counts.
  Tally ham_all{"all ham pairs"};
  const char* show_ham = std::getenv("SHOW_HAM");  // print ham pairs within this distance
  for (std::size_t a = 0; a < ham.size(); ++a) {
    for (std::size_t b = a + 1; b < ham.size(); ++b) {
      if (ham[a] == ham[b]) continue;
      ham_all.add(hf[a], hf[b]);
      if (show_ham && hamming(hf[a].simhash, hf[b].simhash) <= std::atoi(show_ham)) {
        std::printf("HAM %d\n  %s\n  %s\n", hamming(hf[a].simhash, hf[b].simhash), ham[a].c_str(), ham[b].c_str());
      }
    }
  }

  Tally numbers{"numbers changed"}, swap{"word swapped"}, insert{"word inserted"}, url{"url path changed"};
  for (const auto& s : spam) {
    const Fingerprint base = fingerprint(s);
    auto words = split_words(s);
    if (has_digit(s)) {
      // Digits outside hosts and e-mail addresses (a host is kept by the masking: another host is
      // another campaign landing page, not a changed number).
      auto v = words;
      for (auto& w : v) {
        if (w.find("www.") != std::string::npos || w.find('@') != std::string::npos ||
            w.find("http") != std::string::npos || w.find(".co") != std::string::npos) continue;
        for (char& c : w) if (c >= '0' && c <= '9') c = static_cast<char>('0' + rng.below(10));
      }
      const Fingerprint f = fingerprint(join(v));
      if (f.exact != base.exact && std::getenv("SHOW")) {
        norm.normalized(s, n);
        fp.fingerprint(n);
        std::printf("NUM  %s\n  -> %s\n", s.c_str(), std::string(fp.masked()).c_str());
        fingerprint(join(v));
        std::printf("  vs %s\n", std::string(fp.masked()).c_str());
      }
      numbers.add(base, f);
    }
    std::vector<std::size_t> plain;
    for (std::size_t i = 0; i < words.size(); ++i) if (is_plain_word(words[i])) plain.push_back(i);
    if (!plain.empty()) {
      auto v = words;
      v[plain[rng.below(static_cast<std::uint32_t>(plain.size()))]] =
          all_words[rng.below(static_cast<std::uint32_t>(all_words.size()))];
      swap.add(base, fingerprint(join(v)));
    }
    if (!words.empty()) {
      auto v = words;
      v.insert(v.begin() + rng.below(static_cast<std::uint32_t>(v.size() + 1)),
               all_words[rng.below(static_cast<std::uint32_t>(all_words.size()))]);
      insert.add(base, fingerprint(join(v)));
    }
    // URL path: the first host-like word ("www.", "http", ".com") gets a random path; messages
    // without one get "http://promo-win.com/<random>" appended to both sides.
    std::size_t host = words.size();
    for (std::size_t i = 0; i < words.size() && host == words.size(); ++i) {
      const auto& w = words[i];
      if (w.find("www.") != std::string::npos || w.find("http") != std::string::npos ||
          w.find(".com") != std::string::npos || w.find(".net") != std::string::npos ||
          w.find(".co.uk") != std::string::npos) host = i;
    }
    auto rnd = [&] { std::string p; for (int i = 0; i < 8; ++i) p += static_cast<char>('a' + rng.below(26)); return p; };
    if (host < words.size()) {
      auto v = words;
      const auto slash = v[host].find('/', v[host].find("://") == std::string::npos ? 0 : v[host].find("://") + 3);
      std::string w = slash == std::string::npos ? v[host] : v[host].substr(0, slash);
      std::string trail;  // sentence punctuation after the URL stays after it
      while (!w.empty() && std::string(".,!?\"'").find(w.back()) != std::string::npos) {
        trail.insert(trail.begin(), w.back());
        w.pop_back();
      }
      v[host] = w + "/" + rnd() + "?id=" + rnd() + trail;
      const Fingerprint f = fingerprint(join(v));
      if (f.exact != base.exact && std::getenv("SHOW")) {
        std::printf("URL  %s\n  -> ", join(v).c_str());
        std::printf("%s\n  vs ", std::string(fp.masked()).c_str());
        fingerprint(s);
        std::printf("%s\n", std::string(fp.masked()).c_str());
      }
      url.add(base, f);
    } else {
      url.add(fingerprint(s + " http://promo-win.com/" + rnd()), fingerprint(s + " http://promo-win.com/" + rnd() + "/x?u=" + rnd()));
    }
  }
  std::printf("messages: %zu ham, %zu spam; fraction with hamming <= k (k:fraction)\n", ham.size(), spam.size());
  for (const Tally* t : {&ham_t, &ham_long, &numbers, &swap, &insert, &url}) t->print();
  std::printf("%s: n=%ld, pairs with hamming <= k (k:count):", ham_all.name, ham_all.n);
  for (int k = 0; k <= kMaxK; ++k) std::printf(" %d:%ld", k, ham_all.within[k]);
  std::printf("\n");

  // Speed: fingerprint() alone on pre-normalized text.
  std::vector<std::string> normalized;
  for (const auto* set : {&ham, &spam}) for (const auto& s : *set) { norm.normalized(s, n); normalized.push_back(n); }
  std::uint64_t sink = 0;
  const int rounds = 50;
  const auto t0 = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r) for (const auto& s : normalized) sink ^= fp.fingerprint(s).simhash;
  const auto t1 = std::chrono::steady_clock::now();
  double bytes = 0;
  for (const auto& s : normalized) bytes += static_cast<double>(s.size());
  const double ns = std::chrono::duration<double, std::nano>(t1 - t0).count() / (double(rounds) * double(normalized.size()));
  std::printf("fingerprint(): %.0f ns/message (mean %.0f bytes), sink %llx\n", ns, bytes / double(normalized.size()),
              static_cast<unsigned long long>(sink & 0xF));
  return 0;
}
