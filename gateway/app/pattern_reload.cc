#include "app/pattern_reload.h"

#include <exception>
#include <string>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

namespace smsfw::app {

namespace {

// "0.42 s, 2 databases compiled, 3 from the cache": what the load cost and why.
std::string cost(const filters::ReloadOutcome& r) {
  return fmt::format("{:.2f} s, {} database{} compiled, {} from the cache", r.seconds, r.databases_compiled,
                     r.databases_compiled == 1 ? "" : "s", r.databases_from_cache);
}

void log_warnings(const filters::ReloadOutcome& r) {
  for (const auto& w : r.warnings) spdlog::warn("{}", w);
}

}  // namespace

void log_initial_load(const filters::Engine& engine, const filters::ReloadOutcome& loaded) {
  log_warnings(loaded);
  const auto s = engine.snapshot();
  spdlog::info("pattern sets loaded from {}: {} rules [{}] hash {} ({})", engine.directory().string(),
               s->set->rules().size(), s->set->versions(), s->set->hash(), cost(loaded));
}

filters::ReloadOutcome reload_and_log(filters::Engine& engine, std::string_view trigger, ReloadCounters* counters) {
  spdlog::info("{}: reloading pattern sets from {}", trigger, engine.directory().string());
  filters::ReloadOutcome r;
  try {
    r = engine.reload();
  } catch (const std::exception& e) {
    // Out of memory and the like: the reload thread must survive it, the old sets stay.
    r.ok = false;
    r.errors = {std::string("reload failed: ") + e.what()};
  }
  log_warnings(r);
  if (counters) ++(r.unchanged ? counters->unchanged : r.ok ? counters->applied : counters->refused);
  const auto s = engine.snapshot();
  if (r.unchanged) {
    spdlog::info("pattern sets unchanged (hash {}): nothing to reload", s->set->hash());
  } else if (r.ok) {
    spdlog::info("pattern sets reloaded: {} rules [{}] hash {} ({})", s->set->rules().size(), s->set->versions(),
                 s->set->hash(), cost(r));
  } else {
    for (const auto& e : r.errors) spdlog::error("{}", e);
    spdlog::error("reload refused ({} error{}): the previous pattern sets stay in force [{}]", r.errors.size(),
                  r.errors.size() == 1 ? "" : "s", s->set->versions());
  }
  return r;
}

}  // namespace smsfw::app
