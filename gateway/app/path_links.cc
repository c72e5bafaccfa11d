#include "app/path_links.h"

#include <system_error>

namespace smsfw::app {

namespace fs = std::filesystem;

std::vector<PathLink> resolution_links(const fs::path& path) {
  std::vector<PathLink> links;
  fs::path p = path;
  for (int hops = 0; hops <= 40 && p.has_filename(); ++hops) {
    links.push_back({p.parent_path(), p.filename().string()});
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(p, ec);
    if (st.type() == fs::file_type::not_found) {
      // Missing: its directory may be missing too; the first existing ancestor is where a
      // re-created tree shows first.
      fs::path dir = p.parent_path();
      while (dir.has_filename() && !fs::is_directory(dir, ec)) {
        links.push_back({dir.parent_path(), dir.filename().string()});
        dir = dir.parent_path();
      }
      break;
    }
    if (ec || st.type() != fs::file_type::symlink) break;
    const fs::path target = fs::read_symlink(p, ec);
    if (ec) break;
    // Relative targets are relative to the symlink's directory. Lexical: a ".." after a
    // symlinked directory is not resolved the way the kernel would, which only matters for
    // chains that go through such a directory.
    p = (target.is_absolute() ? target : p.parent_path() / target).lexically_normal();
    if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();  // "v2/" -> "v2"
  }
  return links;
}

}  // namespace smsfw::app
