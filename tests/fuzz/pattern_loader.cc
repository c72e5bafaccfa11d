// Fuzz target: the pattern-directory loader (filters/patterns/pattern_loader.h) and the checks
// `smsfw check` runs before compiling (PatternSet::check).
//
// Input: files separated by NUL bytes, written into a fresh directory as rules.yaml,
// accounts.yaml, registry.yaml, campaign.yaml, shorteners.txt (a list file a set may name) and
// more.yml, in that order; further pieces are ignored. The directory is then read with
// load_pattern_source and validated with PatternSet::check, as `smsfw check` does, without
// Hyperscan's per-pattern verdict (a compile per pattern: Hyperscan's parser, not smsfw's, and
// it held the target to ~60 executions a second; the loader tests cover that verdict). The
// directory is on /dev/shm when there is one. Errors are expected; checked: a reported success comes with no error and a
// failure with at least one, every error is a non-empty line, and reading the same files twice
// gives the same result and hash.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_check.h"
#include "patterns/pattern_loader.h"
#include "patterns/pattern_set.h"

namespace fs = std::filesystem;
using smsfw::filters::PatternSet;

namespace {

constexpr const char* kNames[] = {"rules.yaml", "accounts.yaml", "registry.yaml", "campaign.yaml",
                                  "shorteners.txt", "more.yml"};

// A directory of this process, emptied for every input and removed at exit.
const fs::path& work_dir() {
  static const fs::path dir = [] {
    const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    fs::path d = base / ("smsfw-fuzz-patterns-" + std::to_string(::getpid()));
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(work_dir(), ec);
    });
    return d;
  }();
  return dir;
}

bool load(const fs::path& dir, PatternSet::Source& source, std::vector<std::string>& errors) {
  const bool ok = smsfw::filters::load_pattern_source(dir, source, errors);
  FUZZ_CHECK(ok == errors.empty());
  for (const std::string& e : errors) FUZZ_CHECK(!e.empty());
  return ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fs::path& dir = work_dir();
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);

  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t at = 0;
  for (const char* name : kNames) {
    if (at > input.size()) break;
    const std::size_t nul = std::min(input.find('\0', at), input.size());
    std::ofstream(dir / name, std::ios::binary) << input.substr(at, nul - at);
    at = nul + 1;
  }

  PatternSet::Source source;
  std::vector<std::string> errors;
  const bool ok = load(dir, source, errors);
  FUZZ_CHECK(!source.hash.empty());

  PatternSet::Source again;
  std::vector<std::string> errors2;
  FUZZ_CHECK(load(dir, again, errors2) == ok && errors2 == errors && again.hash == source.hash &&
             again.rules.size() == source.rules.size());

  if (ok) {
    std::vector<std::string> check_errors;
    const bool checked = PatternSet::check(source, check_errors, /*verify_patterns=*/false);
    FUZZ_CHECK(checked == check_errors.empty());
  }
  return 0;
}
