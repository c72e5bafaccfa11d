#pragma once
// An on-disk cache of compiled Hyperscan databases, so that a restart (or a reload that changed
// one field's rules) does not recompile what was compiled before.
//
// Key: SHA-256 over everything that goes into one hs_compile_multi call — every expression with
// its flags and id, in order, the mode — and over what decides how the bytes behave: the
// Hyperscan version and the platform the database is built for (hs_populate_platform: CPU
// features and tuning), plus this file format's version. The same rules on another machine or
// another Hyperscan get another key.
//
// File: DIR/<key>.hsdb holding a header (magic, format version, key, payload length, SHA-256 of
// the payload) and hs_serialize_database's bytes. Written to a temp file in DIR and renamed into
// place, so a reader never sees half a file. A file that is short, carries another key or a
// wrong checksum, or that Hyperscan refuses (another version or platform) is reported, deleted
// and treated as a miss: the database is compiled again and the file rewritten.
//
// Pruning keeps the files the current set uses, plus the `keep_unused` most recently used
// others (a rollback to a recent version is instant), and removes the rest and stale temp files.
// A hit refreshes the file's modification time, which is what "recently used" means.
//
// Errors never fail a load: a cache that cannot be read or written only costs compile time, so
// every problem becomes a warning for the caller to log. Thread-safe (no shared mutable state
// beyond the file system; temp names are unique per process and call).

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

struct hs_database;

namespace smsfw::filters {

class DatabaseCache {
 public:
  // Files are kept in `dir`, created (with parents) on first store.
  explicit DatabaseCache(std::filesystem::path dir, std::size_t keep_unused = 16);

  const std::filesystem::path& dir() const { return dir_; }

  // The key of one hs_compile_multi call (64 hex digits).
  static std::string key(const std::vector<const char*>& expressions, const std::vector<unsigned>& flags,
                         const std::vector<unsigned>& ids, unsigned mode);

  // The database stored under `key`, or nullptr (miss, or a bad file: then a warning is
  // appended and the file removed). The caller owns the result (hs_free_database).
  hs_database* load(const std::string& key, std::vector<std::string>& warnings) const;

  // Stores `db` under `key` (temp file + rename). Appends a warning on failure.
  void store(const std::string& key, const hs_database* db, std::vector<std::string>& warnings) const;

  // Removes every cache file except those whose key is in `in_use` and the `keep_unused` most
  // recently used others; removes temp files older than ten minutes (a crashed writer's).
  void prune(const std::vector<std::string>& in_use, std::vector<std::string>& warnings) const;

  // The path of the file for `key`.
  std::filesystem::path file_for(const std::string& key) const;

 private:
  std::filesystem::path dir_;
  std::size_t keep_unused_;
};

}  // namespace smsfw::filters
