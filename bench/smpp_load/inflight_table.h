#pragma once
// The submit_sm requests of one bind that await their response. The slot index sits in the
// low bits of the sequence number, so a response finds its request in O(1) without hashing or
// allocation. A response that never comes keeps its slot busy: the usable window shrinks, as it
// does in a real ESME (the classic symptom of a proxy that loses responses).

#include <cstdint>
#include <vector>

namespace smsfw::bench::load {

class InflightTable {
 public:
  struct Entry {
    std::int64_t intended_ns = 0;  // latency is measured from here
    bool measured = false;         // false for warm-up messages
  };

  explicit InflightTable(unsigned window);

  bool has_free() const { return !free_.empty(); }
  unsigned outstanding() const { return window_ - static_cast<unsigned>(free_.size()); }
  // Takes a free slot (has_free() must hold); returns the sequence number to send (1..0x7FFFFEFF).
  std::uint32_t acquire(const Entry& entry);
  // Frees the slot of `sequence`; false if no request with that number is outstanding.
  bool release(std::uint32_t sequence, Entry& out);

 private:
  struct Slot {
    std::uint32_t sequence = 0;  // 0: free
    Entry entry;
  };
  unsigned window_;
  unsigned index_bits_;
  std::uint32_t generation_ = 1;
  std::uint32_t max_generation_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;  // LIFO: recently used slots stay in cache
};

}  // namespace smsfw::bench::load
