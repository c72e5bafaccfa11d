#pragma once
// A per-thread memo of SenderPolicy::check() results. A2P traffic repeats a small number of
// sender IDs, and a check of an alphanumeric ID computes an ICU UTS #39 skeleton (measured about
// 1.7 us per message here), so remembering the last outcomes per (sender, account) removes most
// of that cost. Direct-mapped with a fixed number of slots: a collision just replaces the slot.
// Entries belong to one pattern-set generation (registered_id views point into that snapshot's
// policy); the owner calls reset() when the generation changes. Not thread-safe.

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "sender/sender_policy.h"

namespace smsfw::filters {

class SenderCheckCache {
 public:
  static constexpr std::size_t kSlots = 512;

  // The remembered outcome for (sender, account), or nullptr.
  const SenderCheck* find(std::string_view sender, std::string_view account) const {
    const Slot& s = slots_[slot_of(sender, account)];
    if (!s.used || s.sender != sender || s.account != account) return nullptr;
    return &s.check;
  }

  // Remembers `check` for (sender, account). Sender IDs and system_ids are short, so the strings
  // stay in their small-string buffers or reuse the slot's capacity.
  void store(std::string_view sender, std::string_view account, const SenderCheck& check) {
    Slot& s = slots_[slot_of(sender, account)];
    s.sender.assign(sender);
    s.account.assign(account);
    s.check = check;
    s.used = true;
  }

  void reset() {
    for (Slot& s : slots_) s.used = false;
  }

 private:
  struct Slot {
    std::string sender;
    std::string account;
    SenderCheck check;
    bool used = false;
  };

  static std::size_t slot_of(std::string_view sender, std::string_view account) {
    const std::size_t h = std::hash<std::string_view>{}(sender) * 31 + std::hash<std::string_view>{}(account);
    return h % kSlots;
  }

  std::array<Slot, kSlots> slots_{};
};

}  // namespace smsfw::filters
