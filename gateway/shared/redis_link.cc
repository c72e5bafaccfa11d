// RedisLink: connection, pipelined batches, up/down state (see redis_link.h).
#include "shared/redis_link.h"

#include <hiredis/hiredis.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <ctime>

namespace smsfw::gateway::shared {

namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

// hiredis writes with write(2), so a peer that closed the connection raises SIGPIPE, whose
// default action kills the process. Rather than ignoring SIGPIPE process-wide (global state the
// rest of the program did not ask for), the signal is blocked on this thread while hiredis
// writes, and one raised meanwhile is consumed before the old mask is restored.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeGuard() {
    if (!was_pending_) {
      const timespec zero{0, 0};
      while (sigtimedwait(&pipe_, nullptr, &zero) > 0) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t pipe_;
  sigset_t old_;
  bool was_pending_ = false;
};

// The reason for a failed hiredis call: a timeout reads as EAGAIN from the socket.
std::string reason_of(const redisContext* c, int saved_errno) {
  if (c == nullptr) return "cannot allocate a hiredis context";
  if (c->err == REDIS_ERR_IO && (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK)) {
    return "timeout";
  }
  if (c->err == REDIS_ERR_EOF) return "connection closed";
  return c->errstr[0] != '\0' ? std::string(c->errstr) : std::string("unknown error");
}

}  // namespace

void RedisReplyDeleter::operator()(redisReply* r) const { freeReplyObject(r); }

RedisLink::Batch& RedisLink::Batch::command(std::string_view name) {
  commands_.push_back(arg_ends_.size());
  return arg(name);
}

RedisLink::Batch& RedisLink::Batch::arg(std::string_view a) {
  bytes_.append(a);
  arg_ends_.push_back(bytes_.size());
  return *this;
}

void RedisLink::Batch::clear() {
  bytes_.clear();
  arg_ends_.clear();
  commands_.clear();
}

RedisLink::RedisLink(Options options)
    : options_(std::move(options)), where_(options_.host + ":" + std::to_string(options_.port)) {}

RedisLink::~RedisLink() {
  if (ctx_ != nullptr) redisFree(ctx_);
}

void RedisLink::fail(std::string_view reason) {
  if (ctx_ != nullptr) {
    redisFree(ctx_);
    ctx_ = nullptr;
  }
  up_.store(false, std::memory_order_relaxed);
  ever_failed_ = true;
  if (!warned_) {
    spdlog::warn("redis {} unreachable ({}): using local state only", where_, reason);
    warned_ = true;
  }
  next_attempt_ = Clock::now() + backoff_;
  backoff_ = std::min<std::chrono::milliseconds>(backoff_ * 2, std::chrono::milliseconds{5000});
}

bool RedisLink::connect() {
  SigpipeGuard guard;
  redisContext* c = redisConnectWithTimeout(options_.host.c_str(), options_.port,
                                            to_timeval(options_.connect_timeout));
  if (c == nullptr || c->err != 0) {
    const std::string reason = reason_of(c, errno);
    if (c != nullptr) redisFree(c);
    fail(reason);
    return false;
  }
  ctx_ = c;
  // One PING so that "up" means a Redis answered, not only that a socket accepted.
  void* r = nullptr;
  if (redisSetTimeout(c, to_timeval(options_.command_timeout)) != REDIS_OK ||
      (r = redisCommand(c, "PING")) == nullptr) {
    fail(reason_of(c, errno));
    return false;
  }
  const RedisReplyPtr pong(static_cast<redisReply*>(r));
  if (pong->type == REDIS_REPLY_ERROR) {  // e.g. LOADING, NOAUTH
    fail(std::string_view(pong->str, pong->len));
    return false;
  }
  up_.store(true, std::memory_order_relaxed);
  backoff_ = std::chrono::milliseconds{1000};
  if (ever_failed_ && warned_) spdlog::info("redis {}: reconnected, sharing state again", where_);
  else spdlog::info("redis {}: connected, sharing state", where_);
  warned_ = false;
  return true;
}

bool RedisLink::ensure_connected() {
  if (ctx_ != nullptr) return true;
  if (Clock::now() < next_attempt_) return false;
  return connect();
}

bool RedisLink::execute(const Batch& batch, std::vector<RedisReplyPtr>& replies) {
  replies.clear();
  if (!ensure_connected()) {
    batches_failed_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  if (batch.empty()) return true;
  SigpipeGuard guard;
  const std::size_t n = batch.commands_.size();
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t first = batch.commands_[i];
    const std::size_t last = i + 1 < n ? batch.commands_[i + 1] : batch.arg_ends_.size();
    argv_.clear();
    argvlen_.clear();
    for (std::size_t j = first; j < last; ++j) {
      const std::size_t begin = j == 0 ? 0 : batch.arg_ends_[j - 1];
      argv_.push_back(batch.bytes_.data() + begin);
      argvlen_.push_back(batch.arg_ends_[j] - begin);
    }
    if (redisAppendCommandArgv(ctx_, static_cast<int>(argv_.size()), argv_.data(),
                               argvlen_.data()) != REDIS_OK) {
      fail(reason_of(ctx_, errno));
      batches_failed_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
  }
  // The first redisGetReply writes the whole output buffer, then every call reads one reply.
  const auto t0 = Clock::now();
  replies.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    void* r = nullptr;
    if (redisGetReply(ctx_, &r) != REDIS_OK || r == nullptr) {
      fail(reason_of(ctx_, errno));
      replies.clear();
      batches_failed_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    replies.emplace_back(static_cast<redisReply*>(r));
  }
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();
  last_rtt_us_.store(static_cast<std::uint64_t>(us), std::memory_order_relaxed);
  batches_ok_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

}  // namespace smsfw::gateway::shared
