#pragma once
// The URL extractor as it was before the fast scan (filters/url/url_extractor.cc up to the
// "index scan" change), kept verbatim as the oracle of the differential test: a forward scan that
// tries every word start, copying each word into the host as it goes. Test-only; slow on purpose.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "url/url_extractor.h"

struct psl_ctx_st;

namespace smsfw::test {

class ReferenceUrlExtractor {
 public:
  // The same libpsl context choice as UrlExtractor: psl_latest(), else psl_builtin().
  ReferenceUrlExtractor();
  ~ReferenceUrlExtractor();
  ReferenceUrlExtractor(const ReferenceUrlExtractor&) = delete;
  ReferenceUrlExtractor& operator=(const ReferenceUrlExtractor&) = delete;

  // Appends every URL found in `text` to `out` (does not clear it). Returns the number appended.
  std::size_t extract(std::string_view text, std::vector<filters::url::FoundUrl>& out) const;

  bool is_known_suffix(const std::string& suffix) const;

 private:
  psl_ctx_st* psl_ = nullptr;
  bool owned_ = false;
};

}  // namespace smsfw::test
