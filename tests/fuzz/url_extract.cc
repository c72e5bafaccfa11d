// Fuzz target: URL extraction (filters/url/url_extractor.h).
//
// Input: any bytes as message text. Checked: extract(), extract_into() and extract_pooled()
// agree with each other and with the previous simple scan kept in tests/filters/url as the
// differential test's oracle; every URL's byte range lies in the text, ranges come in order
// without overlap, hosts are non-empty lower-case ASCII with a dot, and the registrable domain
// is a suffix of the host.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "filters/url/reference_url_extractor.h"
#include "fuzz/fuzz_check.h"
#include "url/url_extractor.h"

using smsfw::filters::url::FoundUrl;
using smsfw::filters::url::UrlExtractor;

namespace {

bool same(const FoundUrl& a, const FoundUrl& b) {
  return a.url == b.url && a.host == b.host && a.registrable_domain == b.registrable_domain && a.begin == b.begin &&
         a.end == b.end && a.had_scheme == b.had_scheme && a.obfuscated == b.obfuscated && a.ipv4 == b.ipv4;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const UrlExtractor extractor;
  static const smsfw::test::ReferenceUrlExtractor reference;
  static std::vector<FoundUrl> pool;  // kept between inputs, as on the data path
  const std::string text(reinterpret_cast<const char*>(data), size);  // own buffer: exact bounds

  std::vector<FoundUrl> found(1);
  found[0].host = "sentinel";  // extract() appends
  const std::size_t n = extractor.extract(text, found);
  FUZZ_CHECK(found.size() == 1 + n && found[0].host == "sentinel");
  found.erase(found.begin());

  std::size_t last_end = 0;
  for (const FoundUrl& u : found) {
    FUZZ_CHECK(u.begin < u.end && u.end <= text.size() && u.begin >= last_end);
    last_end = u.end;
    FUZZ_CHECK(!u.host.empty() && u.host.find('.') != std::string::npos);
    for (const char c : u.host)
      FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.');
    const std::string& d = u.registrable_domain;
    FUZZ_CHECK(d.size() <= u.host.size() && u.host.compare(u.host.size() - d.size(), d.size(), d) == 0);
    if (u.ipv4) FUZZ_CHECK(d.empty());
  }

  std::vector<FoundUrl> into(3);
  FUZZ_CHECK(extractor.extract_into(text, into) == n && into.size() == n);
  const std::size_t m = extractor.extract_pooled(text, pool);
  FUZZ_CHECK(m == n && pool.size() >= m);
  std::vector<FoundUrl> want;
  FUZZ_CHECK(reference.extract(text, want) == n);
  for (std::size_t i = 0; i < n; ++i) FUZZ_CHECK(same(found[i], into[i]) && same(found[i], pool[i]) && same(found[i], want[i]));
  return 0;
}
