#pragma once
// A token bucket that worker threads share without locks: one std::atomic<std::uint64_t> updated
// with a CAS loop, no syscall (the caller passes the time, read once per message from the steady
// clock, which is a vDSO call), no allocation.
//
// Representation. The bucket is kept in GCRA form (the "virtual scheduling" form of the generic
// cell rate algorithm of ITU-T I.371): the one word is the theoretical arrival time
// `tat`, the instant at which the bucket will be full again. Refill time and token count are not
// two fields that could tear: at time `now` the bucket holds (now + L - tat) / I tokens, capped at
// burst, where I = 1 s / rate is the time one token takes to refill and L = burst * I. So the
// whole state (timestamp and fixed-point token count, in nanoseconds of refill) is one 64-bit
// value, and a compare-exchange of that value replaces both at once: there is nothing to pack and
// no packing race. A zero word is a full bucket (tat in the past), so a zeroed slot is a fresh
// bucket.
//
// One take at time `now`:  t = max(tat, now);  accept iff t + I <= now + L;  then tat = t + I.
//
// The bound. Let some takes succeed whose `now` values lie in [t0, t1], T = t1 - t0, from any
// number of threads in any interleaving and with any clock skew between them. Successful CASes
// are totally ordered and tat never decreases; the first of these takes leaves tat >= t0 + I and
// each later one adds at least I, so after the n-th tat >= t0 + n*I; the n-th was accepted, so
// that tat <= its now + L <= t1 + L. Hence
//     n <= (T + L) / I = burst + T / I <= burst + rate * T          (exact, no +1)
// with I = ceil(1e9 / rate) ns (rounded up, so 1/I <= rate) and L = floor(burst * I) ns. The only
// slack is double rounding: 1e9 / rate and burst * I are each rounded once (relative error 2^-53;
// burst * I is exact for integer bursts below 2^53 ns).
//
// Idle buckets refill up to burst only (the max() forgets time before tat). A clock that goes
// backwards (now < tat from a stale reader or another thread's later reading) mints nothing:
// max(tat, now) = tat, and a smaller `now` only makes the acceptance test harder.
//
// Degenerate configurations: burst < 1, rate <= 0 and NaN in either admit nothing (a zero rate
// blocks; "unlimited" is for the caller to express by not consulting a bucket). Rates below one
// token per kMaxIntervalNs (~52 days) are raised to it, the one case where the bound above does
// not hold (and only over intervals longer than that); rates above one token per nanosecond are
// lowered to it; burst * I is capped at kMaxToleranceNs (~146 years of refill), which lowers only
// absurd bursts (over 1024 tokens at the smallest rate, over 4e9 at one per second). Callers'
// clocks must stay below 2^63 ns (292 years of steady clock) so that tat + L cannot wrap.

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>

namespace smsfw::filters::throttle {

// A limit: `rate_per_second` tokens refill per second, up to `burst` tokens.
struct BucketConfig {
  double rate_per_second = 0;
  double burst = 0;
};

// BucketConfig in the integer form try_take() works with (see the comment at the top).
struct BucketLimits {
  std::uint64_t interval_ns;   // I: refill time of one token, >= 1
  std::uint64_t tolerance_ns;  // L: burst * I, the furthest tat may run ahead of now
};

inline constexpr std::uint64_t kMaxIntervalNs = std::uint64_t{1} << 52;
inline constexpr std::uint64_t kMaxToleranceNs = std::uint64_t{1} << 62;
// TokenBucket::debit() lets tat run at most this far beyond now + L (60 s of refill time).
inline constexpr std::uint64_t kMaxDebitAheadNs = 60'000'000'000ull;

inline BucketLimits limits_of(const BucketConfig& c) {
  BucketLimits l{kMaxIntervalNs, 0};  // admits nothing
  // `x > 0` is false for NaN too.
  if (!(c.rate_per_second > 0)) return l;
  const double i = std::ceil(1e9 / c.rate_per_second);  // rounded up: never faster than `rate`
  l.interval_ns = i >= static_cast<double>(kMaxIntervalNs)
                      ? kMaxIntervalNs
                      : std::max<std::uint64_t>(1, static_cast<std::uint64_t>(i));
  if (c.burst > 0) {
    const double t = std::floor(c.burst * static_cast<double>(l.interval_ns));
    l.tolerance_ns =
        t >= static_cast<double>(kMaxToleranceNs) ? kMaxToleranceNs : static_cast<std::uint64_t>(t);
  }
  return l;
}

// A configured limit as written and its integer form, converted once when the configuration is
// read so that a take on the data path does no floating-point division.
struct BucketSetting {
  BucketConfig config;
  BucketLimits limits;
};
inline BucketSetting setting_of(const BucketConfig& c) { return {c, limits_of(c)}; }

// The shared bucket. 8 bytes; zero-initialised means full.
class TokenBucket {
 public:
  TokenBucket() = default;
  TokenBucket(const TokenBucket&) = delete;
  TokenBucket& operator=(const TokenBucket&) = delete;

  // Takes one token at `now_ns` (steady clock, nanoseconds); false when the bucket is empty.
  bool try_take(std::uint64_t now_ns, const BucketConfig& config) {
    return try_take_limits(now_ns, limits_of(config));
  }

  // The same with the limits converted beforehand (saves a division per take for a caller that
  // keeps them with its configuration). A separate name: both structs take two-value braces.
  bool try_take_limits(std::uint64_t now_ns, const BucketLimits& l) {
    // Relaxed throughout: the word is the whole state and publishes no other data, and a CAS
    // always works on the latest value in the word's modification order, so no update is lost.
    std::uint64_t tat = state_.load(std::memory_order_relaxed);
    for (;;) {
      const std::uint64_t start = std::max(tat, now_ns);
      const std::uint64_t ahead = start - now_ns;  // how far tat runs ahead of now
      // Accept iff start + I <= now + L, written without overflow. A rejection writes nothing, so
      // a flood against an empty bucket only reads its cache line.
      if (ahead > l.tolerance_ns || l.tolerance_ns - ahead < l.interval_ns) return false;
      if (state_.compare_exchange_weak(tat, start + l.interval_ns, std::memory_order_relaxed,
                                       std::memory_order_relaxed)) {
        return true;
      }
      // `tat` now holds the value another thread wrote (or the same one after a spurious
      // failure); decide again against it. Lock-free: a CAS fails only because another take
      // succeeded in between (or spuriously), so some caller always makes progress.
    }
  }

  // Charges `n_tokens` consumed elsewhere (other smsfw instances sharing this limit, learnt from
  // the state exchange, gateway/shared/throttle_exchange.h) without an acceptance check:
  //     tat = min(max(tat, now) + n * I,  now + L + kMaxDebitAheadNs).
  // The bucket may go "into debt" (tat beyond now + L): local takes are then refused until the
  // refill has paid the debt back. The cap bounds how long a burst of remote debt (a large
  // reported count, a misconfigured peer) can lock the bucket: at most kMaxDebitAheadNs after
  // the bucket would otherwise be empty. A tat already beyond the cap (from a later `now` of
  // another thread) is left alone: a debit never lowers tat.
  //
  // Why the combined rate of N instances stays near the limit: each instance's bucket is charged
  // for its own takes (try_take_limits) and, every exchange interval D, for the others' takes
  // since the previous exchange (this call). So each bucket's tat advances by I for every token
  // taken anywhere, and each instance admits only while tat <= now + L: in steady state the
  // instances together admit about rate * T over T. What is not seen in time is the others'
  // consumption of the last interval (up to one or two D, depending on how the exchanges of the
  // instances interleave) and each instance's own initial burst, so over any T the combined count
  // is bounded by about
  //     burst + rate * T  +  (N - 1) * (burst + rate * lag),   lag ~ D .. 2 * D.
  // (Debt lost to the cap would add to that; it needs more than kMaxDebitAheadNs of the others'
  // refill reported in one exchange, which per-instance limits make impossible for bursts below
  // 60 s of rate.)
  void debit(std::uint64_t n_tokens, std::uint64_t now_ns, const BucketLimits& l) {
    if (n_tokens == 0) return;
    // now < 2^63, L <= 2^62: the sum cannot wrap.
    const std::uint64_t cap = now_ns + l.tolerance_ns + kMaxDebitAheadNs;
    std::uint64_t tat = state_.load(std::memory_order_relaxed);
    for (;;) {
      const std::uint64_t start = std::max(tat, now_ns);
      if (start >= cap) return;  // already at or beyond the cap: nothing to add
      // n * I saturated at the room left below the cap (n * I may overflow 64 bits).
      const std::uint64_t room = cap - start;
      const std::uint64_t add = n_tokens > room / l.interval_ns ? room : n_tokens * l.interval_ns;
      if (state_.compare_exchange_weak(tat, start + add, std::memory_order_relaxed,
                                       std::memory_order_relaxed)) {
        return;
      }
    }
  }

  // True when the bucket holds its whole burst at `now_ns` (a full bucket is indistinguishable
  // from a fresh one). For metrics and tests; racy by nature under concurrent takes.
  bool full_at(std::uint64_t now_ns) const { return state_.load(std::memory_order_relaxed) <= now_ns; }

 private:
  std::atomic<std::uint64_t> state_{0};  // tat, nanoseconds on the caller's clock
};

static_assert(std::atomic<std::uint64_t>::is_always_lock_free);

}  // namespace smsfw::filters::throttle
