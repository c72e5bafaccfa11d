#pragma once
// classify-bench's deterministic random numbers: splitmix64, so a seed gives the same rules and
// the same messages on every platform and standard library (std::uniform_int_distribution does
// not promise that).

#include <cstddef>
#include <cstdint>
#include <span>

namespace smsfw::bench::classify {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // In [0, n) for n > 0 (the modulo bias is irrelevant here).
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  // In [lo, hi].
  std::size_t range(std::size_t lo, std::size_t hi) { return lo + below(hi - lo + 1); }
  // True with probability percent / 100.
  bool chance(unsigned percent) { return below(100) < percent; }
  template <class T>
  const T& pick(std::span<const T> items) { return items[below(items.size())]; }
  // n random decimal digits appended to `out`.
  template <class String>
  void digits(String& out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<char>('0' + below(10)));
  }

 private:
  std::uint64_t state_;
};

}  // namespace smsfw::bench::classify
