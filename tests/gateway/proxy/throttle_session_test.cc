// Account and (account, sender) rate limits inside the running proxy: a message over a limit is
// answered ESME_RTHROTTLED with an empty message_id and never reaches the SMSC, a blocked message
// takes no token, an account's limit holds across binds on different workers, a sender's limit
// leaves the account's other senders alone, and the buckets keep their state across reloads.
// The rates are tiny (one token per 100 s) so that no token refills while a test runs: the
// counts are exact on any machine.

#include "bind_through.h"
#include "filter_support.h"
#include "pdu_builders.h"
#include "proxy_harness.h"

using namespace smsfw::proxy::test;
namespace status = smsfw::smpp::status;

namespace {

constexpr const char* kRules = R"(set: throttle-test
version: "1"
rules:
  - {id: BLOCK-LOTTERY, pattern: 'lottery', action: block, status: 0x66, description: blocked}
  - {id: TAG-PARCEL, pattern: 'parcel', action: tag, description: tagged, tag: {mark: prefix, prefix: "! "}}
)";

constexpr const char* kAccounts = R"(accounts:
  capped: {throttle: {rate: 0.01, burst: 3}}
  per-sender: {sender_throttle: {rate: 0.01, burst: 2}}
)";

// An Engine over a fresh pattern directory, a fake SMSC and the proxy judging with the engine.
struct ThrottleProxy {
  explicit ThrottleProxy(std::size_t workers = 1) {
    e.dir.write("rules.yaml", kRules);
    e.dir.write("accounts.yaml", kAccounts);
    e.load();
    proxy.engine = e.engine.get();
    proxy.settings.upstreams = {{smsc.endpoint()}};
    proxy.start(workers);
  }
  Bound bind(std::string_view system_id) { return bind_through(proxy, smsc, {.system_id = system_id}); }

  EngineDir e;  // outlives the proxy
  FakeSmsc smsc;
  ProxyHarness proxy;
};

MessageSpec spec(std::uint32_t command, std::uint32_t seq, std::string_view text, std::string_view sender = "SHOP") {
  MessageSpec m;
  m.command = command;
  m.seq = seq;
  m.source = std::string(sender);
  m.short_message = gsm7(text);
  if (command == cmd::submit_multi) m.dests = {{1, 1, 1, "66811111111"}};
  return m;
}

Bytes submit(std::uint32_t seq, std::string_view text = "hello", std::string_view sender = "SHOP") {
  return message_pdu(spec(cmd::submit_sm, seq, text, sender));
}

// Relayed byte for byte, answered by the SMSC.
void accepted(Bound& b, const Bytes& request, std::uint32_t seq) {
  b.esme.send(request);
  b.smsc.expect_bytes(request);
  const Bytes resp = id_resp_pdu(cmd::submit_sm_resp, 0, seq, "M");
  b.smsc.send(resp);
  b.esme.expect_bytes(resp);
}

// Answered by the proxy with ESME_RTHROTTLED and an empty message_id.
void throttled(Bound& b, const Bytes& request, std::uint32_t response_command, std::uint32_t seq) {
  b.esme.send(request);
  const Pdu r = b.esme.expect(response_command, status::throttled, seq);
  Bytes want = id_resp_pdu(response_command, status::throttled, seq, "");
  if (response_command == cmd::submit_multi_resp) {  // and no_unsuccess 0
    want.push_back(0);
    want[3] = static_cast<std::uint8_t>(want.size());
  }
  CHECK(r.bytes == want);
}

}  // namespace

TEST_CASE("throttle: over the account's burst the proxy answers ESME_RTHROTTLED and forwards nothing") {
  ThrottleProxy f;
  Bound b = f.bind("capped");
  b.esme.send(submit(2, "you won the lottery"));  // blocked: takes no token
  b.esme.expect(cmd::submit_sm_resp, 0x66, 2);
  accepted(b, submit(3), 3);
  accepted(b, submit(4), 4);
  accepted(b, submit(5), 5);
  throttled(b, submit(6), cmd::submit_sm_resp, 6);
  throttled(b, message_pdu(spec(cmd::data_sm, 7, "")), cmd::data_sm_resp, 7);
  throttled(b, message_pdu(spec(cmd::submit_multi, 8, "hi all")), cmd::submit_multi_resp, 8);
  throttled(b, submit(9, "your parcel"), cmd::submit_sm_resp, 9);  // a tag is not built either
  expect_nothing_forwarded(b, 1000);
  const auto s = f.proxy.stats();
  CHECK(s.messages_throttled == 4);
  CHECK(s.messages_blocked == 1);
  CHECK(s.messages_tagged == 0);
  CHECK(s.answered_by_proxy == 5);
  CHECK(s.throttle_overflow_lookups == 0);
}

TEST_CASE("throttle: an account's limit holds across its binds on different workers; others are unaffected") {
  ThrottleProxy f(2);
  Bound a = f.bind("capped");
  Bound c = f.bind("capped");  // on the other worker
  Bound other = f.bind("free");
  accepted(a, submit(2), 2);
  accepted(c, submit(2), 2);
  accepted(a, submit(3), 3);
  throttled(c, submit(3), cmd::submit_sm_resp, 3);
  throttled(a, submit(4), cmd::submit_sm_resp, 4);
  for (std::uint32_t seq = 2; seq < 12; ++seq) accepted(other, submit(seq), seq);
  CHECK(f.proxy.stats().messages_throttled == 2);
}

TEST_CASE("throttle: a sender's limit leaves the account's other senders alone") {
  ThrottleProxy f;
  Bound b = f.bind("per-sender");
  accepted(b, submit(2, "hi", "SenderA"), 2);
  accepted(b, submit(3, "hi", "SenderA"), 3);
  throttled(b, submit(4, "hi", "SenderA"), cmd::submit_sm_resp, 4);
  throttled(b, submit(5, "hi", "SenderA"), cmd::submit_sm_resp, 5);
  accepted(b, submit(6, "hi", "SenderB"), 6);
  accepted(b, submit(7, "hi", "SenderB"), 7);
  throttled(b, submit(8, "hi", "SenderB"), cmd::submit_sm_resp, 8);
  // The same sender on another account has its own bucket.
  Bound other = f.bind("free");
  for (std::uint32_t seq = 2; seq < 6; ++seq) accepted(other, submit(seq, "hi", "SenderA"), seq);
  CHECK(f.proxy.stats().messages_throttled == 3);
}

TEST_CASE("throttle: a reload changes the limits, not the buckets") {
  ThrottleProxy f;
  Bound b = f.bind("capped");
  for (std::uint32_t seq = 2; seq < 5; ++seq) accepted(b, submit(seq), seq);
  throttled(b, submit(5), cmd::submit_sm_resp, 5);

  // The same limit in a new snapshot: the bucket is still empty.
  f.e.dir.write("rules.yaml", std::string(kRules) + "  - {id: BLOCK-X, pattern: 'xyzzy', action: block, description: new}\n");
  REQUIRE(f.e.engine->reload().ok);
  throttled(b, submit(6), cmd::submit_sm_resp, 6);

  // The limit removed: unlimited at once.
  f.e.dir.write("accounts.yaml", "accounts:\n  per-sender: {sender_throttle: {rate: 0.01, burst: 2}}\n");
  REQUIRE(f.e.engine->reload().ok);
  for (std::uint32_t seq = 7; seq < 12; ++seq) accepted(b, submit(seq), seq);

  // Back again, with a larger burst: the bucket kept what was taken before (3 of 5, with
  // nothing refilled), so 2 more pass.
  f.e.dir.write("accounts.yaml", "accounts:\n  capped: {throttle: {rate: 0.01, burst: 5}}\n");
  REQUIRE(f.e.engine->reload().ok);
  accepted(b, submit(12), 12);
  accepted(b, submit(13), 13);
  throttled(b, submit(14), cmd::submit_sm_resp, 14);
  expect_nothing_forwarded(b, 1000);
}
