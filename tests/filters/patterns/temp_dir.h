#pragma once
// A uniquely named pattern directory under the system temp directory, removed on destruction.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

#include <unistd.h>

namespace smsfw::filters::test {

class TempDir {
 public:
  TempDir() {
    static std::atomic<unsigned> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("smsfw-patterns-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // "DIR/name": what the loader prints as FILE.
  std::string file(std::string_view name) const { return (path_ / name).string(); }
  // Writes `content` to DIR/name (creating subdirectories), replacing any previous file.
  void write(std::string_view name, std::string_view content) const {
    const auto p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << content;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace smsfw::filters::test
