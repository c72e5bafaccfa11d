#include "classify/breakdown.h"

#include <memory>
#include <string_view>

#include <hs/hs.h>

#include "classify/measure.h"
#include "confusables/sender_skeleton.h"
#include "normalize/normalizer.h"
#include "patterns/pattern_set.h"
#include "sender/sender_check_cache.h"
#include "text/data_coding.h"
#include "url/url_extractor.h"

namespace smsfw::bench::classify {

namespace {

using filters::Field;
using filters::View;

// What the stages before a stage produced for one message.
struct Views {
  std::string text;  // decoded (or the raw octets of a non-text body)
  bool is_text = false;
  std::string normalized, squeezed, url_text, sender_normalized, sender_squeezed;
};

int count_match(unsigned int, unsigned long long, unsigned long long, unsigned int, void* ctx) {
  ++*static_cast<std::uint64_t*>(ctx);
  return 0;
}

// The url field's text exactly as Classifier::build_url_text() renders it.
void url_text_of(const filters::url::UrlExtractor& urls, std::string_view normalized, std::vector<filters::url::FoundUrl>& found,
                 std::string& out) {
  out.clear();
  const std::size_t n = urls.extract_into(normalized, found);
  for (std::size_t i = 0; i < n; ++i) {
    const filters::url::FoundUrl& u = found[i];
    out.append(u.url).push_back('\n');
    if (u.host != u.url) out.append(u.host).push_back('\n');
    if (!u.registrable_domain.empty() && u.registrable_domain != u.host) out.append(u.registrable_domain).push_back('\n');
  }
}

}  // namespace

std::vector<StageTime> time_stages(const filters::Engine& engine, const std::vector<filters::MessageInput>& inputs,
                                   double seconds) {
  std::vector<StageTime> out;
  if (inputs.empty()) return out;
  const auto snap = engine.snapshot();
  const filters::PatternSet& set = *snap->set;
  const double n = static_cast<double>(inputs.size());
  filters::normalize::Normalizer normalizer;
  filters::url::UrlExtractor urls;
  filters::confusables::SenderSkeleton skeleton;
  std::vector<filters::url::FoundUrl> found;
  std::string scratch, key;

  const bool want_normalized = set.database(Field::body, View::normalized) || set.database(Field::body, View::squeezed) ||
                               set.has_rules(Field::url);
  const bool want_squeezed = set.database(Field::body, View::squeezed) != nullptr;
  const bool want_url = set.has_rules(Field::url);
  const bool sender_norm = set.database(Field::sender, View::normalized) || set.database(Field::sender, View::squeezed);
  const bool sender_sq = set.database(Field::sender, View::squeezed) != nullptr;

  // Precompute every stage's output (no UDH in classify-bench's messages: the body is the text).
  std::vector<Views> views(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const filters::MessageInput& in = inputs[i];
    Views& v = views[i];
    const auto& account = set.account(in.account);
    filters::text::DecodeOptions options;
    options.latin1 = account.latin1;
    const auto r = filters::text::decode(in.data_coding, in.body, account.data_coding_0, v.text, options);
    v.is_text = r.status == filters::text::DecodeStatus::text;
    if (!v.is_text) v.text.assign(reinterpret_cast<const char*>(in.body.data()), in.body.size());
    if (v.is_text && want_normalized) {
      normalizer.normalized(v.text, v.normalized);
      if (want_squeezed) normalizer.squeezed(v.normalized, v.squeezed);
      if (want_url) url_text_of(urls, v.normalized, found, v.url_text);
    }
    if (sender_norm) {
      normalizer.normalized(in.source.text, v.sender_normalized);
      if (sender_sq) normalizer.squeezed(v.sender_normalized, v.sender_squeezed);
    }
  }

  // Times `fn(i)` over the indexes `which` selects; per message of the subset.
  auto stage = [&](std::string name, auto&& which, auto&& fn, std::uint64_t matches = 0) {
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < inputs.size(); ++i)
      if (which(i)) idx.push_back(i);
    StageTime s{std::move(name), 0, idx.size(), matches};
    if (!idx.empty()) {
      const Timed t = time_loop(std::span<const std::size_t>(idx), seconds, fn);
      s.ns_per_message = t.ns_per_call() * static_cast<double>(idx.size()) / n;
    }
    out.push_back(std::move(s));
  };
  auto all = [](std::size_t) { return true; };

  stage("decode (text::decode)", all, [&](std::size_t i) {
    const filters::MessageInput& in = inputs[i];
    scratch.clear();
    filters::text::decode(in.data_coding, in.body, filters::text::SmscDefault::gsm7_unpacked, scratch);
  });
  if (want_normalized) {
    stage("normalize (Normalizer::normalized)", [&](std::size_t i) { return views[i].is_text; },
          [&](std::size_t i) { normalizer.normalized(views[i].text, scratch); });
  }
  if (want_squeezed) {
    stage("squeeze (Normalizer::squeezed)", [&](std::size_t i) { return views[i].is_text; },
          [&](std::size_t i) { normalizer.squeezed(views[i].normalized, scratch); });
  }
  if (want_url) {
    stage("URL extraction + url text", [&](std::size_t i) { return views[i].is_text; },
          [&](std::size_t i) { url_text_of(urls, views[i].normalized, found, scratch); });
  }
  if (set.registry().present) {
    auto applies = [&](std::size_t i) { return set.account(inputs[i].account).sender_registry; };
    // What classify() pays: the check behind the classifier's per-thread memo (warm).
    auto cache = std::make_unique<filters::SenderCheckCache>();
    stage("sender policy (check via SenderCheckCache)", applies, [&](std::size_t i) {
      const filters::MessageInput& in = inputs[i];
      if (!cache->find(in.source.text, in.account))
        cache->store(in.source.text, in.account,
                     snap->sender_policy.check(in.source.text, in.source.ton, in.account, skeleton, key));
    });
    // The check itself, every time (for comparison; not part of the sum).
    stage("  (SenderPolicy::check uncached, not summed)", applies, [&](std::size_t i) {
      const filters::MessageInput& in = inputs[i];
      snap->sender_policy.check(in.source.text, in.source.ton, in.account, skeleton, key);
    });
    out.back().in_sum = false;
  }
  if (sender_norm) {
    stage("sender views (normalized/squeezed source_addr)", all, [&](std::size_t i) {
      normalizer.normalized(inputs[i].source.text, scratch);
      if (sender_sq) normalizer.squeezed(scratch, key);
    });
  }

  // One stage per database, on the text classify() gives it.
  hs_scratch_t* hs = nullptr;
  if (set.prototype_scratch() && hs_clone_scratch(set.prototype_scratch(), &hs) != HS_SUCCESS) hs = nullptr;
  for (std::size_t f = 0; f < filters::kFieldCount; ++f) {
    for (std::size_t vv = 0; vv < filters::kViewCount; ++vv) {
      const auto field = static_cast<Field>(f);
      const auto view = static_cast<View>(vv);
      const hs_database_t* db = set.database(field, view);
      if (!db || !hs) continue;
      auto text_of = [&](std::size_t i) -> std::string_view {
        const Views& v = views[i];
        switch (field) {
          case Field::body:
            return view == View::raw ? std::string_view(v.text)
                                     : view == View::normalized ? std::string_view(v.normalized) : std::string_view(v.squeezed);
          case Field::url: return v.url_text;
          case Field::sender:
            return view == View::raw ? inputs[i].source.text
                                     : view == View::normalized ? std::string_view(v.sender_normalized)
                                                                : std::string_view(v.sender_squeezed);
          case Field::destination: return inputs[i].destination.text;
        }
        return {};
      };
      auto runs = [&](std::size_t i) {
        if (field == Field::body) return view == View::raw || views[i].is_text;
        if (field == Field::url) return views[i].is_text && !views[i].url_text.empty();
        return true;
      };
      std::uint64_t matches = 0;
      for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (!runs(i)) continue;
        const std::string_view t = text_of(i);
        hs_scan(db, t.data(), static_cast<unsigned>(t.size()), 0, hs, count_match, &matches);
      }
      std::uint64_t sink = 0;
      stage("scan " + std::string(filters::to_string(field)) + "/" + std::string(filters::to_string(view)), runs, [&](std::size_t i) {
        const std::string_view t = text_of(i);
        hs_scan(db, t.data(), static_cast<unsigned>(t.size()), 0, hs, count_match, &sink);
      }, matches);
    }
  }
  if (hs) hs_free_scratch(hs);
  return out;
}

}  // namespace smsfw::bench::classify
