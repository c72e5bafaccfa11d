#pragma once
// ThrottleExchange: shares the consumption of throttle limits between smsfw instances through
// Redis, so that N instances together stay near one configured limit (token_bucket.h, debit()).
//
// Every ~200 ms the background thread calls exchange(). In one pipeline, for every claimed slot
// of the (counting) ThrottleTable whose key has limits (those its last counted take recorded in
// the table, or an explicit LimitsOf override):
//     HSET    <prefix>thr:<key, 16 hex digits>  <instance id>  <cumulative local takes>
//     PEXPIRE <same key> 60000
//     HGETALL <same key>
// then each other instance's field is compared with its value at the previous exchange and the
// local bucket is debited by the sum of the increases. Cumulative counts (not deltas) are
// published so that a lost or repeated exchange loses or doubles nothing: the next one sees the
// same totals. Bases are kept per (key, instance):
//   - a field that went down (that instance restarted and counts from 0 again) is no debit and
//     its new value is the base; tracking per instance keeps another instance's increase in the
//     same interval (a sum over instances would hide it);
//   - a field that appears for a key already known here is charged in full: an instance
//     publishes within one interval of its first take of a key, so its count is recent;
//   - a key seen here for the first time is only based (no debit): the others' counts for it may
//     hold a long history, which charged at once would lock the local bucket out for up to the
//     debit cap (60 s) for traffic that was over long ago.
//
// Redis down: exchange() does nothing (local buckets only) and forgets nothing but the right to
// debit: the first successful exchange after a failure re-bases every key without debiting.
// What the others took while the link was down was admitted on their side against their own
// buckets and is history; charging it at once would lock the local buckets out for up to the
// debit cap. (A Redis restart loses the hashes too, which the re-base also absorbs.) The price:
// the others' consumption in the last interval before the outage ended is never charged here.
//
// The split of the limit between instances is not controlled: when all are saturated, any split
// is stable and whoever got ahead early (initial bursts, exchange order) keeps it; the bound is
// on the combined count.
//
// Instance ids must be unique among the instances sharing a Redis (two instances with one id
// overwrite each other's count). Hashes of keys nobody updates expire after 60 s.
// Single-threaded: one background thread calls exchange().

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "shared/redis_link.h"
#include "throttle/throttle_table.h"

namespace smsfw::gateway::shared {

class ThrottleExchange {
 public:
  // An override of a key's limits: nullopt leaves the key out (not shared). Without one, the
  // exchange uses the limits each key's last counted take recorded in the table
  // (ThrottleTable::try_take_counted), and leaves out keys that recorded none.
  using LimitsOf = std::function<std::optional<filters::throttle::BucketLimits>(std::uint64_t key)>;

  struct Stats {
    std::size_t keys = 0;            // keys published in the last exchange
    std::uint64_t debited = 0;       // tokens debited in the last exchange
    bool rebased = false;            // the last exchange only re-based
  };

  // `table` should count takes (ThrottleTable(capacity, true)); without counting this instance
  // publishes 0 and only receives the others' consumption.
  ThrottleExchange(filters::throttle::ThrottleTable& table, RedisLink& link, std::string instance_id);

  // One exchange at `now_ns` (the data path's clock, for the debits). Returns false when Redis
  // is down or the batch failed (nothing was debited). Blocks for at most the link's timeouts.
  // Each key is debited with the limits its takes recorded in the table.
  bool exchange(std::uint64_t now_ns) { return exchange(now_ns, LimitsOf{}); }
  // The same with `limits_of` deciding each key's limits instead (an empty function: as above).
  bool exchange(std::uint64_t now_ns, const LimitsOf& limits_of);

  const Stats& last() const { return last_; }

 private:
  struct Published {
    std::uint64_t key;
    filters::throttle::TokenBucket* bucket;
    filters::throttle::BucketLimits limits;
  };

  filters::throttle::ThrottleTable& table_;
  RedisLink& link_;
  std::string instance_id_;
  std::string prefix_;  // <key_prefix>thr:
  bool based_ = false;  // false: the next successful exchange re-bases every key
  // An other instance's cumulative count for a key at the last exchange.
  struct Seen {
    std::string instance;
    std::uint64_t count;
  };
  // key -> the other instances' counts last seen (a handful each; linear search).
  std::unordered_map<std::uint64_t, std::vector<Seen>> others_;
  std::vector<Seen> now_seen_;  // scratch
  // Reused between exchanges.
  RedisLink::Batch batch_;
  std::vector<RedisReplyPtr> replies_;
  std::vector<Published> keys_;
  Stats last_;
};

// "<prefix>thr:" + 16 lower-case hex digits of `key`.
std::string throttle_redis_key(std::string_view prefix, std::uint64_t key);

}  // namespace smsfw::gateway::shared
