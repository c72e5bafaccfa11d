#pragma once
// The audit log: one JSON line (audit/audit_record.h) per audited verdict, written by one
// background thread so that worker threads never block on disk, allocate, mask, hash or format.
// Each worker thread gets its own Producer: a lock-free ring (audit/event_ring.h) it copies
// events into (audit/audit_event.h); the writer thread drains every ring every few milliseconds,
// masks the addresses, hashes the body, writes the lines and flushes the sink at least every
// flush_interval. A full ring drops the NEW event and counts it (dropped()). The sink is a
// size-rotating file, stdout, or off. The file holds nothing but the JSON lines.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "audit/audit_event.h"
#include "audit/audit_record.h"
#include "audit/body_hash.h"
#include "audit/event_ring.h"

namespace spdlog::sinks {
class sink;
}  // namespace spdlog::sinks

namespace smsfw::audit {

enum class SinkKind : std::uint8_t { off, file, standard_output };

// "off" / "file" / "stdout"; nullopt otherwise.
std::optional<SinkKind> parse_sink_kind(std::string_view text);
std::string_view to_string(SinkKind kind);

struct AuditLogConfig {
  SinkKind kind = SinkKind::off;
  std::string path;                                 // kind == file: the live file, e.g. /var/log/smsfw/audit.jsonl
  std::size_t max_size = std::size_t{100} << 20;    // bytes per file before rotation (100 MiB)
  std::size_t max_files = 10;                       // files kept in all, the live one included (>= 1)
  std::size_t queue_size = 8192;                    // per worker: room for this many 512-byte records
  std::chrono::milliseconds flush_interval{1000};   // the file is flushed at least this often (0: every record)
  std::string body_hash_key;                        // hex / base64 (body_hash.h); empty: random per process
};

class AuditLog {
 public:
  // One worker thread's way into the log (single producer): push() copies the event into the
  // ring and returns at once. Owned by the AuditLog.
  class Producer {
   public:
    explicit Producer(std::size_t ring_bytes) : ring_(ring_bytes) {}
    // False when the ring is full (the writer is behind) or the event is larger than the ring:
    // the event is dropped and counted.
    bool push(const AuditEvent& event);
    std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

   private:
    friend class AuditLog;
    EventRing ring_;
    std::atomic<std::uint64_t> dropped_{0};
  };

  // Opens the sink (creating the file's directory) and starts the writer thread. Throws
  // std::invalid_argument on a bad config (file without path, max_size/max_files/queue_size 0,
  // bad body hash key) and spdlog::spdlog_ex (a std::runtime_error) when the file cannot be
  // opened.
  explicit AuditLog(AuditLogConfig config);
  // Writes what every producer queued, flushes and closes the sink.
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  bool enabled() const { return sink_ != nullptr; }
  const AuditLogConfig& config() const { return config_; }
  // The keyed body hasher the writer uses (also when the log is off).
  const BodyHasher& hasher() const { return hasher_; }

  // A new producer for one thread (at start-up, not per message). Null when the log is off.
  // Thread-safe; valid as long as the log.
  Producer* add_producer();
  // Writes everything queued so far and flushes the sink; returns once done. Thread-safe; for
  // tests and shutdown, never the data path.
  void flush();

  std::uint64_t written() const { return written_.load(std::memory_order_relaxed); }  // lines written
  std::uint64_t dropped() const;                                                      // full rings, all producers
  std::uint64_t sink_errors() const { return sink_errors_.load(std::memory_order_relaxed); }

  // True on the writer thread (tests that count the data path's allocations leave it out).
  static bool on_writer_thread();

  // The name of rotated file `index` (0: the live file): the index goes before the extension,
  // "audit.jsonl" -> "audit.1.jsonl", "audit" -> "audit.1".
  static std::string rotated_file_name(const std::string& path, std::size_t index);

 private:
  void run_writer(std::stop_token stop);
  // Writes what the rings hold now; true if anything was written.
  bool drain();
  void write_line(const std::string& line);
  void flush_sink();
  void note_sink_error(const char* what);

  AuditLogConfig config_;
  BodyHasher hasher_;
  std::shared_ptr<spdlog::sinks::sink> sink_;
  std::chrono::milliseconds poll_interval_{};

  mutable std::mutex mutex_;  // producers_, flush requests
  std::condition_variable_any wake_;
  std::condition_variable_any flushed_;
  std::deque<Producer> producers_;         // never shrinks: pointers stay valid
  std::uint64_t flush_requested_ = 0;
  std::uint64_t flush_completed_ = 0;

  // Writer thread only.
  std::vector<Producer*> draining_;  // producers_, copied under the lock when it grew
  DecodedEvent decoded_;
  AuditRecord record_;

  std::atomic<std::uint64_t> written_{0};
  std::atomic<std::uint64_t> sink_errors_{0};
  std::jthread writer_;  // last: stopped and joined first
};

}  // namespace smsfw::audit
