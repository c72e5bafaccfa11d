#pragma once
// The directory entries that decide where a path leads: the path's own entry, then, for every
// symlink on the way, the entry its target names (a chain current -> v2 -> v2-real gives three),
// and, when the chain ends at an entry that does not exist, the entries of its missing parent
// directories up to one that exists. Creating, replacing or removing any of these entries can
// change what the path resolves to; PatternWatcher watches each one's directory for them.
//
// Symlinks in the directory part of the path (/etc/smsfw -> /srv/smsfw) are followed by the
// kernel when a directory is watched, but their own replacement is not one of the links.

#include <filesystem>
#include <string>
#include <vector>

namespace smsfw::app {

struct PathLink {
  std::filesystem::path dir;  // an existing directory, or the root
  std::string name;           // the entry in it
  bool operator==(const PathLink&) const = default;
};

// `path` must be absolute and lexically normal. Follows at most 40 symlinks (the kernel's limit).
std::vector<PathLink> resolution_links(const std::filesystem::path& path);

}  // namespace smsfw::app
