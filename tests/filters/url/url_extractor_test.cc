// URL extraction: schemes, bare hosts with known suffixes, obfuscation, false positives, Thai.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/utf8_check.h"
#include "url/url_extractor.h"

using smsfw::filters::url::FoundUrl;
using smsfw::filters::url::UrlExtractor;

namespace {

const UrlExtractor& ex() {
  static UrlExtractor e;
  return e;
}

std::vector<FoundUrl> find(const std::string& text) {
  std::vector<FoundUrl> out;
  ex().extract(text, out);
  return out;
}

std::vector<std::string> hosts(const std::string& text) {
  std::vector<std::string> h;
  for (const auto& u : find(text)) h.push_back(u.host);
  return h;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("scheme URLs give url, host and registrable domain", "[url]") {
  auto r = find("please verify at https://kbank-secure.top/verify now");
  REQUIRE(r.size() == 1);
  CHECK(r[0].url == "https://kbank-secure.top/verify");
  CHECK(r[0].host == "kbank-secure.top");
  CHECK(r[0].registrable_domain == "kbank-secure.top");
  CHECK(r[0].had_scheme);
  CHECK_FALSE(r[0].obfuscated);
  CHECK(r[0].begin == 17);
  CHECK(r[0].end == 17 + std::string("https://kbank-secure.top/verify").size());

  r = find("http://a.b.example.co.th/x?y=1#z");
  REQUIRE(r.size() == 1);
  CHECK(r[0].url == "http://a.b.example.co.th/x?y=1#z");
  CHECK(r[0].host == "a.b.example.co.th");
  CHECK(r[0].registrable_domain == "example.co.th");

  r = find("HTTPS://Login.KBank-Secure.TOP/Path");
  REQUIRE(r.size() == 1);
  CHECK(r[0].url == "https://login.kbank-secure.top/Path");
  CHECK(r[0].registrable_domain == "kbank-secure.top");

  r = find("go http://shop.example.com:8080/a");
  REQUIRE(r.size() == 1);
  CHECK(r[0].url == "http://shop.example.com:8080/a");
  CHECK(r[0].host == "shop.example.com");
}

TEST_CASE("bare hosts with a known public suffix", "[url]") {
  auto r = find("kbank-secure.top/x");
  REQUIRE(r.size() == 1);
  CHECK(r[0].url == "kbank-secure.top/x");
  CHECK(r[0].host == "kbank-secure.top");
  CHECK_FALSE(r[0].had_scheme);

  r = find("click bit.ly/3abc");
  REQUIRE(r.size() == 1);
  CHECK(r[0].url == "bit.ly/3abc");
  CHECK(r[0].registrable_domain == "bit.ly");

  r = find("visit www.thaipost-th.com today");
  REQUIRE(r.size() == 1);
  CHECK(r[0].url == "www.thaipost-th.com");
  CHECK(r[0].host == "www.thaipost-th.com");
  CHECK(r[0].registrable_domain == "thaipost-th.com");

  CHECK(hosts("see kbank-secure.top") == V{"kbank-secure.top"});
  CHECK(hosts("a.b.example.co.th") == V{"a.b.example.co.th"});
  CHECK(find("a.b.example.co.th")[0].registrable_domain == "example.co.th");
  CHECK(hosts("two: bit.ly/a and https://x.top/b") == V{"bit.ly", "x.top"});
}

TEST_CASE("obfuscated schemes and dots", "[url]") {
  auto r = find("hxxps://kbank-secure[.]top/verify");
  REQUIRE(r.size() == 1);
  CHECK(r[0].url == "https://kbank-secure.top/verify");
  CHECK(r[0].host == "kbank-secure.top");
  CHECK(r[0].registrable_domain == "kbank-secure.top");
  CHECK(r[0].obfuscated);
  CHECK(r[0].had_scheme);

  r = find("hxxp://evil(.)example(dot)com");
  REQUIRE(r.size() == 1);
  CHECK(r[0].url == "http://evil.example.com");
  CHECK(r[0].obfuscated);

  r = find("kbank-secure[.]top");
  REQUIRE(r.size() == 1);
  CHECK(r[0].host == "kbank-secure.top");
  CHECK(r[0].obfuscated);

  CHECK(hosts("kbank[dot]com") == V{"kbank.com"});
  CHECK(hosts("hxxps[:]//phish.top/a") == V{"phish.top"});
  // Full-width / ideographic dots (if the caller did not NFKC them away).
  CHECK(hosts("kbank\xEF\xBC\x8E" "com") == V{"kbank.com"});
  CHECK(hosts("kbank\xE3\x80\x82" "com/x") == V{"kbank.com"});
  CHECK(find("kbank\xEF\xBC\x8E" "com")[0].obfuscated);
}

TEST_CASE("IPv4 hosts", "[url]") {
  auto r = find("http://192.168.1.10/login");
  REQUIRE(r.size() == 1);
  CHECK(r[0].host == "192.168.1.10");
  CHECK(r[0].ipv4);
  CHECK(r[0].registrable_domain.empty());
  CHECK(hosts("go to 10.0.0.1/pay now") == V{"10.0.0.1"});
  CHECK(hosts("10.0.0.1:8080") == V{"10.0.0.1"});
  // Bare dotted quads without a path/port are not URLs (version numbers).
  CHECK(find("version 1.2.3.4 released").empty());
  CHECK(find("http://999.1.1.1/").empty());
}

TEST_CASE("trailing punctuation is stripped", "[url]") {
  CHECK(find("go to bit.ly/3abc.")[0].url == "bit.ly/3abc");
  CHECK(find("go to www.thaipost-th.com.")[0].url == "www.thaipost-th.com");
  CHECK(find("(see https://x.top/a)")[0].url == "https://x.top/a");
  CHECK(find("urgent: kbank-secure.top/verify!")[0].url == "kbank-secure.top/verify");
  CHECK(find("really bit.ly/abc?")[0].url == "bit.ly/abc");
  CHECK(find("a bit.ly/x, b")[0].url == "bit.ly/x");
  CHECK(find("bit.ly/x?a=1")[0].url == "bit.ly/x?a=1");
}

TEST_CASE("ordinary text is not a URL", "[url]") {
  CHECK(find("e.g. this one").empty());
  CHECK(find("made in the u.k. last year").empty());
  CHECK(find("dear mr.smith, hello").empty());
  CHECK(find("it costs 3.50 only").empty());
  CHECK(find("meet at 10.30 a.m. ok").empty());
  CHECK(find("see photo.jpg and doc.pdf and a.txt").empty());
  CHECK(find("end of sentence.after that").empty());
  // Known limitation: a missing space before a word that IS a TLD looks like a host.
  CHECK(hosts("end of sentence.next one") == V{"sentence.next"});
  CHECK(find("co.uk").empty());
  CHECK(find("").empty());
  CHECK(find("http://").empty());
  CHECK(find("http://nodot/path").empty());
  // libpsl agrees that these are not public suffixes.
  CHECK_FALSE(ex().is_known_suffix("jpg"));
  CHECK_FALSE(ex().is_known_suffix("smith"));
  CHECK_FALSE(ex().is_known_suffix("g"));
  CHECK(ex().is_known_suffix("top"));
  CHECK(ex().is_known_suffix("co.th"));
}

TEST_CASE("e-mail addresses are not URLs", "[url]") {
  CHECK(find("mail name@bank.com now").empty());
  CHECK(find("john.doe@bank.co.th").empty());
  CHECK(find("contact info.desk@kbank.com").empty());
}

TEST_CASE("Thai text adjacent to URLs is not swallowed", "[url]") {
  const std::string click = "\xE0\xB8\x84\xE0\xB8\xA5\xE0\xB8\xB4\xE0\xB8\x81";  // คลิก
  const std::string now = "\xE0\xB8\x94\xE0\xB9\x88\xE0\xB8\xA7\xE0\xB8\x99";    // ด่วน
  auto r = find(click + "https://kbank-secure.top/verify" + now);
  REQUIRE(r.size() == 1);
  CHECK(r[0].url == "https://kbank-secure.top/verify");
  CHECK(r[0].begin == click.size());
  CHECK(r[0].end == click.size() + std::string("https://kbank-secure.top/verify").size());

  r = find(click + "kbank-secure.top" + now);
  REQUIRE(r.size() == 1);
  CHECK(r[0].url == "kbank-secure.top");

  r = find(click + "bit.ly/3abc" + now + " " + click + "www.thaipost-th.com" + now);
  REQUIRE(r.size() == 2);
  CHECK(r[0].url == "bit.ly/3abc");
  CHECK(r[1].url == "www.thaipost-th.com");
  CHECK(r[1].registrable_domain == "thaipost-th.com");

  r = find(click + "kbank-secure[.]top" + now);
  REQUIRE(r.size() == 1);
  CHECK(r[0].host == "kbank-secure.top");
}

TEST_CASE("real spam lines from the SMS Spam Collection", "[url]") {
  CHECK(hosts("URGENT! You have won a 1 week FREE membership in our \xC2\xA3" "100,000 Prize Jackpot! "
              "Txt the word: CLAIM to No: 81010 T&C www.dbuk.net LCCLTD POBOX 4403LDNW1A7RW18") ==
        V{"www.dbuk.net"});
  CHECK(hosts("-PLS STOP bootydelious (32/F) is inviting you to be her friend. Reply YES-434 or "
              "NO-434 See her: www.SMS.ac/u/bootydelious STOP? Send STOP FRND to 62468") ==
        V{"www.sms.ac"});
  CHECK(hosts("Are you unique enough? Find out from 30th August. www.areyouunique.co.uk") ==
        V{"www.areyouunique.co.uk"});
  CHECK(hosts("500 New Mobiles from 2004, MUST GO! Txt: NOKIA to No: 89545 & collect yours "
              "today!From ONLY \xC2\xA3" "1 www.4-tc.biz 2optout 087187262701.50gbp/mtmsg18") ==
        V{"www.4-tc.biz"});
  CHECK(hosts("HMV BONUS SPECIAL 500 pounds of genuine HMV vouchers to be won. Just answer 4 easy "
              "questions. Play Now! Send HMV to 86688 More info:www.100percent-real.com") ==
        V{"www.100percent-real.com"});
  auto r = find("Here is your discount code RP176781. To stop further messages reply stop. "
                "www.regalportfolio.co.uk. Customer Services 08717205546");
  REQUIRE(r.size() == 1);
  CHECK(r[0].url == "www.regalportfolio.co.uk");
  CHECK(r[0].registrable_domain == "regalportfolio.co.uk");
  r = find("Dear Voucher Holder, 2 claim this weeks offer, at your PC go to "
           "http://www.e-tlp.co.uk/expressoffer Ts&Cs apply.2 stop texts txt STOP to 80062.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].url == "http://www.e-tlp.co.uk/expressoffer");
  CHECK(r[0].registrable_domain == "e-tlp.co.uk");
  CHECK(hosts("Your credits have been topped up for http://www.bubbletext.com Your renewal Pin is "
              "tgxxrz") == V{"www.bubbletext.com"});
  CHECK(hosts("To review and KEEP the fantastic Nokia N-Gage game deck with Club Nokia, go 2 "
              "www.cnupdates.com/newsletter. unsubscribe from alerts reply with the word OUT") ==
        V{"www.cnupdates.com"});
  // Space-split URL from the corpus: only the part after the space is a URL.
  CHECK(hosts("click here>> http://wap. xxxmobilemovieclub.com?n=QJKGIGHJJGCBL") ==
        V{"xxxmobilemovieclub.com"});
  // Known miss: the TLD is glued to following text ("com1win150ppmx3age16").
  CHECK(find("TnCs www.Ldew.com1win150ppmx3age16").empty());
}

TEST_CASE("extract appends, extract_into reuses", "[url]") {
  std::vector<FoundUrl> out;
  CHECK(ex().extract("bit.ly/a", out) == 1);
  CHECK(ex().extract("x.top and y.top", out) == 2);
  REQUIRE(out.size() == 3);
  CHECK(out[2].host == "y.top");
  CHECK(ex().extract("nothing here", out) == 0);
  CHECK(out.size() == 3);
  CHECK(ex().extract_into("z.top", out) == 1);
  REQUIRE(out.size() == 1);
  CHECK(out[0].host == "z.top");
  CHECK(ex().extract_into("", out) == 0);
  CHECK(out.empty());
}

TEST_CASE("output strings are valid UTF-8 ASCII hosts", "[url]") {
  for (const auto& u : find("hxxps://a[.]b.top/\xE0\xB8\x84 www.x.com/ok")) {
    CHECK(smsfw::test::is_valid_utf8(u.url));
    for (char c : u.host) CHECK(static_cast<unsigned char>(c) < 0x80);
  }
}
