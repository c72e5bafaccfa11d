#pragma once
// Sender-ID policy (ARCHITECTURE.md, "Sender registry"): what the registry, the alphanumeric
// format rules and the generic-sender list say about one message's source_addr. It only
// classifies; the actions for each outcome stay in the SenderRegistryConfig and the engine
// turns outcomes into rule hits.
//
// Definitions used by check():
//   - numeric sender: digits only, optionally after one leading '+' ("+66812345678", "1234").
//     Never an alphanumeric ID, whatever the TON (TON 5 with only digits is still numeric); the
//     TON is informational only. The empty sender is not alphanumeric either.
//   - registered: byte-exact match with a registered ID ("kbank" is not "KBANK").
//   - lookalike: not registered, but its lookalike key (confusables/sender_skeleton.h: case
//     folding, separators removed, UTS #39 skeleton) equals a registered ID's key: "K-BANK",
//     "kbank", "KBANK.", "KBAN K", Cyrillic "КВАNК". Not "KB4NK": 4/A is no UTS #39 confusable.
//     IDs whose key is empty (only separators) never match anything.
//   - generic: the key equals a generic sender's key ("1NFO" and "info" are INFO). Checked for
//     every alphanumeric sender, registered or not (the list is the operator's to keep apart
//     from the registry).
//   - bad_format: more than max_length characters (UTF-8 code points) or a character outside
//     `allowed`; non-ASCII characters are never allowed.
//
// `allowed` syntax: ASCII characters listed literally, plus ranges X-Y where X and Y are both
// digits, both upper-case or both lower-case letters and X <= Y ("A-Z", "a-f", "0-9"). Every
// other '-' is literal: first, last, or between characters that do not form such a range. This
// is deliberately narrower than a regex class: the default "A-Za-z0-9 .-_&" means space, '.',
// '-', '_' and '&', whereas a regex would read ".-_" as the range U+002E-U+005F (which lets
// '/', ':', '@', '[' ... through).

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "confusables/sender_skeleton.h"
#include "patterns/sender_registry_config.h"

namespace smsfw::filters {

// True unless `sender` is empty or numeric (ASCII digits, a single leading '+' aside).
bool is_alphanumeric_sender(std::string_view sender);

// The outcomes for one sender. Several can hold at once (e.g. lookalike and bad_format for
// Cyrillic "КВАNК"); for a numeric sender only `alphanumeric` (false) is meaningful.
struct SenderCheck {
  bool alphanumeric = false;       // not numeric (see the header comment) and not empty
  bool registered = false;         // exact registered ID
  bool unauthorized = false;       // registered, account not in its accounts list
  bool lookalike = false;          // not registered, key equals a registered ID's key
  bool unregistered = false;       // alphanumeric, not registered, not a lookalike
  bool bad_format = false;         // too long or a character not in `allowed`
  bool generic = false;            // key equals a generic sender's key
  std::string_view registered_id;  // the registered ID it is or looks like (points into the policy)
};

// The registry configuration compiled for lookups: built once per pattern set, immutable
// afterwards and shared by every thread (check() is const and touches no shared mutable state).
// Copyable and movable; views returned by check() point into the policy's own storage, which a
// move hands over unchanged (heap buffers of a vector), so they stay valid across a move.
class SenderPolicy {
 public:
  // Precomputes every registered ID's and generic sender's lookalike key with a local
  // SenderSkeleton (only if config.present). Throws std::runtime_error if ICU's spoof data
  // cannot be opened. Duplicate registered IDs merge their account lists.
  explicit SenderPolicy(const SenderRegistryConfig& config);

  // Classifies `sender` (source_addr as UTF-8 text) sent by `account` (the ESME's system_id,
  // compared exactly). `skeleton` and `scratch` are the caller's per-thread objects (scratch
  // receives the sender's key); with them reused, a check allocates nothing once they have
  // grown. If the registry is not present, only `alphanumeric` is filled in.
  SenderCheck check(std::string_view sender, std::uint8_t ton, std::string_view account,
                    confusables::SenderSkeleton& skeleton, std::string& scratch) const;

 private:
  // Hash for heterogeneous (string_view) lookup in the unordered containers below.
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  template <class V>
  using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

  // One registered ID and the accounts that may use it.
  struct Registered {
    std::string id;
    std::vector<std::string> accounts;
  };

  // Parses `allowed` (syntax in the header comment) into allowed_.
  void parse_allowed(std::string_view spec);
  // The format rules: at most max_length_ code points, every byte in allowed_.
  bool well_formatted(std::string_view sender) const;

  bool present_ = false;
  std::size_t max_length_ = 0;
  std::array<std::uint64_t, 2> allowed_{};   // bit c set: ASCII character c is allowed
  std::vector<Registered> registered_;       // registered IDs in config order (first wins)
  StringMap<std::size_t> by_id_;             // exact ID -> index into registered_
  StringMap<std::size_t> by_key_;            // lookalike key -> index (first ID with that key)
  std::unordered_set<std::string, StringHash, std::equal_to<>> generic_keys_;
};

}  // namespace smsfw::filters
