#pragma once
// Lets Catch print a DecodeResult in failure messages.

#include <catch2/catch.hpp>

#include <string>

#include "text/decode_result.h"

namespace Catch {
template <>
struct StringMaker<smsfw::filters::text::DecodeResult> {
  static std::string convert(const smsfw::filters::text::DecodeResult& r) {
    return "{chars " + std::to_string(r.chars) + ", invalid " + std::to_string(r.invalid) + "}";
  }
};
}  // namespace Catch
