// SimHash over code-point 4-gram shingles (see simhash.h).
#include "campaign/simhash.h"

#include <array>
#include <cstddef>

#include "campaign/hash64.h"

namespace smsfw::filters::campaign {
namespace {

// kSpread[x] has byte j equal to bit j of x: adding kSpread[byte k of h] to a word of eight byte
// counters counts bits 8k..8k+7 of h in one addition instead of eight.
constexpr std::array<std::uint64_t, 256> make_spread() {
  std::array<std::uint64_t, 256> t{};
  for (unsigned x = 0; x < 256; ++x) {
    for (unsigned j = 0; j < 8; ++j) t[x] |= std::uint64_t{(x >> j) & 1u} << (8 * j);
  }
  return t;
}
constexpr std::array<std::uint64_t, 256> kSpread = make_spread();

// Per-bit counts of set bits over all shingle hashes: byte counters flushed into wide ones
// before they can overflow (every 255 hashes).
class BitCounter {
 public:
  void add(std::uint64_t h) {
    for (int k = 0; k < 8; ++k) narrow_[k] += kSpread[(h >> (8 * k)) & 0xFF];
    if (++pending_ == 255) flush();
  }
  // Bit b set when more than half of the `n` hashes had it.
  std::uint64_t majority(std::uint32_t n) {
    flush();
    std::uint64_t v = 0;
    for (int b = 0; b < 64; ++b) {
      if (2 * std::uint64_t{wide_[b]} > n) v |= std::uint64_t{1} << b;
    }
    return v;
  }

 private:
  void flush() {
    for (int k = 0; k < 8; ++k) {
      for (int j = 0; j < 8; ++j) wide_[8 * k + j] += static_cast<std::uint32_t>((narrow_[k] >> (8 * j)) & 0xFF);
      narrow_[k] = 0;
    }
    pending_ = 0;
  }
  std::array<std::uint64_t, 8> narrow_{};
  std::array<std::uint32_t, 64> wide_{};
  int pending_ = 0;
};

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

SimHash simhash(std::string_view text) {
  if (text.empty()) return {};
  // Start offsets of the last 4 code points (a ring): the shingle ending at code point i spans
  // [start of code point i-3, end of code point i).
  std::array<std::size_t, 4> starts{};
  std::uint32_t count = 0;  // code points seen
  BitCounter bits;
  std::uint32_t shingles = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = i + 1;
    while (j < text.size() && is_continuation(text[j])) ++j;
    starts[count % 4] = i;
    ++count;
    if (count >= 4) {
      const std::size_t begin = starts[count % 4];  // the oldest of the four
      bits.add(hash64(text.substr(begin, j - begin)));
      ++shingles;
    }
    i = j;
  }
  if (shingles == 0) {  // 1-3 code points: the whole text is the only shingle
    bits.add(hash64(text));
    shingles = 1;
  }
  return {bits.majority(shingles), shingles};
}

}  // namespace smsfw::filters::campaign
