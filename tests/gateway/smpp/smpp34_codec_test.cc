// smpp34_codec: the PDUs the proxy originates with libsmpp34 (responses, generic_nack, unbind)
// and ResponseCache, which must append exactly the bytes build_response would, with the
// sequence number patched.

#include <catch2/catch.hpp>

#include <cstdint>
#include <thread>
#include <vector>

#include "smpp/frame.h"
#include "smpp/pdu_view.h"
#include "smpp/pdu_writer.h"
#include "smpp/smpp34_codec.h"
#include "smpp/smpp_constants.h"
#include "smpp_test_util.h"

using namespace smsfw::smpp;
using Bytes = std::vector<std::uint8_t>;

namespace {

const std::uint32_t kKnownRequests[] = {cmd::bind_receiver, cmd::bind_transmitter, cmd::bind_transceiver,
                                        cmd::query_sm,      cmd::submit_sm,        cmd::deliver_sm,
                                        cmd::unbind,        cmd::replace_sm,       cmd::cancel_sm,
                                        cmd::enquire_link,  cmd::submit_multi,     cmd::data_sm};

// Statuses a firewall answers with (SMPP-NOTES.md "Answers a firewall gives").
const std::uint32_t kStatuses[] = {status::ok,
                                   status::invalid_message_length,
                                   status::invalid_command_length,
                                   status::invalid_command_id,
                                   status::system_error,
                                   status::invalid_source_address,
                                   status::bind_failed,
                                   status::message_queue_full,
                                   status::submit_failed,
                                   status::throttled,
                                   status::reject_message,
                                   status::invalid_optional_stream,
                                   status::unknown_error};

// The exact bytes SMPP 3.4 (and libsmpp34's layout) give the response to `request` with an
// empty message_id / system_id `id`.
Bytes expected_response(std::uint32_t request, std::uint32_t st, std::uint32_t seq, std::string_view id = {}) {
  Bytes out;
  const std::uint32_t resp = response_for(request);
  switch (request) {
    case cmd::bind_receiver:
    case cmd::bind_transmitter:
    case cmd::bind_transceiver:
    case cmd::data_sm:
    case cmd::deliver_sm:
    case cmd::submit_sm:
      // Error responses keep the (empty) message_id, although SMPP 3.4 4.4.2 allows leaving the
      // body out: ESMEs that parse it unconditionally accept an empty one.
      write_id_response(out, resp, st, seq, id);
      break;
    case cmd::submit_multi:  // message_id, no_unsuccess = 0
      PduWriter(out).begin(resp, st, seq).cstring("").u8(0).finish();
      break;
    case cmd::query_sm:  // message_id, final_date, message_state, error_code
      PduWriter(out).begin(resp, st, seq).cstring("").cstring("").u8(0).u8(0).finish();
      break;
    default:
      write_header_only(out, is_known_request(request) ? resp : cmd::generic_nack, st, seq);
      break;
  }
  return out;
}

}  // namespace

TEST_CASE("smpp_constants: is_known_request, response_for, command_name", "[smpp][codec]") {
  for (std::uint32_t id : kKnownRequests) {
    CHECK(is_known_request(id));
    CHECK_FALSE(is_response(id));
    CHECK(is_response(response_for(id)));
    CHECK(response_for(id) == (id | 0x80000000u));
    CHECK(command_name(id) != "unknown");
    CHECK(command_name(response_for(id)) != "unknown");
  }
  for (std::uint32_t id : {cmd::outbind, cmd::alert_notification, cmd::generic_nack, cmd::submit_sm_resp, 0u,
                           0x0000000Au, 0x00010200u, 0xFFFFFFFFu})
    CHECK_FALSE(is_known_request(id));
  CHECK(command_name(cmd::submit_sm) == "submit_sm");
  CHECK(command_name(cmd::bind_transceiver_resp) == "bind_transceiver_resp");
  CHECK(command_name(cmd::generic_nack) == "generic_nack");
  CHECK(command_name(0x00010203u) == "unknown");
  CHECK(is_bind(cmd::bind_receiver));
  CHECK(is_bind(cmd::bind_transmitter));
  CHECK(is_bind(cmd::bind_transceiver));
  CHECK_FALSE(is_bind(cmd::bind_transceiver_resp));
  CHECK_FALSE(is_bind(cmd::outbind));
}

TEST_CASE("build_response: every known request gets its own response, read back by the view", "[smpp][codec]") {
  std::uint32_t seq = 1;
  for (std::uint32_t request : kKnownRequests) {
    for (std::uint32_t st : kStatuses) {
      ++seq;
      INFO(command_name(request) << " status " << st);
      const Bytes pdu = build_response(request, st, seq);
      REQUIRE(pdu.size() >= kHeaderSize);
      REQUIRE(scan_frame(pdu, 4096).kind == FrameScan::Kind::complete);
      CHECK(scan_frame(pdu, 4096).length == pdu.size());
      const PduView v{std::span<const std::uint8_t>(pdu)};
      CHECK(v.header().command_length == pdu.size());
      CHECK(v.command_id() == (request | 0x80000000u));
      CHECK(v.command_status() == st);
      CHECK(v.sequence_number() == seq);
      CHECK(pdu == expected_response(request, st, seq));
    }
  }
}

TEST_CASE("build_response: unknown command ids get generic_nack", "[smpp][codec]") {
  for (std::uint32_t request : {0x0000000Au, 0x00000016u, 0x00010200u, cmd::outbind, cmd::alert_notification,
                                cmd::submit_sm_resp, cmd::generic_nack, 0x7FFFFFFFu}) {
    INFO("command_id " << request);
    const Bytes pdu = build_response(request, status::invalid_command_id, 77);
    const PduView v{std::span<const std::uint8_t>(pdu)};
    CHECK(pdu.size() == kHeaderSize);
    CHECK(v.header().command_length == kHeaderSize);
    CHECK(v.command_id() == cmd::generic_nack);
    CHECK(v.command_status() == status::invalid_command_id);
    CHECK(v.sequence_number() == 77u);
  }
}

TEST_CASE("build_response: bind responses carry the system_id", "[smpp][codec]") {
  for (std::uint32_t request : {cmd::bind_receiver, cmd::bind_transmitter, cmd::bind_transceiver}) {
    for (std::uint32_t st : {status::ok, status::bind_failed, status::already_bound}) {
      INFO(command_name(request) << " status " << st);
      const Bytes pdu = build_response(request, st, 4, "smsfw");
      CHECK(pdu == expected_response(request, st, 4, "smsfw"));
      const PduView v{std::span<const std::uint8_t>(pdu)};
      CHECK(v.command_id() == response_for(request));
      CHECK(v.command_status() == st);
      REQUIRE(pdu.size() == kHeaderSize + 6);
      CHECK(std::string_view(reinterpret_cast<const char*>(pdu.data() + kHeaderSize)) == "smsfw");
    }
    // system_id is at most 15 characters plus NUL (SMPP 3.4 5.2.1): a longer one is cut.
    const Bytes pdu = build_response(request, status::ok, 4, "a_very_long_system_identifier");
    CHECK(pdu == expected_response(request, status::ok, 4, "a_very_long_sys"));
  }
}

TEST_CASE("build_generic_nack and build_unbind", "[smpp][codec]") {
  for (std::uint32_t st : {status::invalid_command_length, status::invalid_command_id, status::unknown_error}) {
    const Bytes nack = build_generic_nack(st, 12345);
    Bytes want;
    write_header_only(want, cmd::generic_nack, st, 12345);
    CHECK(nack == want);
  }
  const Bytes unbind = build_unbind(0x7FFFFFFF);
  Bytes want;
  write_header_only(want, cmd::unbind, status::ok, 0x7FFFFFFF);
  CHECK(unbind == want);
}

TEST_CASE("build_response: vendor-specific and other valid statuses", "[smpp][codec]") {
  // SMPP 3.4 reserves 0x400-0x4FF for SMSC vendor errors, and a firewall is configured to
  // answer with such statuses. libsmpp34 only packs the statuses it has a name for.
  for (std::uint32_t st : {0x400u, 0x401u, 0x4FFu, 0x09u, 0x100u}) {
    INFO("status " << st);
    for (std::uint32_t request : kKnownRequests) {
      INFO(command_name(request));
      Bytes pdu;
      REQUIRE_NOTHROW(pdu = build_response(request, st, 21));
      CHECK(pdu == expected_response(request, st, 21));
    }
    Bytes nack;
    REQUIRE_NOTHROW(nack = build_generic_nack(st, 22));
    CHECK(nack == expected_response(0x0000000Au, st, 22));
    ResponseCache cache;
    Bytes out;
    REQUIRE_NOTHROW(cache.append_response(out, cmd::submit_sm, st, 23));
    CHECK(out == expected_response(cmd::submit_sm, st, 23));
  }
}

TEST_CASE("build_*: sequence numbers across the whole range", "[smpp][codec]") {
  // 0 (what a generic_nack for an unparsable header may carry) and values above 0x7FFFFFFF.
  for (std::uint32_t seq : {0u, 1u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu}) {
    INFO("sequence " << seq);
    Bytes nack;
    REQUIRE_NOTHROW(nack = build_generic_nack(status::invalid_command_length, seq));
    CHECK(nack == expected_response(0x0000000Au, status::invalid_command_length, seq));
    Bytes resp;
    REQUIRE_NOTHROW(resp = build_response(cmd::enquire_link, status::ok, seq));
    CHECK(resp == expected_response(cmd::enquire_link, status::ok, seq));
  }
}

TEST_CASE("ResponseCache: appends build_response's bytes with the sequence patched", "[smpp][codec]") {
  ResponseCache cache;
  const std::uint32_t sequences[] = {1, 2, 0x1234, 0x7FFFFFFF, 0xFFFFFFFF, 0};
  const std::uint32_t statuses[] = {status::ok, status::throttled, status::submit_failed, status::reject_message};
  Bytes out = {0xAA, 0xBB};  // appends after what is already there
  std::size_t expected_size = out.size();
  for (int round = 0; round < 2; ++round) {  // the second round is served from the cache
    for (std::uint32_t request : kKnownRequests) {
      for (std::uint32_t st : statuses) {
        for (std::uint32_t seq : sequences) {
          INFO(command_name(request) << " status " << st << " sequence " << seq);
          const std::size_t at = out.size();
          cache.append_response(out, request, st, seq);
          const Bytes appended(out.begin() + static_cast<std::ptrdiff_t>(at), out.end());
          CHECK(appended == expected_response(request, st, seq));
          if (seq != 0) CHECK(appended == build_response(request, st, seq));
          const PduView v{std::span<const std::uint8_t>(appended)};
          CHECK(v.command_id() == response_for(request));
          CHECK(v.command_status() == st);
          CHECK(v.sequence_number() == seq);
          expected_size += appended.size();
        }
      }
    }
  }
  CHECK(out.size() == expected_size);
  CHECK(out[0] == 0xAA);
  CHECK(out[1] == 0xBB);
}

TEST_CASE("ResponseCache: unknown commands get generic_nack", "[smpp][codec]") {
  ResponseCache cache;
  for (std::uint32_t seq : {5u, 6u, 7u}) {
    Bytes out;
    cache.append_response(out, 0x00010203u, status::invalid_command_id, seq);
    CHECK(out == build_generic_nack(status::invalid_command_id, seq));
    const PduView v{std::span<const std::uint8_t>(out)};
    CHECK(v.command_id() == cmd::generic_nack);
    CHECK(v.sequence_number() == seq);
  }
}

TEST_CASE("ResponseCache: generic_nack and unbind", "[smpp][codec]") {
  ResponseCache cache;
  Bytes out;
  for (std::uint32_t seq : {1u, 99u, 0x7FFFFFFFu}) {
    for (std::uint32_t st : {status::invalid_command_length, status::invalid_command_id, status::system_error}) {
      out.clear();
      cache.append_generic_nack(out, st, seq);
      CHECK(out == build_generic_nack(st, seq));
    }
    out.clear();
    cache.append_unbind(out, seq);
    CHECK(out == build_unbind(seq));
    const PduView v{std::span<const std::uint8_t>(out)};
    CHECK(v.command_id() == cmd::unbind);
    CHECK(v.command_status() == status::ok);
    CHECK(v.sequence_number() == seq);
  }
  // Several PDUs appended back to back form a stream scan_frame can walk.
  out.clear();
  cache.append_generic_nack(out, status::invalid_command_length, 1);
  cache.append_response(out, cmd::submit_sm, status::ok, 2);
  cache.append_unbind(out, 3);
  std::span<const std::uint8_t> rest(out);
  std::uint32_t expect_seq = 1;
  while (!rest.empty()) {
    const FrameScan s = scan_frame(rest, 4096);
    REQUIRE(s.kind == FrameScan::Kind::complete);
    CHECK(load_header(rest.data()).sequence_number == expect_seq++);
    rest = rest.subspan(s.length);
  }
  CHECK(expect_seq == 4u);
}

TEST_CASE("ResponseCache: one cache per thread, libsmpp34 serialised behind the mutex", "[smpp][codec]") {
  auto work = [](std::uint32_t base, Bytes& out) {
    ResponseCache cache;
    for (std::uint32_t i = 0; i < 200; ++i) {
      const std::uint32_t st = kStatuses[i % (sizeof kStatuses / sizeof kStatuses[0])];
      cache.append_response(out, kKnownRequests[i % 12], st, base + i);
    }
  };
  Bytes a, b;
  std::thread t1(work, 1000u, std::ref(a));
  std::thread t2(work, 5000u, std::ref(b));
  t1.join();
  t2.join();
  Bytes a2;
  work(1000u, a2);
  CHECK(a == a2);
  std::span<const std::uint8_t> rest(b);
  std::uint32_t n = 0;
  while (!rest.empty()) {
    const FrameScan s = scan_frame(rest, 4096);
    REQUIRE(s.kind == FrameScan::Kind::complete);
    CHECK(load_header(rest.data()).sequence_number == 5000u + n++);
    rest = rest.subspan(s.length);
  }
  CHECK(n == 200u);
}
