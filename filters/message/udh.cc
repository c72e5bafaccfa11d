#include "message/udh.h"

namespace smsfw::filters::message {

namespace {

// Maps a shared concat validation failure to the UDH error vocabulary.
UdhError to_udh_error(ConcatError e) {
  switch (e) {
    case ConcatError::total_zero: return UdhError::concat_total_zero;
    case ConcatError::sequence_zero: return UdhError::concat_sequence_zero;
    case ConcatError::sequence_past_total: return UdhError::concat_sequence_past_total;
    default: return UdhError::none;  // SAR-only errors cannot arise from a UDH IE
  }
}

// The fixed data length of a known IE, or -1 for IEs this parser does not interpret.
int known_ie_length(std::uint8_t iei) {
  switch (iei) {
    case kIeiConcat8: return 3;
    case kIeiPorts8: return 2;
    case kIeiPorts16: return 4;
    case kIeiConcat16: return 4;
    case kIeiSingleShift: return 1;
    case kIeiLockingShift: return 1;
    default: return -1;
  }
}

std::uint16_t load_u16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

}  // namespace

UdhParse parse_udh(std::span<const std::uint8_t> body) {
  if (body.empty()) return {UdhError::empty_body, {}};
  const std::size_t udhl = body[0];
  if (udhl + 1 > body.size()) return {UdhError::udhl_past_end, {}};

  Udh udh;
  udh.length = udhl + 1;
  // Only the header's own octets are looked at from here on: an IE may not spill into the text.
  const std::span<const std::uint8_t> header = body.subspan(1, udhl);
  std::size_t pos = 0;
  while (pos < header.size()) {
    if (header.size() - pos < 2) return {UdhError::ie_header_truncated, {}};
    const std::uint8_t iei = header[pos];
    const std::size_t len = header[pos + 1];
    pos += 2;
    if (len > header.size() - pos) return {UdhError::ie_past_udhl, {}};
    const std::uint8_t* data = header.data() + pos;
    pos += len;
    // Counters saturate: a 255-octet UDH holds at most 127 IEs, but stay safe regardless.
    if (udh.ie_count < 255) ++udh.ie_count;

    const int expected = known_ie_length(iei);
    if (expected < 0) {
      if (udh.unknown_ies < 255) ++udh.unknown_ies;
      continue;
    }
    if (len != static_cast<std::size_t>(expected)) return {UdhError::bad_ie_length, {}};

    switch (iei) {
      case kIeiConcat8:
      case kIeiConcat16: {
        const bool wide = iei == kIeiConcat16;
        const std::uint16_t ref = wide ? load_u16(data) : data[0];
        const std::uint8_t total = data[wide ? 2 : 1];
        const std::uint8_t seq = data[wide ? 3 : 2];
        const ConcatError e = check_concat(total, seq);
        if (e != ConcatError::none) return {to_udh_error(e), {}};
        udh.concat = ConcatInfo{ref, total, seq, wide ? ConcatSource::udh16 : ConcatSource::udh8};
        if (udh.concat_ies < 255) ++udh.concat_ies;
        break;
      }
      case kIeiPorts8:
        udh.ports = PortAddressing{data[0], data[1], false};
        break;
      case kIeiPorts16:
        udh.ports = PortAddressing{load_u16(data), load_u16(data + 2), true};
        break;
      case kIeiSingleShift:
        udh.single_shift = data[0];
        break;
      case kIeiLockingShift:
        udh.locking_shift = data[0];
        break;
      default:
        break;
    }
  }
  return {UdhError::none, udh};
}

}  // namespace smsfw::filters::message
