// The smsfw binary itself (main.cc, run_command.cc): exit codes, where text goes, the
// "smsfw listening on" line, and a clean exit on SIGTERM. Every wait is bounded.

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "app/version.h"
#include "support/pattern_dir.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// A child process running the smsfw binary with its stdout and stderr captured.
class Smsfw {
 public:
  explicit Smsfw(const std::vector<std::string>& args) {
    int out[2], err[2];
    REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
    REQUIRE(::pipe2(err, O_CLOEXEC) == 0);
    std::vector<std::string> all{SMSFW_BINARY};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::dup2(err[1], 2);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    ::close(err[1]);
    out_ = out[0];
    err_ = err[0];
  }
  ~Smsfw() {
    if (pid_ > 0 && !exit_code_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(out_);
    ::close(err_);
  }
  Smsfw(const Smsfw&) = delete;
  Smsfw& operator=(const Smsfw&) = delete;

  // Waits for the exit (collecting output); nullopt if it does not exit within `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout = 10s) {
    const auto deadline = Clock::now() + timeout;
    while (!exit_code_) {
      pump(20ms);
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        while (pump(0ms)) {
        }
        break;
      }
      if (Clock::now() > deadline) return std::nullopt;
    }
    return exit_code_;
  }

  // Waits until stdout holds a complete line starting with `prefix`; returns the rest of it.
  std::optional<std::string> wait_for_line(const std::string& prefix, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      const auto at = stdout_.find(prefix);
      const auto end = at == std::string::npos ? at : stdout_.find('\n', at);
      if (end != std::string::npos) return stdout_.substr(at + prefix.size(), end - at - prefix.size());
      if (Clock::now() > deadline || exit_code_) return std::nullopt;
      pump(20ms);
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
  }

  void signal(int signo) { ::kill(pid_, signo); }
  const std::string& out() const { return stdout_; }
  const std::string& err() const { return stderr_; }

 private:
  // Reads what is available on either pipe; true if anything was read.
  bool pump(std::chrono::milliseconds wait) {
    pollfd fds[2] = {{out_, POLLIN, 0}, {err_, POLLIN, 0}};
    if (::poll(fds, 2, static_cast<int>(wait.count())) <= 0) return false;
    bool any = false;
    char buf[4096];
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP))) continue;
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        (i == 0 ? stdout_ : stderr_).append(buf, static_cast<std::size_t>(n));
        any = true;
      }
    }
    return any;
  }

  pid_t pid_ = -1;
  int out_ = -1, err_ = -1;
  std::string stdout_, stderr_;
  std::optional<int> exit_code_;
};

int exit_code(const std::vector<std::string>& args, std::string* out = nullptr, std::string* err = nullptr) {
  Smsfw p(args);
  const auto code = p.wait();
  REQUIRE(code.has_value());
  if (out) *out = p.out();
  if (err) *err = p.err();
  return *code;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("smsfw: no command prints the usage on stderr and exits 2") {
  std::string out, err;
  CHECK(exit_code({}, &out, &err) == 2);
  CHECK(out.empty());
  CHECK(contains(err, "Usage: smsfw COMMAND"));
}

TEST_CASE("smsfw: --help / -h / help print the usage on stdout and exit 0") {
  for (const char* flag : {"--help", "-h", "help"}) {
    std::string out, err;
    CHECK(exit_code({flag}, &out, &err) == 0);
    CHECK(contains(out, "Usage: smsfw COMMAND"));
    CHECK(err.empty());
  }
}

TEST_CASE("smsfw: --version prints the version and exits 0") {
  std::string out;
  CHECK(exit_code({"--version"}, &out) == 0);
  CHECK(out == std::string("smsfw ") + smsfw::app::kVersion + "\n");
  CHECK(exit_code({"run", "--version"}, &out) == 0);
  CHECK(out == std::string("smsfw ") + smsfw::app::kVersion + "\n");
}

TEST_CASE("smsfw: an unknown command exits 2 naming it") {
  std::string err;
  CHECK(exit_code({"frobnicate"}, nullptr, &err) == 2);
  CHECK(contains(err, "frobnicate"));
}

TEST_CASE("smsfw run: option errors exit 2 (usage) or 1 (bad value) with one line on stderr") {
  std::string out, err;
  CHECK(exit_code({"run", "--frob"}, &out, &err) == 2);
  CHECK(out.empty());
  CHECK(contains(err, "--frob"));
  CHECK(exit_code({"run", "--listen", "nowhere", "-u", "127.0.0.1:2776"}, &out, &err) == 1);
  CHECK(out.empty());
  CHECK(contains(err, "--listen"));
  CHECK(exit_code({"run", "--listen", "127.0.0.1:0"}, &out, &err) == 1);  // no upstream
  CHECK(contains(err, "upstream"));
  CHECK(exit_code({"run", "--help"}, &out, &err) == 0);
  CHECK(contains(out, "Usage: smsfw run"));
}

TEST_CASE("smsfw run: an address in use or an unresolvable upstream exits 1 naming the flag") {
  boost::asio::io_context ctx;
  boost::asio::ip::tcp::acceptor taken(ctx, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const std::string busy = "127.0.0.1:" + std::to_string(taken.local_endpoint().port());
  std::string err;
  CHECK(exit_code({"run", "--listen", busy, "-u", "127.0.0.1:2776", "-t", "1"}, nullptr, &err) == 1);
  CHECK(contains(err, "--listen " + busy));
  CHECK(exit_code({"run", "--listen", "127.0.0.1:0", "-u", "no-such-host.invalid:2776", "-t", "1"}, nullptr, &err) == 1);
  CHECK(contains(err, "--upstream"));
}

TEST_CASE("smsfw run: a pattern directory with errors is refused at start, every error printed") {
  smsfw::test::PatternDir d;
  d.write("a.yaml", "set: a\nversion: \"1\"\nrules:\n  - {id: X, pattern: '(', action: block, description: d}\n");
  d.write("b.yaml", "set: b\nversion: \"1\"\nrules:\n  - {id: Y, pattern: 'ok', action: maybe, description: d}\n");
  std::string out, err;
  CHECK(exit_code({"run", "--listen", "127.0.0.1:0", "-u", "127.0.0.1:2776", "-t", "1", "--patterns", d.path().string()},
                  &out, &err) == 1);
  CHECK(out.empty());
  CHECK(contains(err, "a.yaml:4: rule X:"));
  CHECK(contains(err, "b.yaml:4: rule Y:"));
  CHECK(contains(err, "2 errors, not started"));
}

TEST_CASE("smsfw: the usage names the scan command") {
  std::string out;
  CHECK(exit_code({"--help"}, &out, nullptr) == 0);
  CHECK(contains(out, "scan"));
}

TEST_CASE("smsfw run: prints where it listens, accepts connections, exits 0 on SIGTERM and SIGINT") {
  for (int signo : {SIGTERM, SIGINT}) {
    CAPTURE(signo);
    Smsfw p({"run", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--threads", "2", "--log-level", "info"});
    const auto port = p.wait_for_line("smsfw listening on 127.0.0.1:");
    INFO("stderr: " << p.err());
    REQUIRE(port.has_value());
    REQUIRE_FALSE(port->empty());
    REQUIRE(port->find_first_not_of("0123456789") == std::string::npos);
    {
      boost::asio::io_context ctx;
      boost::asio::ip::tcp::socket s(ctx);
      boost::system::error_code ec;
      s.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::stoi(*port))}, ec);
      CHECK_FALSE(ec);
    }
    // SIGHUP reloads (here: no pattern directory, an empty set) and the process keeps running.
    p.signal(SIGHUP);
    CHECK_FALSE(p.wait(200ms).has_value());
    p.signal(signo);
    const auto code = p.wait(10s);
    REQUIRE(code.has_value());
    CHECK(*code == 0);
    CHECK(contains(p.err(), "stopped"));
    CHECK(p.out() == "smsfw listening on 127.0.0.1:" + *port + "\n");  // stdout carries only that line
  }
}
