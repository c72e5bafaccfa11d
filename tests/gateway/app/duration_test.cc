// parse_duration: "500ms", "30s", "5m", "1h"; a bare number means seconds.

#include <catch2/catch.hpp>

#include <chrono>

#include "app/duration.h"

using smsfw::app::parse_duration;
using namespace std::chrono_literals;

TEST_CASE("parse_duration: units") {
  CHECK(parse_duration("500ms") == std::chrono::milliseconds(500));
  CHECK(parse_duration("30s") == std::chrono::milliseconds(30s));
  CHECK(parse_duration("5m") == std::chrono::milliseconds(5min));
  CHECK(parse_duration("1h") == std::chrono::milliseconds(1h));
  CHECK(parse_duration("0ms") == std::chrono::milliseconds(0));
  CHECK(parse_duration("0") == std::chrono::milliseconds(0));
}

TEST_CASE("parse_duration: a bare number means seconds") {
  CHECK(parse_duration("30") == std::chrono::milliseconds(30s));
  CHECK(parse_duration("1") == std::chrono::milliseconds(1000));
}

TEST_CASE("parse_duration: refuses what is not a duration") {
  CHECK_FALSE(parse_duration(""));
  CHECK_FALSE(parse_duration("s"));
  CHECK_FALSE(parse_duration("ms"));
  CHECK_FALSE(parse_duration("-5s"));
  CHECK_FALSE(parse_duration("+5s"));
  CHECK_FALSE(parse_duration("5 s"));
  CHECK_FALSE(parse_duration(" 5s"));
  CHECK_FALSE(parse_duration("5S"));
  CHECK_FALSE(parse_duration("5sec"));
  CHECK_FALSE(parse_duration("5d"));
  CHECK_FALSE(parse_duration("1.5s"));
  CHECK_FALSE(parse_duration("5s5"));
  CHECK_FALSE(parse_duration("abc"));
  CHECK_FALSE(parse_duration("99999999999999999999999s"));  // does not fit 64 bits
}

TEST_CASE("parse_duration: absurd values that would overflow are refused") {
  CHECK_FALSE(parse_duration("18446744073709551615h"));
  CHECK_FALSE(parse_duration("5124095576030431h"));  // * 3.6e6 overflows 64 bits
  CHECK(parse_duration("1000h") == std::chrono::milliseconds(1000h));
}
