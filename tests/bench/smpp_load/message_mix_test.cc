// smpp-load's message mix: the --messages file (one text per non-empty line, CR dropped, errors
// for a missing or empty file), templates used round robin, and the submit_sm they produce:
// sequence number and destination counter patched in, addresses, data_coding, receipts flag.

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include "smpp/pdu_view.h"
#include "smpp_load/message_mix.h"

using namespace smsfw::bench::load;
namespace smpp = smsfw::smpp;

namespace {

// A file under the temp directory holding `contents`, removed at scope exit.
struct TempFile {
  explicit TempFile(const std::string& contents)
      : path((std::filesystem::temp_directory_path() /
              ("smsfw-bench-mix-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                 .string()) {
    std::ofstream(path, std::ios::binary) << contents;
  }
  ~TempFile() { std::remove(path.c_str()); }
  static inline int counter = 0;
  std::string path;
};

// Appends message `index` and parses it back.
struct Built {
  std::vector<std::uint8_t> bytes;
  smpp::MessageFields f;
  std::uint32_t sequence = 0;
  std::string text() const { return {f.short_message.begin(), f.short_message.end()}; }
};

Built build(const MessageMix& mix, std::size_t index, std::uint32_t sequence, std::uint64_t number) {
  Built b;
  mix.append(b.bytes, index, sequence, number);
  const smpp::FrameScan scan = smpp::scan_frame(b.bytes, 64 * 1024);
  REQUIRE(scan.kind == smpp::FrameScan::Kind::complete);
  REQUIRE(scan.length == b.bytes.size());
  const smpp::PduView pdu(b.bytes);
  REQUIRE(pdu.command_id() == smpp::cmd::submit_sm);
  REQUIRE(pdu.parse_message(b.f) == smpp::ParseError::none);
  b.sequence = pdu.sequence_number();
  return b;
}

}  // namespace

TEST_CASE("load_file: one text per non-empty line, CR of CRLF dropped, UTF-8 kept as is") {
  const TempFile file("first\r\n\nsecond line\n\r\nธนาคาร\nlast without newline");
  CHECK(MessageMix::load_file(file.path) ==
        std::vector<std::string>{"first", "second line", "ธนาคาร", "last without newline"});
}

TEST_CASE("load_file: a missing file or one without text is an error naming the file") {
  const std::string missing = "/nonexistent/smsfw-bench-no-such-file.txt";
  CHECK_THROWS_WITH(MessageMix::load_file(missing), Catch::Contains(missing));
  const TempFile blank("\n\r\n\n");
  CHECK_THROWS_AS(MessageMix::load_file(blank.path), std::runtime_error);
  CHECK_THROWS_WITH(MessageMix::load_file(blank.path), Catch::Contains("no text") && Catch::Contains(blank.path));
}

TEST_CASE("Templates are used round robin and carry the sequence number given") {
  const MessageMix mix({"one", "two", "three"}, MixSettings{});
  REQUIRE(mix.size() == 3);
  const char* expected[] = {"one", "two", "three", "one", "two"};
  for (std::size_t i = 0; i < 5; ++i) {
    const Built b = build(mix, i, 1000 + static_cast<std::uint32_t>(i), i);
    CHECK(b.text() == expected[i]);
    CHECK(b.sequence == 1000 + i);
  }
  CHECK(mix.gsm_count() == 3);
  CHECK(mix.truncated_count() == 0);
}

TEST_CASE("The destination prefix is completed to 11 digits by the message number") {
  const MessageMix mix({"x"}, MixSettings{});
  CHECK(build(mix, 0, 1, 0).f.destination.digits == "66810000000");
  CHECK(build(mix, 0, 1, 42).f.destination.digits == "66810000042");
  CHECK(build(mix, 0, 1, 9'999'999).f.destination.digits == "66819999999");
  CHECK(build(mix, 0, 1, 12'345'678).f.destination.digits == "66812345678");  // modulo the 7 free digits
  const Built b = build(mix, 0, 1, 7);
  CHECK(b.f.destination.ton == 1);
  CHECK(b.f.destination.npi == 1);
}

TEST_CASE("A destination of 11 or more digits is used as is") {
  MixSettings s;
  s.destination = "66812345678";
  const MessageMix mix({"x"}, s);
  CHECK(build(mix, 0, 1, 5).f.destination.digits == "66812345678");
  s.destination = "4915112345678";
  const MessageMix longer({"x"}, s);
  CHECK(build(longer, 0, 1, 5).f.destination.digits == "4915112345678");
}

TEST_CASE("Source address: alphanumeric is TON 5 / NPI 0, all digits TON 1 / NPI 1") {
  const Built alpha = build(MessageMix({"x"}, MixSettings{}), 0, 1, 0);
  CHECK(alpha.f.source.digits == "LoadTest");
  CHECK(alpha.f.source.ton == 5);
  CHECK(alpha.f.source.npi == 0);
  MixSettings s;
  s.source = "66899999999";
  const Built digits = build(MessageMix({"x"}, s), 0, 1, 0);
  CHECK(digits.f.source.digits == "66899999999");
  CHECK(digits.f.source.ton == 1);
  CHECK(digits.f.source.npi == 1);
}

TEST_CASE("Addresses longer than 20 characters are refused") {
  MixSettings s;
  s.source = std::string(21, 'A');
  CHECK_THROWS_AS(MessageMix({"x"}, s), std::invalid_argument);
  s.source = std::string(20, 'A');
  CHECK_NOTHROW(MessageMix({"x"}, s));
  s.destination = std::string(21, '6');
  CHECK_THROWS_AS(MessageMix({"x"}, s), std::invalid_argument);
  CHECK_THROWS_AS(MessageMix({}, MixSettings{}), std::invalid_argument);
}

TEST_CASE("registered_delivery is 1 only when receipts are requested") {
  CHECK(build(MessageMix({"x"}, MixSettings{}), 0, 1, 0).f.registered_delivery == 0);
  MixSettings s;
  s.request_receipt = true;
  CHECK(build(MessageMix({"x"}, s), 0, 1, 0).f.registered_delivery == 1);
}

TEST_CASE("Texts are encoded per line: GSM, UCS-2 and truncation are counted") {
  const MessageMix mix({"plain", "ธนาคาร", std::string(200, 'a')}, MixSettings{});
  CHECK(mix.gsm_count() == 2);
  CHECK(mix.truncated_count() == 1);
  const Built gsm = build(mix, 0, 1, 0);
  CHECK(gsm.f.data_coding == 0x00);
  const Built thai = build(mix, 1, 2, 0);
  CHECK(thai.f.data_coding == 0x08);
  CHECK(thai.f.short_message.size() == 12);
  CHECK(thai.f.short_message[0] == 0x0E);
  CHECK(thai.f.short_message[1] == 0x18);
  const Built cut = build(mix, 2, 3, 0);
  CHECK(cut.f.short_message.size() == 160);
  CHECK(mix.max_pdu_size() == cut.bytes.size());
}

TEST_CASE("Appending several messages to one buffer yields back-to-back frames") {
  const MessageMix mix(MessageMix::default_texts(), MixSettings{});
  CHECK(mix.size() == MessageMix::default_texts().size());
  CHECK(mix.gsm_count() == mix.size());  // the built-in lines are all GSM
  std::vector<std::uint8_t> out;
  for (std::uint32_t i = 0; i < 10; ++i) mix.append(out, i, 100 + i, i);
  std::span<const std::uint8_t> rest(out);
  for (std::uint32_t i = 0; i < 10; ++i) {
    const smpp::FrameScan scan = smpp::scan_frame(rest, 64 * 1024);
    REQUIRE(scan.kind == smpp::FrameScan::Kind::complete);
    CHECK(scan.length <= mix.max_pdu_size());
    const smpp::PduView pdu(rest.first(scan.length));
    CHECK(pdu.sequence_number() == 100 + i);
    smpp::MessageFields f;
    REQUIRE(pdu.parse_message(f) == smpp::ParseError::none);
    CHECK(f.destination.digits == "6681000000" + std::to_string(i));
    rest = rest.subspan(scan.length);
  }
  CHECK(rest.empty());
}
