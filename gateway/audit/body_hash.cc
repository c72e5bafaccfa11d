#include "audit/body_hash.h"

#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace smsfw::audit {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool all_hex(std::string_view s) {
  for (char c : s)
    if (hex_value(c) < 0) return false;
  return true;
}

std::optional<std::string> decode_hex(std::string_view s) {
  if (s.size() % 2 != 0 || !all_hex(s)) return std::nullopt;
  std::string out;
  out.reserve(s.size() / 2);
  for (std::size_t i = 0; i < s.size(); i += 2)
    out.push_back(static_cast<char>(hex_value(s[i]) * 16 + hex_value(s[i + 1])));
  return out;
}

int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;  // standard and URL-safe alphabets
  if (c == '/' || c == '_') return 63;
  return -1;
}

std::optional<std::string> decode_base64(std::string_view s) {
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  if (s.empty() || s.size() % 4 == 1) return std::nullopt;
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    const int v = b64_value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

}  // namespace

std::array<std::uint8_t, 32> hmac_sha256(std::string_view key, std::string_view data) {
  std::array<std::uint8_t, 32> out{};
  unsigned int len = 0;
  const unsigned char* r = HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
                                reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &len);
  if (r == nullptr || len != out.size()) throw std::runtime_error("HMAC-SHA256 failed");
  return out;
}

std::string to_hex(const std::uint8_t* bytes, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0x0f];
  }
  return out;
}

std::optional<std::string> parse_key(std::string_view text, std::string& error) {
  std::optional<std::string> key;
  if (text.starts_with("hex:")) {
    key = decode_hex(text.substr(4));
    if (!key) error = "audit body hash key: \"hex:\" value is not an even-length hex string";
  } else if (text.starts_with("base64:")) {
    key = decode_base64(text.substr(7));
    if (!key) error = "audit body hash key: \"base64:\" value is not valid base64";
  } else if (!text.empty() && text.size() % 2 == 0 && all_hex(text)) {
    key = decode_hex(text);
  } else {
    key = decode_base64(text);
    if (!key) error = "audit body hash key: neither hex nor base64";
  }
  if (!key) return std::nullopt;
  if (key->size() < BodyHasher::kMinKeyBytes) {
    error = "audit body hash key: " + std::to_string(key->size()) + " bytes, at least " +
            std::to_string(BodyHasher::kMinKeyBytes) + " required";
    OPENSSL_cleanse(key->data(), key->size());
    return std::nullopt;
  }
  return key;
}

BodyHasher::BodyHasher(std::string key) : key_(std::move(key)) {
  if (key_.size() < kMinKeyBytes) throw std::invalid_argument("audit body hash key shorter than 16 bytes");
}

std::optional<BodyHasher> BodyHasher::from_config(std::string_view key_text, std::string& error) {
  auto key = parse_key(key_text, error);
  if (!key) return std::nullopt;
  return BodyHasher(std::move(*key));
}

BodyHasher BodyHasher::random() {
  std::string key(kRandomKeyBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(key.size())) != 1)
    throw std::runtime_error("audit body hash: RAND_bytes failed");
  BodyHasher h(std::move(key));
  h.random_key_ = true;
  return h;
}

std::string BodyHasher::hash(std::string_view body) const {
  const auto mac = hmac_sha256(key_, body);
  return to_hex(mac.data(), kHashBytes);
}

}  // namespace smsfw::audit
