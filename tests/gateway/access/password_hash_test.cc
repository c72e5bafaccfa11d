// Password hashes: only crypt(3) hashes are accepted, verified in constant time.

#include <catch2/catch.hpp>

#include "access/password_hash.h"

using namespace smsfw::access;

TEST_CASE("password hash: a new hash verifies its password and nothing else") {
  const std::string h = hash_password("s3cret");
  CHECK(h.rfind("$y$", 0) == 0);  // yescrypt, libxcrypt's preferred method
  CHECK(password_hash_problem(h).empty());
  CHECK(verify_password("s3cret", h));
  CHECK_FALSE(verify_password("s3cret ", h));
  CHECK_FALSE(verify_password("S3cret", h));
  CHECK_FALSE(verify_password("", h));
  CHECK_FALSE(verify_password(std::string("s3cret\0x", 8), h));
  CHECK(hash_password("s3cret") != h);  // a new salt each time
}

TEST_CASE("password hash: a SHA-512 hash made by openssl verifies too") {
  // `openssl passwd -6 -salt saltsalt pw-123`
  const std::string sha512 =
      "$6$saltsalt$OSq8Y7U6ODMhKGUk2SPe0984YX6VsuKxW0x88kH3i/tir2DWrzhhdl5Nxf74by0uH9HqKiYcMeNlM4YE4i5aI/";
  CHECK(password_hash_problem(sha512).empty());
  CHECK(verify_password("pw-123", sha512));
  CHECK_FALSE(verify_password("pw-124", sha512));
}

TEST_CASE("password hash: plain text, unknown and legacy methods are refused") {
  CHECK(password_hash_problem("pw-123").find("not a crypt(3) hash") == 0);
  CHECK(password_hash_problem("").find("not a crypt(3) hash") == 0);
  CHECK(password_hash_problem("$zz$abc$def") == "not a hash method this system's libxcrypt supports");
  CHECK_FALSE(verify_password("pw-123", "pw-123"));
  CHECK_FALSE(verify_password("x", "$zz$abc$def"));
}
