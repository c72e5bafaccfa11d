#pragma once
// Where `smsfw run` keeps the compiled Hyperscan databases (filters::EngineOptions::cache_dir):
// --pattern-cache / `pattern_cache:` when given ("none" turns the cache off), otherwise the
// usual places for a per-service cache, first one set wins:
//   $CACHE_DIRECTORY          systemd's CacheDirectory= (already specific to the service)
//   $XDG_CACHE_HOME/smsfw     only when absolute (XDG Base Directory: relative values are ignored)
//   $HOME/.cache/smsfw
// and no cache when none of them is set. The engine creates the directory itself.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace smsfw::app {

struct PatternCacheDir {
  std::filesystem::path dir;  // empty: no cache
  std::string source;         // where the choice came from, for the start-up log line
};

// Reads an environment variable; nullptr when unset. Tests pass a map instead of the process's.
using EnvLookup = std::function<const char*(const char*)>;

// `setting`: RunConfig::pattern_cache (unset, "none", or a directory).
PatternCacheDir resolve_pattern_cache_dir(const std::optional<std::string>& setting, const EnvLookup& env);
// The same with the process environment.
PatternCacheDir resolve_pattern_cache_dir(const std::optional<std::string>& setting);

}  // namespace smsfw::app
