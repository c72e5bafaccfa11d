#pragma once
// The account and (account, sender) rate limits of the data path: two ThrottleTables shared by
// every worker thread (ProxyServer owns them), so an account's limit holds across all its binds
// and workers. Only the limits come from the pattern snapshot (AccountPolicy::throttle,
// sender_throttle); the buckets live here and keep their state across reloads. No lock, no
// allocation, one steady-clock read (vDSO) per message that has a limit, none otherwise.
//
// Order: the sender bucket first, then the account bucket, and no refund either way.
//   - Sender first: a sender flooding past its own limit is stopped at its own bucket and does
//     not drain the account's, so the account's other senders keep their share. (Account first
//     would let one throttled sender starve the whole account.)
//   - No refund when the account bucket then refuses: the sender's token is spent on a message
//     that was not forwarded, which only ever makes that sender's share smaller while the
//     account is saturated. Giving it back (tat -= I) would break the monotonic-tat argument
//     behind TokenBucket's exact bound, and could mint tokens for a bucket that has since
//     refilled. Both bounds (burst + rate * T per bucket) therefore hold exactly.
// Keys are the bind's system_id and the source_addr as sent (TON/NPI ignored, no case folding);
// an account without its own entry in `accounts:` gets `default`'s limits on its own bucket.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "patterns/account_policy.h"
#include "proxy/proxy_stats.h"
#include "throttle/throttle_table.h"

namespace smsfw::proxy {

class MessageThrottle {
 public:
  // Slots per table: 65,536 accounts and 65,536 (account, sender) pairs, 1 MiB each (16 bytes a
  // slot). Slots are never freed (throttle_table.h): keys beyond these, or in a crowded probe
  // window, share one overflow bucket per table (stricter, never unthrottled) and are counted
  // in ProxyStats::throttle_overflow_lookups.
  static constexpr std::size_t kAccountSlots = 65536;
  static constexpr std::size_t kSenderSlots = 65536;

  // `shared`: the tables count takes and record their limits (ThrottleTable counting, 40 bytes a
  // slot instead of 16) for the exchange with other instances (gateway/shared/); off, the data
  // path is exactly the single-instance one.
  explicit MessageThrottle(bool shared = false)
      : accounts_(kAccountSlots, shared), senders_(kSenderSlots, shared) {}
  MessageThrottle(const MessageThrottle&) = delete;
  MessageThrottle& operator=(const MessageThrottle&) = delete;

  // Takes a token for one message of `account` from `sender` under `policy`'s limits; false
  // (counted in stats.messages_throttled) when a bucket is empty. Any thread.
  // A concatenated message judged whole takes one token per part (`tokens`): limits count SMS
  // parts, as operators' contracts do. Tokens are taken one at a time and, as above, never
  // refunded: a message refused at its third part has spent two.
  bool admit(const filters::AccountPolicy& policy, std::string_view account, std::string_view sender,
             ProxyStats& stats, std::size_t tokens = 1);

  // The tables, for the exchange thread (ThrottleExchange reads their counters and debits their
  // buckets; both are safe concurrently with admit()).
  filters::throttle::ThrottleTable& accounts() { return accounts_; }
  filters::throttle::ThrottleTable& senders() { return senders_; }
  // f(name, table) for both tables ("accounts", "senders").
  template <class F>
  void for_each_table(F&& f) {
    f("accounts", accounts_);
    f("senders", senders_);
  }
  bool shared() const { return accounts_.counts_takes(); }

 private:
  filters::throttle::ThrottleTable accounts_;
  filters::throttle::ThrottleTable senders_;
};

}  // namespace smsfw::proxy
