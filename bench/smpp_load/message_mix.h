#pragma once
// The submit_sm PDUs the load generator sends, encoded once at start-up: one template per text.
// Sending copies a template into the write buffer and patches, in place, the sequence number and
// the variable tail of the destination number, so the hot path neither encodes nor allocates.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "smpp_load/text_encoding.h"

namespace smsfw::bench::load {

struct MixSettings {
  std::string source = "LoadTest";     // digits only: TON 1/NPI 1, else alphanumeric TON 5/NPI 0
  std::string destination = "6681";    // prefix, padded with a per-message counter to 11 digits
  Encoding encoding = Encoding::automatic;
  bool request_receipt = false;        // registered_delivery = 1
};

class MessageMix {
 public:
  // Throws std::invalid_argument if a field does not fit a submit_sm (e.g. source > 20 chars).
  MessageMix(const std::vector<std::string>& texts, const MixSettings& settings);

  std::size_t size() const { return templates_.size(); }
  // Largest template, for sizing buffers.
  std::size_t max_pdu_size() const { return max_size_; }
  // How many texts were GSM / UCS-2 encoded and how many were cut to one SMS.
  std::size_t gsm_count() const { return gsm_; }
  std::size_t truncated_count() const { return truncated_; }

  // Appends template `index % size()` with `sequence` and destination variant `number`.
  void append(std::vector<std::uint8_t>& out, std::size_t index, std::uint32_t sequence,
              std::uint64_t number) const;

  // A few English lines used when no --messages file is given.
  static std::vector<std::string> default_texts();
  // One text per non-empty line of a UTF-8 file (a trailing CR is dropped). Throws
  // std::runtime_error naming the file if it cannot be read or holds no text.
  static std::vector<std::string> load_file(const std::string& path);

 private:
  struct Template {
    std::vector<std::uint8_t> bytes;
    std::size_t dest_suffix_offset;  // where the counter digits start
  };
  std::vector<Template> templates_;
  std::size_t dest_suffix_len_ = 0;  // 0: the destination is used as given
  std::size_t max_size_ = 0;
  std::size_t gsm_ = 0;
  std::size_t truncated_ = 0;
};

}  // namespace smsfw::bench::load
