#pragma once
// In-process harness for behaviour tests of the proxy: the real ProxyServer (its control
// io_context on a thread of its own, its workers on theirs) between a scripted ESME and a
// scripted fake SMSC, both plain loopback sockets driven from the test thread.
//
// Nothing here can hang: every read, write, accept and wait is bounded by a deadline (poll(2) on
// non-blocking sockets). Catch2 assertions are only used on the test thread.

#include <catch2/catch.hpp>

#include <poll.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "proxy/proxy_server.h"
#include "proxy/proxy_settings.h"
#include "smpp/frame.h"
#include "smpp/pdu_writer.h"
#include "smpp/smpp_constants.h"

namespace smsfw::proxy::test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Bytes = std::vector<std::uint8_t>;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using namespace std::chrono_literals;
namespace cmd = smpp::cmd;

// The longest the test waits for something that should happen promptly. Generous, because a
// loaded 2-core box can stall a thread for a while; passing tests never wait this long.
inline constexpr milliseconds kWait{3000};

// One io_context owns every test-side socket; it is never run (all I/O is synchronous).
inline asio::io_context& test_context() {
  static asio::io_context ctx;
  return ctx;
}

inline std::string hex(std::span<const std::uint8_t> b) {
  static const char* digits = "0123456789ABCDEF";
  std::string s;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i) s += ' ';
    s += digits[b[i] >> 4];
    s += digits[b[i] & 15];
  }
  return s;
}

// A received PDU: its exact bytes and header.
struct Pdu {
  Bytes bytes;
  smpp::Header h;
  std::uint32_t id() const { return h.command_id; }
  std::uint32_t status() const { return h.command_status; }
  std::uint32_t seq() const { return h.sequence_number; }
  std::span<const std::uint8_t> body() const { return std::span<const std::uint8_t>(bytes).subspan(16); }
};

inline std::ostream& operator<<(std::ostream& os, const Pdu& p) {
  os << "PDU id=0x" << std::hex << p.id() << " status=0x" << p.status() << std::dec << " seq=" << p.seq()
     << " len=" << p.bytes.size();
  return os;
}

// Waits until `fd` is ready for `events` or the deadline passes.
inline bool wait_fd(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    pollfd p{fd, events, 0};
    const int r = ::poll(&p, 1, left > 0 ? static_cast<int>(left) : 0);
    if (r > 0) return true;
    if (r == 0) return false;
    if (errno != EINTR) return false;
  }
}

// One end of a TCP connection, driven synchronously with deadlines.
class Peer {
 public:
  enum class Read { pdu, timeout, closed };

  explicit Peer(tcp::socket s) : socket_(std::move(s)) {
    socket_.non_blocking(true);
    boost::system::error_code ec;
    socket_.set_option(tcp::no_delay(true), ec);
  }
  Peer(Peer&&) = default;
  Peer& operator=(Peer&&) = default;

  int fd() { return socket_.native_handle(); }
  tcp::socket& socket() { return socket_; }
  bool is_closed() const { return closed_; }

  // Writes everything; fails the test if the bytes cannot be written within `timeout`.
  void send(std::span<const std::uint8_t> bytes, milliseconds timeout = kWait) {
    const auto deadline = Clock::now() + timeout;
    std::size_t done = 0;
    while (done < bytes.size()) {
      boost::system::error_code ec;
      const std::size_t n = socket_.write_some(asio::buffer(bytes.data() + done, bytes.size() - done), ec);
      done += n;
      if (ec == asio::error::would_block || ec == asio::error::try_again) {
        if (!wait_fd(fd(), POLLOUT, deadline)) FAIL("send: peer not reading, " << done << "/" << bytes.size() << " bytes written");
      } else if (ec) {
        FAIL("send failed: " << ec.message());
      }
    }
  }
  void send(const Bytes& bytes, milliseconds timeout = kWait) { send(std::span<const std::uint8_t>(bytes), timeout); }

  // Writes what it can without blocking; returns the number of bytes written (0 when full).
  std::size_t send_some(std::span<const std::uint8_t> bytes) {
    boost::system::error_code ec;
    const std::size_t n = socket_.write_some(asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again) FAIL("send_some failed: " << ec.message());
    return n;
  }

  // Reads the next PDU, waiting at most `timeout`.
  Read read(Pdu& out, milliseconds timeout = kWait) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      if (buf_.size() >= 4) {
        const std::uint32_t len = smpp::load_u32(buf_.data());
        if (len < 16) FAIL("peer received a frame with command_length " << len << ": " << hex(buf_));
        if (buf_.size() >= len) {
          out.bytes.assign(buf_.begin(), buf_.begin() + len);
          out.h = smpp::load_header(out.bytes.data());
          buf_.erase(buf_.begin(), buf_.begin() + len);
          return Read::pdu;
        }
      }
      if (closed_) return Read::closed;
      if (!fill(deadline)) return closed_ ? Read::closed : Read::timeout;
    }
  }

  // The next PDU; fails the test on timeout or close.
  Pdu expect_pdu(milliseconds timeout = kWait) {
    Pdu p;
    const Read r = read(p, timeout);
    if (r == Read::timeout) FAIL("no PDU within " << timeout.count() << " ms");
    if (r == Read::closed) FAIL("connection closed while a PDU was expected");
    return p;
  }

  // The next PDU, checked for command id, status and sequence number.
  Pdu expect(std::uint32_t id, std::uint32_t status, std::uint32_t seq, milliseconds timeout = kWait) {
    const Pdu p = expect_pdu(timeout);
    INFO("got " << p);
    CHECK(p.id() == id);
    CHECK(p.status() == status);
    CHECK(p.seq() == seq);
    return p;
  }

  // The next PDU must be exactly `bytes` (the proxy relays original bytes).
  void expect_bytes(const Bytes& bytes, milliseconds timeout = kWait) {
    const Pdu p = expect_pdu(timeout);
    INFO("expected " << hex(bytes) << "\n     got " << hex(p.bytes));
    CHECK(p.bytes == bytes);
  }

  // True once the peer closed (EOF or reset) within `timeout`. PDUs that arrive first are
  // collected in `before` (if given) and otherwise make the check fail.
  bool closed_within(milliseconds timeout = kWait, std::vector<Pdu>* before = nullptr) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      Pdu p;
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
      const Read r = read(p, left > 0ms ? left : 0ms);
      if (r == Read::closed) return buf_.empty();
      if (r == Read::timeout) return false;
      if (before) {
        before->push_back(std::move(p));
      } else {
        FAIL_CHECK("unexpected " << p << " while waiting for the connection to close");
      }
    }
  }

  // True if nothing (no byte, no close) arrives within `period`.
  bool silent_for(milliseconds period) {
    if (!buf_.empty()) return false;
    const auto deadline = Clock::now() + period;
    if (closed_) return false;
    return !fill(deadline) && !closed_;
  }

  void close() {
    boost::system::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  // Closes with RST instead of FIN (SO_LINGER 0).
  void reset() {
    boost::system::error_code ec;
    socket_.set_option(asio::socket_base::linger(true, 0), ec);
    socket_.close(ec);
  }

 private:
  // Reads what is available, waiting until `deadline`; false on timeout or close.
  bool fill(Clock::time_point deadline) {
    for (;;) {
      std::uint8_t chunk[65536];
      boost::system::error_code ec;
      const std::size_t n = socket_.read_some(asio::buffer(chunk), ec);
      if (!ec && n > 0) {
        buf_.insert(buf_.end(), chunk, chunk + n);
        return true;
      }
      if (ec == asio::error::would_block || ec == asio::error::try_again) {
        if (!wait_fd(fd(), POLLIN, deadline)) return false;
        continue;
      }
      closed_ = true;  // eof, reset, or any other error: the connection is over
      return false;
    }
  }

  tcp::socket socket_;
  Bytes buf_;
  bool closed_ = false;
};

// A listening socket standing in for an SMSC.
class FakeSmsc {
 public:
  FakeSmsc() : acceptor_(test_context(), tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    acceptor_.non_blocking(true);
  }
  tcp::endpoint endpoint() const { return acceptor_.local_endpoint(); }

  // The next connection from the proxy, or nullopt if none arrives within `timeout`.
  // `rcvbuf`/`sndbuf` > 0 shrink the accepted socket's kernel buffers.
  std::optional<Peer> accept(milliseconds timeout = kWait, int sndbuf = 0) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      boost::system::error_code ec;
      tcp::socket s(test_context());
      acceptor_.accept(s, ec);
      if (!ec) {
        if (sndbuf > 0) s.set_option(asio::socket_base::send_buffer_size(sndbuf));
        return Peer(std::move(s));
      }
      if (ec != asio::error::would_block && ec != asio::error::try_again) FAIL("accept failed: " << ec.message());
      if (!wait_fd(acceptor_.native_handle(), POLLIN, deadline)) return std::nullopt;
    }
  }

  Peer expect_connection(milliseconds timeout = kWait, int sndbuf = 0) {
    auto p = accept(timeout, sndbuf);
    if (!p) FAIL("the proxy did not connect to the SMSC within " << timeout.count() << " ms");
    return std::move(*p);
  }

  void close() {
    boost::system::error_code ec;
    acceptor_.close(ec);
  }

 private:
  tcp::acceptor acceptor_;
};

// A loopback port nothing listens on (bound, then released; the kernel does not hand it out
// again at once).
inline tcp::endpoint closed_port() {
  tcp::acceptor a(test_context(), tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const tcp::endpoint ep = a.local_endpoint();
  a.close();
  return ep;
}

// The ProxyServer under test, with settings short enough for tests.
class ProxyHarness {
 public:
  ProxySettings settings;
  // The filter engine the proxy judges messages with (null: a transparent relay). Set before
  // start(); it must outlive the harness (declare it first).
  const filters::Engine* engine = nullptr;
  // Campaign detection (null: none); like `engine`, set before start() and declared first.
  filters::campaign::CampaignDetector* campaign = nullptr;
  // The audit log (null: none); like `engine`, set before start() and declared first.
  audit::AuditLog* audit = nullptr;
  // Proxy-side access control of binds (null: none); like `engine`, set before start(), declared first.
  access::AccessControl* access = nullptr;
  // TLS (null: none): a TLS listener beside the plain one (tls_endpoint()), and TLS towards the
  // upstreams (names in settings.upstream_names). Like `engine`, set before start(), declared first.
  asio::ssl::context* listen_tls = nullptr;
  asio::ssl::context* upstream_tls = nullptr;

  ProxyHarness() {
    static const bool log_init = [] {
      const char* level = std::getenv("SMSFW_TEST_LOG_LEVEL");
      spdlog::set_level(level ? spdlog::level::from_str(level) : spdlog::level::off);
      return true;
    }();
    (void)log_init;
    settings.bind_timeout = 5s;
    settings.connect_timeout = 1s;
    settings.idle_timeout = 0ms;
    settings.write_stall_timeout = 10s;
    settings.unbind_timeout = 2s;
  }
  ProxyHarness(const ProxyHarness&) = delete;
  ProxyHarness& operator=(const ProxyHarness&) = delete;

  ~ProxyHarness() {
    // Shut down the way run_command does: drain_and_stop on the control thread (a second call
    // after a test's own drain is harmless), then let the control loop run out of work. The
    // acceptor's pending accept holds a socket of a worker's io_context, so that aborted accept
    // must complete on the control thread before the workers (and their io_contexts) are gone.
    if (server_ && thread_.joinable()) asio::post(control_, [this] { server_->drain_and_stop(0ms); });
    guard_.reset();
    if (thread_.joinable()) thread_.join();  // returns once the control loop has no work left
    server_.reset();  // stops and joins the workers
  }

  void start(std::size_t workers = 1) {
    server_ = std::make_unique<ProxyServer>(control_, settings, workers, engine, false, campaign, audit, access);
    server_->listen(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    endpoint_ = server_->local_endpoint();
    if (listen_tls) server_->listen_tls(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0), *listen_tls);
    if (upstream_tls) server_->use_upstream_tls(*upstream_tls);
    server_->start();
    thread_ = std::thread([this] { control_.run(); });
  }

  tcp::endpoint endpoint() const { return endpoint_; }
  tcp::endpoint tls_endpoint() const { return server_->tls_endpoint(); }

  // A new ESME connection to the proxy. `rcvbuf` > 0 shrinks its kernel receive buffer.
  Peer connect_esme(int rcvbuf = 0) {
    tcp::socket s(test_context());
    s.open(tcp::v4());
    if (rcvbuf > 0) s.set_option(asio::socket_base::receive_buffer_size(rcvbuf));
    s.connect(endpoint_);
    return Peer(std::move(s));
  }

  // ProxyServer::drain_and_stop on the control thread, as the signal handler does it.
  std::future<bool> drain_async(milliseconds deadline) {
    auto done = std::make_shared<std::promise<bool>>();
    auto result = done->get_future();
    asio::post(control_, [this, done, deadline] { done->set_value(server_->drain_and_stop(deadline)); });
    return result;
  }

  // True once the listening socket refuses connections (the acceptor is closed).
  bool refuses_connections_within(milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      tcp::socket s(test_context());
      boost::system::error_code ec;
      s.connect(endpoint_, ec);
      if (ec) return true;
      s.close(ec);
      std::this_thread::sleep_for(5ms);
    }
    return false;
  }

  // Counters summed over the workers (posted to each worker's thread).
  ProxyStats stats() { return server_->stats(); }

 private:
  asio::io_context control_{1};
  asio::executor_work_guard<asio::io_context::executor_type> guard_ = asio::make_work_guard(control_);
  std::unique_ptr<ProxyServer> server_;
  std::thread thread_;
  tcp::endpoint endpoint_;
};

}  // namespace smsfw::proxy::test
