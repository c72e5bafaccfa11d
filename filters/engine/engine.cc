#include "engine/engine.h"

#include <algorithm>
#include <chrono>
#include <iterator>

#include "patterns/database_cache.h"
#include "patterns/pattern_loader.h"

namespace smsfw::filters {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

std::shared_ptr<const Snapshot> Engine::make_snapshot(std::shared_ptr<const PatternSet> set) {
  SenderPolicy policy(set->registry());
  return std::make_shared<const Snapshot>(std::move(set), std::move(policy));
}

std::shared_ptr<const Snapshot> Engine::empty_snapshot() {
  std::vector<std::string> errors;  // an empty Source has nothing to fail on
  return make_snapshot(PatternSet::compile(PatternSet::Source{}, errors));
}

Engine::Engine(std::filesystem::path directory, ReloadOutcome& outcome, EngineOptions options)
    : directory_(std::move(directory)), options_(std::move(options)) {
  if (!options_.cache_dir.empty()) cache_ = std::make_unique<DatabaseCache>(options_.cache_dir);
  outcome = ReloadOutcome{};
  auto s = directory_.empty() ? empty_snapshot() : load_outcome(outcome, "");
  if (directory_.empty()) outcome.ok = true;
  // On errors an empty set: the caller decides whether to run with it.
  publish(s ? std::move(s) : empty_snapshot());
}

Engine::Engine(std::shared_ptr<const Snapshot> snapshot) : fixed_(true) { publish(std::move(snapshot)); }

Engine::~Engine() = default;

std::shared_ptr<const Snapshot> Engine::load_outcome(ReloadOutcome& outcome, const std::string& current_hash) {
  const auto start = std::chrono::steady_clock::now();
  PatternSet::Source source;
  if (!load_pattern_source(directory_, source, outcome.errors)) {
    // Also Hyperscan's verdict on the rules that were read, so one attempt reports everything.
    PatternSet::check(source, outcome.errors);
    outcome.seconds = seconds_since(start);
    return nullptr;
  }
  if (!current_hash.empty() && source.hash == current_hash) {
    outcome.ok = true;
    outcome.unchanged = true;
    outcome.seconds = seconds_since(start);
    return nullptr;
  }
  PatternSet::CompileOptions options;
  options.cache = cache_.get();
  PatternSet::CompileReport report;
  auto set = PatternSet::compile(std::move(source), outcome.errors, options, &report);
  outcome.databases_compiled = report.compiled;
  outcome.databases_from_cache = report.from_cache;
  outcome.warnings = std::move(report.warnings);
  std::shared_ptr<const Snapshot> s;
  if (set) {
    s = make_snapshot(std::move(set));
    // Old databases go once the new set is built; the current set's files are kept.
    if (cache_) cache_->prune(report.cache_keys, outcome.warnings);
  }
  outcome.ok = s != nullptr;
  outcome.seconds = seconds_since(start);
  return s;
}

ReloadOutcome Engine::reload() {
  std::lock_guard lock(reload_mutex_);
  ReloadOutcome outcome;
  if (fixed_ || directory_.empty()) {  // nothing to read again
    outcome.ok = true;
    outcome.unchanged = true;
    return outcome;
  }
  auto s = load_outcome(outcome, snapshot()->set->hash());
  if (s) publish(std::move(s));
  release_retired();
  return outcome;
}

void Engine::publish(std::shared_ptr<const Snapshot> s) {
  // Snapshot first, then the generation: a reader that sees the new generation loads the new
  // snapshot (release/acquire).
  std::shared_ptr<const Snapshot> old = current_.exchange(std::move(s), std::memory_order_acq_rel);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  if (old) {
    std::lock_guard lock(retired_mutex_);
    retired_.push_back(std::move(old));
  }
}

std::size_t Engine::release_retired() {
  std::vector<std::shared_ptr<const Snapshot>> unused;
  std::size_t in_use = 0;
  {
    std::lock_guard lock(retired_mutex_);
    // use_count() 1: only this list holds it, and no thread can take it again (it is no longer
    // current_), so nobody else can be about to drop the last reference.
    auto keep = std::partition(retired_.begin(), retired_.end(),
                               [](const std::shared_ptr<const Snapshot>& p) { return p.use_count() > 1; });
    in_use = static_cast<std::size_t>(keep - retired_.begin());
    std::move(keep, retired_.end(), std::back_inserter(unused));
    retired_.erase(keep, retired_.end());
  }
  return in_use;  // `unused` is freed here, outside the lock
}

}  // namespace smsfw::filters
