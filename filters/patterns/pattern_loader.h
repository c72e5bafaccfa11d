#pragma once
// Reads a pattern directory (ARCHITECTURE.md, "Pattern directory contract"; operator reference in
// patterns/README.md) into a PatternSet::Source and compiles it.
//
// Every `*.yaml` / `*.yml` regular file directly in the directory is read, in file-name order
// (byte-wise); hidden files and subdirectories are ignored. Each file holds one document: a rule
// set (`set:`), the sender registry (`sender_registry:`, at most one) or the account policies
// (`accounts:`, at most one). Reading is strict (unknown keys, wrong types and missing required
// keys are errors) and collects every error instead of stopping at the first, each formatted
// "FILE:LINE: rule ID: message" when a rule is concerned, otherwise "FILE:LINE: message"
// (FILE = the directory joined with the file name). A rule set's `lists:` name plain-text list
// files (list_reader.cc; any relative path inside the directory, not `*.yaml`), read when the set
// is; their errors are "LISTFILE:LINE: list ID: message". The Source's hash covers every YAML
// and list file read. A directory without YAML files is a valid, empty set; a missing or
// unreadable directory is an error. YAML files are parsed in parallel (one thread per core, for a
// directory on disk) and interpreted in file order.
//
// Not for the data path: it allocates, reads files and compiles (seconds for large sets). Never
// throws for bad input; only std::bad_alloc can escape.

#include <filesystem>
#include <string>
#include <vector>

#include "patterns/pattern_files.h"
#include "patterns/pattern_set.h"

namespace smsfw::filters {

// Reads and compiles `dir`. On any error `set` is nullptr and `errors` holds every one found
// (YAML errors first, then Hyperscan's for the rules that were read).
LoadResult load_pattern_directory(const std::filesystem::path& dir);
// The same with compile options (the database cache); result.report says what was compiled and
// what came from the cache.
LoadResult load_pattern_directory(const std::filesystem::path& dir, const PatternSet::CompileOptions& options);

// Reads `dir` into `out` without compiling (for tests and tools such as `smsfw check`). Appends
// every error to `errors`; returns true when there was none. On false `out` holds what could be
// read (rules with errors left out).
bool load_pattern_source(const std::filesystem::path& dir, PatternSet::Source& out, std::vector<std::string>& errors);
// The same from any file source, e.g. MemoryFiles (pattern_files.h).
bool load_pattern_source(const PatternFiles& files, PatternSet::Source& out, std::vector<std::string>& errors);

}  // namespace smsfw::filters
