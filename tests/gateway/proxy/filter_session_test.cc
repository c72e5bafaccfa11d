// The filter chain inside the running proxy (ProxyServer with a filters::Engine between a scripted
// ESME and a scripted SMSC): a block is answered by the proxy and never reaches the SMSC, a tag
// reaches it rebuilt, monitor and allow are relayed byte for byte, accounts in monitor mode, MO
// judged only when the account asks (never receipts), the counters, exactly one answer per
// request, and a reload taking effect on a live session.

#include <map>
#include <set>

#include "bind_through.h"
#include "filter_support.h"
#include "pdu_builders.h"
#include "proxy_harness.h"

using namespace smsfw::proxy::test;
namespace status = smsfw::smpp::status;
namespace tlv = smsfw::smpp::tlv;

namespace {

constexpr const char* kRules = R"(set: proxy-test
version: "1"
rules:
  - {id: BLOCK-VERIFY, pattern: 'verify\s+your\s+account', action: block, description: default status}
  - {id: BLOCK-LOTTERY, pattern: 'lottery', action: block, status: 0x66, description: own status}
  - {id: TAG-PARCEL, pattern: 'parcel', action: tag, description: sender mark, tag: {mark: sender, relabel_to: Suspect}}
  - {id: TAG-COURIER, pattern: 'courier', action: tag, description: prefix mark, tag: {mark: prefix, prefix: "! "}}
  - {id: TAG-TRACKING, pattern: 'tracking', action: tag, description: tlv mark, tag: {mark: tlv, tlv_tag: 0x1500}}
  - {id: MON-PROMO, pattern: 'promo', action: monitor, description: recorded only}
  - {id: ALLOW-OTP, pattern: 'your otp is', action: allow, description: known-good template}
)";

constexpr const char* kAccounts = R"(accounts:
  default: {block_status: 0x45}
  trial: {mode: monitor}
  mo-esme: {scan_mo: true}
  strict: {block_status: 0x0B}
)";

constexpr std::uint32_t kDefaultBlock = 0x45;
constexpr std::uint32_t kLotteryBlock = 0x66;

// An Engine over a fresh pattern directory, a fake SMSC and the proxy judging with the engine.
struct FilterProxy {
  explicit FilterProxy(std::size_t workers = 1) {
    e.dir.write("rules.yaml", kRules);
    e.dir.write("accounts.yaml", kAccounts);
    e.load();
    proxy.engine = e.engine.get();
    proxy.settings.upstreams = {{smsc.endpoint()}};
    proxy.start(workers);
  }
  Bound bind(std::string_view system_id = "esme1") { return bind_through(proxy, smsc, {.system_id = system_id}); }

  EngineDir e;  // outlives the proxy
  FakeSmsc smsc;
  ProxyHarness proxy;
};

MessageSpec text_spec(std::uint32_t command, std::uint32_t seq, std::string_view text) {
  MessageSpec m;
  m.command = command;
  m.seq = seq;
  m.source = "BANK";
  if (command == cmd::data_sm) {
    m.tlvs = {{tlv::message_payload, gsm7(text)}, {kVendorTag, to_bytes("v")}};
  } else {
    m.short_message = gsm7(text);
    m.tlvs = {{kVendorTag, to_bytes(std::string("vendor\0value", 12))}};
  }
  if (command == cmd::submit_multi) m.dests = {{1, 1, 1, "66811111111"}, {2, 0, 0, "vip"}, {1, 1, 1, "66822222222"}};
  if (command == cmd::deliver_sm) m.schedule = m.validity = "";
  return m;
}

Bytes submit(std::uint32_t seq, std::string_view text) { return message_pdu(text_spec(cmd::submit_sm, seq, text)); }

// A request relayed byte for byte and its response relayed back.
void round_trip(Peer& from, Peer& to, const Bytes& request, const Bytes& response) {
  from.send(request);
  to.expect_bytes(request);
  to.send(response);
  from.expect_bytes(response);
}

}  // namespace

TEST_CASE("filter: a blocked message is answered by the proxy with the block status and never reaches the SMSC") {
  FilterProxy f;
  Bound b = f.bind();

  SECTION("submit_sm, the account's block status") {
    b.esme.send(submit(2, "Please verify your account now"));
    const Pdu r = b.esme.expect(cmd::submit_sm_resp, kDefaultBlock, 2);
    CHECK(r.bytes == id_resp_pdu(cmd::submit_sm_resp, kDefaultBlock, 2, ""));  // empty message_id
    expect_nothing_forwarded(b.esme, b.smsc, 1000);
  }
  SECTION("submit_sm, the rule's own status") {
    b.esme.send(submit(3, "You won the lottery"));
    b.esme.expect(cmd::submit_sm_resp, kLotteryBlock, 3);
    expect_nothing_forwarded(b.esme, b.smsc, 1000);
  }
  SECTION("data_sm") {
    b.esme.send(message_pdu(text_spec(cmd::data_sm, 4, "verify your account")));
    const Pdu r = b.esme.expect(cmd::data_sm_resp, kDefaultBlock, 4);
    CHECK(r.bytes == id_resp_pdu(cmd::data_sm_resp, kDefaultBlock, 4, ""));
    expect_nothing_forwarded(b.esme, b.smsc, 1000);
  }
  SECTION("submit_multi") {
    b.esme.send(message_pdu(text_spec(cmd::submit_multi, 5, "lottery for all")));
    b.esme.expect(cmd::submit_multi_resp, kLotteryBlock, 5);
    expect_nothing_forwarded(b.esme, b.smsc, 1000);
  }
  SECTION("UCS-2 text, obfuscated") {
    MessageSpec m = text_spec(cmd::submit_sm, 6, "");
    m.data_coding = 8;
    m.short_message = ucs2("V\u0435RIFY\u200B your  ACCOUNT");  // Cyrillic e, zero-width space
    b.esme.send(message_pdu(m));
    b.esme.expect(cmd::submit_sm_resp, kDefaultBlock, 6);
    expect_nothing_forwarded(b.esme, b.smsc, 1000);
  }
  // The session goes on: a clean message relays.
  round_trip(b.esme, b.smsc, submit(50, "see you at 5"), id_resp_pdu(cmd::submit_sm_resp, 0, 50, "M-50"));
  const auto s = f.proxy.stats();
  CHECK(s.messages_judged == 2);
  CHECK(s.messages_blocked == 1);
  CHECK(s.answered_by_proxy == 1);
  CHECK(s.messages_tagged == 0);
  CHECK(s.messages_monitored == 0);
  CHECK(s.engine_errors == 0);
  CHECK(s.stray_responses == 0);
}

TEST_CASE("filter: an account's own block_status is used") {
  FilterProxy f;
  Bound b = f.bind("strict");
  b.esme.send(submit(2, "verify your account"));
  b.esme.expect(cmd::submit_sm_resp, 0x0B, 2);
  b.esme.send(submit(3, "lottery"));  // a rule status wins over the account's
  b.esme.expect(cmd::submit_sm_resp, kLotteryBlock, 3);
  expect_nothing_forwarded(b.esme, b.smsc, 1000);
}

TEST_CASE("filter: a tagged message reaches the SMSC rebuilt and its response comes back as is") {
  FilterProxy f;
  Bound b = f.bind();

  SECTION("sender relabel") {
    const MessageSpec m = text_spec(cmd::submit_sm, 2, "your parcel is held at customs");
    MessageSpec want = m;
    want.source_ton = 5;
    want.source_npi = 0;
    want.source = "Suspect";
    b.esme.send(message_pdu(m));
    b.smsc.expect_bytes(message_pdu(want));
    const Bytes resp = id_resp_pdu(cmd::submit_sm_resp, 0, 2, "MSG-T1");
    b.smsc.send(resp);
    b.esme.expect_bytes(resp);
  }
  SECTION("prefix") {
    const MessageSpec m = text_spec(cmd::submit_sm, 3, "courier fee unpaid");
    MessageSpec want = m;
    want.short_message = concat({to_bytes("! "), m.short_message});
    b.esme.send(message_pdu(m));
    b.smsc.expect_bytes(message_pdu(want));
    const Bytes resp = id_resp_pdu(cmd::submit_sm_resp, 0, 3, "MSG-T2");
    b.smsc.send(resp);
    b.esme.expect_bytes(resp);
  }
  SECTION("TLV, on a data_sm") {
    const MessageSpec m = text_spec(cmd::data_sm, 4, "tracking number 42");
    MessageSpec want = m;
    want.tlvs.push_back({0x1500, to_bytes("TAG-TRACKING")});
    b.esme.send(message_pdu(m));
    b.smsc.expect_bytes(message_pdu(want));
    const Bytes resp = id_resp_pdu(cmd::data_sm_resp, 0, 4, "MSG-T3");
    b.smsc.send(resp);
    b.esme.expect_bytes(resp);
  }
  SECTION("every mark on a submit_multi") {
    const MessageSpec m = text_spec(cmd::submit_multi, 5, "parcel courier tracking");
    MessageSpec want = m;
    want.source_ton = 5;
    want.source_npi = 0;
    want.source = "Suspect";
    want.short_message = concat({to_bytes("! "), m.short_message});
    want.tlvs.push_back({0x1500, to_bytes("TAG-PARCEL,TAG-COURIER,TAG-TRACKING")});
    b.esme.send(message_pdu(m));
    b.smsc.expect_bytes(message_pdu(want));
    b.smsc.send(submit_multi_resp_pdu(5));
    b.esme.expect_bytes(submit_multi_resp_pdu(5));
  }
  SECTION("a prefix without room: relabelled to the rule's relabel_to instead") {
    const std::string text = "courier " + std::string(152, 'z');  // 160 septets
    const MessageSpec m = text_spec(cmd::submit_sm, 6, text);
    MessageSpec want = m;
    want.source_ton = 5;
    want.source_npi = 0;
    want.source = "Likely-SCAM";  // the default relabel_to
    b.esme.send(message_pdu(m));
    b.smsc.expect_bytes(message_pdu(want));
    b.smsc.send(id_resp_pdu(cmd::submit_sm_resp, 0, 6, "x"));
    b.esme.expect(cmd::submit_sm_resp, 0, 6);
    CHECK(f.proxy.stats().tag_fallbacks == 1);
  }
  const auto s = f.proxy.stats();
  CHECK(s.messages_judged == 1);
  CHECK(s.messages_tagged == 1);
  CHECK(s.messages_blocked == 0);
  CHECK(s.tag_failures == 0);
  CHECK(s.answered_by_proxy == 0);
  CHECK(s.stray_responses == 0);
  CHECK(b.esme.silent_for(50ms));
  CHECK(b.smsc.silent_for(50ms));
}

TEST_CASE("filter: monitor, allow and clean messages are relayed byte for byte") {
  FilterProxy f;
  Bound b = f.bind();
  round_trip(b.esme, b.smsc, submit(2, "promo: 20% off today"), id_resp_pdu(cmd::submit_sm_resp, 0, 2, "A"));
  // An allow rule overrides the block rule the same text matches.
  round_trip(b.esme, b.smsc, submit(3, "Your OTP is 123456. Never verify your account by SMS"),
             id_resp_pdu(cmd::submit_sm_resp, 0, 3, "B"));
  round_trip(b.esme, b.smsc, submit(4, "see you at 5"), id_resp_pdu(cmd::submit_sm_resp, 0, 4, "C"));
  round_trip(b.esme, b.smsc, message_pdu(text_spec(cmd::data_sm, 5, "promo data")),
             id_resp_pdu(cmd::data_sm_resp, 0, 5, "D"));
  // The existing builders' PDUs too (incomplete SAR, vendor TLV with a NUL).
  round_trip(b.esme, b.smsc, submit_sm_pdu(6, "hello"), id_resp_pdu(cmd::submit_sm_resp, 0, 6, "E"));
  round_trip(b.esme, b.smsc, submit_multi_pdu(7), submit_multi_resp_pdu(7));
  const auto s = f.proxy.stats();
  CHECK(s.messages_judged == 6);
  CHECK(s.messages_monitored == 2);
  CHECK(s.messages_allowed_by_rule == 1);
  CHECK(s.messages_blocked == 0);
  CHECK(s.messages_tagged == 0);
  CHECK(s.answered_by_proxy == 0);
}

TEST_CASE("filter: an account in monitor mode gets what would be blocked or tagged relayed unchanged") {
  FilterProxy f;
  Bound b = f.bind("trial");
  round_trip(b.esme, b.smsc, submit(2, "verify your account"), id_resp_pdu(cmd::submit_sm_resp, 0, 2, "A"));
  round_trip(b.esme, b.smsc, submit(3, "lottery"), id_resp_pdu(cmd::submit_sm_resp, 0, 3, "B"));
  round_trip(b.esme, b.smsc, submit(4, "parcel courier tracking"), id_resp_pdu(cmd::submit_sm_resp, 0, 4, "C"));
  round_trip(b.esme, b.smsc, submit(5, "promo"), id_resp_pdu(cmd::submit_sm_resp, 0, 5, "D"));
  const auto s = f.proxy.stats();
  CHECK(s.messages_judged == 4);
  CHECK(s.messages_monitored == 4);
  CHECK(s.messages_blocked == 0);
  CHECK(s.messages_tagged == 0);
  CHECK(s.answered_by_proxy == 0);
}

TEST_CASE("filter: MO from the SMSC is judged only for an account with scan_mo, receipts never") {
  FilterProxy f;
  SECTION("scan_mo") {
    Bound b = f.bind("mo-esme");
    // Blocked: the SMSC gets the deliver_sm_resp with the block status, the ESME nothing.
    b.smsc.send(message_pdu(text_spec(cmd::deliver_sm, 100, "verify your account")));
    const Pdu r = b.smsc.expect(cmd::deliver_sm_resp, kDefaultBlock, 100);
    CHECK(r.bytes == id_resp_pdu(cmd::deliver_sm_resp, kDefaultBlock, 100, ""));
    b.smsc.send(message_pdu(text_spec(cmd::data_sm, 101, "lottery")));
    b.smsc.expect(cmd::data_sm_resp, kLotteryBlock, 101);
    expect_nothing_forwarded(b.smsc, b.esme, 1000);

    // A delivery receipt with the same text is not content: relayed as is.
    MessageSpec receipt = text_spec(cmd::deliver_sm, 102, "id:1 stat:DELIVRD text:verify your account");
    receipt.esm_class = 0x04;
    round_trip(b.smsc, b.esme, message_pdu(receipt), id_resp_pdu(cmd::deliver_sm_resp, 0, 102, ""));
    // Intermediate notification and SME acks are not judged either.
    for (std::uint8_t esm : {std::uint8_t{0x08}, std::uint8_t{0x10}, std::uint8_t{0x20}}) {
      MessageSpec ack = text_spec(cmd::deliver_sm, 103 + esm, "lottery ack");
      ack.esm_class = esm;
      round_trip(b.smsc, b.esme, message_pdu(ack), id_resp_pdu(cmd::deliver_sm_resp, 0, 103 + esm, ""));
    }

    // A tagged MO is rebuilt towards the ESME.
    const MessageSpec m = text_spec(cmd::deliver_sm, 200, "parcel waiting");
    MessageSpec want = m;
    want.source_ton = 5;
    want.source_npi = 0;
    want.source = "Suspect";
    b.smsc.send(message_pdu(m));
    b.esme.expect_bytes(message_pdu(want));
    const Bytes resp = id_resp_pdu(cmd::deliver_sm_resp, 0, 200, "");
    b.esme.send(resp);
    b.smsc.expect_bytes(resp);

    // A clean MO relays.
    round_trip(b.smsc, b.esme, message_pdu(text_spec(cmd::deliver_sm, 201, "thanks")),
               id_resp_pdu(cmd::deliver_sm_resp, 0, 201, ""));
    CHECK(b.esme.silent_for(50ms));
    const auto s = f.proxy.stats();
    CHECK(s.messages_judged == 4);  // the two blocked, the tagged, the clean one
    CHECK(s.messages_blocked == 2);
    CHECK(s.messages_tagged == 1);
    CHECK(s.answered_by_proxy == 2);
  }
  SECTION("without scan_mo") {
    Bound b = f.bind("esme1");
    round_trip(b.smsc, b.esme, message_pdu(text_spec(cmd::deliver_sm, 100, "verify your account")),
               id_resp_pdu(cmd::deliver_sm_resp, 0, 100, ""));
    round_trip(b.smsc, b.esme, message_pdu(text_spec(cmd::data_sm, 101, "parcel lottery")),
               id_resp_pdu(cmd::data_sm_resp, 0, 101, ""));
    // The same account's MT is judged.
    b.esme.send(submit(5, "verify your account"));
    b.esme.expect(cmd::submit_sm_resp, kDefaultBlock, 5);
    const auto s = f.proxy.stats();
    CHECK(s.messages_judged == 1);
    CHECK(s.messages_blocked == 1);
  }
}

TEST_CASE("filter: every request of a pipelined mix is answered exactly once, counters match") {
  FilterProxy f;
  Bound b = f.bind();

  enum Kind { block_default, block_lottery, tag_sender, monitor, allow, clean, enquire, kinds };
  const char* texts[] = {"verify your account", "lottery", "parcel", "promo", "your otp is 1 verify your account",
                         "hello", ""};
  constexpr std::uint32_t n = 70;
  Bytes all;
  std::vector<Bytes> forwarded_expected;
  std::map<std::uint32_t, std::uint32_t> expected_status;  // seq -> status the ESME must see
  std::map<std::uint32_t, std::uint32_t> expected_id;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t seq = 10 + i;
    const Kind k = static_cast<Kind>(i % kinds);
    Bytes pdu;
    std::uint32_t command = (i % 3 == 0) ? cmd::data_sm : cmd::submit_sm;
    if (k == enquire) {
      pdu = header_pdu(cmd::enquire_link, 0, seq);
      command = cmd::enquire_link;
      forwarded_expected.push_back(pdu);
    } else {
      const MessageSpec m = text_spec(command, seq, texts[k]);
      pdu = message_pdu(m);
      if (k == tag_sender) {
        MessageSpec want = m;
        want.source_ton = 5;
        want.source_npi = 0;
        want.source = "Suspect";
        forwarded_expected.push_back(message_pdu(want));
      } else if (k != block_default && k != block_lottery) {
        forwarded_expected.push_back(pdu);
      }
    }
    all.insert(all.end(), pdu.begin(), pdu.end());
    expected_status[seq] = k == block_default ? kDefaultBlock : k == block_lottery ? kLotteryBlock : 0;
    expected_id[seq] = smsfw::smpp::response_for(command);
  }
  b.esme.send(all);  // one write

  // The SMSC sees exactly the non-blocked requests, in order, and answers each.
  for (const Bytes& want : forwarded_expected) {
    const Pdu p = b.smsc.expect_pdu();
    INFO("expected " << hex(want) << "\n     got " << hex(p.bytes));
    CHECK(p.bytes == want);
    if (p.id() == cmd::enquire_link)
      b.smsc.send(header_pdu(cmd::enquire_link_resp, 0, p.seq()));
    else
      b.smsc.send(id_resp_pdu(smsfw::smpp::response_for(p.id()), 0, p.seq(), "M"));
  }
  CHECK(b.smsc.silent_for(50ms));

  std::map<std::uint32_t, int> answers;
  for (std::uint32_t i = 0; i < n; ++i) {
    const Pdu r = b.esme.expect_pdu();
    INFO("response " << r);
    ++answers[r.seq()];
    REQUIRE(expected_status.count(r.seq()) == 1);
    CHECK(r.status() == expected_status[r.seq()]);
    CHECK(r.id() == expected_id[r.seq()]);
  }
  CHECK(b.esme.silent_for(100ms));
  CHECK(answers.size() == n);
  for (const auto& [seq, count] : answers) {
    CAPTURE(seq);
    CHECK(count == 1);
  }

  std::map<Kind, std::uint64_t> per_kind;
  for (std::uint32_t i = 0; i < n; ++i) ++per_kind[static_cast<Kind>(i % kinds)];
  const std::uint64_t messages = n - per_kind[enquire];
  const auto s = f.proxy.stats();
  CHECK(s.messages_judged == messages);
  CHECK(s.messages_blocked == per_kind[block_default] + per_kind[block_lottery]);
  CHECK(s.messages_tagged == per_kind[tag_sender]);
  CHECK(s.messages_monitored == per_kind[monitor]);
  CHECK(s.messages_allowed_by_rule == per_kind[allow]);
  CHECK(s.answered_by_proxy == s.messages_blocked);
  CHECK(s.pdus_esme_to_smsc == 1 + n);                    // the bind and every request
  CHECK(s.pdus_smsc_to_esme == 1 + forwarded_expected.size());  // the bind_resp and each answer
  CHECK(s.stray_responses == 0);
  CHECK(s.malformed_pdus == 0);
  CHECK(s.tag_failures == 0);
  CHECK(s.engine_errors == 0);
}

TEST_CASE("filter: a reload takes effect for the next message on an existing session") {
  FilterProxy f(2);
  Bound a = f.bind("esme1");
  Bound c = f.bind("esme2");  // on the other worker
  round_trip(a.esme, a.smsc, submit(2, "free giveaway"), id_resp_pdu(cmd::submit_sm_resp, 0, 2, "A"));
  round_trip(c.esme, c.smsc, submit(2, "free giveaway"), id_resp_pdu(cmd::submit_sm_resp, 0, 2, "A"));

  // A new rule blocks it; the old block rule is gone.
  f.e.dir.write("rules.yaml", R"(set: proxy-test
version: "2"
rules:
  - {id: BLOCK-GIVEAWAY, pattern: 'giveaway', action: block, status: 0x77, description: new}
)");
  const auto outcome = f.e.engine->reload();
  INFO((outcome.errors.empty() ? std::string() : outcome.errors.front()));
  REQUIRE(outcome.ok);
  a.esme.send(submit(3, "free giveaway"));
  a.esme.expect(cmd::submit_sm_resp, 0x77, 3);
  c.esme.send(submit(3, "free giveaway"));
  c.esme.expect(cmd::submit_sm_resp, 0x77, 3);
  round_trip(a.esme, a.smsc, submit(4, "verify your account"), id_resp_pdu(cmd::submit_sm_resp, 0, 4, "B"));
  expect_nothing_forwarded(c.esme, c.smsc, 1000);

  // A directory that does not compile is refused and the rules in force stay.
  f.e.dir.write("broken.yaml", "set: broken\nversion: \"1\"\nrules:\n  - {id: X, pattern: 'a(', action: block, description: bad}\n");
  CHECK_FALSE(f.e.engine->reload().ok);
  a.esme.send(submit(5, "giveaway again"));
  a.esme.expect(cmd::submit_sm_resp, 0x77, 5);
  expect_nothing_forwarded(a.esme, a.smsc, 1001);

  // Removing the rule lets it through again.
  f.e.dir.remove("broken.yaml");
  f.e.dir.write("rules.yaml", "set: proxy-test\nversion: \"3\"\nrules: []\n");
  REQUIRE(f.e.engine->reload().ok);
  round_trip(a.esme, a.smsc, submit(6, "giveaway"), id_resp_pdu(cmd::submit_sm_resp, 0, 6, "C"));
  round_trip(c.esme, c.smsc, submit(6, "giveaway"), id_resp_pdu(cmd::submit_sm_resp, 0, 6, "C"));
  CHECK(f.proxy.stats().messages_blocked == 3);
}

TEST_CASE("filter: a message pipelined right after the bind is judged with the bind's account") {
  FilterProxy f;
  Peer esme = f.proxy.connect_esme();
  const Bytes bind = bind_pdu(cmd::bind_transceiver, 1, "trial", "pw");
  const Bytes tagged = submit(2, "parcel for you");
  esme.send(concat({bind, tagged}));
  Peer upstream = f.smsc.expect_connection();
  upstream.expect_bytes(bind);
  upstream.send(bind_resp_pdu(cmd::bind_transceiver, 0, 1));
  upstream.expect_bytes(tagged);  // account "trial" is in monitor mode: relayed unchanged
  esme.expect(cmd::bind_transceiver_resp, 0, 1);
  CHECK(f.proxy.stats().messages_monitored == 1);
}

// What an unauthenticated or not-yet-answered bind must not reveal, and the PDU size limit.

TEST_CASE("filter: no block verdict is revealed to an ESME whose bind the SMSC refused") {
  // The SMSC refuses the bind (wrong password) and keeps the connection, as many do. The pair stays
  // in `relaying` (esme_bound_ is false) and still judges what the ESME sends: a message matching a
  // block rule is answered by the proxy with the block status, while anything else is forwarded
  // and refused by the SMSC with ESME_RINVBNDSTS. An unauthenticated client can thus probe the
  // rule set. Expected: the same answer as for any message on an unbound session.
  FilterProxy f;
  Peer esme = f.proxy.connect_esme();
  const Bytes bind = bind_pdu(cmd::bind_transmitter, 1, "esme1", "wrong");
  esme.send(bind);
  Peer upstream = f.smsc.expect_connection();
  upstream.expect_bytes(bind);
  upstream.send(bind_resp_pdu(cmd::bind_transmitter, 0x0E /* ESME_RINVPASWD */, 1, ""));
  esme.expect(cmd::bind_transmitter_resp, 0x0E, 1);

  esme.send(submit(2, "verify your account"));
  Pdu p;
  if (upstream.read(p, 300ms) == Peer::Read::pdu) upstream.send(header_pdu(cmd::submit_sm_resp, status::invalid_bind_status, p.seq()));
  const Pdu r = esme.expect_pdu();
  CHECK(r.id() == cmd::submit_sm_resp);
  CHECK(r.seq() == 2);
  CHECK(r.status() != kDefaultBlock);
}

TEST_CASE("filter: a maximum-size data_sm tagged with a prefix is still visibly marked") {
  // A data_sm of max_pdu_size (64 KiB) octets matching a prefix rule: the prefix cannot be added
  // (the rebuilt PDU would exceed 64 KiB), and instead of falling back to the relabel the rewrite
  // fails: the message is forwarded unmarked and tag_failures counts it.
  FilterProxy f;
  Bound b = f.bind();
  MessageSpec m = text_spec(cmd::data_sm, 2, "");
  m.tlvs = {{tlv::message_payload, {}}};
  const std::size_t without_payload = message_pdu(m).size();
  m.tlvs[0].value = gsm7("courier " + std::string(65536 - without_payload - 8, 'z'));
  const Bytes pdu = message_pdu(m);
  REQUIRE(pdu.size() == f.proxy.settings.max_pdu_size);
  b.esme.send(pdu);
  const Pdu got = b.smsc.expect_pdu();
  Parsed p{Bytes(got.bytes)};
  CHECK(p.fields.source.digits == "Likely-SCAM");
  CHECK(f.proxy.stats().tag_failures == 0);
}

TEST_CASE("filter: a message pipelined behind a bind is not answered before the bind is") {
  // on_connected() processes what the ESME pipelined after its bind as soon as the upstream TCP
  // connection is up, before the SMSC has answered the bind. A blocked message is answered there
  // and then: the ESME gets submit_sm_resp (block status) BEFORE bind_transceiver_resp, and gets it
  // even when the SMSC then refuses the bind (here ESME_RINVPASWD): the verdict leaks to a client
  // that never authenticated. Expected: the bind_resp first, and no block verdict for a refused bind.
  FilterProxy f;
  Peer esme = f.proxy.connect_esme();
  const Bytes bind = bind_pdu(cmd::bind_transceiver, 1, "esme1", "wrong");
  esme.send(concat({bind, submit(2, "verify your account")}));
  Peer upstream = f.smsc.expect_connection();
  upstream.expect_bytes(bind);
  std::this_thread::sleep_for(100ms);  // the SMSC takes a moment to check the password
  upstream.send(bind_resp_pdu(cmd::bind_transceiver, 0x0E /* ESME_RINVPASWD */, 1));
  Pdu p;
  if (upstream.read(p, 300ms) == Peer::Read::pdu) upstream.send(header_pdu(cmd::submit_sm_resp, status::invalid_bind_status, p.seq()));
  const Pdu first = esme.expect_pdu();
  CHECK(first.id() == cmd::bind_transceiver_resp);
  const Pdu second = esme.expect_pdu();
  for (const Pdu* r : {&first, &second})
    if (r->id() == cmd::submit_sm_resp) CHECK(r->status() != kDefaultBlock);
}
