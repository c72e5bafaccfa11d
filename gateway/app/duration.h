#pragma once
// Durations as operators write them in config files: "500ms", "30s", "5m", "1h"; a bare number
// means seconds.

#include <chrono>
#include <optional>
#include <string_view>

namespace smsfw::app {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace smsfw::app
