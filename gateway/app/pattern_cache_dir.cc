#include "app/pattern_cache_dir.h"

#include <cstdlib>
#include <string_view>

namespace smsfw::app {

namespace {

std::string_view non_empty(const char* value) { return value == nullptr ? std::string_view() : value; }

}  // namespace

PatternCacheDir resolve_pattern_cache_dir(const std::optional<std::string>& setting, const EnvLookup& env) {
  if (setting) {
    if (*setting == "none") return {{}, "pattern_cache: none"};
    return {*setting, "configured"};
  }
  // systemd may list several directories separated by ':' (several CacheDirectory= entries);
  // the first one is this service's own.
  if (const std::string_view v = non_empty(env("CACHE_DIRECTORY")); !v.empty() && v.front() != ':')
    return {std::string(v.substr(0, v.find(':'))), "$CACHE_DIRECTORY"};
  if (const std::string_view v = non_empty(env("XDG_CACHE_HOME")); !v.empty() && v.front() == '/')
    return {std::filesystem::path(v) / "smsfw", "$XDG_CACHE_HOME"};
  if (const std::string_view v = non_empty(env("HOME")); !v.empty())
    return {std::filesystem::path(v) / ".cache" / "smsfw", "$HOME"};
  return {{}, "no $CACHE_DIRECTORY, $XDG_CACHE_HOME or $HOME"};
}

PatternCacheDir resolve_pattern_cache_dir(const std::optional<std::string>& setting) {
  return resolve_pattern_cache_dir(setting, [](const char* name) -> const char* { return std::getenv(name); });
}

}  // namespace smsfw::app
