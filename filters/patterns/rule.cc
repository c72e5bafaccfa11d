#include "patterns/rule.h"

#include <array>

namespace smsfw::filters {
namespace {

// One table per enum, indexed by the enumerator's value: the YAML spelling is the only one.
constexpr std::array<std::string_view, kFieldCount> kFields = {"body", "sender", "destination", "url"};
constexpr std::array<std::string_view, kViewCount> kViews = {"raw", "normalized", "squeezed"};
constexpr std::array<std::string_view, 4> kActions = {"allow", "monitor", "tag", "block"};
constexpr std::array<std::string_view, 3> kTagMarks = {"sender", "prefix", "tlv"};

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::string_view, N>& names, Enum e) {
  const auto i = static_cast<std::size_t>(e);
  return i < N ? names[i] : std::string_view("?");
}

template <class Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<Enum>(i);
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Field f) { return name_of(kFields, f); }
std::string_view to_string(View v) { return name_of(kViews, v); }
std::string_view to_string(Action a) { return name_of(kActions, a); }
std::string_view to_string(TagMark m) { return name_of(kTagMarks, m); }

std::optional<Field> parse_field(std::string_view s) { return parse_name<Field>(kFields, s); }
std::optional<View> parse_view(std::string_view s) { return parse_name<View>(kViews, s); }
std::optional<Action> parse_action(std::string_view s) { return parse_name<Action>(kActions, s); }
std::optional<TagMark> parse_tag_mark(std::string_view s) { return parse_name<TagMark>(kTagMarks, s); }

}  // namespace smsfw::filters
