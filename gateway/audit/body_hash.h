#pragma once
// Keyed hash of a message body, so the audit log can correlate repeats of the same text without
// storing it: HMAC-SHA256(key, body bytes), truncated to the first 16 bytes, as 32 lowercase hex
// characters. The body is the decoded UTF-8 text when the message is text, else its raw bytes;
// the caller decides which and passes the bytes.
//
// Key: from configuration ("hex:..." / "base64:..." or a bare string: all hex digits with an even
// length is read as hex, anything else as base64), at least 16 bytes after decoding. Without a
// configured key a random 32-byte key is generated at start; hashes then correlate within one
// process lifetime only (a restart changes every hash). Configure a key, shared by all
// instances, to correlate across restarts and instances.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsfw::audit {

// Raw HMAC-SHA256 (OpenSSL), 32 bytes.
std::array<std::uint8_t, 32> hmac_sha256(std::string_view key, std::string_view data);

// Lowercase hex of `bytes`.
std::string to_hex(const std::uint8_t* bytes, std::size_t size);

// Decodes a configured key ("hex:..", "base64:..", or bare; see above). nullopt with `error` set
// when it does not decode or is shorter than kMinKeyBytes.
std::optional<std::string> parse_key(std::string_view text, std::string& error);

class BodyHasher {
 public:
  static constexpr std::size_t kMinKeyBytes = 16;
  static constexpr std::size_t kRandomKeyBytes = 32;
  static constexpr std::size_t kHashBytes = 16;  // output: 32 hex characters

  // From a configured key string; nullopt with `error` set when invalid.
  static std::optional<BodyHasher> from_config(std::string_view key_text, std::string& error);
  // With a random key (RAND_bytes). Throws std::runtime_error if the CSPRNG fails.
  static BodyHasher random();
  // From raw key bytes (>= kMinKeyBytes, else std::invalid_argument).
  explicit BodyHasher(std::string key);

  // First 16 bytes of HMAC-SHA256(key, body) as 32 hex chars. Thread-safe (const, no state).
  std::string hash(std::string_view body) const;

  bool random_key() const { return random_key_; }

 private:
  std::string key_;
  bool random_key_ = false;
};

}  // namespace smsfw::audit
