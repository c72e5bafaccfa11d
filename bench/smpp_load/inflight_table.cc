#include "smpp_load/inflight_table.h"

#include <bit>

namespace smsfw::bench::load {

namespace {
// Sequence numbers stay below this; the few numbers above are left for bind and unbind.
constexpr std::uint32_t kSequenceLimit = 0x7FFFFF00u;
}  // namespace

InflightTable::InflightTable(unsigned window)
    : window_(window),
      index_bits_(static_cast<unsigned>(std::bit_width(window))),
      max_generation_((kSequenceLimit >> index_bits_) - 1),
      slots_(window) {
  free_.reserve(window);
  for (unsigned i = window; i-- > 0;) free_.push_back(i);
}

std::uint32_t InflightTable::acquire(const Entry& entry) {
  const std::uint32_t index = free_.back();
  free_.pop_back();
  const std::uint32_t sequence = (generation_ << index_bits_) | index;  // generation >= 1: never 0
  generation_ = generation_ >= max_generation_ ? 1 : generation_ + 1;
  slots_[index] = Slot{sequence, entry};
  return sequence;
}

bool InflightTable::release(std::uint32_t sequence, Entry& out) {
  const std::uint32_t index = sequence & ((1u << index_bits_) - 1);
  if (index >= window_ || slots_[index].sequence != sequence) return false;
  out = slots_[index].entry;
  slots_[index].sequence = 0;
  free_.push_back(index);
  return true;
}

}  // namespace smsfw::bench::load
