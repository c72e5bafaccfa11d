#pragma once
// The messages classify-bench judges, encoded once before any timing (encoding is not part of
// classify()): the SMS Spam Collection's English lines and the generated Thai messages, each
// with a sender, an account and a destination, as filters::MessageInput values ready for
// Classifier::classify().
//
// Bodies: GSM 03.38 7-bit unpacked (data_coding 0) when every character is in the GSM default
// alphabet or its extension table, else UCS-2 (UTF-16BE, data_coding 8). A body is at most
// kMaxBody = 254 octets (SMPP short_message's limit): longer texts are cut there, at a character
// boundary (never between ESC and its code, never inside a surrogate pair), as if the ESME had
// put only the first 254 octets in short_message. No UDH: each message is one submit_sm.
//
// Senders (seeded): 55 % numeric (+66..., TON 1), 30 % a registered ID sent by its own account,
// 3 % a registered ID sent by another account (unauthorized), 4 % a lookalike of a registered ID
// ("K-BANK", "kbank", "SH0PEE"), 6 % unregistered alphanumeric ("LUCKY88"), 2 % generic ("INFO").
// Accounts: the sender's owner for registered IDs, otherwise any of vocabulary.h's accounts.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "classify/thai_messages.h"
#include "engine/message_input.h"

namespace smsfw::bench::classify {

inline constexpr std::size_t kMaxBody = 254;

// One labelled line of the SMS Spam Collection ("ham<TAB>text" / "spam<TAB>text").
struct CorpusLine {
  Label label = Label::ham;
  std::string text;
};
// Reads the corpus: one message per non-empty line; "ham"/"spam" before the first TAB is the
// label (a line without a TAB, or another label, is ham with the whole line as text); a trailing
// CR is dropped. Throws std::runtime_error when the file cannot be read or holds no message.
std::vector<CorpusLine> read_corpus(const std::filesystem::path& path);
std::vector<CorpusLine> parse_corpus(std::istream& in);

// How a text was encoded.
struct EncodedBody {
  std::uint8_t data_coding = 0;  // 0 (GSM 7-bit unpacked) or 8 (UCS-2)
  bool capped = false;           // cut to kMaxBody octets
};
// Replaces `out` with `utf8` encoded as described above (GSM when possible, unless force_ucs2).
EncodedBody encode_body(std::string_view utf8, std::vector<std::uint8_t>& out, bool force_ucs2 = false);

enum class Origin : std::uint8_t { en, th };
enum class SenderKind : std::uint8_t { numeric, registered, unauthorized, lookalike, unregistered, generic };

struct BenchMessage {
  Origin origin = Origin::en;
  Label label = Label::ham;
  SenderKind sender_kind = SenderKind::numeric;
  std::string text;                // as read or generated (UTF-8)
  std::vector<std::uint8_t> body;  // encoded
  EncodedBody encoding;
  std::string sender;
  std::uint8_t sender_ton = 0;
  std::uint8_t sender_npi = 0;
  std::string_view account;  // points into vocabulary.h's static storage
  std::string destination;
};

// All messages, English and Thai interleaved in a seeded random order. Built once; the inputs
// (below) point into it, so it must not change afterwards.
class MessageSet {
 public:
  MessageSet(const std::vector<CorpusLine>& corpus, const std::vector<ThaiMessage>& thai, std::uint64_t seed);
  MessageSet(const MessageSet&) = delete;
  MessageSet& operator=(const MessageSet&) = delete;

  const std::vector<BenchMessage>& messages() const { return messages_; }
  // The MessageInputs of every message, of the English ones, of the Thai ones (same order).
  const std::vector<filters::MessageInput>& all() const { return all_; }
  const std::vector<filters::MessageInput>& en() const { return en_; }
  const std::vector<filters::MessageInput>& th() const { return th_; }

 private:
  std::vector<BenchMessage> messages_;
  std::vector<filters::MessageInput> all_, en_, th_;
};

// A sender of `kind` (and the account sending it), for tests and the message set.
struct SenderChoice {
  std::string sender;
  std::uint8_t ton = 0, npi = 0;
  std::string_view account;
};
class Rng;
SenderChoice choose_sender(Rng& rng, SenderKind kind);
SenderKind draw_sender_kind(Rng& rng);
// A Thai mobile number as a destination: 66, then 6, 8 or 9, then 8 random digits.
std::string random_destination(Rng& rng);

}  // namespace smsfw::bench::classify
