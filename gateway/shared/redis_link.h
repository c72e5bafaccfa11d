#pragma once
// RedisLink: one synchronous hiredis connection for sharing state between smsfw instances
// (throttle_exchange.h, campaign_exchange.h). Used from ONE background thread only, never from
// the data path: every call may block for up to the connect or command timeout.
//
// Commands go in pipelined batches only: a Batch collects commands, execute() appends them all
// (redisAppendCommandArgv), flushes them in one write and reads one reply per command, so a batch
// costs one round trip however many commands it holds.
//
// Up/down. Any I/O error, protocol error or timeout drops the connection and marks the link down
// with ONE warning ("redis H:P unreachable (<reason>): using local state only"); while down,
// execute() fails at once without touching the network, except that a reconnect is attempted
// when due: first 1 s after the failure, then with the delay doubling up to 5 s. A successful
// reconnect after a failure logs "redis H:P: reconnected, sharing state again". A Redis error
// reply to one command (WRONGTYPE...) is that command's result, not a link failure.
//
// Counters (batches ok / failed, last round trip) and up() are atomics, so a metrics thread may
// read them.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct redisContext;  // hiredis, kept out of this header
struct redisReply;

namespace smsfw::gateway::shared {

// Owns a hiredis reply tree (freeReplyObject on destruction).
struct RedisReplyDeleter {
  void operator()(redisReply* r) const;
};
using RedisReplyPtr = std::unique_ptr<redisReply, RedisReplyDeleter>;

class RedisLink {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 6379;
    std::chrono::milliseconds connect_timeout{200};
    // Bounds each socket read and write (SO_RCVTIMEO / SO_SNDTIMEO), not a whole batch: a
    // server that answers a large batch slowly but steadily is not a failure.
    std::chrono::milliseconds command_timeout{200};
    std::string key_prefix = "smsfw:";  // for the exchanges' keys
  };

  // Commands of one pipeline. Arguments are copied into one buffer, so a Batch can be reused
  // (clear()) across exchanges without reallocating once it has grown.
  class Batch {
   public:
    // Starts a command; add its arguments with arg() (the first is the command name).
    Batch& command(std::string_view name);
    Batch& arg(std::string_view a);
    std::size_t size() const { return commands_.size(); }
    bool empty() const { return commands_.empty(); }
    void clear();

   private:
    friend class RedisLink;
    std::string bytes_;                  // all arguments, back to back
    std::vector<std::size_t> arg_ends_;  // end offset of each argument in bytes_
    std::vector<std::size_t> commands_;  // index in arg_ends_ of each command's first argument
  };

  explicit RedisLink(Options options);
  ~RedisLink();
  RedisLink(const RedisLink&) = delete;
  RedisLink& operator=(const RedisLink&) = delete;

  // Sends `batch` in one pipeline and fills `replies` with one reply per command, in order.
  // False (and `replies` empty) when the link is down (including a reconnect attempt that is
  // not yet due or fails) or the batch fails; an empty batch succeeds without I/O when up.
  bool execute(const Batch& batch, std::vector<RedisReplyPtr>& replies);

  // Connects now if down and a reconnect is due (execute() does this itself); true when up.
  bool ensure_connected();

  bool up() const { return up_.load(std::memory_order_relaxed); }
  const Options& options() const { return options_; }
  const std::string& key_prefix() const { return options_.key_prefix; }

  std::uint64_t batches_ok() const { return batches_ok_.load(std::memory_order_relaxed); }
  std::uint64_t batches_failed() const { return batches_failed_.load(std::memory_order_relaxed); }
  // Microseconds from the first write to the last reply of the last successful batch.
  std::uint64_t last_round_trip_us() const { return last_rtt_us_.load(std::memory_order_relaxed); }

 private:
  using Clock = std::chrono::steady_clock;

  bool connect();
  void fail(std::string_view reason);  // drops the connection, marks down, warns once

  Options options_;
  std::string where_;                // "host:port" for logs
  redisContext* ctx_ = nullptr;      // null while down
  bool ever_failed_ = false;         // a later connect is a "reconnect"
  bool warned_ = false;              // the warning of the current outage was logged
  Clock::time_point next_attempt_{};  // no connect before this
  std::chrono::milliseconds backoff_{1000};
  std::vector<const char*> argv_;    // scratch for redisAppendCommandArgv
  std::vector<std::size_t> argvlen_;

  std::atomic<bool> up_{false};
  std::atomic<std::uint64_t> batches_ok_{0};
  std::atomic<std::uint64_t> batches_failed_{0};
  std::atomic<std::uint64_t> last_rtt_us_{0};
};

}  // namespace smsfw::gateway::shared
