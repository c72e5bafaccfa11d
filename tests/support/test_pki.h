#pragma once
// A throw-away PKI for TLS tests, made once per test process by tests/gateway/tls/make-test-pki.sh
// (openssl) in a temporary directory that is removed at exit. Needs SMSFW_SOURCE_DIR defined.

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

#include <unistd.h>

namespace smsfw::test {

class TestPki {
 public:
  static const TestPki& get() {
    static const TestPki pki;
    return pki;
  }
  // A file of the PKI by name ("ca.pem", "server.key", ...).
  std::string file(const std::string& name) const { return (dir_ / name).string(); }

 private:
  TestPki()
      : dir_(std::filesystem::temp_directory_path() / ("smsfw-test-pki-" + std::to_string(::getpid()))) {
    const std::string command = std::string("bash '") + SMSFW_SOURCE_DIR +
                                "/tests/gateway/tls/make-test-pki.sh' '" + dir_.string() + "'";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("cannot make the test PKI: " + command);
  }
  ~TestPki() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path dir_;
};

}  // namespace smsfw::test
