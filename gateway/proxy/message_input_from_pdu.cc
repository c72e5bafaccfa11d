#include "proxy/message_input_from_pdu.h"

#include <optional>

#include "message/concat_info.h"
#include "smpp/smpp_constants.h"

namespace smsfw::proxy {

namespace {

std::optional<std::span<const std::uint8_t>> tlv_value(std::span<const std::uint8_t> tlvs, std::uint16_t tag) {
  smpp::Tlv t;
  if (!smpp::find_tlv(tlvs, tag, t)) return std::nullopt;
  return t.value;
}

filters::MessageAddress to_address(const smpp::Address& a) { return {a.digits, a.ton, a.npi}; }

}  // namespace

bool text_in_payload(const smpp::MessageFields& fields) {
  smpp::Tlv t;
  return fields.short_message.empty() && smpp::find_tlv(fields.tlvs, smpp::tlv::message_payload, t);
}

void message_input_from_pdu(const smpp::PduView& pdu, const smpp::MessageFields& fields, std::string_view account,
                            filters::Direction direction, std::vector<filters::MessageAddress>& destinations,
                            filters::MessageInput& out) {
  out = {};
  out.account = account;
  out.direction = direction;
  out.source = to_address(fields.source);
  out.destination = to_address(fields.destination);
  out.data_coding = fields.data_coding;
  out.esm_class = fields.esm_class;
  // SMPP 3.4 forbids carrying the text in both places; when an ESME does it anyway the
  // short_message is what most SMSCs deliver, so that is what is judged.
  out.body = fields.short_message;
  if (out.body.empty()) {
    if (const auto payload = tlv_value(fields.tlvs, smpp::tlv::message_payload)) out.body = *payload;
  }
  const filters::message::SarLookup sar = filters::message::concat_from_sar_values(tlv_value(fields.tlvs, smpp::tlv::sar_msg_ref_num),
                                                                 tlv_value(fields.tlvs, smpp::tlv::sar_total_segments),
                                                                 tlv_value(fields.tlvs, smpp::tlv::sar_segment_seqnum));
  if (sar.present && sar.result.error == filters::message::ConcatError::none) out.sar = sar.result.info;

  if (pdu.command_id() == smpp::cmd::submit_multi) {
    destinations.clear();
    smpp::MultiDestinationWalker walker(fields.dest_list);
    smpp::MultiDestination d;
    bool first = true;
    while (walker.next(d)) {
      if (d.dest_flag != 1) continue;  // distribution lists are names, not addresses
      if (first)
        out.destination = to_address(d.address);
      else
        destinations.push_back(to_address(d.address));
      first = false;
    }
    out.more_destinations = destinations;
  }
}

}  // namespace smsfw::proxy
