#pragma once
// Logging of pattern-set loads for `smsfw run`: the first load at start, and the reload that
// SIGHUP and the pattern-directory watcher both trigger (one function, so both log alike).

#include <atomic>
#include <cstdint>
#include <string_view>

#include "engine/engine.h"

namespace smsfw::app {

// Logs a successful first load: rules, versions, hash, time, databases compiled / from cache,
// and each warning.
void log_initial_load(const filters::Engine& engine, const filters::ReloadOutcome& loaded);

// Reloads by outcome, for metrics (any thread reads them).
struct ReloadCounters {
  std::atomic<std::uint64_t> applied{0};
  std::atomic<std::uint64_t> refused{0};
  std::atomic<std::uint64_t> unchanged{0};
};

// Reloads `engine` on the calling thread and logs the outcome, starting with
// "TRIGGER: reloading pattern sets from DIR". A refused reload logs every error and leaves the
// previous sets in force (the engine's contract); an unchanged directory logs one info line.
// `counters`, if given, counts the outcome.
filters::ReloadOutcome reload_and_log(filters::Engine& engine, std::string_view trigger,
                                      ReloadCounters* counters = nullptr);

}  // namespace smsfw::app
