#pragma once
// The filter engine shared by every thread of a process: the pattern directory it was loaded
// from and the current snapshot (compiled PatternSet + the sender policy built from it).
//
// Publication: reload() compiles a new snapshot on the calling thread (never an I/O thread's
// job) and swaps it in atomically; a failed load keeps the old snapshot in force. Readers
// (Classifier, one per thread) compare a relaxed generation counter per message and take the
// snapshot itself only when it changed, so the per-message path neither locks nor touches the
// shared_ptr's reference count. Each message is judged by exactly one complete snapshot.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "patterns/pattern_set.h"
#include "sender/sender_policy.h"

namespace smsfw::filters {

class DatabaseCache;

// One immutable, complete state of the engine.
struct Snapshot {
  Snapshot(std::shared_ptr<const PatternSet> s, SenderPolicy p) : set(std::move(s)), sender_policy(std::move(p)) {}
  std::shared_ptr<const PatternSet> set;
  SenderPolicy sender_policy;
};

// Result of loading or reloading.
struct ReloadOutcome {
  bool ok = false;
  bool unchanged = false;           // reload(): the inputs hash as the current set; nothing published
  std::vector<std::string> errors;  // "file:line: rule ID: message", every one found
  std::vector<std::string> warnings;  // non-fatal (e.g. the database cache could not be written)
  double seconds = 0;               // wall time of the load (read, compile or cache, snapshot)
  std::size_t databases_compiled = 0;   // Hyperscan databases built by this load
  std::size_t databases_from_cache = 0; // Hyperscan databases read from the cache
};

// How an Engine loads its directory.
struct EngineOptions {
  // Directory of the compiled-database cache (patterns/database_cache.h); empty: no cache.
  std::filesystem::path cache_dir;
};

class Engine {
 public:
  // Loads `directory`; on failure `outcome.errors` says why and the engine holds an empty set
  // (every message allowed) so that a caller may still decide to run. An empty path means "no
  // pattern directory": an empty set, and reload() is a no-op that succeeds.
  Engine(std::filesystem::path directory, ReloadOutcome& outcome, EngineOptions options = {});
  // An engine over an already compiled snapshot (tools, tests); reload() keeps it.
  explicit Engine(std::shared_ptr<const Snapshot> snapshot);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Loads the directory again and publishes the result if it compiled; otherwise the current
  // snapshot stays. When the inputs hash as the current set's (same files, same Hyperscan)
  // nothing is compiled or published (outcome.unchanged). Serialised: concurrent calls run one
  // after the other. Thread-safe.
  ReloadOutcome reload();

  // The current snapshot (atomic load; not for the per-message path, see generation()).
  std::shared_ptr<const Snapshot> snapshot() const { return current_.load(std::memory_order_acquire); }
  // Frees the snapshots replaced by reloads that no thread uses any more. A replaced snapshot is
  // kept here until then, so the last reference is never dropped on an I/O thread (freeing a
  // large set's databases takes milliseconds). Call it from the control path, periodically and
  // after reloads; reload() calls it too. Returns how many are still in use. Thread-safe.
  std::size_t release_retired();

  // Changes whenever a new snapshot is published.
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  const std::filesystem::path& directory() const { return directory_; }

  // Builds a snapshot from a compiled set (also used by tests and tools).
  static std::shared_ptr<const Snapshot> make_snapshot(std::shared_ptr<const PatternSet> set);
  // The snapshot of a set without rules (no directory, or a directory that failed at start).
  static std::shared_ptr<const Snapshot> empty_snapshot();

 private:
  void publish(std::shared_ptr<const Snapshot> s);
  // Reads and compiles the directory into `outcome`; nullptr on errors or when the source hashes
  // as `current_hash` (outcome.unchanged).
  std::shared_ptr<const Snapshot> load_outcome(ReloadOutcome& outcome, const std::string& current_hash);

  std::filesystem::path directory_;
  EngineOptions options_;
  std::unique_ptr<DatabaseCache> cache_;  // null without options_.cache_dir
  bool fixed_ = false;  // built from a snapshot: nothing to reload
  std::atomic<std::shared_ptr<const Snapshot>> current_;
  std::atomic<std::uint64_t> generation_{0};
  std::mutex reload_mutex_;  // control path only
  std::mutex retired_mutex_;  // control path only
  std::vector<std::shared_ptr<const Snapshot>> retired_;  // replaced, maybe still in use
};

}  // namespace smsfw::filters
