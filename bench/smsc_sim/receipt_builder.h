#pragma once
// Encodes the delivery receipt (deliver_sm, esm_class 0x04) for an accepted submit_sm, in the
// de-facto format of SMPP 3.4 appendix B plus the receipted_message_id and message_state TLVs.

#include <cstdint>
#include <ctime>
#include <span>
#include <string_view>
#include <vector>

#include "smpp/pdu_view.h"

namespace smsfw::bench::sim {

// What a receipt needs from the submit_sm it reports on (views into that PDU).
struct ReceiptSource {
  std::string_view message_id;
  smpp::Address submit_source;       // becomes the receipt's destination
  smpp::Address submit_destination;  // becomes the receipt's source
  std::span<const std::uint8_t> body;  // short_message, or message_payload if that is empty
  std::uint8_t data_coding = 0;
};

// The "YYMMDDhhmm" stamp for receipts, recomputed only when the minute changes (UTC).
class ReceiptClock {
 public:
  std::string_view now();

 private:
  std::time_t minute_ = -1;
  char text_[11] = {};
};

// Appends the receipt with sequence number `sequence` to `out`. `date` is the YYMMDDhhmm stamp
// used for both submit date and done date (the simulator delivers at once).
void append_receipt(std::vector<std::uint8_t>& out, std::uint32_t sequence, const ReceiptSource& src,
                    std::string_view date);

}  // namespace smsfw::bench::sim
