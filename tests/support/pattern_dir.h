#pragma once
// A throw-away pattern directory for tests: files written on demand, the tree removed on
// destruction.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

#include <unistd.h>

namespace smsfw::test {

class PatternDir {
 public:
  PatternDir() {
    static std::atomic<unsigned> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("smsfw-patterns-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~PatternDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  PatternDir(const PatternDir&) = delete;
  PatternDir& operator=(const PatternDir&) = delete;

  // Writes (or replaces) `name` with `contents`.
  void write(std::string_view name, std::string_view contents) const {
    std::ofstream out(path_ / name, std::ios::binary | std::ios::trunc);
    out << contents;
  }
  void remove(std::string_view name) const { std::filesystem::remove(path_ / name); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace smsfw::test
