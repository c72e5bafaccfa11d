#pragma once
// Shared by the fuzz targets: an invariant check that stops the run (libFuzzer then saves the
// input as a crash file) and span helpers.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string_view>

// FUZZ_CHECK(cond): abort with the failed condition and its line when an invariant is violated.
#define FUZZ_CHECK(cond)                                                                  \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

namespace smsfw::fuzz {

// True when `part` lies within `whole` (an empty span anywhere, including a null one, counts).
inline bool inside(std::span<const std::uint8_t> part, std::span<const std::uint8_t> whole) {
  if (part.empty()) return true;
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}
inline bool inside(std::string_view part, std::span<const std::uint8_t> whole) {
  return inside(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(part.data()), part.size()),
                whole);
}

inline std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline std::string_view text_of(std::span<const std::uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace smsfw::fuzz
