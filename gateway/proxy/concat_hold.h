#pragma once
// The parts of concatenated messages one session holds until each message is whole, so that the
// filter judges the whole text once and every part gets the same fate (a scam split across parts
// is neither let through part by part nor delivered half-blocked).
//
// A message is identified by the session's bind (the account), the source and destination
// addresses, the reference, the part count and where the concatenation data came from (UDH 8-bit
// or 16-bit IE, or the SAR TLVs): an 8-bit ref 5 and a 16-bit ref 5 are different messages, and
// so are two messages whose parts disagree on their total. Each held part keeps its original
// frame, its SMPP sequence number and command, and its arrival order. A repeated part number
// (an ESME resending a part) is held as well: it is a request of its own and gets its own answer,
// but only the first copy's text is judged.
//
// Bounded: a message waits at most `max_hold` from its first part (then the session judges what
// arrived, ConcatHold::take_expired); the bytes held per session and in the whole process
// (HoldBudget) have limits, past which a part is refused (the session answers ESME_RMSGQFUL).
// When a message was judged incomplete (its hold time ran out), its outcome is remembered for
// another `max_hold`, so a missing part that arrives late is not held for a message that will
// never be whole: a block (or throttle) answers it at once, a forward lets it be judged on its
// own. A part whose number was among those judged is not late but a new message reusing the
// reference (or an ESME's retry), and is held as usual.
//
// Worker thread only. Part frames are pooled: once the pool has grown to the session's peak,
// holding a part copies its bytes without allocating.

#include <bitset>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "message/concat_info.h"
#include "proxy/hold_budget.h"

namespace smsfw::proxy {

class ConcatHold {
 public:
  using Clock = std::chrono::steady_clock;

  // One held part.
  struct Part {
    std::uint32_t sequence = 0;    // the PDU's SMPP sequence_number
    std::uint32_t command_id = 0;
    std::uint8_t number = 0;       // its part number, 1..total
    bool repeat = false;           // a part number already held for this message
    std::vector<std::uint8_t> frame;  // the original PDU
  };

  // One incomplete message.
  struct Message {
    std::uint64_t key = 0;
    Clock::time_point deadline{};
    std::uint8_t total = 0;
    std::uint16_t distinct = 0;   // distinct part numbers held
    std::size_t bytes = 0;
    std::bitset<256> have;
    std::vector<Part> parts;      // in arrival order
    bool live = false;
  };

  // What add() did with a part.
  enum class Added : std::uint8_t {
    held,           // waiting for the other parts
    complete,       // the message is whole: judge it (message(index)), then release(index)
    session_full,   // refused: the session's held bytes would pass max_session_bytes
    process_full,   // refused: the process's held bytes would pass the HoldBudget
  };

  // An outcome remembered for parts that arrive after their message was judged.
  struct Remembered {
    std::uint32_t status = 0;  // 0: forwarded; otherwise the answer (block or throttle status)
    std::bitset<256> judged;   // the part numbers that were judged
  };

  ConcatHold(HoldBudget& budget, std::size_t max_session_bytes, Clock::duration max_hold)
      : budget_(budget), max_session_bytes_(max_session_bytes), max_hold_(max_hold) {}
  ~ConcatHold() { release_all(); }
  ConcatHold(const ConcatHold&) = delete;
  ConcatHold& operator=(const ConcatHold&) = delete;

  // The identity of a message's parts (see the comment at the top).
  static std::uint64_t key_of(std::string_view source, std::string_view destination,
                              const filters::message::ConcatInfo& concat);

  // Holds one part. `index` receives the message's index (valid until release()).
  Added add(std::uint64_t key, const filters::message::ConcatInfo& concat, std::span<const std::uint8_t> frame,
            std::uint32_t sequence, std::uint32_t command_id, Clock::time_point now, std::size_t& index);

  // The status given to a message with this key that was judged incomplete, if part `number`
  // is one it lacked and the outcome is still remembered.
  std::optional<std::uint32_t> late_part_status(std::uint64_t key, std::uint8_t number, Clock::time_point now) const;
  // Remembers the outcome of incomplete message `index` (before release()) until now + max_hold.
  void remember(std::size_t index, std::uint32_t status, Clock::time_point now);

  Message& message(std::size_t index) { return messages_[index]; }
  // Parts of message `index` ordered for judging: each part number once (its first copy), by
  // part number. Valid until the next call.
  std::span<const Part* const> in_part_order(std::size_t index);

  // Frees message `index`: its frames go back to the pool, its bytes to the budgets.
  void release(std::size_t index);
  // The index of a message whose deadline has passed, if any.
  std::optional<std::size_t> take_expired(Clock::time_point now) const;
  // Any live message, for teardown (drain or a lost side), if any.
  std::optional<std::size_t> any() const;
  void release_all();

  std::size_t held_bytes() const { return held_bytes_; }
  std::size_t held_parts() const { return held_parts_; }
  bool empty() const { return held_parts_ == 0; }

 private:
  std::vector<std::uint8_t> take_frame();

  HoldBudget& budget_;
  const std::size_t max_session_bytes_;
  const Clock::duration max_hold_;
  std::vector<Message> messages_;  // live and free slots
  std::vector<std::vector<std::uint8_t>> spare_frames_;
  std::vector<const Part*> ordered_;
  // Recently judged messages: a small ring, oldest overwritten first.
  struct Recent {
    std::uint64_t key = 0;
    Clock::time_point until{};
    Remembered outcome;
  };
  static constexpr std::size_t kRecent = 64;
  std::vector<Recent> recent_ = std::vector<Recent>(kRecent);
  std::size_t recent_next_ = 0;
  std::size_t held_bytes_ = 0;
  std::size_t held_parts_ = 0;
  std::size_t live_ = 0;
};

}  // namespace smsfw::proxy
