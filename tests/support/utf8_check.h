#pragma once
// Test helpers: an independent UTF-8 encoder and a strict UTF-8 validator.

#include <cstddef>
#include <string>
#include <string_view>

namespace smsfw::test {

// UTF-8 of one scalar value (written independently of the library's encoder).
inline std::string utf8(char32_t cp) {
  std::string s;
  if (cp <= 0x7F) {
    s += static_cast<char>(cp);
  } else if (cp <= 0x7FF) {
    s += static_cast<char>(0xC0 + (cp / 64));
    s += static_cast<char>(0x80 + (cp % 64));
  } else if (cp <= 0xFFFF) {
    s += static_cast<char>(0xE0 + (cp / 4096));
    s += static_cast<char>(0x80 + (cp / 64 % 64));
    s += static_cast<char>(0x80 + (cp % 64));
  } else {
    s += static_cast<char>(0xF0 + (cp / 262144));
    s += static_cast<char>(0x80 + (cp / 4096 % 64));
    s += static_cast<char>(0x80 + (cp / 64 % 64));
    s += static_cast<char>(0x80 + (cp % 64));
  }
  return s;
}

// Strict UTF-8 (RFC 3629): no overlongs, no surrogates, nothing above U+10FFFF, no truncation.
inline bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len;
    char32_t cp;
    if (b0 < 0x80) { ++i; continue; }
    if (b0 >= 0xC2 && b0 <= 0xDF) { len = 2; cp = b0 & 0x1F; }
    else if (b0 >= 0xE0 && b0 <= 0xEF) { len = 3; cp = b0 & 0x0F; }
    else if (b0 >= 0xF0 && b0 <= 0xF4) { len = 4; cp = b0 & 0x07; }
    else return false;
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

// Number of code points in valid UTF-8.
inline std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace smsfw::test
