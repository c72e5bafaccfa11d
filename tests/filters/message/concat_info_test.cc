// Tests of concatenation identity: shared validation and building from SAR TLV values.

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "message/concat_info.h"

using namespace smsfw::filters::message;

namespace {
using Bytes = std::span<const std::uint8_t>;
}

TEST_CASE("check_concat accepts sequence 1..total for every total") {
  for (int total = 1; total <= 255; ++total) {
    for (int seq = 1; seq <= total; ++seq) {
      REQUIRE(check_concat(static_cast<std::uint8_t>(total), static_cast<std::uint8_t>(seq)) ==
              ConcatError::none);
    }
  }
}

TEST_CASE("check_concat refuses total 0, sequence 0 and sequence past total") {
  CHECK(check_concat(0, 0) == ConcatError::total_zero);
  CHECK(check_concat(0, 1) == ConcatError::total_zero);
  CHECK(check_concat(1, 0) == ConcatError::sequence_zero);
  CHECK(check_concat(255, 0) == ConcatError::sequence_zero);
  CHECK(check_concat(1, 2) == ConcatError::sequence_past_total);
  CHECK(check_concat(3, 4) == ConcatError::sequence_past_total);
  CHECK(check_concat(254, 255) == ConcatError::sequence_past_total);
}

TEST_CASE("concat_from_sar builds a SAR-sourced ConcatInfo, edge values included") {
  auto r = concat_from_sar(0x1234, 3, 2);
  REQUIRE(r.error == ConcatError::none);
  CHECK(r.info == ConcatInfo{0x1234, 3, 2, ConcatSource::sar});

  r = concat_from_sar(65535, 255, 255);
  REQUIRE(r.error == ConcatError::none);
  CHECK(r.info == ConcatInfo{65535, 255, 255, ConcatSource::sar});

  r = concat_from_sar(0, 1, 1);
  REQUIRE(r.error == ConcatError::none);
  CHECK(r.info == ConcatInfo{0, 1, 1, ConcatSource::sar});
}

TEST_CASE("concat_from_sar refuses invalid total and sequence") {
  CHECK(concat_from_sar(1, 0, 1).error == ConcatError::total_zero);
  CHECK(concat_from_sar(1, 2, 0).error == ConcatError::sequence_zero);
  CHECK(concat_from_sar(1, 2, 3).error == ConcatError::sequence_past_total);
  CHECK(concat_from_sar(1, 2, 3).info == ConcatInfo{});
}

TEST_CASE("concat_from_sar_values decodes the big-endian reference from raw TLV values") {
  const std::array<std::uint8_t, 2> ref{0xAB, 0xCD};
  const std::array<std::uint8_t, 1> total{4};
  const std::array<std::uint8_t, 1> seq{4};
  const auto r = concat_from_sar_values(Bytes{ref}, Bytes{total}, Bytes{seq});
  REQUIRE(r.present);
  REQUIRE(r.result.error == ConcatError::none);
  CHECK(r.result.info == ConcatInfo{0xABCD, 4, 4, ConcatSource::sar});
}

TEST_CASE("concat_from_sar_values: no SAR TLVs is not an error") {
  const auto r = concat_from_sar_values(std::nullopt, std::nullopt, std::nullopt);
  CHECK_FALSE(r.present);
  CHECK(r.result.error == ConcatError::none);
}

TEST_CASE("concat_from_sar_values: one or two SAR TLVs missing is sar_incomplete") {
  const std::array<std::uint8_t, 2> ref{0, 1};
  const std::array<std::uint8_t, 1> one{1};
  const std::optional<Bytes> r{Bytes{ref}}, t{Bytes{one}}, s{Bytes{one}}, none;
  for (int mask = 1; mask < 7; ++mask) {  // 0 = none present, 7 = all present
    const auto res = concat_from_sar_values((mask & 1) ? r : none, (mask & 2) ? t : none,
                                            (mask & 4) ? s : none);
    INFO("mask " << mask);
    CHECK(res.present);
    CHECK(res.result.error == ConcatError::sar_incomplete);
  }
}

TEST_CASE("concat_from_sar_values: a value of the wrong size is sar_bad_length") {
  const std::array<std::uint8_t, 3> three{0, 1, 1};
  const Bytes ref2{three.data(), 2}, one{three.data() + 1, 1}, empty{three.data(), 0};
  const Bytes ref1{three.data(), 1}, two{three.data() + 1, 2};
  CHECK(concat_from_sar_values(ref1, one, one).result.error == ConcatError::sar_bad_length);
  CHECK(concat_from_sar_values(Bytes{three}, one, one).result.error == ConcatError::sar_bad_length);
  CHECK(concat_from_sar_values(empty, one, one).result.error == ConcatError::sar_bad_length);
  CHECK(concat_from_sar_values(ref2, two, one).result.error == ConcatError::sar_bad_length);
  CHECK(concat_from_sar_values(ref2, empty, one).result.error == ConcatError::sar_bad_length);
  CHECK(concat_from_sar_values(ref2, one, two).result.error == ConcatError::sar_bad_length);
  CHECK(concat_from_sar_values(ref2, one, empty).result.error == ConcatError::sar_bad_length);
  CHECK(concat_from_sar_values(ref2, one, one).result.error == ConcatError::none);
}

TEST_CASE("concat_from_sar_values: well-sized but invalid values are refused") {
  const std::array<std::uint8_t, 2> ref{0, 7};
  const std::array<std::uint8_t, 1> zero{0}, two{2}, three{3};
  CHECK(concat_from_sar_values(Bytes{ref}, Bytes{zero}, Bytes{two}).result.error ==
        ConcatError::total_zero);
  CHECK(concat_from_sar_values(Bytes{ref}, Bytes{two}, Bytes{zero}).result.error ==
        ConcatError::sequence_zero);
  CHECK(concat_from_sar_values(Bytes{ref}, Bytes{two}, Bytes{three}).result.error ==
        ConcatError::sequence_past_total);
}
