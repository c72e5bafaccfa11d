#pragma once
// The texts the engine's databases are scanned over, computed once per message before any
// timing, with the project's own building blocks in the order and under the conditions of
// Classifier::classify() (filters/engine/classifier.cc): text::decode (the account's
// data_coding_0 and latin1), Normalizer::normalized / squeezed, UrlExtractor and the url field's
// rendering (one line per URL, host, registrable domain), the sender's and destination's views.
// The Classifier keeps these buffers private, so they are rebuilt here from the same calls; the
// url rendering (3 lines of Classifier::build_url_text) is repeated below.
//
// A slot is "present" when classify() would scan it: its database exists and the text exists
// (body views other than raw and the url text only for text bodies, the url text only when a
// URL was found).

#include <array>
#include <string>
#include <vector>

#include "engine/message_input.h"
#include "engine/target_rules.h"
#include "normalize/normalizer.h"
#include "patterns/pattern_set.h"
#include "url/url_extractor.h"

namespace smsfw::bench::engine {

// One message's texts, indexed by slot (target_rules.h).
struct PreparedViews {
  std::array<std::string, kSlotCount> text;
  std::array<bool, kSlotCount> present{};
  std::size_t bytes() const;  // sum of the present texts' sizes
};

// Builds PreparedViews for messages judged by one pattern set. One per thread (it owns an ICU
// normalizer and a URL extractor).
class ViewBuilder {
 public:
  explicit ViewBuilder(const filters::PatternSet& set) : set_(set) {}
  void build(const filters::MessageInput& in, PreparedViews& out);
  std::vector<PreparedViews> build_all(const std::vector<filters::MessageInput>& inputs);

 private:
  void address_views(filters::Field f, std::string_view raw, PreparedViews& out);

  const filters::PatternSet& set_;
  filters::normalize::Normalizer normalizer_;
  filters::url::UrlExtractor urls_;
  std::vector<filters::url::FoundUrl> found_;
};

}  // namespace smsfw::bench::engine
