#pragma once
// Encoded PDUs held back until a due time (--delay-ms, --dlr-delay-ms). Every entry of one
// queue gets the same delay, so due times never decrease and one timer waiting for the front
// entry serves the whole queue (no timer per PDU). Storage is two reused vectors; the consumed
// front is compacted away, so steady state does not allocate.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace smsfw::bench::sim {

class DelayQueue {
 public:
  using Clock = std::chrono::steady_clock;

  // Append a PDU here, then call commit() with its due time.
  std::vector<std::uint8_t>& bytes() { return bytes_; }
  // Everything appended since the last commit becomes due at `due`. Due times should not
  // decrease; one slightly earlier than its predecessor (a few µs of clock skew between a cached
  // batch time and a fresh one) is simply released together with the entry before it.
  void commit(Clock::time_point due);

  bool empty() const { return head_entry_ == entries_.size(); }
  Clock::time_point front_due() const { return entries_[head_entry_].due; }
  // Moves every PDU due at or before `now` to the end of `out`.
  void drain_due(Clock::time_point now, std::vector<std::uint8_t>& out);

 private:
  struct Entry {
    Clock::time_point due;
    std::size_t end;  // bytes_[previous end, end) become due together
  };
  void compact();

  std::vector<std::uint8_t> bytes_;
  std::size_t head_ = 0;  // bytes_ before this are consumed
  std::vector<Entry> entries_;
  std::size_t head_entry_ = 0;
};

}  // namespace smsfw::bench::sim
