#pragma once
// A uniquely named file or directory under the system temp directory, removed on destruction.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

#include <unistd.h>

namespace smsfw::app::test {

inline std::filesystem::path unique_temp_path(std::string_view stem) {
  static std::atomic<unsigned> counter{0};
  return std::filesystem::temp_directory_path() /
         (std::string(stem) + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
}

class TempFile {
 public:
  explicit TempFile(std::string_view contents, std::string_view stem = "smsfw-test-config")
      : path_(unique_temp_path(stem).string() + ".yaml") {
    std::ofstream out(path_, std::ios::binary);
    out << contents;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class TempDir {
 public:
  TempDir() : path_(unique_temp_path("smsfw-test-dir").string()) { std::filesystem::create_directories(path_); }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace smsfw::app::test
