#pragma once
// The campaign document (`campaign:` in the pattern directory): when the same lure, varied to
// defeat exact hashing, goes to many subscribers. Messages are grouped by near-duplicate
// fingerprints of their masked text (filters/campaign/); a group that reached `threshold`
// distinct destinations within `window` takes `action` under the rule-like id `id`, which shows
// in verdicts, logs and `smsfw scan` like any rule's. Plain data; evaluated by the campaign
// detector (filters/campaign/campaign_detector.h) and the classifier.

#include <cstdint>
#include <string>

#include "patterns/rule.h"

namespace smsfw::filters {

struct CampaignConfig {
  bool present = false;               // a campaign document was loaded; otherwise no detection
  std::string id = "CAMPAIGN";        // the rule-like id of the verdicts it causes
  Action action = Action::monitor;    // a new detector should observe before it blocks
  std::uint32_t block_status = 0;     // when action is block; 0 = the account's block_status
  TagSpec tag;                        // when action is tag (sender relabel by default)
  std::uint32_t threshold = 100;      // distinct destinations within the window
  std::uint32_t window_seconds = 3600;
  // Texts with fewer 4-character shingles (about characters - 3) are not fingerprinted: short
  // texts ("OK", "Yes 1") are identical across unrelated senders.
  std::uint32_t min_shingles = 20;
  std::string description = "the same text, small variations masked, to many destinations";
  SourceLocation where;
};

}  // namespace smsfw::filters
