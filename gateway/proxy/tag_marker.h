#pragma once
// Applies a verdict's tag marks to a message PDU and appends the rebuilt frame (only tagged PDUs
// are rebuilt; everything else is forwarded as its original bytes).
//
// Marks (patterns/README.md, "tag"):
//   sender: source_addr becomes relabel_to (TON 5 alphanumeric, NPI 0);
//   prefix: the prefix text is encoded in the message's own encoding (GSM 7-bit unpacked,
//           UCS-2, Latin-1, ...) and inserted after the UDH, if the result still fits one SMS
//           part of its coding (160 GSM septets or 140 octets, UDH included) or, for text in
//           message_payload, 64 KiB. A prefix that cannot be applied (no room, packed GSM,
//           binary body) falls back to the sender mark with the prefix rule's relabel_to, so a
//           tagged message is always visibly marked;
//   tlv:    a vendor TLV carrying the ids of the tag rules, comma separated.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/verdict.h"
#include "patterns/account_policy.h"
#include "smpp/pdu_view.h"

namespace smsfw::proxy {

class TagMarker {
 public:
  enum class Result : std::uint8_t {
    marked,    // every mark the verdict asked for was applied
    fallback,  // a prefix did not fit and the sender was relabelled instead
    failed,    // the PDU could not be rebuilt: nothing appended
  };

  // Appends the marked frame to `out`. A prefix is applied only if the PDU stays within
  // `max_pdu_size` (the proxy's limits.max_pdu_size); the sender and TLV marks always are.
  // Reuses its own buffers: no allocation once warmed up.
  Result mark(const smpp::PduView& pdu, const smpp::MessageFields& fields, const filters::Verdict& verdict,
              const filters::AccountPolicy& account, std::size_t max_pdu_size, std::vector<std::uint8_t>& out);

 private:
  std::vector<std::uint8_t> prefix_;
  std::string tlv_value_;
};

// Octets (for GSM 7-bit unpacked: septets) that one SMS part of this coding holds, UDH
// included, or 0 when a prefix cannot be inserted (packed GSM, binary, unsupported codings).
std::size_t single_part_capacity(const filters::Verdict& verdict, const filters::AccountPolicy& account);

}  // namespace smsfw::proxy
