#pragma once
// Writing UTF-8 (internal helpers shared by the decoders and the encoder).
//
// append_utf8 appends one code point with push_back: simple, used where speed does not matter.
// The decoders instead size the output once (Utf8Output: worst case up front, trimmed at the end)
// and write through a raw pointer with the put_* helpers below, which store 4 bytes at a time and
// advance by the real length: a decoder keeps at least kUtf8Slack bytes of room beyond the worst
// case of what is left to decode.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace smsfw::filters::text {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Appends `cp` as UTF-8. Callers only pass scalar values (never surrogates, <= U+10FFFF); anything
// else is written as U+FFFD so the output is valid UTF-8 whatever happens.
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = kReplacementChar;
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp <= 0x10FFFF) {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    append_utf8(out, kReplacementChar);
  }
}

// ---- Raw-pointer writing ----

// Room a decoder keeps beyond its worst case, so that 4-byte stores never leave the buffer.
inline constexpr std::size_t kUtf8Slack = 4;

// Stores the 4 bytes of `w` at p, first byte = low 8 bits of `w` (whatever the host's byte order).
inline void store_le32(char* p, std::uint32_t w) {
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(p, &w, 4);
  } else {
    p[0] = static_cast<char>(w);
    p[1] = static_cast<char>(w >> 8);
    p[2] = static_cast<char>(w >> 16);
    p[3] = static_cast<char>(w >> 24);
  }
}

// A BMP code point's UTF-8 packed in 32 bits: bytes in bits 0-23 (first byte lowest), length in
// bits 24-31. A surrogate, or anything outside the BMP, packs U+FFFD (as append_utf8 writes it
// for a surrogate); use put_utf8 for supplementary code points.
constexpr std::uint32_t utf8_packed(char32_t cp) {
  if (cp < 0x80) return cp | (1u << 24);
  if (cp < 0x800) return (0xC0 | (cp >> 6)) | ((0x80 | (cp & 0x3F)) << 8) | (2u << 24);
  if (cp > 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacementChar;
  return (0xE0 | (cp >> 12)) | ((0x80 | ((cp >> 6) & 0x3F)) << 8) | ((0x80 | (cp & 0x3F)) << 16) |
         (3u << 24);
}

inline constexpr std::uint32_t kReplacementPacked = utf8_packed(kReplacementChar);

// Writes a packed entry (4 bytes stored) and returns the end of its real length.
inline char* put_packed(char* p, std::uint32_t packed) {
  store_le32(p, packed);
  return p + (packed >> 24);
}

// Writes BMP code point `u` (< 0x10000, not a surrogate) as UTF-8: 4 bytes stored, 1-3 kept. The
// encoding is selected with masks, not branches (GCC compiles a conditional expression here into
// branches), so text that mixes scripts costs no mispredicted branch per character.
inline char* put_bmp(char* p, std::uint32_t u) {
  const std::uint32_t ge80 = 0u - static_cast<std::uint32_t>(u >= 0x80);
  const std::uint32_t ge800 = 0u - static_cast<std::uint32_t>(u >= 0x800);
  const std::uint32_t b1 = u;
  const std::uint32_t b2 = (0xC0 | (u >> 6)) | ((0x80 | (u & 0x3F)) << 8);
  const std::uint32_t b3 =
      (0xE0 | (u >> 12)) | ((0x80 | ((u >> 6) & 0x3F)) << 8) | ((0x80 | (u & 0x3F)) << 16);
  store_le32(p, (b1 & ~ge80) | (b2 & ge80 & ~ge800) | (b3 & ge800));
  return p + 1 + (ge80 & 1) + (ge800 & 1);
}

// Writes `cp` as UTF-8 with append_utf8's rules (surrogates and values above U+10FFFF become
// U+FFFD): 4 bytes stored, 1-4 kept.
inline char* put_utf8(char* p, char32_t cp) {
  if (cp < 0x10000) return put_packed(p, utf8_packed(cp));
  if (cp > 0x10FFFF) return put_packed(p, kReplacementPacked);
  store_le32(p, (0xF0 | (cp >> 18)) | ((0x80 | ((cp >> 12) & 0x3F)) << 8) |
                    ((0x80 | ((cp >> 6) & 0x3F)) << 16) | ((0x80 | (cp & 0x3F)) << 24));
  return p + 4;
}

// One decoder call's output, written in place at the end of the caller's string: the constructor
// grows `out` by `max_bytes` + kUtf8Slack (no allocation once the string has that capacity: callers
// reuse their string between messages), the decoder writes from begin(), and finish(end) trims the
// string to what was written. Growing value-initialises the new bytes: a memset of ~3x the input,
// about 30 instructions for a 100-septet SMS under callgrind, against a capacity check and a length
// update per byte with push_back. (Decoding into a stack buffer and appending it measured the same.)
class Utf8Output {
 public:
  Utf8Output(std::string& out, std::size_t max_bytes) : out_(out), base_(out.size()) {
    out_.resize(base_ + max_bytes + kUtf8Slack);
  }
  Utf8Output(const Utf8Output&) = delete;
  Utf8Output& operator=(const Utf8Output&) = delete;

  char* begin() { return out_.data() + base_; }
  void finish(const char* end) { out_.resize(static_cast<std::size_t>(end - out_.data())); }

 private:
  std::string& out_;
  std::size_t base_;
};

}  // namespace smsfw::filters::text
