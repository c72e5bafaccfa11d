// systemd_notify: what reaches a NOTIFY_SOCKET (a unix datagram socket standing in for the
// service manager), and that nothing is sent, and nothing fails, without one.

#include <catch2/catch.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "app/systemd_notify.h"
#include "temp_file.h"

namespace notify = smsfw::app::systemd_notify;
using smsfw::app::test::TempDir;

namespace {

// Sets (or, with nullopt, unsets) an environment variable for the scope; restores it after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value)
      ::setenv(name, value->c_str(), 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// The service manager's end: a bound unix datagram socket in a temp directory.
class NotifySocket {
 public:
  NotifySocket() : path_(dir_.path() + "/notify.sock") {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(path_.size() < sizeof(addr.sun_path));
    std::memcpy(addr.sun_path, path_.c_str(), path_.size() + 1);
    REQUIRE(::bind(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0);
  }
  ~NotifySocket() { ::close(fd_); }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  const std::string& path() const { return path_; }

  // Every datagram queued so far (sd_notify's sendmsg has returned: they are all there).
  std::vector<std::string> drain() {
    std::vector<std::string> out;
    char buf[4096];
    for (;;) {
      const ssize_t n = ::recv(fd_, buf, sizeof(buf), MSG_DONTWAIT);
      if (n < 0) {
        REQUIRE((errno == EAGAIN || errno == EWOULDBLOCK));
        return out;
      }
      out.emplace_back(buf, static_cast<std::size_t>(n));
    }
  }

 private:
  TempDir dir_;
  std::string path_;
  int fd_ = -1;
};

}  // namespace

TEST_CASE("systemd_notify: each call sends its assignments as one datagram") {
  NotifySocket sock;
  ScopedEnv env("NOTIFY_SOCKET", sock.path());
  CHECK(notify::enabled());

  notify::ready("listening on 0.0.0.0:2775");
  notify::status("reloading patterns");
  notify::stopping();
  notify::watchdog_ping();
  notify::ready();
  CHECK(sock.drain() == std::vector<std::string>{"READY=1\nSTATUS=listening on 0.0.0.0:2775",
                                                 "STATUS=reloading patterns", "STOPPING=1", "WATCHDOG=1", "READY=1"});
}

TEST_CASE("systemd_notify: reloading() carries the monotonic timestamp systemd 253 wants") {
  NotifySocket sock;
  ScopedEnv env("NOTIFY_SOCKET", sock.path());
  timespec before{};
  ::clock_gettime(CLOCK_MONOTONIC, &before);
  notify::reloading();
  timespec after{};
  ::clock_gettime(CLOCK_MONOTONIC, &after);

  const auto got = sock.drain();
  REQUIRE(got.size() == 1);
  const std::string prefix = "RELOADING=1\nMONOTONIC_USEC=";
  REQUIRE(got[0].rfind(prefix, 0) == 0);
  const std::string digits = got[0].substr(prefix.size());
  REQUIRE(!digits.empty());
  REQUIRE(digits.find_first_not_of("0123456789") == std::string::npos);
  const unsigned long long usec = std::stoull(digits);
  const auto to_usec = [](const timespec& ts) {
    return static_cast<unsigned long long>(ts.tv_sec) * 1000000ULL + static_cast<unsigned long long>(ts.tv_nsec) / 1000ULL;
  };
  CHECK(usec >= to_usec(before));
  CHECK(usec <= to_usec(after));
}

TEST_CASE("systemd_notify: a multi-line status is cut at its first line") {
  NotifySocket sock;
  ScopedEnv env("NOTIFY_SOCKET", sock.path());
  notify::status("first\nREADY=1");
  notify::ready("up\nSTOPPING=1");
  CHECK(sock.drain() == std::vector<std::string>{"STATUS=first", "READY=1\nSTATUS=up"});
}

TEST_CASE("systemd_notify: without NOTIFY_SOCKET nothing is sent and nothing fails") {
  NotifySocket sock;  // exists, but nobody names it
  ScopedEnv env("NOTIFY_SOCKET", std::nullopt);
  CHECK_FALSE(notify::enabled());
  notify::ready("listening");
  notify::reloading();
  notify::status("x");
  notify::stopping();
  notify::watchdog_ping();
  CHECK(sock.drain().empty());
}

TEST_CASE("systemd_notify: an empty NOTIFY_SOCKET counts as unset") {
  ScopedEnv env("NOTIFY_SOCKET", std::string());
  CHECK_FALSE(notify::enabled());
  notify::ready("listening");  // no error, no crash
  notify::stopping();
}

TEST_CASE("systemd_notify: a NOTIFY_SOCKET nobody listens on is not an error for the caller") {
  TempDir dir;
  ScopedEnv env("NOTIFY_SOCKET", dir.path() + "/nobody.sock");
  notify::ready("listening");
  notify::reloading();
  notify::stopping();
  SUCCEED();
}

TEST_CASE("systemd_notify: watchdog_interval follows WATCHDOG_USEC for this process") {
  ScopedEnv pid("WATCHDOG_PID", std::to_string(::getpid()));
  {
    ScopedEnv usec("WATCHDOG_USEC", std::string("5000000"));
    CHECK(notify::watchdog_interval() == std::chrono::microseconds(5000000));
  }
  {
    ScopedEnv usec("WATCHDOG_USEC", std::nullopt);
    CHECK_FALSE(notify::watchdog_interval().has_value());
  }
  {
    // Meant for another process (a parent that exported it): not ours.
    ScopedEnv other("WATCHDOG_PID", std::to_string(::getpid() + 1));
    ScopedEnv usec("WATCHDOG_USEC", std::string("5000000"));
    CHECK_FALSE(notify::watchdog_interval().has_value());
  }
}
