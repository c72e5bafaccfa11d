// Random and adversarial inputs: the extractor never crashes and its results are consistent.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/rng.h"
#include "url/url_extractor.h"

using smsfw::filters::url::FoundUrl;
using smsfw::filters::url::UrlExtractor;

namespace {

void check_consistent(const std::string& text, const std::vector<FoundUrl>& out) {
  std::size_t prev_end = 0;
  for (const auto& u : out) {
    REQUIRE(u.begin < u.end);
    REQUIRE(u.end <= text.size());
    REQUIRE(u.begin >= prev_end);
    prev_end = u.end;
    REQUIRE_FALSE(u.host.empty());
    REQUIRE(u.host.size() <= 253);
    REQUIRE(u.url.find(u.host) != std::string::npos);
    for (char c : u.host) {
      const auto b = static_cast<unsigned char>(c);
      REQUIRE(((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '.'));
    }
    if (!u.registrable_domain.empty()) {
      const auto& h = u.host;
      const auto& rd = u.registrable_domain;
      REQUIRE(h.size() >= rd.size());
      REQUIRE(h.compare(h.size() - rd.size(), rd.size(), rd) == 0);
    }
  }
}

}  // namespace

TEST_CASE("random bytes never crash", "[url]") {
  UrlExtractor ex;
  smsfw::test::Rng rng(0x5EED0001);
  std::vector<FoundUrl> out;
  for (int iter = 0; iter < 3000; ++iter) {
    auto bytes = rng.octets(300);
    std::string text(bytes.begin(), bytes.end());
    ex.extract_into(text, out);
    check_consistent(text, out);
  }
}

TEST_CASE("random URL-ish fragments never crash", "[url]") {
  static const char* kPieces[] = {
      "http", "hxxps", "://", "[:]//", ".", "[.]", "(.)", "[dot]", "\xEF\xBC\x8E", "www", "top",
      "com", "co", "th", "ly", "bit", "kbank", "-", "/", "?", "#", ":", "8080", "1", "255", "@",
      " ", "\xE0\xB8\x84", "\xE0\xB8", ")", "!", ",", "a", "xn--", "jpg", "\xE3\x80\x82"};
  constexpr auto kN = sizeof(kPieces) / sizeof(kPieces[0]);
  UrlExtractor ex;
  smsfw::test::Rng rng(0x5EED0002);
  std::vector<FoundUrl> out;
  std::size_t found = 0;
  for (int iter = 0; iter < 5000; ++iter) {
    std::string text;
    const auto len = rng.range(0, 40);
    for (std::uint32_t k = 0; k < len; ++k) text += kPieces[rng.below(kN)];
    ex.extract_into(text, out);
    check_consistent(text, out);
    found += out.size();
  }
  CHECK(found > 0);
}

TEST_CASE("long inputs and long labels", "[url]") {
  UrlExtractor ex;
  std::vector<FoundUrl> out;
  ex.extract_into(std::string(100000, 'a'), out);
  CHECK(out.empty());
  ex.extract_into(std::string(70, 'a') + ".com", out);  // label > 63
  CHECK(out.empty());
  std::string many;
  for (int i = 0; i < 200; ++i) many += "ab.";
  many += "com";  // host > 253
  ex.extract_into(many, out);
  CHECK(out.empty());
  std::string repeated;
  for (int i = 0; i < 2000; ++i) repeated += "x.top ";
  ex.extract_into(repeated, out);
  CHECK(out.size() == 2000);
  std::string dots(5000, '.');
  ex.extract_into(dots + "[.]" + dots, out);
  CHECK(out.empty());
}
