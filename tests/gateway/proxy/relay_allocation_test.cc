// The data path allocates nothing per PDU: relaying 20,000 submit_sm and their responses through
// the real ProxyServer must not call operator new more than a handful of times once warmed up,
// without a filter engine and with one judging every message (a few dozen rules over every field
// and view, and the sender registry), for GSM text and for Thai UCS-2.
// Every allocation in this executable is counted (operator new is replaced below); the ESME and
// SMSC sides of the test use only buffers allocated before the measurement.
//
// With TLS on both sides, OpenSSL's own allocations (CRYPTO_malloc) are counted apart; the TLS
// bridges standing in for the TLS peers run on threads that are not counted.
//
// To find an allocation: SMSFW_ALLOC_TRACE=N prints the stack of the first N allocations made
// while measuring (symbols: the executable is linked with -rdynamic; pipe through c++filt).

#include <execinfo.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <thread>

#include <openssl/crypto.h>

#include "audit/audit_log.h"
#include "bind_through.h"
#include "filter_support.h"
#include "pdu_builders.h"
#include "proxy_harness.h"
#include "tls_proxy.h"

bool counted_thread();  // below: the threads whose allocations count

namespace {
std::atomic<std::uint64_t> g_allocations{0};
std::atomic<std::uint64_t> g_crypto_allocations{0};  // OpenSSL's, on counted threads
std::atomic<bool> g_tracing{false};
std::atomic<int> g_traces_left{0};
thread_local bool t_in_trace = false;

void trace_allocation(std::size_t n) {
  if (!g_tracing.load(std::memory_order_relaxed) || t_in_trace || !counted_thread()) return;
  if (g_traces_left.fetch_sub(1, std::memory_order_relaxed) <= 0) return;
  t_in_trace = true;
  char line[64];
  const int len = std::snprintf(line, sizeof line, "--- operator new(%zu)\n", n);
  if (len > 0) (void)!::write(2, line, static_cast<std::size_t>(len));
  void* frames[40];
  const int depth = ::backtrace(frames, 40);
  ::backtrace_symbols_fd(frames, depth, 2);
  t_in_trace = false;
}
}  // namespace

// The audit log's writer thread is not the data path: it formats JSON lines on purpose. The TLS
// bridges are the test's peers.
bool counted_thread() {
  return !smsfw::audit::AuditLog::on_writer_thread() && !smsfw::proxy::test::TlsBridge::on_bridge_thread();
}

// OpenSSL's allocations, counted like operator new (installed before OpenSSL allocates anything).
namespace {
void* counted_crypto_malloc(std::size_t n, const char*, int) {
  if (counted_thread()) g_crypto_allocations.fetch_add(1, std::memory_order_relaxed);
  trace_allocation(n);
  return std::malloc(n);
}
void* counted_crypto_realloc(void* p, std::size_t n, const char*, int) {
  if (counted_thread()) g_crypto_allocations.fetch_add(1, std::memory_order_relaxed);
  trace_allocation(n);
  return std::realloc(p, n);
}
void crypto_free(void* p, const char*, int) { std::free(p); }
const bool g_crypto_counted = CRYPTO_set_mem_functions(counted_crypto_malloc, counted_crypto_realloc, crypto_free) == 1;
}  // namespace

void* operator new(std::size_t n) {
  if (counted_thread()) g_allocations.fetch_add(1, std::memory_order_relaxed);
  trace_allocation(n);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
// The nothrow forms too, so that every delete below frees what malloc returned (AddressSanitizer
// checks the pairing).
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  if (counted_thread()) g_allocations.fetch_add(1, std::memory_order_relaxed);
  trace_allocation(n);
  return std::malloc(n == 0 ? 1 : n);
}
void* operator new[](std::size_t n, const std::nothrow_t& tag) noexcept { return operator new(n, tag); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

using namespace smsfw::proxy::test;

namespace {

constexpr unsigned kWindow = 50;

// Sends all of `bytes` on a non-blocking socket, waiting with poll(2); false on error or timeout.
bool send_all(int fd, const std::uint8_t* bytes, std::size_t n) {
  const auto deadline = Clock::now() + kWait;
  while (n > 0) {
    const ssize_t w = ::send(fd, bytes, n, MSG_NOSIGNAL);
    if (w > 0) {
      bytes += w;
      n -= static_cast<std::size_t>(w);
    } else if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      return false;
    } else if (!wait_fd(fd, POLLOUT, deadline)) {
      return false;
    }
  }
  return true;
}

// Reads complete PDUs into `buf` until `count` have arrived, calling on_pdu(frame, length) for
// each; false on error, close or timeout.
template <typename OnPdu>
bool read_pdus(int fd, std::vector<std::uint8_t>& buf, unsigned count, OnPdu&& on_pdu) {
  const auto deadline = Clock::now() + kWait;
  std::size_t have = 0;
  while (count > 0) {
    const ssize_t r = ::recv(fd, buf.data() + have, buf.size() - have, 0);
    if (r == 0) return false;
    if (r < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK) return false;
      if (!wait_fd(fd, POLLIN, deadline)) return false;
      continue;
    }
    have += static_cast<std::size_t>(r);
    std::size_t pos = 0;
    for (;;) {
      const auto scan = smsfw::smpp::scan_frame({buf.data() + pos, have - pos}, 64 * 1024);
      if (scan.kind != smsfw::smpp::FrameScan::Kind::complete) break;
      on_pdu(buf.data() + pos, scan.length);
      pos += scan.length;
      --count;
    }
    std::memmove(buf.data(), buf.data() + pos, have - pos);
    have -= pos;
  }
  return true;
}

struct Measured {
  bool warmed = false;
  bool measured = false;
  bool smsc_ok = true;
  bool relayed_unchanged = true;  // every submit reached the SMSC byte for byte
  std::uint64_t allocations = 0;         // operator new
  std::uint64_t crypto_allocations = 0;  // OpenSSL's
};

// Relays `rounds` windows of kWindow submit_sm (the window cycles through `kinds`) and their
// responses through the bound session after `warm_rounds`, counting allocations while measuring.
Measured relay_and_count(Bound& b, const std::vector<Bytes>& kinds, unsigned warm_rounds, unsigned rounds) {
  // One window of submit_sm and one of responses, built once; only sequence numbers change.
  const Bytes one_resp = id_resp_pdu(cmd::submit_sm_resp, 0, 1, "MSG0001");
  Bytes submits, resps;
  std::vector<std::size_t> offsets;
  for (unsigned i = 0; i < kWindow; ++i) {
    const Bytes& s = kinds[i % kinds.size()];
    offsets.push_back(submits.size());
    submits.insert(submits.end(), s.begin(), s.end());
    resps.insert(resps.end(), one_resp.begin(), one_resp.end());
  }
  offsets.push_back(submits.size());
  std::vector<std::uint8_t> esme_buf(256 * 1024), smsc_buf(256 * 1024);
  const int esme_fd = b.esme.fd();
  const int smsc_fd = b.smsc.fd();

  // The SMSC checks and answers every submit_sm of a window with the matching sequence number.
  Measured m;
  std::atomic<bool> smsc_ok{true}, unchanged{true};
  std::atomic<unsigned> rounds_to_answer{0};
  std::atomic<bool> stop{false};
  std::thread smsc_thread([&] {
    while (!stop.load()) {
      if (rounds_to_answer.load() == 0) {
        std::this_thread::yield();
        continue;
      }
      unsigned i = 0;
      const bool ok = read_pdus(smsc_fd, smsc_buf, kWindow, [&](const std::uint8_t* frame, std::size_t length) {
        const std::size_t want = offsets[i + 1] - offsets[i];
        if (length != want || std::memcmp(frame, submits.data() + offsets[i], want) != 0) unchanged = false;
        std::memcpy(resps.data() + i * one_resp.size() + 12, frame + 12, 4);
        ++i;
      });
      if (!ok || !send_all(smsc_fd, resps.data(), resps.size())) {
        smsc_ok = false;
        return;
      }
      rounds_to_answer.fetch_sub(1);
    }
  });

  std::uint32_t seq = 100;
  auto run_rounds = [&](unsigned n) {
    for (unsigned r = 0; r < n; ++r) {
      for (unsigned i = 0; i < kWindow; ++i) smsfw::smpp::store_u32(submits.data() + offsets[i] + 12, seq++);
      rounds_to_answer.fetch_add(1);
      if (!send_all(esme_fd, submits.data(), submits.size())) return false;
      if (!read_pdus(esme_fd, esme_buf, kWindow, [](const std::uint8_t*, std::size_t) {})) return false;
    }
    return true;
  };

  m.warmed = run_rounds(warm_rounds);
  if (const char* trace = std::getenv("SMSFW_ALLOC_TRACE")) {
    void* frames[4];
    ::backtrace(frames, 4);  // loads libgcc's unwinder now, not while measuring
    g_traces_left = std::atoi(trace);
    g_tracing = true;
  }
  const std::uint64_t before = g_allocations.load();
  const std::uint64_t crypto_before = g_crypto_allocations.load();
  m.measured = m.warmed && run_rounds(rounds);
  m.allocations = g_allocations.load() - before;
  m.crypto_allocations = g_crypto_allocations.load() - crypto_before;
  g_tracing = false;
  stop = true;
  smsc_thread.join();
  m.smsc_ok = smsc_ok;
  m.relayed_unchanged = unchanged;
  return m;
}

// A few dozen rules over every field and view, the sender registry, and accounts: none of them
// matches the clean messages below.
constexpr const char* kRules = R"(set: alloc-test
version: "1"
rules:
  - {id: N01, pattern: 'verify\s+your\s+account', action: block, description: n}
  - {id: N02, pattern: 'k\s*bank.{0,40}(verify|suspend)', action: block, description: n}
  - {id: N03, pattern: 'your\s+account\s+(is|has\s+been)\s+(locked|suspended)', action: block, description: n}
  - {id: N04, pattern: 'click\s+here\s+to\s+claim', action: block, description: n}
  - {id: N05, pattern: 'lottery|jackpot', action: block, description: n}
  - {id: N06, pattern: 'gift\s*card', action: tag, description: n}
  - {id: N07, pattern: 'bitcoin|usdt', action: monitor, description: n}
  - {id: N08, pattern: 'ยืนยันตัวตน', action: block, description: n}
  - {id: N09, pattern: 'เงินกู้', action: tag, description: n}
  - {id: N10, pattern: 'บัญชี.{0,20}ถูกระงับ', action: block, description: n}
  - {id: N11, pattern: 'parcel.{0,30}(held|customs)', action: tag, description: n, tag: {mark: prefix}}
  - {id: N12, pattern: 'official bank template', action: allow, description: n}
  - {id: S01, view: squeezed, pattern: 'verifyyouraccount', action: block, description: s}
  - {id: S02, view: squeezed, pattern: 'claimnow', action: tag, description: s}
  - {id: S03, view: squeezed, pattern: 'freemoney', action: block, description: s}
  - {id: S04, view: squeezed, pattern: 'ธนาคารแจ้ง', action: monitor, description: s}
  - {id: S05, view: squeezed, pattern: 'parcelheld', action: tag, description: s}
  - {id: R01, view: raw, pattern: 'KBank', action: monitor, description: r}
  - {id: R02, view: raw, pattern: 'SCB\s+Easy', action: monitor, description: r}
  - {id: R03, view: raw, pattern: '€\{5\}', action: monitor, description: r}
  - {id: R04, view: raw, pattern: 'WINNER', action: block, description: r}
  - {id: R05, view: raw, pattern: 'hxxp', action: block, description: r, flags: [caseless]}
  - {id: U01, field: url, pattern: '\.xyz$', action: block, description: u}
  - {id: U02, field: url, pattern: '^bit\.ly$', action: tag, description: u}
  - {id: U03, field: url, pattern: 'evil\.example', action: block, description: u}
  - {id: U04, field: url, pattern: '^[0-9.]+$', action: block, description: u}
  - {id: U05, field: url, pattern: 'secure-?login', action: block, description: u}
  - {id: U06, field: url, pattern: 'tinyurl\.com', action: monitor, description: u}
  - {id: F01, field: sender, view: raw, pattern: '^KBANK$', action: monitor, description: f, ton: [5]}
  - {id: F02, field: sender, pattern: 'lotto', action: block, description: f}
  - {id: F03, field: sender, view: squeezed, pattern: 'freegift', action: block, description: f}
  - {id: D01, field: destination, view: raw, pattern: '^66999', action: block, description: d}
  - {id: D02, field: destination, view: raw, pattern: '^1900', action: monitor, description: d}
)";

constexpr const char* kRegistry = R"(sender_registry:
  unauthorized: block
  lookalike: block
  unregistered_alphanumeric: tag
  format: {action: block, max_length: 11}
  generic: {action: tag, senders: [INFO, VERIFY, BANK]}
  senders:
    - {id: SHOP, accounts: [esme1]}
    - {id: KBANK, accounts: [kbank-a2p]}
    - {id: ThaiPost, accounts: [post-a2p]}
)";

constexpr const char* kAccounts = R"(accounts:
  default: {mode: enforce, block_status: 0x45}
  trial: {mode: monitor}
)";

Bytes clean_submit(std::uint8_t data_coding, Bytes text) {
  MessageSpec m;
  m.source = "SHOP";  // registered for esme1: the registry runs, and passes
  m.destination = "66812345678";
  m.data_coding = data_coding;
  m.short_message = std::move(text);
  m.tlvs = {{kVendorTag, to_bytes("v")}};
  return message_pdu(m);
}

const Bytes& ascii_submit() {
  static const Bytes b =
      clean_submit(0, gsm7("Your order 12345 has shipped. Track it at https://shop.example.co.th/track/12345 thanks"));
  return b;
}
const Bytes& thai_submit() {
  static const Bytes b =
      clean_submit(8, ucs2("รหัสสำหรับเข้าสู่ระบบของคุณคือ 482913 กรุณาอย่าเปิดเผยให้ผู้อื่นทราบ"));
  return b;
}

// The proxy with an engine over the rules above, bound as esme1; with `campaign`, also a
// campaign document and a detector (whose rings are large enough for every message of a test:
// the harness runs no aggregator).
struct EngineRelay {
  explicit EngineRelay(bool campaign = false, smsfw::audit::AuditLog* audit = nullptr) {
    proxy.audit = audit;
    e.dir.write("rules.yaml", kRules);
    e.dir.write("registry.yaml", kRegistry);
    e.dir.write("accounts.yaml", kAccounts);
    if (campaign) {
      e.dir.write("campaign.yaml", "campaign: {threshold: 100}\n");
      proxy.campaign = &detector;
    }
    e.load();
    proxy.engine = e.engine.get();
    proxy.settings.upstreams = {{smsc.endpoint()}};
    proxy.start();
  }
  smsfw::filters::campaign::CampaignDetector detector{{.capacity = 1024, .producers = 1, .ring_capacity = 1 << 15}};
  EngineDir e;
  FakeSmsc smsc;
  ProxyHarness proxy;
};

// Part `n` of 2 of a clean concatenated GSM message (8-bit reference 0x2A).
Bytes clean_part(std::uint8_t n) {
  MessageSpec m;
  m.source = "SHOP";
  m.destination = "66812345678";
  m.esm_class = 0x40;
  m.short_message = concat({Bytes{0x05, 0x00, 0x03, 0x2A, 0x02, n},
                            gsm7(n == 1 ? "Your order 12345 has shipped and will arrive on Tuesday between nine "
                                        : "and twelve. Track it at https://shop.example.co.th/track/12345 thanks")});
  m.tlvs = {{kVendorTag, to_bytes("v")}};
  return message_pdu(m);
}

void check_measured(const Measured& m, std::uint64_t pdus) {
  REQUIRE(m.warmed);
  REQUIRE(m.measured);
  REQUIRE(m.smsc_ok);
  CHECK(m.relayed_unchanged);
  INFO("allocations while relaying " << pdus << " PDUs: " << m.allocations);
  // A few are tolerated (e.g. a worker tick); one per read batch would be over 800.
  CHECK(m.allocations < 20);
}

// The engine judged every message and let it through unchanged, matching nothing.
void check_all_allowed(ProxyHarness& proxy, std::uint64_t messages) {
  const auto s = proxy.stats();
  CHECK(s.messages_judged == messages);
  CHECK(s.messages_blocked == 0);
  CHECK(s.messages_tagged == 0);
  CHECK(s.messages_monitored == 0);
  CHECK(s.messages_allowed_by_rule == 0);
  CHECK(s.engine_errors == 0);
  CHECK(s.messages_malformed_text == 0);
}

}  // namespace

TEST_CASE("proxy: relaying submit_sm and responses allocates nothing per PDU once warmed up") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Bound b = bind_through(proxy, smsc);
  const Measured m =
      relay_and_count(b, {submit_sm_pdu(1, "Your parcel is waiting, reply YES", /*with_tlvs=*/true)}, 40, 400);
  check_measured(m, 40000);  // 20,000 submit_sm and 20,000 responses
}

TEST_CASE("proxy with an engine: clean GSM text allocates nothing per PDU once warmed up") {
  EngineRelay r;
  Bound b = bind_through(r.proxy, r.smsc);
  const Measured m = relay_and_count(b, {ascii_submit()}, 40, 400);
  check_measured(m, 40000);
  check_all_allowed(r.proxy, 440 * kWindow);
}

TEST_CASE("proxy with an engine: clean Thai UCS-2 text allocates nothing per PDU once warmed up") {
  EngineRelay r;
  Bound b = bind_through(r.proxy, r.smsc);
  const Measured m = relay_and_count(b, {thai_submit()}, 40, 400);
  check_measured(m, 40000);
  check_all_allowed(r.proxy, 440 * kWindow);
}

TEST_CASE("proxy with an engine: concatenated messages held and judged whole allocate nothing per PDU once warmed up") {
  // 25 two-part messages a window: each part held until its sibling arrives, the pair judged as
  // one text, then both forwarded in arrival order (so the SMSC sees the stream unchanged).
  EngineRelay r;
  Bound b = bind_through(r.proxy, r.smsc);
  const Measured m = relay_and_count(b, {clean_part(1), clean_part(2)}, 40, 400);
  check_measured(m, 40000);
  check_all_allowed(r.proxy, 440 * kWindow / 2);
  CHECK(r.proxy.stats().concat_messages == 440 * kWindow / 2);
}

TEST_CASE("proxy with an engine and campaign detection: fingerprints and observations allocate nothing per PDU") {
  EngineRelay r(true);
  Bound b = bind_through(r.proxy, r.smsc);
  const Measured m = relay_and_count(b, {ascii_submit(), thai_submit()}, 40, 400);
  check_measured(m, 40000);
  check_all_allowed(r.proxy, 440 * kWindow);
  CHECK(r.detector.dropped() == 0);
}

TEST_CASE("proxy with an engine: GSM and Thai messages interleaved allocate nothing per PDU once warmed up") {
  // The realistic stream: a message with a URL, then one without, and so on. The URL slots (and
  // their strings) must survive a message without URLs (UrlExtractor::extract_pooled).
  EngineRelay r;
  Bound b = bind_through(r.proxy, r.smsc);
  const Measured m = relay_and_count(b, {ascii_submit(), thai_submit()}, 40, 400);
  check_measured(m, 40000);
  check_all_allowed(r.proxy, 440 * kWindow);
}

TEST_CASE("proxy with an engine and the audit log: every message audited, nothing allocated per PDU on the data path") {
  // Every message matches the monitor rule N07, so each is audited and still forwarded unchanged.
  // The audit writer thread (JSON, masking, hashing) is not counted: it is not the data path.
  smsfw::test::PatternDir dir;  // a temporary directory for the audit file
  smsfw::audit::AuditLogConfig config;
  config.kind = smsfw::audit::SinkKind::file;
  config.path = (dir.path() / "audit.jsonl").string();
  config.queue_size = 1 << 14;
  smsfw::audit::AuditLog audit(config);
  EngineRelay r(false, &audit);
  Bound b = bind_through(r.proxy, r.smsc);
  const Bytes monitored = clean_submit(0, gsm7("Top up your wallet with USDT today, fees waived until Friday"));
  const Measured m = relay_and_count(b, {monitored}, 40, 400);
  check_measured(m, 40000);
  audit.flush();
  CHECK(r.proxy.stats().messages_monitored == 440 * kWindow);
  CHECK(audit.written() + audit.dropped() == 440 * kWindow);
  CHECK(audit.dropped() == 0);
}

TEST_CASE("proxy over TLS on both sides: relaying allocates nothing per PDU once warmed up") {
  REQUIRE(g_crypto_counted);
  TlsProxy t;
  Bound b = t.bind("esme1");
  const Measured m =
      relay_and_count(b, {submit_sm_pdu(1, "Your parcel is waiting, reply YES", /*with_tlvs=*/true)}, 40, 400);
  check_measured(m, 40000);  // smsfw's code and Asio's TLS operations: nothing per PDU
  // OpenSSL 3.0's record layer allocates a little bookkeeping (40-byte blocks) for each record
  // it reads or writes, whatever the caller does: per read or write batch, not per PDU. 400 rounds
  // of 50 make 1,600 batches; one allocation per PDU would be 40,000.
  INFO("OpenSSL allocations while relaying 40000 PDUs: " << m.crypto_allocations);
  CHECK(m.crypto_allocations <= 4 * 1600);
}
