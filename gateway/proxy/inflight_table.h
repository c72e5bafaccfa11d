#pragma once
// The requests one side has sent that still await their response, keyed by sequence number.
//
// A proxy that loses track of a request makes the sender's window shrink forever, so the session
// pair records every relayed request here and can answer each one exactly once if its peer goes
// away. Open addressing with linear probing and backward-shift deletion: no allocation per
// request; memory grows (by doubling) only when more requests are outstanding than ever before.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace smsfw::proxy {

class InflightTable {
 public:
  struct Entry {
    std::uint32_t sequence = 0;
    std::uint32_t command_id = 0;  // 0 marks an empty slot (no request has command_id 0)
  };

  explicit InflightTable(std::size_t initial_capacity = 64);

  // Records a request. A sequence number already outstanding is overwritten (the sender reused
  // it; the next response answers whichever the peer meant) and counted as a duplicate.
  void insert(std::uint32_t sequence, std::uint32_t command_id);
  // Removes and returns the request's command id, or 0 if `sequence` is not outstanding.
  std::uint32_t take(std::uint32_t sequence);
  bool contains(std::uint32_t sequence) const;

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::uint64_t duplicates() const { return duplicates_; }

  // Calls f(sequence, command_id) for every outstanding request, then empties the table.
  template <typename F>
  void drain(F&& f) {
    for (Entry& e : slots_) {
      if (e.command_id != 0) f(e.sequence, e.command_id);
      e = Entry{};
    }
    size_ = 0;
  }

  // A sequence number not outstanding here, for a request the proxy itself originates.
  std::uint32_t unused_sequence() const;

 private:
  std::size_t slot_of(std::uint32_t sequence) const;
  void grow();

  std::vector<Entry> slots_;  // size is a power of two, at most half full
  std::size_t size_ = 0;
  std::uint64_t duplicates_ = 0;
};

}  // namespace smsfw::proxy
