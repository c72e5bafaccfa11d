// Fuzz target: the pattern-directory loader (filters/patterns/pattern_loader.h) and the checks
// `smsfw check` runs before compiling (PatternSet::check).
//
// Input: files separated by NUL bytes, taken as rules.yaml, accounts.yaml, registry.yaml,
// campaign.yaml, shorteners.txt (a list file a set may name) and more.yml of a pattern directory,
// in that order; further pieces are ignored. The files are held in memory (MemoryFiles: the
// loader's own reading rules without file-system calls or parser threads, which held the target
// to ~400 executions a second on disk). The directory is read with load_pattern_source and
// validated with PatternSet::check, as `smsfw check` does, without Hyperscan's per-pattern verdict
// (a compile per pattern: Hyperscan's parser, not smsfw's; the loader tests cover that verdict).
// Errors are expected; checked: a reported success comes with no error and a failure with at
// least one, every error is a non-empty line, and reading the same files twice gives the same
// result and hash.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_check.h"
#include "patterns/pattern_files.h"
#include "patterns/pattern_loader.h"
#include "patterns/pattern_set.h"

using smsfw::filters::MemoryFiles;
using smsfw::filters::PatternSet;

namespace {

constexpr const char* kNames[] = {"rules.yaml", "accounts.yaml", "registry.yaml", "campaign.yaml",
                                  "shorteners.txt", "more.yml"};

bool load(const MemoryFiles& files, PatternSet::Source& source, std::vector<std::string>& errors) {
  const bool ok = smsfw::filters::load_pattern_source(files, source, errors);
  FUZZ_CHECK(ok == errors.empty());
  for (const std::string& e : errors) FUZZ_CHECK(!e.empty());
  return ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  MemoryFiles files("/fuzz/patterns");
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t at = 0;
  for (const char* name : kNames) {
    if (at > input.size()) break;
    const std::size_t nul = std::min(input.find('\0', at), input.size());
    files.add(name, std::string(input.substr(at, nul - at)));
    at = nul + 1;
  }

  PatternSet::Source source;
  std::vector<std::string> errors;
  const bool ok = load(files, source, errors);
  FUZZ_CHECK(!source.hash.empty());

  PatternSet::Source again;
  std::vector<std::string> errors2;
  FUZZ_CHECK(load(files, again, errors2) == ok && errors2 == errors && again.hash == source.hash &&
             again.rules.size() == source.rules.size());

  if (ok) {
    std::vector<std::string> check_errors;
    const bool checked = PatternSet::check(source, check_errors, /*verify_patterns=*/false);
    FUZZ_CHECK(checked == check_errors.empty());
  }
  return 0;
}
