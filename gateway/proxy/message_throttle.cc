#include "proxy/message_throttle.h"

#include <chrono>

#include "throttle/throttle_key.h"

namespace smsfw::proxy {

namespace throttle = filters::throttle;

namespace {

// `tokens` takes from `table`'s bucket for `key` (counted when the table counts, for the
// exchange between instances), counting a lookup that ended in the overflow bucket.
bool take(throttle::ThrottleTable& table, std::uint64_t key, std::uint64_t now_ns,
          const throttle::BucketSetting& setting, ProxyStats& stats, std::size_t tokens) {
  bool overflowed = false;
  const bool ok = table.try_take_counted(key, now_ns, setting.limits, tokens, overflowed);
  if (overflowed) ++stats.throttle_overflow_lookups;
  return ok;
}

}  // namespace

bool MessageThrottle::admit(const filters::AccountPolicy& policy, std::string_view account,
                            std::string_view sender, ProxyStats& stats, std::size_t tokens) {
  if (!policy.throttle && !policy.sender_throttle) return true;
  // The steady clock's epoch is boot, far below the 2^63 ns TokenBucket requires.
  const auto now = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
          .count());
  // Sender first, no refund: see the header.
  const bool ok =
      (!policy.sender_throttle ||
       take(senders_, throttle::account_sender_key(account, sender), now, *policy.sender_throttle, stats, tokens)) &&
      (!policy.throttle || take(accounts_, throttle::account_key(account), now, *policy.throttle, stats, tokens));
  if (!ok) ++stats.messages_throttled;
  return ok;
}

}  // namespace smsfw::proxy
