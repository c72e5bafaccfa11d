#pragma once
// Where the loader (pattern_loader.h) reads a pattern directory's files from: the file system
// (DirectoryFiles, what smsfw runs on) or memory (MemoryFiles: the same rules over a map of names
// to contents, for the loader's fuzz target and tests, with no file-system calls and no threads).
//
// Names are relative to the directory, '/'-separated. Both kinds list the same YAML files for the
// same tree: regular files directly in the directory ending in .yaml or .yml, not hidden, sorted
// byte-wise; a list file may be anywhere below it.

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace smsfw::filters {

// A pattern directory's files, as the loader sees them.
class PatternFiles {
 public:
  virtual ~PatternFiles() = default;
  // The directory as messages show it: FILE in "FILE:LINE: message" is this joined with the name.
  virtual const std::filesystem::path& dir() const = 0;
  // The YAML files' names (see above). False with `why` when the directory cannot be listed.
  virtual bool yaml_files(std::vector<std::string>& names, std::string& why) const = 0;
  // The whole file `name` into `content`: "" on success, otherwise why not (e.g. strerror(ENOENT)
  // for a missing file, "not a regular file"). Safe to call from several threads at once.
  virtual std::string read(const std::string& name, std::string& content) const = 0;
  // How many threads may parse YAML files at once (the loader uses at most one per file).
  virtual unsigned parse_threads() const = 0;
};

// The files of a directory on disk. YAML files are parsed on up to one thread per core (at most 8).
class DirectoryFiles final : public PatternFiles {
 public:
  explicit DirectoryFiles(std::filesystem::path dir) : dir_(std::move(dir)) {}
  const std::filesystem::path& dir() const override { return dir_; }
  bool yaml_files(std::vector<std::string>& names, std::string& why) const override;
  std::string read(const std::string& name, std::string& content) const override;
  unsigned parse_threads() const override;

 private:
  std::filesystem::path dir_;
};

// Files held in memory, shown as if in `dir`. A name with a '/' is a file in a subdirectory (never
// a YAML file of the set, as on disk); "a/./b" and "a/b" name the same file. Parsed on the calling
// thread.
class MemoryFiles final : public PatternFiles {
 public:
  explicit MemoryFiles(std::filesystem::path dir) : dir_(std::move(dir)) {}
  // Adds or replaces a file.
  void add(const std::string& name, std::string content);
  const std::filesystem::path& dir() const override { return dir_; }
  bool yaml_files(std::vector<std::string>& names, std::string& why) const override;
  std::string read(const std::string& name, std::string& content) const override;
  unsigned parse_threads() const override { return 1; }

 private:
  std::filesystem::path dir_;
  std::map<std::string, std::string> files_;  // by normalised name, hence sorted byte-wise
};

// Whether `name` (a file name without directories) is one the loader reads as YAML.
bool is_yaml_file_name(const std::string& name);

}  // namespace smsfw::filters
