// Framing: scan_frame must find PDU boundaries in a byte stream and reject untrustworthy
// command_length values as soon as the four length octets are present.

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "smpp/frame.h"
#include "smpp/pdu_writer.h"
#include "smpp/smpp_constants.h"
#include "smpp_test_util.h"

using namespace smsfw::smpp;
using Kind = FrameScan::Kind;

namespace {

constexpr std::size_t kMax = 4096;

std::vector<std::uint8_t> length_prefix(std::uint32_t length) {
  std::vector<std::uint8_t> v(4);
  store_u32(v.data(), length);
  return v;
}

}  // namespace

TEST_CASE("load/store helpers are big-endian", "[smpp][frame]") {
  std::uint8_t b[4];
  store_u32(b, 0x01020304u);
  CHECK(b[0] == 0x01);
  CHECK(b[1] == 0x02);
  CHECK(b[2] == 0x03);
  CHECK(b[3] == 0x04);
  CHECK(load_u32(b) == 0x01020304u);
  CHECK(load_u16(b + 1) == 0x0203u);
  store_u32(b, 0xFFFFFFFEu);
  CHECK(load_u32(b) == 0xFFFFFFFEu);

  const std::uint8_t h[16] = {0, 0, 0, 16, 0x80, 0, 0, 0x15, 0, 0, 0, 0x58, 0x7F, 0xFF, 0xFF, 0xFF};
  const Header hdr = load_header(h);
  CHECK(hdr.command_length == 16u);
  CHECK(hdr.command_id == cmd::enquire_link_resp);
  CHECK(hdr.command_status == status::throttled);
  CHECK(hdr.sequence_number == 0x7FFFFFFFu);
}

TEST_CASE("scan_frame: fewer than 4 bytes is incomplete and asks for a header", "[smpp][frame]") {
  const std::uint8_t bytes[3] = {0, 0, 0};
  for (std::size_t n = 0; n <= 3; ++n) {
    const FrameScan s = scan_frame(std::span<const std::uint8_t>(bytes, n), kMax);
    CHECK(s.kind == Kind::incomplete);
    CHECK(s.length == kHeaderSize);
  }
  // Even 3 bytes of what will become an absurd length say nothing yet.
  const std::uint8_t big[3] = {0xFF, 0xFF, 0xFF};
  CHECK(scan_frame(std::span<const std::uint8_t>(big, 3), kMax).kind == Kind::incomplete);
}

TEST_CASE("scan_frame: command_length below 16 is bad_length", "[smpp][frame]") {
  for (std::uint32_t len = 0; len < 16; ++len) {
    auto v = length_prefix(len);
    v.resize(32, 0);  // plenty of bytes behind it: still rejected
    const FrameScan s = scan_frame(v, kMax);
    CHECK(s.kind == Kind::bad_length);
    CHECK(s.length == len);
    // ... and already with only the four length octets.
    CHECK(scan_frame(std::span<const std::uint8_t>(v.data(), 4), kMax).kind == Kind::bad_length);
  }
}

TEST_CASE("scan_frame: command_length above the maximum is rejected before the body", "[smpp][frame]") {
  for (std::uint32_t len : {std::uint32_t{kMax + 1}, std::uint32_t{kMax + 1000}, 0x7FFFFFFFu, 0xFFFFFFFFu}) {
    const auto v = length_prefix(len);
    for (std::size_t n = 4; n <= v.size(); ++n) {
      const FrameScan s = scan_frame(std::span<const std::uint8_t>(v.data(), n), kMax);
      CHECK(s.kind == Kind::bad_length);
      CHECK(s.length == len);
    }
  }
  // With a header's worth of bytes too.
  auto v = length_prefix(kMax + 1);
  v.resize(16, 0);
  CHECK(scan_frame(v, kMax).kind == Kind::bad_length);
}

TEST_CASE("scan_frame: exactly 16 bytes is a complete header-only PDU", "[smpp][frame]") {
  std::vector<std::uint8_t> buf;
  write_header_only(buf, cmd::enquire_link, 0, 7);
  REQUIRE(buf.size() == 16);
  for (std::size_t n = 4; n < 16; ++n) {
    const FrameScan s = scan_frame(std::span<const std::uint8_t>(buf.data(), n), kMax);
    CHECK(s.kind == Kind::incomplete);
    CHECK(s.length == 16u);
  }
  const FrameScan s = scan_frame(buf, kMax);
  CHECK(s.kind == Kind::complete);
  CHECK(s.length == 16u);
  // A maximum of exactly 16 still accepts it.
  CHECK(scan_frame(buf, 16).kind == Kind::complete);
  CHECK(scan_frame(buf, 15).kind == Kind::bad_length);
}

TEST_CASE("scan_frame: exactly the maximum length is accepted", "[smpp][frame]") {
  std::vector<std::uint8_t> buf;
  PduWriter w(buf);
  w.begin(cmd::data_sm, 0, 1);
  while (buf.size() < kMax) w.u8(0xAB);
  w.finish();
  REQUIRE(buf.size() == kMax);
  REQUIRE(load_u32(buf.data()) == kMax);

  FrameScan s = scan_frame(std::span<const std::uint8_t>(buf.data(), kMax - 1), kMax);
  CHECK(s.kind == Kind::incomplete);
  CHECK(s.length == kMax);
  s = scan_frame(buf, kMax);
  CHECK(s.kind == Kind::complete);
  CHECK(s.length == kMax);
  // One more byte in the buffer (the start of the next PDU) does not change the answer.
  buf.push_back(0);
  s = scan_frame(buf, kMax);
  CHECK(s.kind == Kind::complete);
  CHECK(s.length == kMax);
  // One below the length is the max: rejected.
  CHECK(scan_frame(buf, kMax - 1).kind == Kind::bad_length);
}

TEST_CASE("scan_frame: walks a buffer of several frames and a partial one", "[smpp][frame]") {
  std::vector<std::uint8_t> buf;
  std::vector<std::size_t> lengths;
  std::vector<std::uint32_t> sequences;
  auto note = [&](std::span<const std::uint8_t> pdu) {
    lengths.push_back(pdu.size());
    sequences.push_back(load_u32(pdu.data() + 12));
  };
  note(write_header_only(buf, cmd::enquire_link, 0, 1));
  const std::uint8_t text[] = {'h', 'i', 0x00, '!'};
  ShortMessage m;
  m.source = "SENDER";
  m.destination = "66812345678";
  m.short_message = text;
  note(write_short_message(buf, cmd::submit_sm, 2, m));
  note(write_bind(buf, cmd::bind_transceiver, 3, "sys", "pw", "type"));
  note(write_id_response(buf, cmd::submit_sm_resp, 0, 4, "abc123"));
  note(write_short_message(buf, cmd::deliver_sm, 5, m));
  const std::size_t complete_bytes = buf.size();
  // A partial submit_sm: its full length is known, only 10 of its bytes have arrived.
  std::vector<std::uint8_t> tail;
  const auto partial = write_short_message(tail, cmd::submit_sm, 6, m);
  buf.insert(buf.end(), partial.begin(), partial.begin() + 10);

  std::span<const std::uint8_t> rest(buf);
  std::size_t i = 0;
  for (;;) {
    const FrameScan s = scan_frame(rest, kMax);
    if (s.kind != Kind::complete) {
      CHECK(s.kind == Kind::incomplete);
      CHECK(s.length == partial.size());
      break;
    }
    REQUIRE(i < lengths.size());
    CHECK(s.length == lengths[i]);
    CHECK(load_header(rest.data()).sequence_number == sequences[i]);
    rest = rest.subspan(s.length);
    ++i;
  }
  CHECK(i == lengths.size());
  CHECK(rest.size() == 10u);
  CHECK(buf.size() - rest.size() == complete_bytes);
}

TEST_CASE("scan_frame: a stream fed one byte at a time yields every frame", "[smpp][frame]") {
  std::vector<std::uint8_t> stream;
  for (std::uint32_t seq = 1; seq <= 20; ++seq) {
    if (seq % 3 == 0)
      write_bind(stream, cmd::bind_transmitter, seq, "esme", "secret");
    else
      write_header_only(stream, cmd::enquire_link, 0, seq);
  }
  std::vector<std::uint8_t> rx;
  std::vector<std::uint32_t> seen;
  for (std::uint8_t b : stream) {
    rx.push_back(b);
    for (;;) {
      const FrameScan s = scan_frame(rx, kMax);
      REQUIRE(s.kind != Kind::bad_length);
      if (s.kind == Kind::incomplete) {
        CHECK(s.length > rx.size());
        break;
      }
      seen.push_back(load_header(rx.data()).sequence_number);
      rx.erase(rx.begin(), rx.begin() + static_cast<std::ptrdiff_t>(s.length));
    }
  }
  CHECK(rx.empty());
  REQUIRE(seen.size() == 20u);
  for (std::uint32_t i = 0; i < 20; ++i) CHECK(seen[i] == i + 1);
}

TEST_CASE("scan_frame: garbage is rejected, never taken for a huge frame to wait for", "[smpp][frame]") {
  // An HTTP request or TLS ClientHello on the SMPP port: the first four bytes read as a length.
  const std::string_view http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  FrameScan s = scan_frame(test::as_bytes(http), kMax);
  CHECK(s.kind == Kind::bad_length);
  CHECK(s.length == 0x47455420u);  // "GET "

  const std::uint8_t tls[] = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03};
  s = scan_frame(tls, kMax);
  CHECK(s.kind == Kind::bad_length);
  CHECK(s.length == 0x16030102u);

  // All-zero bytes: length 0.
  const std::vector<std::uint8_t> zeros(64, 0);
  s = scan_frame(zeros, kMax);
  CHECK(s.kind == Kind::bad_length);
  CHECK(s.length == 0u);

  // Random bytes: the verdict always agrees with the length octets and never reads further.
  test::Rng rng(0xF00D);
  for (int i = 0; i < 5000; ++i) {
    const auto bytes = rng.octets_exact(rng.range(0, 40));
    const FrameScan r = scan_frame(bytes, kMax);
    if (bytes.size() < 4) {
      CHECK(r.kind == Kind::incomplete);
      continue;
    }
    const std::uint32_t len = load_u32(bytes.data());
    if (len < 16 || len > kMax)
      CHECK(r.kind == Kind::bad_length);
    else if (bytes.size() < len)
      CHECK(r.kind == Kind::incomplete);
    else
      CHECK(r.kind == Kind::complete);
    CHECK(r.length == len);
  }
}
