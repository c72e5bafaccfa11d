#pragma once
// A fresh directory under the system temp directory (e.g. for a generated pattern set), removed
// on destruction unless kept. Shared by classify-bench, stateful-bench and engine-bench.

#include <stdlib.h>

#include <cerrno>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace smsfw::bench::classify {

class ScratchDir {
 public:
  // `prefix` names the directory (prefix-XXXXXX); `keep` leaves it in place at the end.
  explicit ScratchDir(std::string_view prefix, bool keep = false) : keep_(keep) {
    std::string name(prefix);
    name += "-XXXXXX";
    std::string tmpl = (std::filesystem::temp_directory_path() / name).string();
    if (!::mkdtemp(tmpl.data())) throw std::system_error(errno, std::generic_category(), "mkdtemp " + tmpl);
    path_ = tmpl;
  }
  ~ScratchDir() {
    if (keep_) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  bool keep_;
};

}  // namespace smsfw::bench::classify
