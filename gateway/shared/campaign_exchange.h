#pragma once
// CampaignExchange: shares campaign reach (distinct destinations per near-duplicate message)
// between smsfw instances through Redis HyperLogLogs, so that a campaign spread over N instances
// is seen with its whole reach rather than 1/N of it on each.
//
// Per masked text. Each entry names one text by the exact hash of its masked form
// (filters/campaign/masker.h: digits, URL paths, names and tracking codes already masked), and
// its new destinations are added to that key's HyperLogLog; its estimate is that key's count.
// So instances meet on identical masked texts. (Near duplicates with a word changed are grouped
// within each instance, campaign_detector.h; across instances they are not: keying by SimHash
// band keys would merge them, but a band of 7-8 bits also collects 1/128-1/256 of all unrelated
// traffic, which at operator volumes swamps any threshold.)
//
// Half-window epochs. A sliding window of W seconds is approximated with two fixed buckets:
// epoch = now / (W/2), keys "<prefix>cmp:<epoch>:<key, 16 hex>". The estimate is
// PFCOUNT <current epoch key> <previous epoch key> (the cardinality of the union), which covers
// the last W/2 to W seconds depending on where `now` lies in the current half. Each key is given
// PEXPIRE W + kExpiryMarginSeconds on every write: it is read until two half-windows after its
// epoch began (<= W after any write to it) plus a margin for clock differences between
// instances. `now_seconds` must be wall-clock (Unix) time, common to all instances; clock skew
// between instances shifts their windows by that much.
//
// One pipeline per call: all PFADD + PEXPIRE first, then one PFCOUNT per distinct key of the
// batch, so every estimate includes the whole batch. Single-threaded like RedisLink.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "shared/redis_link.h"

namespace smsfw::gateway::shared {

class CampaignExchange {
 public:
  static constexpr std::uint32_t kExpiryMarginSeconds = 60;

  // One text's key (the exact hash of its masked text) and the destinations (hashes) newly
  // seen for it on this instance since the last exchange (may be empty: then the entry only reads).
  struct Entry {
    std::uint64_t key = 0;
    std::vector<std::uint64_t> new_destinations;
  };

  explicit CampaignExchange(RedisLink& link);

  // Adds and reads in one pipeline; per entry, the estimated distinct destinations across all
  // instances over the window. nullopt when Redis is down or the batch failed. `window_seconds`
  // >= 2 (smaller values are raised to 2: a half-window of one second).
  std::optional<std::vector<std::uint32_t>> exchange(std::span<const Entry> entries,
                                                     std::uint32_t window_seconds,
                                                     std::uint64_t now_seconds);

 private:
  RedisLink& link_;
  std::string prefix_;  // <key_prefix>cmp:
  // Reused between calls.
  RedisLink::Batch batch_;
  std::vector<RedisReplyPtr> replies_;
  std::unordered_map<std::uint64_t, std::size_t> count_reply_;  // key -> reply index
};

}  // namespace smsfw::gateway::shared
