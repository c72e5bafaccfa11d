#include "engine/engine.h"

#include "patterns/pattern_loader.h"

namespace smsfw::filters {

std::shared_ptr<const Snapshot> Engine::make_snapshot(std::shared_ptr<const PatternSet> set) {
  SenderPolicy policy(set->registry());
  return std::make_shared<const Snapshot>(std::move(set), std::move(policy));
}

std::shared_ptr<const Snapshot> Engine::load(const std::filesystem::path& directory, std::vector<std::string>& errors) {
  std::shared_ptr<const PatternSet> set;
  if (directory.empty()) {
    set = PatternSet::compile(PatternSet::Source{}, errors);
  } else {
    LoadResult r = load_pattern_directory(directory);
    errors.insert(errors.end(), r.errors.begin(), r.errors.end());
    set = std::move(r.set);
  }
  if (!set) return nullptr;
  return make_snapshot(std::move(set));
}

Engine::Engine(std::filesystem::path directory, ReloadOutcome& outcome) : directory_(std::move(directory)) {
  outcome.errors.clear();
  auto s = load(directory_, outcome.errors);
  outcome.ok = s != nullptr;
  if (!s) {
    std::vector<std::string> ignored;
    s = load({}, ignored);  // an empty set: the caller decides whether to run with it
  }
  publish(std::move(s));
}

Engine::Engine(std::shared_ptr<const Snapshot> snapshot) : fixed_(true) { publish(std::move(snapshot)); }

ReloadOutcome Engine::reload() {
  std::lock_guard lock(reload_mutex_);
  ReloadOutcome outcome;
  if (fixed_) {
    outcome.ok = true;
    return outcome;
  }
  auto s = load(directory_, outcome.errors);
  outcome.ok = s != nullptr;
  if (s) publish(std::move(s));
  return outcome;
}

void Engine::publish(std::shared_ptr<const Snapshot> s) {
  // Snapshot first, then the generation: a reader that sees the new generation loads the new
  // snapshot (release/acquire).
  current_.store(std::move(s), std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace smsfw::filters
