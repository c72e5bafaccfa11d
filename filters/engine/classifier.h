#pragma once
// Judges messages: one Classifier per thread (it owns the ICU normalizer, the URL extractor, the
// sender skeleton, the Hyperscan scratch and every buffer, all reused, so a steady stream of
// messages does not allocate once the buffers have grown).
//
// classify() runs the stages of ARCHITECTURE.md's data path in order:
//   1. text: UDH parsed and stripped (esm_class UDHI), SAR/UDH concatenation read, the body
//      decoded to UTF-8 by data_coding and the account's data_coding_0 (binary: no text);
//   2. views: raw, normalized, squeezed; URLs extracted from the normalized text; computed only
//      when some rule uses them;
//   3. sender policy (registry, format, generic senders) for alphanumeric senders;
//   4. one Hyperscan scan per (field, view) that has rules; the campaign check (fingerprint,
//      flagged-cluster lookup, observation) when a detector is attached;
//   5. decision (decision.h) under the account's policy.
// It never throws for anything a message contains; an internal failure (a Hyperscan error)
// yields a verdict with engine_error set and the account's on_error action.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "campaign/campaign_detector.h"
#include "campaign/fingerprint.h"
#include "confusables/sender_skeleton.h"
#include "engine/engine.h"
#include "engine/message_input.h"
#include "engine/verdict.h"
#include "normalize/normalizer.h"
#include "patterns/thread_scratch.h"
#include "sender/sender_check_cache.h"
#include "url/url_extractor.h"

namespace smsfw::filters {

class Classifier {
 public:
  // Keeps a reference to `engine`, which must outlive the classifier. Throws if ICU or libpsl
  // data cannot be loaded (start-up, not per message).
  explicit Classifier(const Engine& engine);
  Classifier(const Classifier&) = delete;
  Classifier& operator=(const Classifier&) = delete;

  // Judges `in` with the engine's current snapshot. The verdict is valid until the next call.
  const Verdict& classify(const MessageInput& in);

  // Campaign detection (campaign/campaign_detector.h), when the pattern set has a campaign
  // document: each judged MT text is fingerprinted, looked up in the detector's flagged
  // clusters (a hit adds the campaign's synthetic rule) and observed through ring `producer`
  // (this thread's own). Without a detector no fingerprint is computed.
  void attach_campaign(campaign::CampaignDetector& detector, std::size_t producer);

  // The snapshot and account policy the last classify() used. They stay in force (and the
  // verdict's rule pointers valid) until the next classify().
  const Snapshot& snapshot() const { return *snap_; }
  const AccountPolicy& account() const { return *account_; }

 private:
  void refresh();
  void read_text(const MessageInput& in, const AccountPolicy& account);
  // read_text for a concatenated message judged whole (MessageInput::parts).
  void read_parts(const MessageInput& in, const AccountPolicy& account);
  // One Hyperscan scan of `text` with the (f, v) database, if there is one; hits go to hits_.
  // `ton` is the scanned address's TON (rules with `ton:` compare it).
  bool scan(Field f, View v, std::string_view text, std::uint8_t ton = 0);
  void check_sender(const MessageInput& in, const AccountPolicy& account);
  // Scans an address field in each view that has rules.
  void build_field_views(Field f, std::string_view raw, std::uint8_t ton);
  void build_url_text();
  void check_campaign(const MessageInput& in, const PatternSet& set);

  const Engine& engine_;
  std::shared_ptr<const Snapshot> snap_;
  std::uint64_t generation_ = ~std::uint64_t{0};

  normalize::Normalizer normalizer_;
  url::UrlExtractor urls_;
  confusables::SenderSkeleton skeleton_;
  ThreadScratch scratch_;

  // Per-message state, reused.
  const AccountPolicy* account_ = nullptr;
  std::string text_;         // decoded body
  std::vector<std::uint8_t> joined_;  // a concatenated message's parts' code units, joined
  std::string normalized_;   // normalized body
  std::string squeezed_;     // squeezed body
  std::string field_norm_;
  std::string field_squeezed_;
  std::string sender_key_;   // scratch of the sender policy
  SenderCheckCache sender_cache_;
  std::vector<url::FoundUrl> found_urls_;
  std::string url_text_;
  std::vector<std::uint32_t> hits_;  // rule indexes reported by the scans
  Verdict verdict_;
  bool scan_failed_ = false;

  campaign::CampaignDetector* campaign_ = nullptr;
  std::size_t campaign_producer_ = 0;
  std::optional<campaign::FlaggedReader> flagged_reader_;
  campaign::Fingerprinter fingerprinter_;
};

}  // namespace smsfw::filters
