#include "access/password_hash.h"

#include <crypt.h>

#include <cstring>
#include <memory>
#include <stdexcept>

#include <openssl/crypto.h>

namespace smsfw::access {

std::string password_hash_problem(std::string_view hash) {
  if (hash.empty() || hash.front() != '$')
    return "not a crypt(3) hash: passwords are stored only as hashes ($y$... yescrypt, $2b$... bcrypt, $6$... "
           "SHA-512); make one with `smsfw hash-password`";
  const std::string h(hash);
  if (h.find('\0') != std::string::npos) return "the hash contains a NUL byte";
  switch (crypt_checksalt(h.c_str())) {
    case CRYPT_SALT_OK:
      break;
    case CRYPT_SALT_METHOD_LEGACY:
      return "a legacy hash method (too weak); use yescrypt ($y$), bcrypt ($2b$) or SHA-512 ($6$)";
    default:
      return "not a hash method this system's libxcrypt supports";
  }
  return {};  // (crypt_checksalt reads the method and salt: a damaged digest just never verifies)
}

bool verify_password(std::string_view password, const std::string& hash) {
  if (password.find('\0') != std::string_view::npos) return false;
  auto data = std::make_unique<crypt_data>();  // ~32 KiB: not on the stack
  std::memset(data.get(), 0, sizeof(crypt_data));
  const std::string phrase(password);
  const char* out = crypt_rn(phrase.c_str(), hash.c_str(), data.get(), sizeof(crypt_data));
  if (!out || out[0] == '*') return false;  // libxcrypt's failure tokens start with '*'
  const std::size_t n = std::strlen(out);
  return n == hash.size() && CRYPTO_memcmp(out, hash.data(), n) == 0;
}

std::string hash_password(std::string_view password) {
  if (password.find('\0') != std::string_view::npos) throw std::runtime_error("a password cannot contain a NUL byte");
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  if (!crypt_gensalt_rn(nullptr, 0, nullptr, 0, setting, sizeof setting))
    throw std::runtime_error("libxcrypt could not make a salt");
  auto data = std::make_unique<crypt_data>();
  std::memset(data.get(), 0, sizeof(crypt_data));
  const std::string phrase(password);
  const char* out = crypt_rn(phrase.c_str(), setting, data.get(), sizeof(crypt_data));
  if (!out || out[0] == '*') throw std::runtime_error("libxcrypt could not hash the password");
  return out;
}

}  // namespace smsfw::access
