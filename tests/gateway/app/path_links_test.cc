// resolution_links: which directory entries decide where a path leads.

#include <catch2/catch.hpp>

#include <filesystem>
#include <vector>

#include "app/path_links.h"
#include "temp_file.h"

using smsfw::app::PathLink;
using smsfw::app::resolution_links;
using smsfw::app::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("resolution_links: a plain directory is its own entry in its parent") {
  TempDir t;
  const fs::path b = t.path();
  fs::create_directory(b / "patterns");
  CHECK(resolution_links(b / "patterns") == std::vector<PathLink>{{b, "patterns"}});
}

TEST_CASE("resolution_links: every symlink of a chain adds the entry it names") {
  TempDir t;
  const fs::path b = t.path();
  fs::create_directories(b / "releases" / "v2-real");
  fs::create_directory_symlink("releases/v2-real", b / "v2");   // relative, into a subdirectory
  fs::create_directory_symlink(b / "v2", b / "current");         // absolute
  CHECK(resolution_links(b / "current") ==
        std::vector<PathLink>{{b, "current"}, {b, "v2"}, {b / "releases", "v2-real"}});
}

TEST_CASE("resolution_links: a dangling symlink ends at the missing entry and its missing parents") {
  TempDir t;
  const fs::path b = t.path();
  fs::create_directory_symlink("gone/deeper/v3", b / "current");
  CHECK(resolution_links(b / "current") ==
        std::vector<PathLink>{{b, "current"}, {b / "gone" / "deeper", "v3"}, {b / "gone", "deeper"}, {b, "gone"}});
  // A missing path without symlinks: itself, then up to the first existing directory.
  CHECK(resolution_links(b / "a" / "b") == std::vector<PathLink>{{b / "a", "b"}, {b, "a"}});
}

TEST_CASE("resolution_links: a symlink loop stops after the kernel's limit") {
  TempDir t;
  const fs::path b = t.path();
  fs::create_symlink("loop-b", b / "loop-a");
  fs::create_symlink("loop-a", b / "loop-b");
  const auto links = resolution_links(b / "loop-a");
  CHECK(links.size() == 41);
  CHECK(links.front() == PathLink{b, "loop-a"});
}
