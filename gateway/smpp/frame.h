#pragma once
// SMPP framing: finds where PDUs begin and end in a byte stream and rejects lengths that
// cannot be trusted before a single body byte is looked at.

#include <cstddef>
#include <cstdint>
#include <span>

#include "smpp/smpp_constants.h"

namespace smsfw::smpp {

inline std::uint32_t load_u32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}
inline std::uint16_t load_u16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
inline void store_u32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

// The four header fields every PDU starts with (SMPP 3.4 section 3.2).
struct Header {
  std::uint32_t command_length = 0;
  std::uint32_t command_id = 0;
  std::uint32_t command_status = 0;
  std::uint32_t sequence_number = 0;
};

// Reads a header from at least kHeaderSize bytes.
inline Header load_header(const std::uint8_t* p) {
  return Header{load_u32(p), load_u32(p + 4), load_u32(p + 8), load_u32(p + 12)};
}

// Result of looking at the front of a receive buffer.
struct FrameScan {
  enum class Kind {
    complete,    // `length` bytes at the front form one PDU
    incomplete,  // need at least `length` bytes in total before anything can be said
    bad_length,  // command_length is below 16 or above the maximum: the stream cannot be trusted
  };
  Kind kind;
  std::size_t length;
};

// Classifies the front of `bytes`. `max_length` is the largest command_length accepted.
// The length is checked as soon as its four octets are present, so an oversized or lying
// command_length is rejected before the body arrives or is buffered.
inline FrameScan scan_frame(std::span<const std::uint8_t> bytes, std::size_t max_length) {
  if (bytes.size() < 4) return {FrameScan::Kind::incomplete, kHeaderSize};
  const std::uint32_t length = load_u32(bytes.data());
  if (length < kHeaderSize || length > max_length) return {FrameScan::Kind::bad_length, length};
  if (bytes.size() < length) return {FrameScan::Kind::incomplete, length};
  return {FrameScan::Kind::complete, length};
}

}  // namespace smsfw::smpp
