#include "proxy/inflight_table.h"

#include <bit>

namespace smsfw::proxy {

InflightTable::InflightTable(std::size_t initial_capacity)
    : slots_(std::bit_ceil(initial_capacity < 8 ? std::size_t{8} : initial_capacity)) {}

std::size_t InflightTable::slot_of(std::uint32_t sequence) const {
  // Fibonacci hashing spreads the consecutive sequence numbers senders use.
  return static_cast<std::size_t>((sequence * 0x9E3779B97F4A7C15ull) >> 32) & (slots_.size() - 1);
}

void InflightTable::insert(std::uint32_t sequence, std::uint32_t command_id) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = slot_of(sequence);; i = (i + 1) & mask) {
    Entry& e = slots_[i];
    if (e.command_id == 0) {
      e = Entry{sequence, command_id};
      ++size_;
      return;
    }
    if (e.sequence == sequence) {
      e.command_id = command_id;
      ++duplicates_;
      return;
    }
  }
}

bool InflightTable::contains(std::uint32_t sequence) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = slot_of(sequence);; i = (i + 1) & mask) {
    const Entry& e = slots_[i];
    if (e.command_id == 0) return false;
    if (e.sequence == sequence) return true;
  }
}

std::uint32_t InflightTable::take(std::uint32_t sequence) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = slot_of(sequence);
  for (;; i = (i + 1) & mask) {
    if (slots_[i].command_id == 0) return 0;
    if (slots_[i].sequence == sequence) break;
  }
  const std::uint32_t command_id = slots_[i].command_id;
  --size_;
  // Backward-shift deletion keeps every probe chain unbroken without tombstones.
  for (std::size_t j = (i + 1) & mask;; j = (j + 1) & mask) {
    if (slots_[j].command_id == 0) break;
    const std::size_t home = slot_of(slots_[j].sequence);
    // Move j into the hole at i unless j's home lies cyclically in (i, j].
    const bool stays = (i <= j) ? (i < home && home <= j) : (i < home || home <= j);
    if (!stays) {
      slots_[i] = slots_[j];
      i = j;
    }
  }
  slots_[i] = Entry{};
  return command_id;
}

std::uint32_t InflightTable::unused_sequence() const {
  // Senders count up from 1; start from the top of the 31-bit range the spec allows.
  std::uint32_t candidate = 0x7FFFFFFFu;
  while (contains(candidate)) --candidate;
  return candidate;
}

void InflightTable::grow() {
  std::vector<Entry> old(slots_.size() * 2);
  old.swap(slots_);
  size_ = 0;
  const std::uint64_t dups = duplicates_;
  for (const Entry& e : old)
    if (e.command_id != 0) insert(e.sequence, e.command_id);
  duplicates_ = dups;
}

}  // namespace smsfw::proxy
