// The `sender_registry:` document (at most one per directory).

#include <set>
#include <utility>

#include "patterns/document_readers.h"

namespace smsfw::filters::loader {
namespace {

constexpr std::string_view kActions = "allow, monitor, tag, block";

// `format:` — the alphanumeric sender-ID format rules.
void read_format(Reporter& r, const YAML::Node& v, SenderRegistryConfig& c) {
  if (!check_mapping(r, v, "'format'", {"action", "max_length", "allowed"})) return;
  if (auto n = child(r, v, "action"))
    if (auto a = read_enum<Action>(r, n, "action", parse_action, kActions)) c.format_action = *a;
  // source_addr holds at most 20 characters (21 octets with the NUL).
  if (auto n = child(r, v, "max_length"))
    if (auto m = read_number(r, n, "max_length", 1, 20)) c.max_length = static_cast<std::size_t>(*m);
  if (auto n = child(r, v, "allowed")) {
    if (auto s = read_string(r, n, "allowed")) {
      bool ascii = true;
      for (char ch : *s) ascii = ascii && ch >= 0x20 && ch < 0x7F;
      if (!ascii) r.error(n, "'allowed' must be printable ASCII characters and ranges such as A-Z");
      else c.allowed = std::move(*s);
    }
  }
}

// `generic:` — sender IDs that identify nobody.
void read_generic(Reporter& r, const YAML::Node& v, SenderRegistryConfig& c) {
  if (!check_mapping(r, v, "'generic'", {"action", "senders"})) return;
  if (auto n = child(r, v, "action"))
    if (auto a = read_enum<Action>(r, n, "action", parse_action, kActions)) c.generic_action = *a;
  if (auto n = child(r, v, "senders")) {
    if (auto list = read_string_list(r, n, "senders")) {
      c.generic_senders.clear();
      for (auto& item : *list) c.generic_senders.push_back(std::move(item.value));
    }
  }
}

void read_senders(Reporter& r, const YAML::Node& v, SenderRegistryConfig& c) {
  if (!v.IsSequence()) {
    r.error(v, "'senders' must be a sequence");
    return;
  }
  std::map<std::string, int> seen;  // id -> line
  for (const auto& item : v) {
    if (!check_mapping(r, item, "each sender", {"id", "accounts"})) continue;
    const std::size_t before = r.count();
    RegisteredSender s;
    s.where = r.where(item);
    if (auto n = child(r, item, "id", true)) {
      if (auto id = read_string(r, n, "id")) {
        s.id = *id;
        if (auto [it, inserted] = seen.emplace(s.id, s.where.line); !inserted)
          r.error(n, "duplicate sender '" + s.id + "' (first at line " + std::to_string(it->second) + ")");
      }
    }
    if (auto n = child(r, item, "accounts", true)) {
      if (auto list = read_string_list(r, n, "accounts"))
        for (auto& a : *list) s.accounts.push_back(std::move(a.value));
    }
    if (r.count() == before) c.senders.push_back(std::move(s));
  }
}

}  // namespace

void read_sender_registry(Reporter& r, const YAML::Node& root, DirectoryState& state) {
  check_mapping(r, root, "the file", {"sender_registry"});
  const YAML::Node v = child(r, root, "sender_registry");
  if (state.registry_at) {
    r.error(root, "a second sender_registry document (the first is at " + to_string(*state.registry_at) + ")");
    return;
  }
  state.registry_at = r.where(root);
  SenderRegistryConfig& c = state.out.registry;
  c.present = true;
  c.where = r.where(root);
  if (!check_mapping(r, v, "'sender_registry'",
                     {"unauthorized", "lookalike", "unregistered_alphanumeric", "relabel_to", "format", "generic",
                      "senders"}))
    return;
  if (auto n = child(r, v, "unauthorized"))
    if (auto a = read_enum<Action>(r, n, "unauthorized", parse_action, kActions)) c.unauthorized = *a;
  if (auto n = child(r, v, "lookalike"))
    if (auto a = read_enum<Action>(r, n, "lookalike", parse_action, kActions)) c.lookalike = *a;
  if (auto n = child(r, v, "unregistered_alphanumeric"))
    if (auto a = read_enum<Action>(r, n, "unregistered_alphanumeric", parse_action, kActions))
      c.unregistered_alphanumeric = *a;
  if (auto n = child(r, v, "relabel_to"))
    if (auto s = read_relabel(r, n, "relabel_to")) c.relabel_to = *s;
  if (auto n = child(r, v, "format")) read_format(r, n, c);
  if (auto n = child(r, v, "generic")) read_generic(r, n, c);
  if (auto n = child(r, v, "senders")) read_senders(r, n, c);
}

}  // namespace smsfw::filters::loader
