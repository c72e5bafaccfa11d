#pragma once
// A deterministic random generator for tests: generated inputs are the same on every run.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace smsfw::test {

// splitmix64: tiny, fast, and the same sequence on every platform and standard library.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform-enough integer in [lo, hi] (inclusive); the modulo bias is irrelevant here.
  std::uint32_t range(std::uint32_t lo, std::uint32_t hi) {
    return lo + static_cast<std::uint32_t>(next() % (std::uint64_t{hi} - lo + 1));
  }
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
  std::uint8_t byte() { return static_cast<std::uint8_t>(next()); }
  bool chance(unsigned percent) { return range(0, 99) < percent; }

  // A printable ASCII string of length [0, max_len] (never contains NUL).
  std::string printable(std::size_t max_len) {
    std::string s(range(0, static_cast<std::uint32_t>(max_len)), ' ');
    for (char& c : s) c = static_cast<char>(range(0x20, 0x7E));
    return s;
  }
  // A digit string of length [min_len, max_len].
  std::string digits(std::size_t min_len, std::size_t max_len) {
    std::string s(range(static_cast<std::uint32_t>(min_len), static_cast<std::uint32_t>(max_len)), '0');
    for (char& c : s) c = static_cast<char>('0' + range(0, 9));
    return s;
  }
  // Arbitrary octets (NULs included) of length [0, max_len].
  std::vector<std::uint8_t> octets(std::size_t max_len) { return octets_exact(range(0, static_cast<std::uint32_t>(max_len))); }
  std::vector<std::uint8_t> octets_exact(std::size_t len) {
    std::vector<std::uint8_t> v(len);
    for (auto& b : v) b = byte();
    return v;
  }

 private:
  std::uint64_t state_;
};

}  // namespace smsfw::test
