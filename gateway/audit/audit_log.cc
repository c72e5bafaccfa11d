#include "audit/audit_log.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <utility>

#include <spdlog/async.h>
#include <spdlog/async_logger.h>
#include <spdlog/details/thread_pool.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace smsfw::audit {
namespace {

BodyHasher make_hasher(const std::string& key_text) {
  if (key_text.empty()) return BodyHasher::random();
  std::string error;
  auto h = BodyHasher::from_config(key_text, error);
  if (!h) throw std::invalid_argument(error);
  return std::move(*h);
}

const AuditLogConfig& validated(const AuditLogConfig& c) {
  if (c.kind == SinkKind::off) return c;
  if (c.kind == SinkKind::file && c.path.empty()) throw std::invalid_argument("audit log: file sink without a path");
  if (c.max_size == 0) throw std::invalid_argument("audit log: max_size must be > 0");
  if (c.max_files == 0) throw std::invalid_argument("audit log: max_files must be >= 1");
  if (c.max_files > 200001) throw std::invalid_argument("audit log: max_files too large");
  if (c.queue_size == 0) throw std::invalid_argument("audit log: queue_size must be > 0");
  return c;
}

}  // namespace

std::optional<SinkKind> parse_sink_kind(std::string_view text) {
  if (text == "off") return SinkKind::off;
  if (text == "file") return SinkKind::file;
  if (text == "stdout") return SinkKind::standard_output;
  return std::nullopt;
}

std::string_view to_string(SinkKind kind) {
  switch (kind) {
    case SinkKind::file: return "file";
    case SinkKind::standard_output: return "stdout";
    case SinkKind::off: break;
  }
  return "off";
}

std::string AuditLog::rotated_file_name(const std::string& path, std::size_t index) {
  if (index == 0) return path;
  auto [base, ext] = spdlog::details::file_helper::split_by_extension(path);
  return base + "." + std::to_string(index) + ext;
}

AuditLog::AuditLog(AuditLogConfig config)
    : config_(validated(std::move(config))), hasher_(make_hasher(config_.body_hash_key)) {
  // The key is no longer needed in the config copy.
  std::fill(config_.body_hash_key.begin(), config_.body_hash_key.end(), '\0');
  config_.body_hash_key.clear();
  if (config_.kind == SinkKind::off) return;

  spdlog::sink_ptr sink;
  if (config_.kind == SinkKind::file) {
    // spdlog keeps the live file plus max_files rotated ones; ours counts the live one too.
    sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(config_.path, config_.max_size,
                                                                  config_.max_files - 1);
  } else {
    sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  }
  sink->set_formatter(std::make_unique<spdlog::pattern_formatter>("%v", spdlog::pattern_time_type::utc, "\n"));

  pool_ = std::make_shared<spdlog::details::thread_pool>(config_.queue_size, 1);
  auto logger = std::make_shared<spdlog::async_logger>("audit", std::move(sink), pool_,
                                                       spdlog::async_overflow_policy::overrun_oldest);
  logger->set_level(spdlog::level::info);
  logger->set_error_handler([this](const std::string& msg) {
    // Runs on the background thread; report the first error and then every 1000th.
    const auto n = sink_errors_.fetch_add(1, std::memory_order_relaxed);
    if (n % 1000 == 0) spdlog::error("audit log: {} ({} sink errors so far)", msg, n + 1);
  });
  if (config_.flush_interval.count() <= 0) logger->flush_on(spdlog::level::info);
  logger_ = std::move(logger);

  if (config_.flush_interval.count() > 0) {
    flusher_ = std::jthread([this](std::stop_token stop) {
      std::mutex m;
      std::condition_variable_any cv;
      std::unique_lock lock(m);
      while (!stop.stop_requested()) {
        cv.wait_for(lock, stop, config_.flush_interval, [] { return false; });
        if (!stop.stop_requested()) logger_->flush();
      }
    });
  }
}

AuditLog::~AuditLog() {
  if (flusher_.joinable()) {
    flusher_.request_stop();
    flusher_.join();
  }
  if (logger_) logger_->flush();  // queued after every record: runs once they are written
  // The pool's only owner: its destructor lets the thread drain the queue, then joins it. Only
  // then the logger (and the sink, which closes the file) goes, on this thread.
  pool_.reset();
  logger_.reset();
}

void AuditLog::write(const AuditRecord& record) {
  if (!logger_) return;
  const std::string line = to_json_line(record);
  logger_->log(spdlog::source_loc{}, spdlog::level::info, spdlog::string_view_t(line.data(), line.size()));
  written_.fetch_add(1, std::memory_order_relaxed);
}

void AuditLog::flush() {
  if (logger_) logger_->flush();
}

std::uint64_t AuditLog::dropped() const { return pool_ ? pool_->overrun_counter() : 0; }

}  // namespace smsfw::audit
