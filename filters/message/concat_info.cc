#include "message/concat_info.h"

namespace smsfw::filters::message {

ConcatError check_concat(std::uint8_t total, std::uint8_t sequence) {
  if (total == 0) return ConcatError::total_zero;
  if (sequence == 0) return ConcatError::sequence_zero;
  if (sequence > total) return ConcatError::sequence_past_total;
  return ConcatError::none;
}

ConcatResult concat_from_sar(std::uint16_t msg_ref_num, std::uint8_t total_segments,
                             std::uint8_t segment_seqnum) {
  const ConcatError error = check_concat(total_segments, segment_seqnum);
  if (error != ConcatError::none) return {error, {}};
  return {ConcatError::none, {msg_ref_num, total_segments, segment_seqnum, ConcatSource::sar}};
}

SarLookup concat_from_sar_values(std::optional<std::span<const std::uint8_t>> msg_ref_num,
                                 std::optional<std::span<const std::uint8_t>> total_segments,
                                 std::optional<std::span<const std::uint8_t>> segment_seqnum) {
  const int present = int{msg_ref_num.has_value()} + int{total_segments.has_value()} +
                      int{segment_seqnum.has_value()};
  if (present == 0) return {false, {}};
  if (present != 3) return {true, {ConcatError::sar_incomplete, {}}};
  if (msg_ref_num->size() != 2 || total_segments->size() != 1 || segment_seqnum->size() != 1) {
    return {true, {ConcatError::sar_bad_length, {}}};
  }
  const auto ref = static_cast<std::uint16_t>(((*msg_ref_num)[0] << 8) | (*msg_ref_num)[1]);
  return {true, concat_from_sar(ref, (*total_segments)[0], (*segment_seqnum)[0])};
}

}  // namespace smsfw::filters::message
