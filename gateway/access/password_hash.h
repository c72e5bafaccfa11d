#pragma once
// Passwords of proxy-side bind authentication, kept only as crypt(3) hashes (libxcrypt):
// yescrypt ($y$, Debian's default for login passwords), bcrypt ($2b$), SHA-512 ($6$) and the
// other methods libxcrypt supports. A plain-text password in the configuration is refused.
// Hashing is deliberately slow (tens of milliseconds): never call these on a worker thread.

#include <string>
#include <string_view>

namespace smsfw::access {

// "" when `hash` is a crypt(3) hash this libxcrypt can verify; otherwise why it is not.
std::string password_hash_problem(std::string_view hash);

// True when `password` hashes to `hash` (compared in constant time). False for any hash that
// password_hash_problem() refuses, and for passwords containing a NUL byte.
bool verify_password(std::string_view password, const std::string& hash);

// A new hash of `password` with libxcrypt's preferred method (yescrypt) and a random salt.
// Throws std::runtime_error if libxcrypt cannot make one.
std::string hash_password(std::string_view password);

}  // namespace smsfw::access
