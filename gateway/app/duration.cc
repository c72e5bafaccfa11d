#include "app/duration.h"

#include <charconv>
#include <cstdint>

namespace smsfw::app {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  std::uint64_t value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc{} || p == begin) return std::nullopt;
  const std::string_view unit(p, static_cast<std::size_t>(end - p));
  std::uint64_t ms_per_unit = 0;
  if (unit.empty() || unit == "s") ms_per_unit = 1000;
  else if (unit == "ms") ms_per_unit = 1;
  else if (unit == "m") ms_per_unit = 60'000;
  else if (unit == "h") ms_per_unit = 3'600'000;
  else return std::nullopt;
  if (value > (std::uint64_t{1} << 40) / ms_per_unit) return std::nullopt;  // absurd, and would overflow
  return std::chrono::milliseconds(value * ms_per_unit);
}

}  // namespace smsfw::app
