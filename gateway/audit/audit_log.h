#pragma once
// The audit log: AuditRecords as JSON lines (audit/audit_record.h) through an spdlog async logger
// with its own bounded queue and one background thread, so worker threads never block on disk:
// when the queue is full the OLDEST queued record is dropped (overflow policy overrun_oldest) and
// counted (dropped()). The sink is a size-rotating file (rotating_file_sink_mt), stdout, or off.
// Pattern "%v": the file holds nothing but the JSON lines.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "audit/audit_record.h"
#include "audit/body_hash.h"

namespace spdlog {
class logger;
namespace details {
class thread_pool;
}
}  // namespace spdlog

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
  std::size_t queue_size = 8192;                    // records queued for the background thread
  std::chrono::milliseconds flush_interval{1000};   // the file is flushed at least this often (0: every record)
  std::string body_hash_key;                        // hex / base64 (body_hash.h); empty: random per process
};

class AuditLog {
 public:
  // Opens the sink (creating the file's directory). Throws std::invalid_argument on a bad config
  // (file without path, max_size/max_files/queue_size 0, bad body hash key) and spdlog::spdlog_ex
  // (a std::runtime_error) when the file cannot be opened.
  explicit AuditLog(AuditLogConfig config);
  // Drains the queue, flushes and closes the sink.
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  bool enabled() const { return logger_ != nullptr; }
  // The keyed body hasher (for AuditRecord::set_body), also usable when the log is off.
  const BodyHasher& hasher() const { return hasher_; }
  const AuditLogConfig& config() const { return config_; }

  // Serialises `record` on the calling thread and queues the line; never blocks on I/O.
  // Thread-safe. A no-op when the log is off.
  void write(const AuditRecord& record);
  // Asks the background thread to flush the sink (asynchronous).
  void flush();

  std::uint64_t written() const { return written_.load(std::memory_order_relaxed); }  // records queued
  std::uint64_t dropped() const;                                                  // lost to queue overrun
  std::uint64_t sink_errors() const { return sink_errors_.load(std::memory_order_relaxed); }

  // The name of rotated file `index` (0: the live file): spdlog puts the index before the
  // extension, "audit.jsonl" -> "audit.1.jsonl", "audit" -> "audit.1".
  static std::string rotated_file_name(const std::string& path, std::size_t index);

 private:
  AuditLogConfig config_;
  BodyHasher hasher_;
  std::shared_ptr<spdlog::details::thread_pool> pool_;
  std::shared_ptr<spdlog::logger> logger_;
  std::atomic<std::uint64_t> written_{0};
  std::atomic<std::uint64_t> sink_errors_{0};
  std::jthread flusher_;
};

}  // namespace smsfw::audit
