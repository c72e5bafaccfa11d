// smsc-sim's delivery receipt: a deliver_sm with esm_class 0x04, addresses swapped, the
// appendix-B text "id:... sub:001 dlvrd:001 submit date:... done date:... stat:DELIVRD err:000
// text:...", receipted_message_id with its NUL and message_state 2 (DELIVERED); the date stamp.

#include <catch2/catch.hpp>

#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "smpp/pdu_view.h"
#include "smsc_sim/receipt_builder.h"

using namespace smsfw::bench::sim;
namespace smpp = smsfw::smpp;

namespace {

std::span<const std::uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

struct Receipt {
  std::vector<std::uint8_t> bytes;
  smpp::MessageFields f;
  std::string text() const { return {f.short_message.begin(), f.short_message.end()}; }
  std::vector<std::uint8_t> tlv(std::uint16_t tag) const {
    smpp::Tlv t;
    if (!smpp::find_tlv(f.tlvs, tag, t)) return {};
    return {t.value.begin(), t.value.end()};
  }
};

Receipt build(std::uint32_t sequence, const ReceiptSource& src, std::string_view date = "2401311259") {
  Receipt r;
  append_receipt(r.bytes, sequence, src, date);
  const smpp::FrameScan scan = smpp::scan_frame(r.bytes, 64 * 1024);
  REQUIRE(scan.kind == smpp::FrameScan::Kind::complete);
  REQUIRE(scan.length == r.bytes.size());
  REQUIRE(smpp::PduView(r.bytes).parse_message(r.f) == smpp::ParseError::none);
  return r;
}

ReceiptSource source(std::string_view id, std::string_view body, std::uint8_t data_coding = 0) {
  ReceiptSource s;
  s.message_id = id;
  s.submit_source = {5, 0, "LoadTest"};
  s.submit_destination = {1, 1, "66810000001"};
  s.body = as_bytes(body);
  s.data_coding = data_coding;
  return s;
}

}  // namespace

TEST_CASE("The receipt is a deliver_sm with the appendix B text and swapped addresses") {
  const Receipt r = build(7, source("0000002A", "Hello world, this is a longer text"));
  const smpp::PduView pdu(r.bytes);
  CHECK(pdu.command_id() == smpp::cmd::deliver_sm);
  CHECK(pdu.command_status() == 0);
  CHECK(pdu.sequence_number() == 7);
  CHECK(r.text() ==
        "id:0000002A sub:001 dlvrd:001 submit date:2401311259 done date:2401311259 stat:DELIVRD err:000 "
        "text:Hello world, this is");
  CHECK(r.f.esm_class == 0x04);
  CHECK(r.f.data_coding == 0);
  CHECK(r.f.registered_delivery == 0);
  CHECK(r.f.service_type.empty());
  CHECK(r.f.source.digits == "66810000001");
  CHECK((r.f.source.ton == 1 && r.f.source.npi == 1));
  CHECK(r.f.destination.digits == "LoadTest");
  CHECK((r.f.destination.ton == 5 && r.f.destination.npi == 0));
}

TEST_CASE("TLVs: receipted_message_id with its trailing NUL, message_state 2") {
  const Receipt r = build(1, source("0000002A", "x"));
  const std::string id_nul("0000002A\0", 9);
  CHECK(r.tlv(smpp::tlv::receipted_message_id) == std::vector<std::uint8_t>(id_nul.begin(), id_nul.end()));
  CHECK(r.tlv(smpp::tlv::message_state) == std::vector<std::uint8_t>{2});
}

TEST_CASE("text: holds at most 20 characters, short and empty bodies are copied as they are") {
  CHECK(build(1, source("1", "short")).text().ends_with(" err:000 text:short"));
  CHECK(build(1, source("1", "")).text().ends_with(" err:000 text:"));
  CHECK(build(1, source("1", std::string(100, 'z'))).text().ends_with("text:" + std::string(20, 'z')));
}

TEST_CASE("text: UCS-2 is turned back into ASCII, anything else becomes ?") {
  // "ok" + Thai "ธน" + an emoji as a surrogate pair (one ? per UTF-16 unit) + "!"
  const std::string ucs2("\x00o\x00k\x0E\x18\x0E\x19\xD8\x3D\xDE\x00\x00!", 14);
  CHECK(build(1, source("1", ucs2, 0x08)).text().ends_with("text:ok????" "!"));
  // Octets outside printable ASCII (control septets such as 0x01, DEL, 8-bit) become ? as well.
  CHECK(build(1, source("1", std::string("a\x01\x7F\x80z", 5))).text().ends_with("text:a??" "?z"));
}

TEST_CASE("A message id longer than 64 characters is cut to 64 in the text and the TLV") {
  const std::string long_id(80, 'F');
  const Receipt r = build(1, source(long_id, "x"));
  CHECK(r.text().starts_with("id:" + std::string(64, 'F') + " sub:001"));
  CHECK(r.tlv(smpp::tlv::receipted_message_id).size() == 65);
  CHECK(r.tlv(smpp::tlv::receipted_message_id).back() == 0);
}

TEST_CASE("Receipts append after what the buffer already holds") {
  std::vector<std::uint8_t> out{0xAA};
  append_receipt(out, 1, source("1", "a"), "2401311259");
  append_receipt(out, 2, source("2", "b"), "2401311259");
  CHECK(out[0] == 0xAA);
  std::span<const std::uint8_t> rest = std::span<const std::uint8_t>(out).subspan(1);
  for (std::uint32_t seq = 1; seq <= 2; ++seq) {
    const smpp::FrameScan scan = smpp::scan_frame(rest, 64 * 1024);
    REQUIRE(scan.kind == smpp::FrameScan::Kind::complete);
    CHECK(smpp::PduView(rest.first(scan.length)).sequence_number() == seq);
    rest = rest.subspan(scan.length);
  }
  CHECK(rest.empty());
}

TEST_CASE("ReceiptClock gives the current UTC minute as YYMMDDhhmm") {
  auto stamp = [](std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%y%m%d%H%M", &tm);
    return std::string(buf);
  };
  ReceiptClock clock;
  const std::string before = stamp(std::time(nullptr));
  const std::string now(clock.now());
  const std::string after = stamp(std::time(nullptr));
  CHECK(now.size() == 10);
  CHECK((now == before || now == after));
  CHECK(std::string(clock.now()) >= now);  // cached per minute, never goes back
}
