#pragma once
// The 64-bit keys ThrottleTable is indexed by: FNV-1a over "account" or "account\0sender" (the
// NUL keeps ("ab", "c") and ("a", "bc") apart). Two distinct keys that hash alike share a bucket;
// at 64 bits that is negligible against the table's capacity. FNV-1a rather than std::hash so the
// keys are the same in every build and process (tests, logs).

#include <cstdint>
#include <string_view>

namespace smsfw::filters::throttle {

inline constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ull;
inline constexpr std::uint64_t kFnvPrime = 0x100000001b3ull;

constexpr std::uint64_t fnv1a(std::string_view s, std::uint64_t h = kFnvOffset) {
  for (const char c : s) {
    h ^= static_cast<std::uint8_t>(c);
    h *= kFnvPrime;
  }
  return h;
}

// The key of an ESME account's limit.
constexpr std::uint64_t account_key(std::string_view account) { return fnv1a(account); }

// The key of an (account, sender ID) limit.
constexpr std::uint64_t account_sender_key(std::string_view account, std::string_view sender) {
  return fnv1a(sender, fnv1a(std::string_view("\0", 1), fnv1a(account)));
}

}  // namespace smsfw::filters::throttle
