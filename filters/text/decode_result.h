#pragma once
// The small result every text decoder returns.

#include <cstddef>

namespace smsfw::filters::text {

// What one decoder call appended to the caller's UTF-8 string.
//   chars:   code points appended (U+FFFD replacements included).
//   invalid: malformed or non-conforming input units met (each is either replaced by U+FFFD or,
//            where a standard prescribes a fallback such as GSM's unknown escape, recovered);
//            a non-zero count is a signal for the filter chain (obfuscation, broken encoder).
struct DecodeResult {
  std::size_t chars = 0;
  std::size_t invalid = 0;

  DecodeResult& operator+=(const DecodeResult& o) {
    chars += o.chars;
    invalid += o.invalid;
    return *this;
  }
  friend bool operator==(const DecodeResult&, const DecodeResult&) = default;
};

}  // namespace smsfw::filters::text
