// Fuzz target: the libsmpp34 wrapper (gateway/smpp/smpp34_codec.h), the only code that calls
// libsmpp34. SMPP-NOTES.md lists the library's defects; the wrapper's guards against them are:
// statuses and sequence numbers libsmpp34 refuses (vendor range, 0) packed with stand-ins and
// patched in afterwards, a system_id longer than the field truncated, a pack buffer one byte
// larger than any response, and no network bytes ever handed to libsmpp34.
//
// Input: a sequence of calls (build_response / build_generic_nack / build_unbind /
// ResponseCache) with fuzzed command ids, statuses, sequence numbers and system_id strings.
// Checked: no exception, every result is one complete frame whose header carries exactly the
// requested response command, status and sequence; bind responses carry the (truncated)
// system_id; ResponseCache appends the same bytes build_response returns.

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_check.h"
#include "smpp/frame.h"
#include "smpp/pdu_view.h"
#include "smpp/smpp34_codec.h"

namespace {

using namespace smsfw::smpp;

constexpr std::uint32_t kCommands[] = {
    cmd::bind_receiver, cmd::bind_transmitter, cmd::bind_transceiver, cmd::query_sm, cmd::submit_sm,
    cmd::deliver_sm,    cmd::unbind,           cmd::replace_sm,       cmd::cancel_sm, cmd::enquire_link,
    cmd::submit_multi,  cmd::data_sm,          cmd::outbind,          cmd::alert_notification,
    cmd::generic_nack,  cmd::submit_sm_resp};
constexpr std::uint32_t kStatuses[] = {0x00, 0x01, 0x02, 0x03, 0x0D, 0x45, 0x58, 0x66, 0xFF, 0x400, 0x4FF, 0xFFFFFFFF};

// The command id libsmpp34 should have written for a response to `request`.
std::uint32_t expected_response(std::uint32_t request) {
  switch (request) {
    case cmd::bind_receiver: case cmd::bind_transmitter: case cmd::bind_transceiver: case cmd::query_sm:
    case cmd::submit_sm: case cmd::deliver_sm: case cmd::unbind: case cmd::replace_sm: case cmd::cancel_sm:
    case cmd::enquire_link: case cmd::submit_multi: case cmd::data_sm:
      return response_for(request);
    default:
      return cmd::generic_nack;
  }
}

void check_pdu(const std::vector<std::uint8_t>& pdu, std::uint32_t command_id, std::uint32_t status,
               std::uint32_t sequence) {
  const FrameScan scan = scan_frame(pdu, 1024);
  FUZZ_CHECK(scan.kind == FrameScan::Kind::complete && scan.length == pdu.size());
  const Header h = load_header(pdu.data());
  FUZZ_CHECK(h.command_id == command_id && h.command_status == status && h.sequence_number == sequence);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  ResponseCache cache;  // fresh per input, so an input replays the same way
  std::vector<std::uint8_t> appended;
  for (int calls = 0; calls < 16 && in.remaining_bytes() > 0; ++calls) {
    const std::uint8_t what = in.ConsumeIntegral<std::uint8_t>();
    const std::uint32_t command = (what & 0x10) ? in.ConsumeIntegral<std::uint32_t>() : in.PickValueInArray(kCommands);
    const std::uint32_t status = (what & 0x20) ? in.ConsumeIntegral<std::uint32_t>() : in.PickValueInArray(kStatuses);
    const std::uint32_t sequence = in.ConsumeIntegral<std::uint32_t>();
    std::vector<std::uint8_t> pdu;
    try {
      switch (what % 4) {
        case 0: {  // a response built directly, with a system_id of any bytes and length
          const std::string system_id = in.ConsumeRandomLengthString(64);
          pdu = build_response(command, status, sequence, system_id);
          const std::uint32_t id = expected_response(command);
          check_pdu(pdu, id, status, sequence);
          if (is_bind(command)) {
            // system_id as a C-Octet String: cut at an embedded NUL and at 15 characters.
            const std::string want = system_id.substr(0, std::min<std::size_t>(system_id.find('\0'), 15));
            const std::string_view body = smsfw::fuzz::text_of(std::span(pdu).subspan(kHeaderSize));
            FUZZ_CHECK(body.size() > want.size() && body.substr(0, want.size()) == want && body[want.size()] == '\0');
          }
          break;
        }
        case 1:
          pdu = build_generic_nack(status, sequence);
          check_pdu(pdu, cmd::generic_nack, status, sequence);
          FUZZ_CHECK(pdu.size() == kHeaderSize);
          break;
        case 2:
          pdu = build_unbind(sequence);
          check_pdu(pdu, cmd::unbind, status::ok, sequence);
          FUZZ_CHECK(pdu.size() == kHeaderSize);
          break;
        default: {  // the per-worker cache: the same bytes as a fresh build, appended after what is there
          const std::size_t at = appended.size();
          cache.append_response(appended, command, status, sequence);
          const std::vector<std::uint8_t> fresh = build_response(is_known_request(command) ? command : 0xFFFFFFFF,
                                                                 status, sequence);
          FUZZ_CHECK(appended.size() == at + fresh.size() && std::equal(fresh.begin(), fresh.end(), appended.begin() + at));
          break;
        }
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "libsmpp34 wrapper threw: %s\n", e.what());
      std::abort();
    }
  }
  return 0;
}
