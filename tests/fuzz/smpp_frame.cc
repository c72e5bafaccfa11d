// Fuzz target: SMPP framing and the PDU view, the way the proxy reads a receive buffer.
//
// Input: byte 0 picks the maximum command_length (small to 64 KiB), bytes 1-2 drive the edits
// tried on each message PDU, the rest is the stream. Every complete frame is read with PduView:
// parse_bind for bind PDUs, parse_message for the message PDUs, the TLV walker / find_tlv /
// validate_tlvs over the TLV section and the whole body, the submit_multi destination walker,
// and rewrite_message (no edit: the bytes come back unchanged; with edits: the result is a frame
// that parses again). Checked: frame lengths within [16, max], every view inside its frame,
// C-Octet Strings free of NUL, TLV walks that add up.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "fuzz/fuzz_check.h"
#include "smpp/frame.h"
#include "smpp/pdu_rewrite.h"
#include "smpp/pdu_view.h"

namespace {

using namespace smsfw::smpp;
using smsfw::fuzz::inside;

constexpr std::size_t kMaxLengths[] = {16, 17, 64, 300, 1024, 4096, 65536, 70000};

bool clean(std::string_view s, std::span<const std::uint8_t> frame) {
  return inside(s, frame) && s.find('\0') == std::string_view::npos;
}

// Walks a TLV section; returns true when it is well formed. The walk must agree with
// validate_tlvs, and on a valid section find_tlv must return the first TLV of each tag walked.
bool walk_tlvs(std::span<const std::uint8_t> section) {
  const bool valid = validate_tlvs(section) == ParseError::none;
  TlvWalker w(section);
  Tlv t;
  std::size_t consumed = 0;
  while (w.next(t)) {
    FUZZ_CHECK(inside(t.value, section) && t.value.size() <= 0xFFFF);
    consumed += 4 + t.value.size();
    if (valid) {
      Tlv first;
      FUZZ_CHECK(find_tlv(section, t.tag, first) && first.tag == t.tag && first.value.data() <= t.value.data());
    }
  }
  FUZZ_CHECK(valid == !w.error());
  if (valid) FUZZ_CHECK(consumed == section.size());
  return valid;
}

void check_message(const PduView& pdu, std::uint8_t e1, std::uint8_t e2) {
  const auto frame = pdu.bytes();
  MessageFields f;
  const ParseError err = pdu.parse_message(f);
  (void)to_string(err);
  (void)status_for(err);
  if (err != ParseError::none) return;
  FUZZ_CHECK(clean(f.service_type, frame) && clean(f.source.digits, frame) && clean(f.destination.digits, frame));
  FUZZ_CHECK(clean(f.schedule_delivery_time, frame) && clean(f.validity_period, frame));
  FUZZ_CHECK(inside(f.short_message, frame) && inside(f.tlvs, frame) && inside(f.dest_list, frame));
  FUZZ_CHECK(f.short_message.size() <= 255);
  FUZZ_CHECK(f.tlvs.empty() || f.tlvs.data() + f.tlvs.size() == frame.data() + frame.size());
  FUZZ_CHECK(walk_tlvs(f.tlvs));

  if (pdu.command_id() == cmd::submit_multi) {
    MultiDestinationWalker w(f.dest_list);
    MultiDestination d;
    std::size_t n = 0;
    while (w.next(d)) {
      ++n;
      FUZZ_CHECK(d.dest_flag == 1 || d.dest_flag == 2);
      FUZZ_CHECK(clean(d.address.digits, frame) && clean(d.dl_name, frame));
    }
    FUZZ_CHECK(n == f.number_of_dests);
  }

  // No edit: the PDU comes back byte for byte.
  std::vector<std::uint8_t> out;
  MessageEdit none;
  none.max_pdu_length = 1 << 20;
  FUZZ_CHECK(rewrite_message(pdu, f, none, out) == RewriteError::none);
  FUZZ_CHECK(out.size() == frame.size() && std::equal(out.begin(), out.end(), frame.begin()));

  // Edits chosen by two input bytes: the result must be a frame that parses as a message again.
  static const std::uint8_t kPrefix[] = {'[', 'S', 'P', 'A', 'M', ']', ' ', 0x00, 0xFF};
  MessageEdit edit;
  if (e1 & 1) edit.new_source = std::string_view("FIREWALL-TAG-ABCDEFGHIJKLMN").substr(0, e2 % 28);
  if (e1 & 2) edit.body_prefix = std::span<const std::uint8_t>(kPrefix, e2 % sizeof kPrefix);
  edit.udh_length = (e1 & 4) ? e2 % 16 : 0;
  if (e1 & 8) edit.replace_text = std::span<const std::uint8_t>(kPrefix, (e2 >> 4) % sizeof kPrefix);
  if (e1 & 16) {
    edit.append_tlv_tag = static_cast<std::uint16_t>(0x1400 + e2);
    edit.append_tlv_value = std::span<const std::uint8_t>(kPrefix, e2 % sizeof kPrefix);
  }
  if (e1 & 32) edit.max_short_message = e2;
  if (e1 & 64) edit.max_pdu_length = 16 + e2 * 4u;
  out.assign({0xAA, 0xBB});  // rewrite_message appends: the existing bytes must stay
  const RewriteError rerr = rewrite_message(pdu, f, edit, out);
  (void)to_string(rerr);
  FUZZ_CHECK(out[0] == 0xAA && out[1] == 0xBB);
  if (rerr != RewriteError::none) {
    FUZZ_CHECK(out.size() == 2);
    return;
  }
  const std::span<const std::uint8_t> rebuilt(out.data() + 2, out.size() - 2);
  FUZZ_CHECK(rebuilt.size() <= edit.max_pdu_length);
  const FrameScan scan = scan_frame(rebuilt, edit.max_pdu_length);
  FUZZ_CHECK(scan.kind == FrameScan::Kind::complete && scan.length == rebuilt.size());
  const PduView again(rebuilt);
  FUZZ_CHECK(again.command_id() == pdu.command_id() && again.sequence_number() == pdu.sequence_number());
  MessageFields g;
  FUZZ_CHECK(again.parse_message(g) == ParseError::none);
  if (edit.new_source) FUZZ_CHECK(g.source.digits == *edit.new_source);
}

void check_frame(std::span<const std::uint8_t> frame, std::uint8_t e1, std::uint8_t e2) {
  const PduView pdu(frame);
  FUZZ_CHECK(pdu.header().command_length == frame.size());
  FUZZ_CHECK(pdu.body().size() == frame.size() - kHeaderSize);
  (void)is_known_request(pdu.command_id());
  walk_tlvs(pdu.body());  // any body read as TLVs: never out of bounds

  if (is_bind(pdu.command_id())) {
    BindFields b;
    if (pdu.parse_bind(b) == ParseError::none) {
      FUZZ_CHECK(clean(b.system_id, frame) && clean(b.password, frame) && clean(b.system_type, frame) &&
                 clean(b.address_range.digits, frame));
    }
  }
  if (PduView::carries_message(pdu.command_id())) check_message(pdu, e1, e2);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::size_t max = kMaxLengths[data[0] % std::size(kMaxLengths)];
  const std::uint8_t e1 = data[1], e2 = data[2];
  // A copy of exactly the stream bytes, so that ASan sees any read past the end of the buffer.
  const std::vector<std::uint8_t> stream(data + 3, data + size);
  std::span<const std::uint8_t> rest(stream);
  while (true) {
    const FrameScan scan = scan_frame(rest, max);
    if (scan.kind == FrameScan::Kind::bad_length) {
      FUZZ_CHECK(rest.size() >= 4 && (scan.length < kHeaderSize || scan.length > max));
      break;
    }
    if (scan.kind == FrameScan::Kind::incomplete) {
      FUZZ_CHECK(scan.length > rest.size() && scan.length >= kHeaderSize && scan.length <= std::max(max, kHeaderSize));
      break;
    }
    FUZZ_CHECK(scan.length >= kHeaderSize && scan.length <= max && scan.length <= rest.size());
    // Each frame in a buffer of its own, for the same reason.
    const std::vector<std::uint8_t> frame(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(scan.length));
    check_frame(frame, e1, e2);
    rest = rest.subspan(scan.length);
  }
  return 0;
}
