// The data path allocates nothing per PDU: relaying 20,000 submit_sm and their responses through
// the real ProxyServer must not call operator new more than a handful of times once warmed up.
// Every allocation in this executable is counted (operator new is replaced below); the ESME and
// SMSC sides of the test use only buffers allocated before the measurement.

#include <atomic>
#include <cstdlib>
#include <new>
#include <thread>

#include "bind_through.h"
#include "pdu_builders.h"
#include "proxy_harness.h"

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
// The nothrow forms too, so that every delete below frees what malloc returned (AddressSanitizer
// checks the pairing).
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
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

// Reads complete PDUs into `buf` until `count` have arrived, calling on_pdu(frame) for each;
// false on error, close or timeout.
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
      on_pdu(buf.data() + pos);
      pos += scan.length;
      --count;
    }
    std::memmove(buf.data(), buf.data() + pos, have - pos);
    have -= pos;
  }
  return true;
}

}  // namespace

TEST_CASE("proxy: relaying submit_sm and responses allocates nothing per PDU once warmed up") {
  FakeSmsc smsc;
  ProxyHarness proxy;
  proxy.settings.upstreams = {{smsc.endpoint()}};
  proxy.start();
  Bound b = bind_through(proxy, smsc);

  // One window of submit_sm and one of responses, built once; only sequence numbers change.
  const Bytes one_submit = submit_sm_pdu(1, "Your parcel is waiting, reply YES", /*with_tlvs=*/true);
  const Bytes one_resp = id_resp_pdu(cmd::submit_sm_resp, 0, 1, "MSG0001");
  Bytes submits, resps;
  for (unsigned i = 0; i < kWindow; ++i) {
    submits.insert(submits.end(), one_submit.begin(), one_submit.end());
    resps.insert(resps.end(), one_resp.begin(), one_resp.end());
  }
  std::vector<std::uint8_t> esme_buf(256 * 1024), smsc_buf(256 * 1024);
  const int esme_fd = b.esme.fd();
  const int smsc_fd = b.smsc.fd();

  // The SMSC answers every submit_sm of a window with the matching sequence number.
  std::atomic<bool> smsc_ok{true};
  std::atomic<unsigned> rounds_to_answer{0};
  std::atomic<bool> stop{false};
  std::thread smsc_thread([&] {
    while (!stop.load()) {
      if (rounds_to_answer.load() == 0) {
        std::this_thread::yield();
        continue;
      }
      unsigned i = 0;
      const bool ok = read_pdus(smsc_fd, smsc_buf, kWindow, [&](const std::uint8_t* frame) {
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
  auto run_rounds = [&](unsigned rounds) {
    for (unsigned r = 0; r < rounds; ++r) {
      for (unsigned i = 0; i < kWindow; ++i) smsfw::smpp::store_u32(submits.data() + i * one_submit.size() + 12, seq++);
      rounds_to_answer.fetch_add(1);
      if (!send_all(esme_fd, submits.data(), submits.size())) return false;
      if (!read_pdus(esme_fd, esme_buf, kWindow, [](const std::uint8_t*) {})) return false;
    }
    return true;
  };

  const bool warmed = run_rounds(40);
  const std::uint64_t before = g_allocations.load();
  const bool measured = run_rounds(400);  // 20,000 submit_sm and 20,000 responses
  const std::uint64_t allocations = g_allocations.load() - before;
  stop = true;
  smsc_thread.join();

  REQUIRE(warmed);
  REQUIRE(measured);
  REQUIRE(smsc_ok);
  INFO("allocations while relaying 40,000 PDUs: " << allocations);
  // A few are tolerated (e.g. a worker tick); one per read batch would be over 800.
  CHECK(allocations < 20);
}
