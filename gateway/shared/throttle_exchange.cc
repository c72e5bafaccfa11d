// ThrottleExchange: publish cumulative takes, read the others', debit the increase (see
// throttle_exchange.h).
#include "shared/throttle_exchange.h"

#include <hiredis/hiredis.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <string_view>

namespace smsfw::gateway::shared {

namespace {

// A hash field value written by some instance; 0 for anything that is not a decimal count.
std::uint64_t parse_count(const redisReply* r) {
  if (r == nullptr || r->type != REDIS_REPLY_STRING) return 0;
  std::uint64_t v = 0;
  const auto [p, ec] = std::from_chars(r->str, r->str + r->len, v);
  return ec == std::errc() && p == r->str + r->len ? v : 0;
}

}  // namespace

std::string throttle_redis_key(std::string_view prefix, std::uint64_t key) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(key));
  std::string s;
  s.reserve(prefix.size() + 4 + 16);
  s.append(prefix).append("thr:").append(hex, 16);
  return s;
}

ThrottleExchange::ThrottleExchange(filters::throttle::ThrottleTable& table, RedisLink& link,
                                   std::string instance_id)
    : table_(table), link_(link), instance_id_(std::move(instance_id)), prefix_(link.key_prefix()) {}

bool ThrottleExchange::exchange(std::uint64_t now_ns, const LimitsOf& limits_of) {
  last_ = Stats{};
  // Down and no reconnect due: nothing to do, and the next success re-bases.
  if (!link_.ensure_connected()) {
    based_ = false;
    return false;
  }
  batch_.clear();
  keys_.clear();
  char count[24];
  table_.for_each_counted([&](std::uint64_t key, filters::throttle::TokenBucket& bucket, std::uint64_t taken,
                              const filters::throttle::BucketLimits& recorded) {
    std::optional<filters::throttle::BucketLimits> limits;
    if (limits_of) {
      limits = limits_of(key);
    } else if (recorded.interval_ns != 0) {
      limits = recorded;  // 0: never taken here through a counted take
    }
    if (!limits) return;
    keys_.push_back({key, &bucket, *limits});
    const std::string rkey = throttle_redis_key(prefix_, key);
    const auto [end, ec] = std::to_chars(count, count + sizeof count, taken);
    (void)ec;  // 24 chars hold any uint64
    batch_.command("HSET").arg(rkey).arg(instance_id_).arg(std::string_view(count, end - count));
    batch_.command("PEXPIRE").arg(rkey).arg("60000");
    batch_.command("HGETALL").arg(rkey);
  });
  if (!link_.execute(batch_, replies_)) {
    based_ = false;
    return false;
  }
  const bool rebase = !based_;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    const redisReply* all = replies_[3 * i + 2].get();
    now_seen_.clear();
    if (all->type == REDIS_REPLY_ARRAY) {
      for (std::size_t f = 0; f + 1 < all->elements; f += 2) {
        const redisReply* field = all->element[f];
        if (field->type != REDIS_REPLY_STRING) continue;
        const std::string_view id(field->str, field->len);
        if (id == instance_id_) continue;
        now_seen_.push_back({std::string(id), parse_count(all->element[f + 1])});
      }
    }
    const Published& k = keys_[i];
    auto [it, inserted] = others_.try_emplace(k.key);
    std::uint64_t debit = 0;
    if (!inserted && !rebase) {
      for (const Seen& s : now_seen_) {
        const auto before = std::find_if(it->second.begin(), it->second.end(),
                                         [&](const Seen& b) { return b.instance == s.instance; });
        if (before == it->second.end()) {
          debit += s.count;  // new instance for a known key: all recent
        } else if (s.count > before->count) {
          debit += s.count - before->count;
        }  // lower: restarted, no debit
      }
    }
    if (debit > 0) {
      k.bucket->debit(debit, now_ns, k.limits);
      last_.debited += debit;
    }
    it->second.swap(now_seen_);  // the new bases (fields gone are forgotten)
  }
  based_ = true;
  last_.keys = keys_.size();
  last_.rebased = rebase;
  return true;
}

}  // namespace smsfw::gateway::shared
