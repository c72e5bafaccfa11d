// `smsfw hash-password`: the password from stdin, its hash on stdout, usable by the access check.

#include <catch2/catch.hpp>

#include <sstream>

#include "access/password_hash.h"
#include "app/hash_password_command.h"

using smsfw::app::run_hash_password;

TEST_CASE("hash-password: prints a yescrypt hash of the first line of stdin") {
  std::istringstream in("pw-123\nignored\n");
  std::ostringstream out, err;
  REQUIRE(run_hash_password({}, in, out, err) == 0);
  std::string hash = out.str();
  REQUIRE(hash.back() == '\n');
  hash.pop_back();
  CHECK(hash.rfind("$y$", 0) == 0);
  CHECK(smsfw::access::verify_password("pw-123", hash));
  CHECK(err.str().empty());
}

TEST_CASE("hash-password: CRLF, empty input, arguments, and passwords SMPP cannot carry") {
  {
    std::istringstream in("pw-123\r\n");
    std::ostringstream out, err;
    REQUIRE(run_hash_password({}, in, out, err) == 0);
    CHECK(smsfw::access::verify_password("pw-123", out.str().substr(0, out.str().size() - 1)));
  }
  {
    std::istringstream in("");
    std::ostringstream out, err;
    CHECK(run_hash_password({}, in, out, err) == 1);
    CHECK(err.str() == "smsfw hash-password: empty password on standard input\n");
  }
  {
    std::istringstream in("x\n");
    std::ostringstream out, err;
    CHECK(run_hash_password({"pw-123"}, in, out, err) == 2);  // never on the command line
    CHECK(out.str().empty());
  }
  {
    std::istringstream in("much-too-long\n");
    std::ostringstream out, err;
    CHECK(run_hash_password({}, in, out, err) == 0);
    CHECK(err.str().find("at most 8 characters") != std::string::npos);
  }
}
