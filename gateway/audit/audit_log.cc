#include "audit/audit_log.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <spdlog/details/log_msg.h>
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

namespace {
thread_local bool t_writer_thread = false;
}  // namespace

bool AuditLog::on_writer_thread() { return t_writer_thread; }

bool AuditLog::Producer::push(const AuditEvent& event) {
  const std::size_t size = encoded_size(event);
  if (!ring_.try_push(size, [&](std::span<std::uint8_t> out) { encode(event, out); })) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  return true;
}

AuditLog::AuditLog(AuditLogConfig config)
    : config_(validated(std::move(config))), hasher_(make_hasher(config_.body_hash_key)) {
  // The key is no longer needed in the config copy.
  std::fill(config_.body_hash_key.begin(), config_.body_hash_key.end(), '\0');
  config_.body_hash_key.clear();
  if (config_.kind == SinkKind::off) return;

  // Single-threaded sinks: only the writer thread (or flush() waiting for it) touches them.
  if (config_.kind == SinkKind::file) {
    // spdlog keeps the live file plus max_files rotated ones; ours counts the live one too.
    sink_ = std::make_shared<spdlog::sinks::rotating_file_sink_st>(config_.path, config_.max_size,
                                                                   config_.max_files - 1);
  } else {
    sink_ = std::make_shared<spdlog::sinks::stdout_sink_st>();
  }
  sink_->set_formatter(std::make_unique<spdlog::pattern_formatter>("%v", spdlog::pattern_time_type::utc, "\n"));
  // Polled often enough that a ring of queue_size records absorbs bursts, rarely enough to cost
  // nothing when idle; never later than the flush interval.
  poll_interval_ = std::chrono::milliseconds(20);
  if (config_.flush_interval.count() > 0) poll_interval_ = std::min(poll_interval_, config_.flush_interval);
  writer_ = std::jthread([this](std::stop_token stop) { run_writer(stop); });
}

AuditLog::~AuditLog() {
  if (writer_.joinable()) {
    writer_.request_stop();
    wake_.notify_all();
    writer_.join();  // the writer drains every ring and flushes before it returns
  }
}

AuditLog::Producer* AuditLog::add_producer() {
  if (!enabled()) return nullptr;
  std::lock_guard lock(mutex_);
  // About 512 bytes per record (masked fields, rule ids, a body hash; more with a body).
  return &producers_.emplace_back(config_.queue_size * 512);
}

void AuditLog::flush() {
  if (!enabled()) return;
  std::unique_lock lock(mutex_);
  const std::uint64_t ticket = ++flush_requested_;
  wake_.notify_all();
  flushed_.wait(lock, [&] { return flush_completed_ >= ticket || !writer_.joinable(); });
}

std::uint64_t AuditLog::dropped() const {
  std::uint64_t n = 0;
  std::lock_guard lock(mutex_);
  for (const Producer& p : producers_) n += p.dropped();
  return n;
}

void AuditLog::run_writer(std::stop_token stop) {
  t_writer_thread = true;
  auto last_flush = std::chrono::steady_clock::now();
  bool unflushed = false;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, stop, poll_interval_, [&] { return flush_requested_ > flush_completed_; });
    const std::uint64_t requested = flush_requested_;
    for (std::size_t i = draining_.size(); i < producers_.size(); ++i) draining_.push_back(&producers_[i]);
    const bool stopping = stop.stop_requested();
    lock.unlock();

    unflushed |= drain();
    const auto now = std::chrono::steady_clock::now();
    const bool due = config_.flush_interval.count() <= 0 || now - last_flush >= config_.flush_interval;
    if (unflushed && (due || requested > flush_completed_ || stopping)) {
      flush_sink();
      last_flush = now;
      unflushed = false;
    }

    lock.lock();
    if (requested > flush_completed_) {
      flush_completed_ = requested;
      flushed_.notify_all();
    }
    if (stopping) break;
  }
  flush_completed_ = flush_requested_;
  flushed_.notify_all();
}

bool AuditLog::drain() {
  bool wrote = false;
  for (Producer* producer : draining_) {
    EventRing& ring = producer->ring_;
    for (auto bytes = ring.front(); !bytes.empty(); bytes = ring.front()) {
      if (decode(bytes, decoded_)) {
        to_record(decoded_.event, hasher_, record_);
        write_line(to_json_line(record_));
        wrote = true;
      }
      ring.pop();
    }
  }
  return wrote;
}

void AuditLog::write_line(const std::string& line) {
  try {
    spdlog::details::log_msg msg(spdlog::source_loc{}, "audit", spdlog::level::info,
                                 spdlog::string_view_t(line.data(), line.size()));
    sink_->log(msg);
    written_.fetch_add(1, std::memory_order_relaxed);
  } catch (const std::exception& e) {
    note_sink_error(e.what());
  }
}

void AuditLog::note_sink_error(const char* what) {
  // Reported through the default logger: the first error, then every 1000th.
  const auto n = sink_errors_.fetch_add(1, std::memory_order_relaxed);
  if (n % 1000 == 0) spdlog::error("audit log: {} ({} sink errors so far)", what, n + 1);
}

void AuditLog::flush_sink() {
  try {
    sink_->flush();
  } catch (const std::exception& e) {
    note_sink_error(e.what());
  }
}

}  // namespace smsfw::audit
