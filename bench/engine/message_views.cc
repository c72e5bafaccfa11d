#include "engine/message_views.h"

#include "message/udh.h"
#include "text/data_coding.h"

namespace smsfw::bench::engine {

using filters::Field;
using filters::View;

std::size_t PreparedViews::bytes() const {
  std::size_t n = 0;
  for (std::size_t s = 0; s < kSlotCount; ++s)
    if (present[s]) n += text[s].size();
  return n;
}

void ViewBuilder::address_views(Field f, std::string_view raw, PreparedViews& out) {
  // Classifier::build_field_views.
  if (set_.database(f, View::raw)) {
    out.text[slot_of(f, View::raw)].assign(raw);
    out.present[slot_of(f, View::raw)] = true;
  }
  if (!set_.database(f, View::normalized) && !set_.database(f, View::squeezed)) return;
  std::string& norm = out.text[slot_of(f, View::normalized)];
  normalizer_.normalized(raw, norm);
  out.present[slot_of(f, View::normalized)] = set_.database(f, View::normalized) != nullptr;
  if (set_.database(f, View::squeezed)) {
    normalizer_.squeezed(norm, out.text[slot_of(f, View::squeezed)]);
    out.present[slot_of(f, View::squeezed)] = true;
  }
}

void ViewBuilder::build(const filters::MessageInput& in, PreparedViews& out) {
  out.present.fill(false);
  // Text: the body after any UDH, decoded as the account says (bench messages carry no parts).
  const filters::AccountPolicy& account = set_.account(in.account);
  std::span<const std::uint8_t> bytes = in.body;
  std::size_t udh_length = 0;
  if (filters::message::has_udhi(in.esm_class)) {
    const auto udh = filters::message::parse_udh(bytes);
    if (udh.error == filters::message::UdhError::none) udh_length = udh.udh.length;
  }
  bytes = bytes.subspan(udh_length);
  filters::text::DecodeOptions options;
  options.latin1 = account.latin1;
  if (udh_length > 0) options.gsm7_fill_bits = filters::text::gsm7_fill_bits_after_udh(udh_length);
  std::string& raw = out.text[slot_of(Field::body, View::raw)];
  raw.clear();
  const auto r = filters::text::decode(in.data_coding, bytes, account.data_coding_0, raw, options);
  const bool is_text = r.status == filters::text::DecodeStatus::text;
  if (!is_text) raw.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  out.present[slot_of(Field::body, View::raw)] = set_.database(Field::body, View::raw) != nullptr;

  const bool want_normalized = set_.database(Field::body, View::normalized) || set_.database(Field::body, View::squeezed) ||
                               set_.has_rules(Field::url);
  if (is_text && want_normalized) {
    std::string& norm = out.text[slot_of(Field::body, View::normalized)];
    normalizer_.normalized(raw, norm);
    out.present[slot_of(Field::body, View::normalized)] = set_.database(Field::body, View::normalized) != nullptr;
    if (set_.database(Field::body, View::squeezed)) {
      normalizer_.squeezed(norm, out.text[slot_of(Field::body, View::squeezed)]);
      out.present[slot_of(Field::body, View::squeezed)] = true;
    }
    if (set_.has_rules(Field::url)) {
      // Classifier::build_url_text.
      std::string& url = out.text[slot_of(Field::url, View::normalized)];
      url.clear();
      const std::size_t n = urls_.extract_pooled(norm, found_);
      for (std::size_t i = 0; i < n; ++i) {
        const filters::url::FoundUrl& u = found_[i];
        url.append(u.url).push_back('\n');
        if (u.host != u.url) url.append(u.host).push_back('\n');
        if (!u.registrable_domain.empty() && u.registrable_domain != u.host) url.append(u.registrable_domain).push_back('\n');
      }
      out.present[slot_of(Field::url, View::normalized)] =
          !url.empty() && set_.database(Field::url, View::normalized) != nullptr;
    }
  }
  if (set_.has_rules(Field::sender)) address_views(Field::sender, in.source.text, out);
  if (set_.has_rules(Field::destination)) {
    std::string lines(in.destination.text);
    for (const filters::MessageAddress& a : in.more_destinations) lines.append("\n").append(a.text);
    address_views(Field::destination, lines, out);
  }
}

std::vector<PreparedViews> ViewBuilder::build_all(const std::vector<filters::MessageInput>& inputs) {
  std::vector<PreparedViews> out(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) build(inputs[i], out[i]);
  return out;
}

}  // namespace smsfw::bench::engine
