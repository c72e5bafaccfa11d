// Differential test: UrlExtractor's index scan finds exactly what the reference scan (the
// extractor before that change, reference_url_extractor.cc) finds, every FoundUrl field equal,
// through extract(), extract_into() and extract_pooled(), on the unit tests' inputs, on the SMS
// Spam Collection (as is and lower-cased), and on random URL-ish fragments and bytes.

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "reference_url_extractor.h"
#include "support/rng.h"
#include "url/url_extractor.h"

using smsfw::filters::url::FoundUrl;
using smsfw::filters::url::UrlExtractor;

namespace {

const UrlExtractor& fast() {
  static UrlExtractor e;
  return e;
}
const smsfw::test::ReferenceUrlExtractor& reference() {
  static smsfw::test::ReferenceUrlExtractor e;
  return e;
}

std::string printable(const std::string& s) {
  std::ostringstream o;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7F && c != '\\') o << c;
    else o << "\\x" << std::hex << static_cast<int>(c) << std::dec;
  }
  return o.str();
}

std::string describe(const FoundUrl& u) {
  std::ostringstream o;
  o << "{url=" << printable(u.url) << " host=" << u.host << " rd=" << u.registrable_domain << " [" << u.begin << ","
    << u.end << ") scheme=" << u.had_scheme << " obf=" << u.obfuscated << " ipv4=" << u.ipv4 << "}";
  return o.str();
}

bool same(const FoundUrl& a, const FoundUrl& b) {
  return a.url == b.url && a.host == b.host && a.registrable_domain == b.registrable_domain && a.begin == b.begin &&
         a.end == b.end && a.had_scheme == b.had_scheme && a.obfuscated == b.obfuscated && a.ipv4 == b.ipv4;
}

// Compares the first n of `got` with `want`; returns the number of mismatching texts (0 or 1) and
// reports the first difference.
int compare(const std::string& text, const std::vector<FoundUrl>& want, const FoundUrl* got, std::size_t n,
            const char* via) {
  bool equal = want.size() == n;
  for (std::size_t i = 0; equal && i < n; ++i) equal = same(want[i], got[i]);
  if (equal) return 0;
  std::ostringstream o;
  o << via << " differs on \"" << printable(text) << "\"\n  reference:";
  for (const auto& u : want) o << ' ' << describe(u);
  o << "\n  fast:     ";
  for (std::size_t i = 0; i < n; ++i) o << ' ' << describe(got[i]);
  FAIL_CHECK(o.str());
  return 1;
}

// Checks one text through every entry point; `pool` is reused across calls, like the classifier's.
struct Differ {
  std::vector<FoundUrl> want, pool, into, appended;
  std::size_t texts = 0, urls = 0;
  int failures = 0;

  void check(const std::string& text) {
    ++texts;
    want.clear();
    reference().extract(text, want);
    urls += want.size();

    const std::size_t n = fast().extract_pooled(text, pool);
    REQUIRE(pool.size() >= n);
    failures += compare(text, want, pool.data(), n, "extract_pooled");

    fast().extract_into(text, into);
    failures += compare(text, want, into.data(), into.size(), "extract_into");

    appended.resize(1);
    appended[0].host = "sentinel";
    const std::size_t m = fast().extract(text, appended);
    REQUIRE(appended.size() == 1 + m);
    CHECK(appended[0].host == "sentinel");
    failures += compare(text, want, appended.data() + 1, m, "extract");
    REQUIRE(failures < 20);  // enough to debug; stop the flood
  }
};

std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return s;
}

// The inputs of url_extractor_test.cc and robustness_test.cc, plus edge cases of the scan.
const std::vector<std::string>& unit_inputs() {
  static const std::vector<std::string> v = {
      "please verify at https://kbank-secure.top/verify now",
      "http://a.b.example.co.th/x?y=1#z",
      "HTTPS://Login.KBank-Secure.TOP/Path",
      "go http://shop.example.com:8080/a",
      "kbank-secure.top/x",
      "click bit.ly/3abc",
      "visit www.thaipost-th.com today",
      "see kbank-secure.top",
      "a.b.example.co.th",
      "two: bit.ly/a and https://x.top/b",
      "hxxps://kbank-secure[.]top/verify",
      "hxxp://evil(.)example(dot)com",
      "kbank-secure[.]top",
      "kbank[dot]com",
      "hxxps[:]//phish.top/a",
      "kbank\xEF\xBC\x8E" "com",
      "kbank\xE3\x80\x82" "com/x",
      "kbank\xEF\xBD\xA1" "com/x",
      "http://192.168.1.10/login",
      "go to 10.0.0.1/pay now",
      "10.0.0.1:8080",
      "version 1.2.3.4 released",
      "http://999.1.1.1/",
      "go to bit.ly/3abc.",
      "go to www.thaipost-th.com.",
      "(see https://x.top/a)",
      "urgent: kbank-secure.top/verify!",
      "really bit.ly/abc?",
      "a bit.ly/x, b",
      "bit.ly/x?a=1",
      "e.g. this one",
      "made in the u.k. last year",
      "dear mr.smith, hello",
      "it costs 3.50 only",
      "meet at 10.30 a.m. ok",
      "see photo.jpg and doc.pdf and a.txt",
      "end of sentence.after that",
      "end of sentence.next one",
      "co.uk",
      "",
      "http://",
      "http://nodot/path",
      "mail name@bank.com now",
      "john.doe@bank.co.th",
      "contact info.desk@kbank.com",
      "\xE0\xB8\x84\xE0\xB8\xA5\xE0\xB8\xB4\xE0\xB8\x81https://kbank-secure.top/verify\xE0\xB8\x94\xE0\xB9\x88",
      "\xE0\xB8\x84\xE0\xB8\xA5kbank-secure.top\xE0\xB8\x94",
      "\xE0\xB8\x84\xE0\xB8\xA5kbank-secure[.]top\xE0\xB8\x94",
      "TnCs www.Ldew.com1win150ppmx3age16",
      "click here>> http://wap. xxxmobilemovieclub.com?n=QJKGIGHJJGCBL",
      "hxxps://a[.]b.top/\xE0\xB8\x84 www.x.com/ok",
      "x.top and y.top",
      "nothing here",
      // Scan edge cases: obfuscated forms in every case, schemes glued to text, long labels,
      // starts after '[' / '(' / full-width dots, "hxxp" prefixes without a scheme.
      "kbank[DOT]com kbank(Dot)com kbank{dot}com kbank{.}com",
      "hxxpsite.com hxxps.com httpx.com https.com http.com",
      "xhttp://a.com _http://b.com /http://c.com @http://d.com \\http://e.com -http://f.com",
      "http://http://a.com https[:]//b.top hxxp[:]//c.top httpss://d.top",
      "a[.]b[.]jpg[.]com (.)x.com [.]y.com [dot]top.top",
      "xn--p1ai.xn--p1ai xn--.com a.xn-- a.xn--p1ai a.xn--",
      "1.2.3.4/x 1.2.3.4:80 01.002.3.4/x 1.2.3/x 1.2.3.4.5/x 256.1.1.1/x 1.2.3.4:123456 1.2.3.4:65535",
      "a.b:8080 a.com:8080x a.com:99999 a.com: a.com:/x a.com/?#",
      "a.com. a.com.. a.com.com.com... ...a.com a..com a.-com a-.com -a.com",
      "a.c a.co a.toolongtldthatisnotreal a.c0m a.com1 a.1com",
      "\xEF\xBC\x8E" "com a\xEF\xBC\x8E" "\xEF\xBC\x8E" "com a\xE3\x80\x82" "b\xEF\xBD\xA1" "com",
      "a.com@x b@a.com a.com@ @a.com",
      "MixedCase.COM/PaTh HXXPS://X.TOP/Y WWW.EXAMPLE.CO.UK",
      "url:http://a.com url(http://b.com) [http://c.com] {http://d.com}",
      "a.com/\xE0\xB8\x84 a.com?\xE0\xB8\x84 a.com#x\"y a.com/<x> a.com/{x}",
      "time 10:30, ratio 3:1, http:/a.com http:a.com http//a.com",
  };
  return v;
}

}  // namespace

TEST_CASE("differential: unit test inputs", "[url][differential]") {
  Differ d;
  for (const auto& s : unit_inputs()) {
    d.check(s);
    d.check(ascii_lower(s));
  }
  // Long inputs (robustness_test.cc).
  d.check(std::string(100000, 'a'));
  d.check(std::string(70, 'a') + ".com");
  d.check(std::string(63, 'a') + ".com");
  d.check(std::string(64, 'a') + ".com");
  for (std::size_t len = 60; len <= 66; ++len) {  // the first label's length limit, not at 0
    d.check("x " + std::string(len, 'a') + ".com");
    d.check("x " + std::string(len, '1') + ".1.1.1/x");
    d.check("x.top " + std::string(len, 'a') + ".com");
    d.check("x.top/" + std::string(len, 'a') + ".com");
  }
  d.check("http://" + std::string(63, 'a') + ".com");
  d.check("http://" + std::string(64, 'a') + ".com");
  std::string many;
  for (int i = 0; i < 200; ++i) many += "ab.";
  d.check(many + "com");
  std::string near;  // hosts around the 253-byte limit
  for (int i = 0; i < 61; ++i) near += "abc.";
  for (int extra = 0; extra < 12; ++extra) {
    d.check(near + std::string(static_cast<std::size_t>(extra), 'x') + "com");
    d.check(near + std::string(static_cast<std::size_t>(extra), 'x') + ".com");
  }
  std::string repeated;
  for (int i = 0; i < 2000; ++i) repeated += "x.top ";
  d.check(repeated);
  const std::string dots(5000, '.');
  d.check(dots + "[.]" + dots);
  CHECK(d.failures == 0);
  CHECK(d.urls > 50);
}

TEST_CASE("differential: SMS Spam Collection, as is and lower-cased", "[url][differential]") {
  const std::filesystem::path path = "/work/shared/corpus/sms-spam-collection/SMSSpamCollection";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    WARN("skipped: " << path << " is absent");
    return;
  }
  Differ d;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto tab = line.find('\t');
    const std::string text = tab == std::string::npos ? line : line.substr(tab + 1);
    d.check(text);
    d.check(ascii_lower(text));
  }
  INFO(d.texts << " texts, " << d.urls << " URLs");
  CHECK(d.texts > 10000);
  CHECK(d.urls > 100);
  CHECK(d.failures == 0);
}

TEST_CASE("differential: random URL-ish fragments", "[url][differential]") {
  static const char* kPieces[] = {
      "http", "hxxps", "://", "[:]//", ".", "[.]", "(.)", "{.}", "[dot]", "(DOT)", "{dot}", "\xEF\xBC\x8E",
      "\xEF\xBD\xA1", "\xE3\x80\x82", "\xEF\xBC", "\xE3", "www", "top", "com", "co", "th", "uk", "ly", "bit",
      "kbank", "KBank", "-", "_", "/", "\\", "?", "#", ":", "8080", "1", "255", "256", "0", "@", " ", "\n",
      "\xE0\xB8\x84", "\xE0\xB8", ")", "(", "[", "]", "{", "}", "!", ",", "a", "Z", "xn--", "XN--p1ai", "jpg",
      "s", "hxxp", "HTTP", "https", "x", "<", "\"", "'", "|", "\xC2\xA3", "so", "after", "ab", "zip", "app"};
  constexpr auto kN = sizeof(kPieces) / sizeof(kPieces[0]);
  smsfw::test::Rng rng(0xD1FF0001);
  Differ d;
  for (int iter = 0; iter < 30000; ++iter) {
    std::string text;
    const auto len = rng.range(0, 40);
    for (std::uint32_t k = 0; k < len; ++k) text += kPieces[rng.below(kN)];
    d.check(text);
  }
  INFO(d.texts << " texts, " << d.urls << " URLs");
  CHECK(d.urls > 1000);
  CHECK(d.failures == 0);
}

TEST_CASE("differential: random bytes and printable ASCII", "[url][differential]") {
  smsfw::test::Rng rng(0xD1FF0002);
  Differ d;
  for (int iter = 0; iter < 5000; ++iter) {
    const auto bytes = rng.octets(300);
    d.check(std::string(bytes.begin(), bytes.end()));
    d.check(rng.printable(200));
    // Letters, digits and the separators only: dense with candidates.
    static constexpr char kDense[] = "ab1.-:/[]()@_";
    std::string dense(rng.range(0, 120), 'a');
    for (char& c : dense) c = kDense[rng.below(sizeof(kDense) - 1)];
    d.check(dense);
  }
  CHECK(d.failures == 0);
}

TEST_CASE("differential: several extractors and threads share no state", "[url][differential]") {
  // The libpsl cache is per thread and per extractor: alternating extractors in one thread, and
  // one extractor used from several threads at once, give the reference's results.
  std::vector<std::string> texts;
  for (const auto& s : unit_inputs()) texts.push_back(ascii_lower(s));
  for (int i = 0; i < 300; ++i)  // more distinct hosts than the cache holds
    texts.push_back("go to www.host" + std::to_string(i) + ".co.uk/x and bit.ly/" + std::to_string(i) +
                    " or shop" + std::to_string(i % 7) + ".top");
  std::vector<std::vector<FoundUrl>> want(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) reference().extract(texts[i], want[i]);

  auto same_all = [&](const UrlExtractor& ex, std::size_t i, std::vector<FoundUrl>& pool) {
    const std::size_t n = ex.extract_pooled(texts[i], pool);
    if (n != want[i].size()) return false;
    for (std::size_t j = 0; j < n; ++j)
      if (!same(pool[j], want[i][j])) return false;
    return true;
  };

  UrlExtractor a, b;
  std::vector<FoundUrl> pa, pb;
  int bad = 0;
  for (int round = 0; round < 3; ++round)
    for (std::size_t i = 0; i < texts.size(); ++i) {
      bad += !same_all(a, i, pa);
      bad += !same_all(b, texts.size() - 1 - i, pb);
    }
  CHECK(bad == 0);

  std::atomic<int> thread_bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      std::vector<FoundUrl> pool;
      for (int round = 0; round < 5; ++round)
        for (std::size_t k = 0; k < texts.size(); ++k) {
          const std::size_t i = (k * 7 + static_cast<std::size_t>(t) * 13) % texts.size();
          if (!same_all(fast(), i, pool)) ++thread_bad;
        }
    });
  for (auto& th : threads) th.join();
  CHECK(thread_bad.load() == 0);
}

TEST_CASE("extract_pooled reuses slots: no reallocation once warm, untouched without URLs", "[url]") {
  const UrlExtractor& ex = fast();
  std::vector<FoundUrl> pool;
  REQUIRE(ex.extract_pooled("see https://kbank-secure.top/verify-account-now and bit.ly/abcdefgh", pool) == 2);
  const std::size_t slots = pool.size();
  const char* url0 = pool[0].url.data();
  const char* host0 = pool[0].host.data();
  const char* url1 = pool[1].url.data();
  // Messages without URLs (with and without sites) leave the pool alone.
  CHECK(ex.extract_pooled("hello there, see you at 10.30 a.m. (ok?) e.g. photo.jpg", pool) == 0);
  CHECK(ex.extract_pooled("no site byte at all in this one", pool) == 0);
  CHECK(pool.size() == slots);
  CHECK(pool[0].url == "https://kbank-secure.top/verify-account-now");
  // Shorter or equal URLs reuse the buffers.
  REQUIRE(ex.extract_pooled("http://kbank-secure.top/verify and bit.ly/abc", pool) == 2);
  CHECK(pool.size() == slots);
  CHECK(pool[0].url.data() == url0);
  CHECK(pool[0].host.data() == host0);
  CHECK(pool[1].url.data() == url1);
  CHECK(pool[0].url == "http://kbank-secure.top/verify");
  CHECK(pool[1].url == "bit.ly/abc");
}
