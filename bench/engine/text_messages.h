#pragma once
// Plain texts made into messages the engine can judge, encoded once before any timing, as
// classify-bench's MessageSet does (same body encoding, sender mix and accounts): used for the
// near-match-dense set (near_match.h).

#include <cstdint>
#include <string>
#include <vector>

#include "engine/message_input.h"

namespace smsfw::bench::engine {

// Texts encoded as messages, each with a seeded sender, account and destination.
class TextMessages {
 public:
  TextMessages(const std::vector<std::string>& texts, std::uint64_t seed);
  TextMessages(const TextMessages&) = delete;
  TextMessages& operator=(const TextMessages&) = delete;

  // Valid as long as this object (they point into it).
  const std::vector<filters::MessageInput>& inputs() const { return inputs_; }
  std::size_t ucs2() const { return ucs2_; }  // bodies in UCS-2 (data_coding 8)
  std::size_t capped() const { return capped_; }  // cut at 254 octets

 private:
  struct Stored {
    std::vector<std::uint8_t> body;
    std::uint8_t data_coding = 0;
    std::string sender;
    std::uint8_t ton = 0, npi = 0;
    std::string_view account;
    std::string destination;
  };
  std::vector<Stored> stored_;
  std::vector<filters::MessageInput> inputs_;
  std::size_t ucs2_ = 0, capped_ = 0;
};

}  // namespace smsfw::bench::engine
