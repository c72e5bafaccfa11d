// Random octets (deterministic seeds) through every decoder: never crash, never read out of
// bounds, always append valid UTF-8 whose code-point count is the
// reported `chars`, and never touch what the caller's string already held.

#include <catch2/catch.hpp>

#include "filters/text/decode_result_print.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "support/utf8_check.h"
#include "support/rng.h"
#include "text/data_coding.h"
#include "text/gsm7.h"
#include "text/single_byte.h"
#include "text/utf16.h"

using namespace smsfw::filters::text;
using smsfw::test::is_valid_utf8;
using smsfw::test::utf8_length;
using Bytes = std::vector<std::uint8_t>;
using Decoder = std::function<DecodeResult(std::span<const std::uint8_t>, std::string&)>;

namespace {

const std::string kPrefix = "prefix\u00E9|";

// Runs `decode` on `iterations` random inputs (exact copies, so ASan sees the true bounds).
void sweep(std::uint64_t seed, const Decoder& decode, int iterations = 3000) {
  smsfw::test::Rng rng(seed);
  for (int i = 0; i < iterations; ++i) {
    const Bytes in = rng.octets(rng.chance(10) ? 600 : 40);
    std::string out = kPrefix;
    const DecodeResult r = decode(in, out);
    INFO("seed " << seed << " iteration " << i << " length " << in.size());
    REQUIRE(out.compare(0, kPrefix.size(), kPrefix) == 0);
    const std::string_view added(out.data() + kPrefix.size(), out.size() - kPrefix.size());
    REQUIRE(is_valid_utf8(added));
    REQUIRE(utf8_length(added) == r.chars);
    REQUIRE(r.invalid <= r.chars);  // every invalid unit yields one character
  }
}

}  // namespace

TEST_CASE("random gsm7 unpacked") { sweep(1, decode_gsm7_unpacked); }

TEST_CASE("random gsm7 packed with every fill and septet count") {
  smsfw::test::Rng knobs(2);
  sweep(2, [&](std::span<const std::uint8_t> b, std::string& out) {
    const unsigned fill = knobs.below(9);  // 7 and 8 are out of spec: must still be safe
    const std::size_t septets = knobs.below(700);
    DecodeResult r = decode_gsm7_packed(b, septets, fill, out);
    REQUIRE(r.chars <= septets);
    REQUIRE(r.invalid <= septets);  // missing septets count as invalid too
    r.invalid = 0;
    const DecodeResult auto_r = decode_gsm7_packed(b, fill, out);
    REQUIRE(gsm7_packed_septet_count(b, fill) <= gsm7_packed_capacity(b.size(), fill));
    r.chars += auto_r.chars;
    r.invalid += auto_r.invalid;
    return r;
  });
}

TEST_CASE("random utf16be") { sweep(3, decode_utf16be); }

TEST_CASE("random ia5 and latin1 and cp1252") {
  sweep(4, decode_ia5);
  sweep(5, [](std::span<const std::uint8_t> b, std::string& out) { return decode_latin1(b, out); });
  sweep(6, [](std::span<const std::uint8_t> b, std::string& out) {
    return decode_latin1(b, out, Latin1Variant::cp1252);
  });
}

TEST_CASE("random iso8859-5 and iso8859-8") {
  sweep(7, decode_iso8859_5);
  sweep(8, decode_iso8859_8);
}

TEST_CASE("random decode over every data_coding and account default") {
  for (unsigned dc = 0; dc < 256; ++dc) {
    for (const auto def : {SmscDefault::gsm7_unpacked, SmscDefault::gsm7_packed,
                           SmscDefault::latin1, SmscDefault::ascii}) {
      smsfw::test::Rng knobs(dc);
      sweep(1000 + dc * 4 + static_cast<unsigned>(def),
            [&](std::span<const std::uint8_t> b, std::string& out) {
              DecodeOptions o;
              o.gsm7_fill_bits = knobs.below(7);
              o.latin1 = knobs.chance(50) ? Latin1Variant::cp1252 : Latin1Variant::iso8859_1;
              const TextDecodeResult r = decode(static_cast<std::uint8_t>(dc), b, def, out, o);
              if (r.status != DecodeStatus::text) REQUIRE(r.counts == DecodeResult{});
              return r.counts;
            },
            40);
    }
  }
}
