#pragma once
// Thai traffic for classify-bench: 44 hand-written sentences (bank, parcel, loan, gambling and
// government/utility/job scams, and ordinary messages: OTPs, family chat, appointments, bills),
// with placeholders ({url}, {phone}, {amount}, ...) filled at random and combined into messages
// of one or two sentences (one or two SMS parts once encoded as UCS-2).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smsfw::bench::classify {

// Ham or spam, as the SMS Spam Collection labels its lines (scam = spam).
enum class Label : std::uint8_t { ham, spam };

struct ThaiSentence {
  std::string_view text;  // UTF-8 with placeholders
  int theme;              // 0 bank, 1 parcel, 2 loan, 3 gambling, 4 government/utility/job; -1 ordinary
};
std::span<const ThaiSentence> thai_sentences();

struct ThaiMessage {
  std::string text;
  Label label = Label::ham;
};

// Longest message in UTF-16 units: 254 octets of UCS-2 (SMPP short_message's limit).
inline constexpr std::size_t kMaxThaiUnits = 127;

// `count` messages, 40 % scams (one or two sentences, the second of the same theme half the
// time) and 60 % ordinary (one or two ordinary sentences); every placeholder filled. A second
// sentence that would take the message past kMaxThaiUnits UTF-16 units is left out. Deterministic
// for a seed.
std::vector<ThaiMessage> generate_thai_messages(std::size_t count, std::uint64_t seed);

// UTF-16 units of a UTF-8 string (4-byte sequences count two).
std::size_t utf16_units(std::string_view utf8);

}  // namespace smsfw::bench::classify
