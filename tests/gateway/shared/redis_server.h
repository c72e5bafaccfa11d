#pragma once
// RedisServer: a real redis-server for tests, on a free loopback port, without persistence.
// Started in the constructor (waits until PING answers), killed in the destructor. stop() kills
// it (SIGKILL, as a crash would) and start() brings it back on the same port, for outage tests.
// A missing /usr/bin/redis-server is an error (std::runtime_error), so tests fail rather than
// pass silently: it is a declared dependency (deploy/install-deps.sh).

#include <arpa/inet.h>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace smsfw::test {

class RedisServer {
 public:
  static constexpr const char* kBinary = "/usr/bin/redis-server";

  // Picks a port by binding 127.0.0.1:0, then starts redis there; retries with a new port when
  // another process took it in between.
  RedisServer() {
    if (access(kBinary, X_OK) != 0) {
      throw std::runtime_error(std::string(kBinary) +
                               " is missing: the redis tests need a real redis-server "
                               "(apt-get install redis-server)");
    }
    for (int attempt = 0; attempt < 5; ++attempt) {
      port_ = free_port();
      if (spawn_and_wait()) return;
    }
    throw std::runtime_error("redis-server did not start on a free loopback port");
  }
  ~RedisServer() { stop(); }
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  std::uint16_t port() const { return port_; }
  bool running() const { return pid_ > 0; }

  // SIGKILL and reap.
  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);  // also ends a frozen one
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  // Starts again on the same port (after stop()).
  void start() {
    if (pid_ > 0) return;
    for (int attempt = 0; attempt < 20; ++attempt) {
      if (spawn_and_wait()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("redis-server did not restart on port " + std::to_string(port_));
  }

  // SIGSTOP / SIGCONT: a server that accepts nothing and answers nothing (for timeouts).
  void freeze() const {
    if (pid_ > 0) kill(pid_, SIGSTOP);
  }
  void thaw() const {
    if (pid_ > 0) kill(pid_, SIGCONT);
  }

  // FLUSHALL through a short-lived connection.
  void flush() const { ping_or_command("FLUSHALL"); }

 private:
  static std::uint16_t free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      if (fd >= 0) close(fd);
      throw std::runtime_error("cannot bind a loopback port");
    }
    close(fd);
    return ntohs(a.sin_port);
  }

  bool ping_or_command(const char* cmd) const {
    const timeval tv{0, 200'000};
    redisContext* c = redisConnectWithTimeout("127.0.0.1", port_, tv);
    bool ok = false;
    if (c != nullptr && c->err == 0) {
      if (auto* r = static_cast<redisReply*>(redisCommand(c, cmd))) {
        ok = r->type != REDIS_REPLY_ERROR;
        freeReplyObject(r);
      }
    }
    if (c != nullptr) redisFree(c);
    return ok;
  }

  // Spawns redis-server on port_ and waits up to 5 s for PING; false (child reaped) if it exits
  // or never answers.
  bool spawn_and_wait() {
    const std::string port = std::to_string(port_);
    std::vector<std::string> args = {kBinary,   "--port",       port,  "--bind",     "127.0.0.1",
                                     "--save",  "",             "--appendonly", "no",
                                     "--daemonize", "no",       "--loglevel", "warning",
                                     "--dir",   "/tmp"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, kBinary, &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot spawn redis-server");
    pid_ = pid;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {  // exited: port taken?
        pid_ = -1;
        return false;
      }
      if (ping_or_command("PING")) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop();
    return false;
  }

  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace smsfw::test
