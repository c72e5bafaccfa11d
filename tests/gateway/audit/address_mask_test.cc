// mask_address: subscriber numbers reduced to country code + last 2 digits; services and brands kept.

#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "audit/address_mask.h"

using smsfw::audit::country_code_length;
using smsfw::audit::kTonAlphanumeric;
using smsfw::audit::kTonNational;
using smsfw::audit::mask_address;

TEST_CASE("mask_address: Thai mobile numbers keep 66 and the last 2 digits") {
  CHECK(mask_address("66812345678") == "66*******78");
  CHECK(mask_address("+66812345678") == "+66*******78");
  CHECK(mask_address("66812345678", smsfw::audit::kTonInternational) == "66*******78");
  CHECK(mask_address("+66 81-234-5678") == "+66*******78");  // separators dropped
  CHECK(mask_address("(66) 812.345.678") == "66*******78");
}

TEST_CASE("mask_address: other ASEAN and common country codes") {
  CHECK(mask_address("6591234567") == "65******67");       // Singapore
  CHECK(mask_address("60123456789") == "60*******89");     // Malaysia
  CHECK(mask_address("628123456789") == "62********89");   // Indonesia
  CHECK(mask_address("639171234567") == "63********67");   // Philippines
  CHECK(mask_address("84912345678") == "84*******78");     // Vietnam
  CHECK(mask_address("959123456789") == "95********89");   // Myanmar
  CHECK(mask_address("8613812345678") == "86*********78");  // China
  CHECK(mask_address("919812345678") == "91********78");   // India
  CHECK(mask_address("819012345678") == "81********78");   // Japan
  CHECK(mask_address("821012345678") == "82********78");   // Korea
  CHECK(mask_address("447700900123") == "44********23");   // UK
}

TEST_CASE("mask_address: 1-digit codes (NANP and Russia)") {
  CHECK(mask_address("+14155550123") == "+1********23");
  CHECK(mask_address("14155550123") == "1********23");
  CHECK(mask_address("79161234567") == "7********67");
}

TEST_CASE("mask_address: 3-digit country codes") {
  CHECK(mask_address("85512345678") == "855******78");     // Cambodia
  CHECK(mask_address("8562012345678") == "856********78");  // Laos
  CHECK(mask_address("6737123456") == "673*****56");       // Brunei
  CHECK(mask_address("67077123456") == "670******56");     // Timor-Leste
  CHECK(mask_address("85291234567") == "852******67");     // Hong Kong
  CHECK(mask_address("+971501234567") == "+971*******67");  // UAE
  // Not in the table (299 Greenland): the first 2 digits only.
  CHECK(mask_address("299123456") == "29*****56");
  CHECK(country_code_length("299123456") == 0);
  CHECK(country_code_length("66812345678") == 2);
  CHECK(country_code_length("85512345678") == 3);
  CHECK(country_code_length("14155550123") == 1);
  CHECK(country_code_length("") == 0);
  CHECK(country_code_length("+66") == 0);
}

TEST_CASE("mask_address: national format keeps only the last 2 digits") {
  CHECK(mask_address("0812345678") == "********78");
  CHECK(mask_address("021234567") == "*******67");
  CHECK(mask_address("0066812345678") == "***********78");  // international access prefix
  CHECK(mask_address("812345678", kTonNational) == "*******78");
  CHECK(mask_address("081-234-5678") == "********78");
}

TEST_CASE("mask_address: short codes are kept") {
  CHECK(mask_address("1234") == "1234");
  CHECK(mask_address("456789") == "456789");
  CHECK(mask_address("4") == "4");
  CHECK(mask_address("+1234") == "+1234");
  CHECK(mask_address("012345") == "012345");
  // 7 digits is no longer a short code.
  CHECK(mask_address("1234567") == "1****67");
}

TEST_CASE("mask_address: alphanumeric sender IDs are kept") {
  CHECK(mask_address("MyBank") == "MyBank");
  CHECK(mask_address("AIS") == "AIS");
  CHECK(mask_address("Promo 2024") == "Promo 2024");
  CHECK(mask_address("KBank-TH", kTonAlphanumeric) == "KBank-TH");
  // ... except a phone number hidden inside one.
  CHECK(mask_address("Call0812345678") == "Call********78");
  CHECK(mask_address("T66812345678") == "T*********78");
  // All digits with TON 5 still follows the numeric rules.
  CHECK(mask_address("66812345678", kTonAlphanumeric) == "66*******78");
}

TEST_CASE("mask_address: empty and garbage") {
  CHECK(mask_address("") == "");
  CHECK(mask_address("+") == "+");
  CHECK(mask_address("--") == "--");
  CHECK(mask_address(std::string("66\x01" "812345678", 12)) == "**?*******78");
  CHECK(mask_address("+66+812345678") == "+**+*******78");
  CHECK(mask_address("\xe0\xb9\x96\xe0\xb9\x96") == "??????");  // Thai digits: not ASCII
  CHECK(mask_address(std::string("\0\0", 2)) == "??");
}

TEST_CASE("mask_address: output is printable ASCII and never longer and never shows 7 digits in a row") {
  std::mt19937 rng(12345);
  const std::string alphabet = "0123456789+- ()abcXYZ\x01\xff";
  for (int i = 0; i < 20000; ++i) {
    std::string in;
    const int len = static_cast<int>(rng() % 22);
    for (int k = 0; k < len; ++k) {
      // Mostly digits, so that numeric paths are hit often.
      in.push_back(rng() % 3 ? static_cast<char>('0' + rng() % 10) : alphabet[rng() % alphabet.size()]);
    }
    const std::string out = mask_address(in, static_cast<std::uint8_t>(rng() % 7));
    INFO(in << " -> " << out);
    REQUIRE(out.size() <= in.size());
    int run = 0;
    for (char c : out) {
      REQUIRE(c >= 0x20);
      REQUIRE(c <= 0x7e);
      run = (c >= '0' && c <= '9') ? run + 1 : 0;
      REQUIRE(run <= 6);
    }
  }
}
