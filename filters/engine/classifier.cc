#include "engine/classifier.h"

#include <chrono>
#include <exception>

#include <hs/hs.h>

#include "campaign/hash64.h"
#include "engine/decision.h"
#include "message/udh.h"

namespace smsfw::filters {

namespace {

// What the Hyperscan match callback needs to filter a hit.
struct ScanContext {
  const PatternSet* set;
  const AccountPolicy* account;
  std::vector<std::uint32_t>* hits;
  std::uint8_t ton;  // of the scanned address (sender / destination fields)
};

// Keeps a hit unless the account does not use the rule's set or the rule wants another TON.
int on_match(unsigned int id, unsigned long long, unsigned long long, unsigned int, void* ctx_ptr) {
  auto& ctx = *static_cast<ScanContext*>(ctx_ptr);
  const std::size_t rule = ctx.set->rule_of(id);
  const Rule& r = ctx.set->rules()[rule];
  if (r.set_index != kNoSet && (r.set_index >= ctx.account->set_enabled.size() ||
                                !ctx.account->set_enabled[r.set_index]))
    return 0;
  if (!r.tons.empty()) {
    bool ok = false;
    for (const std::uint8_t t : r.tons) ok = ok || t == ctx.ton;
    if (!ok) return 0;
  }
  ctx.hits->push_back(static_cast<std::uint32_t>(rule));
  // SINGLEMATCH: each expression reports once per scan (a list rule once per matching entry;
  // decide() de-duplicates); keep scanning for the others.
  return 0;
}

std::string_view as_chars(std::span<const std::uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace

Classifier::Classifier(const Engine& engine) : engine_(engine) {
  refresh();
  account_ = &snap_->set->account({});
}

void Classifier::refresh() {
  const std::uint64_t g = engine_.generation();
  if (g == generation_ && snap_) return;
  snap_ = engine_.snapshot();
  generation_ = g;
  sender_cache_.reset();  // its outcomes belong to the previous snapshot
}

const Verdict& Classifier::classify(const MessageInput& in) {
  refresh();
  verdict_.reset();
  const PatternSet& set = *snap_->set;
  const AccountPolicy& account = set.account(in.account);
  account_ = &account;
  if (in.direction == Direction::mobile_originated && (!account.scan_mo || is_receipt_or_ack(in.esm_class)))
    return verdict_;  // not content this account asked us to judge
  verdict_.judged = true;
  hits_.clear();
  scan_failed_ = false;
  try {
    read_text(in, account);
    const bool is_text = verdict_.decode_status == text::DecodeStatus::text;

    // Body: raw (the decoded text, or the octets of a binary body), normalized, squeezed, URLs.
    scan(Field::body, View::raw, verdict_.text);
    const bool campaign = campaign_ && set.campaign_rule() != PatternSet::kNoRule &&
                          in.direction == Direction::mobile_terminated;
    const bool want_normalized = set.database(Field::body, View::normalized) ||
                                 set.database(Field::body, View::squeezed) || set.has_rules(Field::url) || campaign;
    if (is_text && want_normalized) {
      normalizer_.normalized(text_, normalized_);
      verdict_.normalized = normalized_;
      scan(Field::body, View::normalized, normalized_);
      if (set.database(Field::body, View::squeezed)) {
        normalizer_.squeezed(normalized_, squeezed_);
        scan(Field::body, View::squeezed, squeezed_);
      }
      if (set.has_rules(Field::url)) {
        build_url_text();
        if (!url_text_.empty()) scan(Field::url, View::normalized, url_text_);
      }
      if (campaign) check_campaign(in, set);
    }

    // Sender: patterns, then the registry.
    if (set.has_rules(Field::sender)) build_field_views(Field::sender, in.source.text, in.source.ton);
    if (set.registry().present && account.sender_registry) check_sender(in, account);

    // Destinations: one line each.
    if (set.has_rules(Field::destination)) {
      if (in.more_destinations.empty()) {
        build_field_views(Field::destination, in.destination.text, in.destination.ton);
      } else {
        std::string lines;  // submit_multi only: rare, allowed to allocate
        lines.append(in.destination.text);
        for (const MessageAddress& a : in.more_destinations) {
          lines.push_back('\n');
          lines.append(a.text);
        }
        build_field_views(Field::destination, lines, in.destination.ton);
      }
    }
  } catch (const std::exception&) {
    scan_failed_ = true;
  }
  if (scan_failed_) {
    decide_engine_error(account, verdict_);
    return verdict_;
  }
  decide(set, account, hits_, verdict_);
  return verdict_;
}

void Classifier::attach_campaign(campaign::CampaignDetector& detector, std::size_t producer) {
  campaign_ = &detector;
  campaign_producer_ = producer;
  flagged_reader_.emplace(detector.flagged());
}

void Classifier::check_campaign(const MessageInput& in, const PatternSet& set) {
  const CampaignConfig& c = set.campaign();
  const campaign::Fingerprint fp = fingerprinter_.fingerprint(normalized_);
  if (fp.shingles < c.min_shingles) return;
  if (flagged_reader_->get().find(fp)) hits_.push_back(static_cast<std::uint32_t>(set.campaign_rule()));
  // Wall-clock seconds: instances that share counts (Redis) must agree on the window's epochs.
  const auto now = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  campaign_->observe(campaign_producer_, fp, campaign::hash64(in.destination.text), now);
  for (const MessageAddress& a : in.more_destinations)
    campaign_->observe(campaign_producer_, fp, campaign::hash64(a.text), now);
}

void Classifier::read_text(const MessageInput& in, const AccountPolicy& account) {
  if (!in.parts.empty()) {
    read_parts(in, account);
    return;
  }
  std::span<const std::uint8_t> bytes = in.body;
  std::size_t udh_length = 0;
  if (message::has_udhi(in.esm_class)) {
    const message::UdhParse udh = message::parse_udh(bytes);
    if (udh.error == message::UdhError::none) {
      udh_length = udh.udh.length;
      verdict_.concat = udh.udh.concat;
    } else {
      verdict_.udh_error = true;  // read the whole body as text: best effort, and it is counted
    }
  }
  if (!verdict_.concat && in.sar) verdict_.concat = in.sar;
  verdict_.udh_length = udh_length;
  bytes = bytes.subspan(udh_length);

  text::DecodeOptions options;
  options.latin1 = account.latin1;
  if (udh_length > 0) options.gsm7_fill_bits = text::gsm7_fill_bits_after_udh(udh_length);
  text_.clear();
  const text::TextDecodeResult r = text::decode(in.data_coding, bytes, account.data_coding_0, text_, options);
  verdict_.coding = r.info;
  verdict_.decode_status = r.status;
  verdict_.invalid_units = r.counts.invalid;
  // Binary and unsupported codings are not decoded; raw rules still see their octets.
  verdict_.text = r.status == text::DecodeStatus::text ? std::string_view(text_) : as_chars(bytes);
}

void Classifier::read_parts(const MessageInput& in, const AccountPolicy& account) {
  const std::uint8_t dc = in.parts.front().data_coding;
  bool same_coding = true;
  for (const MessagePart& p : in.parts) same_coding = same_coding && p.data_coding == dc;
  const text::DataCodingInfo info = text::classify_data_coding(dc);
  // Packed GSM is joined as septets (unpacked per part, each after its own UDH's fill bits);
  // every other coding as the octets after each part's UDH. Parts in different codings (legal
  // per part, never seen from a real encoder) are decoded one by one and their text joined.
  const bool packed = same_coding && account.data_coding_0 == text::SmscDefault::gsm7_packed &&
                      (info.coding == text::Coding::smsc_default || info.coding == text::Coding::gsm7);
  text::DecodeOptions options;
  options.latin1 = account.latin1;
  text_.clear();
  joined_.clear();
  text::TextDecodeResult whole;
  whole.info = info;
  whole.status = text::DecodeStatus::not_text;
  bool first = true;
  for (const MessagePart& p : in.parts) {
    std::span<const std::uint8_t> bytes = p.body;
    std::size_t udh_length = 0;
    if (message::has_udhi(p.esm_class)) {
      const message::UdhParse udh = message::parse_udh(bytes);
      if (udh.error == message::UdhError::none) {
        udh_length = udh.udh.length;
        if (first) verdict_.concat = udh.udh.concat;
      } else {
        verdict_.udh_error = true;
      }
    }
    if (first) verdict_.udh_length = udh_length;
    first = false;
    bytes = bytes.subspan(udh_length);
    if (packed) {
      text::unpack_gsm7(bytes, text::gsm7_fill_bits_after_udh(udh_length), joined_);
    } else if (same_coding) {
      joined_.insert(joined_.end(), bytes.begin(), bytes.end());
    } else {
      joined_.insert(joined_.end(), bytes.begin(), bytes.end());  // the raw view of a binary part
      options.gsm7_fill_bits = udh_length > 0 ? text::gsm7_fill_bits_after_udh(udh_length) : 0;
      const text::TextDecodeResult r = text::decode(p.data_coding, bytes, account.data_coding_0, text_, options);
      if (r.status == text::DecodeStatus::text) whole.status = text::DecodeStatus::text;
      whole.counts.invalid += r.counts.invalid;
    }
  }
  if (!verdict_.concat && in.sar) verdict_.concat = in.sar;
  if (packed) {
    whole.status = text::DecodeStatus::text;
    whole.counts = text::decode_gsm7_unpacked(joined_, text_);
  } else if (same_coding) {
    whole = text::decode(dc, joined_, account.data_coding_0, text_, options);
  }
  verdict_.coding = whole.info;
  verdict_.decode_status = whole.status;
  verdict_.invalid_units = whole.counts.invalid;
  verdict_.text = whole.status == text::DecodeStatus::text ? std::string_view(text_) : as_chars(joined_);
}

bool Classifier::scan(Field f, View v, std::string_view data, std::uint8_t ton) {
  const PatternSet& set = *snap_->set;
  const hs_database_t* db = set.database(f, v);
  if (!db) return true;
  hs_scratch_t* scratch = scratch_.get(set);
  ScanContext ctx{&set, account_, &hits_, ton};
  const hs_error_t err = hs_scan(db, data.data(), static_cast<unsigned int>(data.size()), 0, scratch, on_match, &ctx);
  if (err != HS_SUCCESS && err != HS_SCAN_TERMINATED) {
    scan_failed_ = true;
    return false;
  }
  return true;
}

void Classifier::build_field_views(Field f, std::string_view raw, std::uint8_t ton) {
  const PatternSet& set = *snap_->set;
  scan(f, View::raw, raw, ton);
  if (!set.database(f, View::normalized) && !set.database(f, View::squeezed)) return;
  normalizer_.normalized(raw, field_norm_);
  scan(f, View::normalized, field_norm_, ton);
  if (set.database(f, View::squeezed)) {
    normalizer_.squeezed(field_norm_, field_squeezed_);
    scan(f, View::squeezed, field_squeezed_, ton);
  }
}

void Classifier::build_url_text() {
  url_text_.clear();
  const std::size_t n = urls_.extract_pooled(normalized_, found_urls_);
  for (std::size_t i = 0; i < n; ++i) {
    const url::FoundUrl& u = found_urls_[i];
    url_text_.append(u.url).push_back('\n');
    if (u.host != u.url) url_text_.append(u.host).push_back('\n');
    if (!u.registrable_domain.empty() && u.registrable_domain != u.host)
      url_text_.append(u.registrable_domain).push_back('\n');
  }
}

void Classifier::check_sender(const MessageInput& in, const AccountPolicy&) {
  const PatternSet& set = *snap_->set;
  // Numeric senders (digits, one leading '+') are never alphanumeric IDs: no lookup, and they do
  // not take memo slots from the alphanumeric IDs that need them.
  if (!is_alphanumeric_sender(in.source.text)) return;
  const SenderCheck* cached = sender_cache_.find(in.source.text, in.account);
  if (!cached) {
    sender_cache_.store(in.source.text, in.account,
                        snap_->sender_policy.check(in.source.text, in.source.ton, in.account, skeleton_, sender_key_));
    cached = sender_cache_.find(in.source.text, in.account);
  }
  const SenderCheck& c = *cached;
  if (!c.alphanumeric) return;
  // An outcome configured as `allow` is "no action", not an allow rule that would override
  // every other match (decision.h), so it is not reported as a hit.
  const auto& rules = set.rules();
  const auto hit = [&](bool outcome, std::size_t rule) {
    if (outcome && rules[rule].action != Action::allow) hits_.push_back(static_cast<std::uint32_t>(rule));
  };
  const auto& ids = set.registry_rules();
  hit(c.unauthorized, ids.unauthorized);
  hit(c.lookalike, ids.lookalike);
  hit(c.unregistered, ids.unregistered);
  hit(c.bad_format, ids.format);
  hit(c.generic, ids.generic);
}

}  // namespace smsfw::filters
