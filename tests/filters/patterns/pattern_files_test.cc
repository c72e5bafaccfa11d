// Pattern files from disk (DirectoryFiles) and from memory (MemoryFiles): the same tree gives the
// same YAML file list, the same read results and, through the loader, the same Source, errors and
// hash. The in-memory source is what the loader's fuzz target runs on.

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "patterns/pattern_files.h"
#include "patterns/pattern_loader.h"
#include "temp_dir.h"

using namespace smsfw::filters;
using smsfw::filters::test::TempDir;
namespace fs = std::filesystem;

namespace {

using Names = std::vector<std::string>;

// Every regular file below `d` (hidden ones and subdirectories included) copied into memory, shown
// under the same directory.
MemoryFiles in_memory(const fs::path& d) {
  MemoryFiles files(d);
  for (const auto& e : fs::recursive_directory_iterator(d)) {
    if (!e.is_regular_file()) continue;
    std::string content;
    REQUIRE(DirectoryFiles(d).read(fs::relative(e.path(), d).generic_string(), content).empty());
    files.add(fs::relative(e.path(), d).generic_string(), std::move(content));
  }
  return files;
}

Names yaml_files(const PatternFiles& files) {
  Names names;
  std::string why;
  REQUIRE(files.yaml_files(names, why));
  return names;
}

std::string read_problem(const PatternFiles& files, const std::string& name) {
  std::string content;
  return files.read(name, content);
}

struct Loaded {
  bool ok;
  PatternSet::Source source;
  std::vector<std::string> errors;
};

Loaded load(const PatternFiles& files) {
  Loaded l;
  l.ok = load_pattern_source(files, l.source, l.errors);
  return l;
}

Names rule_ids(const PatternSet::Source& s) {
  Names ids;
  for (const Rule& r : s.rules) ids.push_back(r.id + "@" + r.where.file + ":" + std::to_string(r.where.line) + " " + std::to_string(r.list_entries.size()));
  return ids;
}

// The loader gives the same for `d` read from disk and from memory.
void check_same_load(const fs::path& d, bool expect_ok) {
  const Loaded disk = load(DirectoryFiles(d));
  const Loaded memory = load(in_memory(d));
  CHECK(disk.ok == expect_ok);
  CHECK(memory.ok == disk.ok);
  CHECK(memory.errors == disk.errors);
  CHECK(memory.source.hash == disk.source.hash);
  CHECK(rule_ids(memory.source) == rule_ids(disk.source));
  CHECK(memory.source.accounts.size() == disk.source.accounts.size());
  CHECK(memory.source.sets.size() == disk.source.sets.size());
}

}  // namespace

TEST_CASE("yaml files: top level, not hidden, .yaml or .yml, byte order, the same from disk and memory") {
  TempDir d;
  d.write("b.yaml", "x");
  d.write("A.yml", "x");
  d.write("a.yaml", "x");
  d.write(".hidden.yaml", "x");
  d.write("notes.txt", "x");
  d.write("yaml", "x");
  d.write("sub/inner.yaml", "x");
  fs::create_directory(d.path() / "dir.yaml");  // a directory is never a file of the set
  const Names expected = {"A.yml", "a.yaml", "b.yaml"};
  CHECK(yaml_files(DirectoryFiles(d.path())) == expected);
  CHECK(yaml_files(in_memory(d.path())) == expected);
}

TEST_CASE("reading: content, missing file, a directory, names normalised, the same from disk and memory") {
  TempDir d;
  d.write("lists/short.txt", "bit.ly\n");
  const DirectoryFiles disk(d.path());
  const MemoryFiles memory = in_memory(d.path());
  for (const PatternFiles* files : {static_cast<const PatternFiles*>(&disk), static_cast<const PatternFiles*>(&memory)}) {
    std::string content;
    CHECK(files->read("lists/short.txt", content).empty());
    CHECK(content == "bit.ly\n");
    content.clear();
    CHECK(files->read("./lists//short.txt", content).empty());
    CHECK(content == "bit.ly\n");
    CHECK(read_problem(*files, "lists/none.txt") == "No such file or directory");
    CHECK(read_problem(*files, "none/short.txt") == "No such file or directory");
    CHECK(read_problem(*files, "lists") == "not a regular file");
    CHECK(read_problem(*files, ".") == "not a regular file");
  }
}

TEST_CASE("memory files: add replaces a file, parsed on the calling thread") {
  MemoryFiles files("/etc/smsfw/patterns");
  files.add("a.yaml", "old");
  files.add("./a.yaml", "new");
  std::string content;
  CHECK(files.read("a.yaml", content).empty());
  CHECK(content == "new");
  CHECK(yaml_files(files) == Names{"a.yaml"});
  CHECK(files.parse_threads() == 1);
}

TEST_CASE("the shipped pattern directory loads the same from memory") {
  check_same_load(SMSFW_SHIPPED_PATTERNS, true);
}

TEST_CASE("a directory with errors (YAML, rules, list files, accounts) gives the same errors from memory") {
  TempDir d;
  d.write("a.yaml",
          "set: a\nversion: 1\nrules:\n  - id: A1\n    field: body\n    pattern: 'ok'\n"
          "  - id: A1\n    field: body\n    pattern: 'dup'\nlists:\n  - id: L1\n    field: url\n    file: lists/u.txt\n"
          "  - id: L2\n    field: body\n    file: missing.txt\n  - id: L3\n    field: body\n    file: lists\n");
  d.write("lists/u.txt", "bit.ly\nnot a host\n");
  d.write("b.yaml", "set: [unclosed\n");
  d.write("c.yaml", "accounts:\n  - system_id: esme1\n    sets: [a, nope]\n");
  d.write("d.yml", "");
  const Loaded disk = load(DirectoryFiles(d.path()));
  REQUIRE(disk.errors.size() >= 5);
  check_same_load(d.path(), false);
}

TEST_CASE("an empty directory is an empty set from disk and memory, a missing one is an error only on disk") {
  TempDir d;
  check_same_load(d.path(), true);
  const Loaded missing = load(DirectoryFiles(d.path() / "none"));
  CHECK_FALSE(missing.ok);
  REQUIRE(missing.errors.size() == 1);
  CHECK(missing.errors[0].rfind((d.path() / "none").string() + ": cannot read the pattern directory: ", 0) == 0);
}
