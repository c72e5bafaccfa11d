#include "sender/sender_policy.h"

#include <algorithm>

namespace smsfw::filters {
namespace {

// source_addr holds at most 21 octets; longer input (tools feeding arbitrary text) is not keyed.
// Such a sender is bad_format anyway (max_length <= 20), and this keeps SenderSkeleton's 1 MiB
// limit (std::length_error) and the cost of a long skeleton off the per-message path.
constexpr std::size_t kMaxKeyedSender = 4096;

// 1 digit, 2 upper-case, 3 lower-case ASCII letter, 0 anything else.
int range_kind(char c) {
  if (c >= '0' && c <= '9') return 1;
  if (c >= 'A' && c <= 'Z') return 2;
  if (c >= 'a' && c <= 'z') return 3;
  return 0;
}

// X-Y is a range only between two characters of the same kind, in order ("A-Z", not ".-_").
bool forms_range(char lo, char hi) {
  return range_kind(lo) != 0 && range_kind(lo) == range_kind(hi) && lo <= hi;
}

}  // namespace

bool is_alphanumeric_sender(std::string_view s) {
  if (s.empty()) return false;
  if (s.front() == '+') s.remove_prefix(1);
  return std::any_of(s.begin(), s.end(), [](char c) { return c < '0' || c > '9'; });
}

SenderPolicy::SenderPolicy(const SenderRegistryConfig& config)
    : present_(config.present), max_length_(config.max_length) {
  parse_allowed(config.allowed);
  if (!present_) return;
  confusables::SenderSkeleton skeleton;
  std::string key;
  for (const RegisteredSender& s : config.senders) {
    const auto [it, inserted] = by_id_.try_emplace(s.id, registered_.size());
    if (!inserted) {  // duplicate ID: one entry, the union of the account lists
      auto& accounts = registered_[it->second].accounts;
      accounts.insert(accounts.end(), s.accounts.begin(), s.accounts.end());
      continue;
    }
    registered_.push_back({s.id, s.accounts});
    skeleton.key(s.id, key);
    if (!key.empty()) by_key_.try_emplace(key, it->second);  // first ID with a key wins
  }
  for (const std::string& g : config.generic_senders) {
    skeleton.key(g, key);
    if (!key.empty()) generic_keys_.insert(key);
  }
}

void SenderPolicy::parse_allowed(std::string_view spec) {
  auto allow = [&](int c) {
    if (c < 0 || c >= 128) return;
    allowed_[static_cast<std::size_t>(c >> 6)] |= std::uint64_t{1} << (c & 63);
  };
  for (std::size_t i = 0; i < spec.size(); ++i) {
    if (i + 2 < spec.size() && spec[i + 1] == '-' && forms_range(spec[i], spec[i + 2])) {
      for (int c = spec[i]; c <= spec[i + 2]; ++c) allow(c);
      i += 2;
    } else {
      allow(static_cast<unsigned char>(spec[i]));  // non-ASCII bytes are ignored by allow()
    }
  }
}

bool SenderPolicy::well_formatted(std::string_view sender) const {
  std::size_t chars = 0;
  for (char ch : sender) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) != 0x80) ++chars;  // every byte but a UTF-8 continuation byte starts one
    if (c >= 128 || ((allowed_[c >> 6] >> (c & 63)) & 1) == 0) return false;
  }
  return chars <= max_length_;
}

SenderCheck SenderPolicy::check(std::string_view sender, std::uint8_t /*ton: informational*/,
                                std::string_view account, confusables::SenderSkeleton& skeleton,
                                std::string& scratch) const {
  SenderCheck r;
  r.alphanumeric = is_alphanumeric_sender(sender);
  if (!present_ || !r.alphanumeric) return r;

  if (const auto it = by_id_.find(sender); it != by_id_.end()) {
    const Registered& reg = registered_[it->second];
    r.registered = true;
    r.registered_id = reg.id;
    r.unauthorized =
        std::find(reg.accounts.begin(), reg.accounts.end(), account) == reg.accounts.end();
  }
  // The key is needed for the lookalike test (unregistered senders) and the generic list.
  if ((!r.registered || !generic_keys_.empty()) && sender.size() <= kMaxKeyedSender) {
    skeleton.key(sender, scratch);
    if (!scratch.empty()) {
      if (!r.registered) {
        if (const auto k = by_key_.find(scratch); k != by_key_.end()) {
          r.lookalike = true;
          r.registered_id = registered_[k->second].id;
        }
      }
      r.generic = generic_keys_.find(scratch) != generic_keys_.end();
    }
  }
  r.unregistered = !r.registered && !r.lookalike;
  r.bad_format = !well_formatted(sender);
  return r;
}

}  // namespace smsfw::filters
