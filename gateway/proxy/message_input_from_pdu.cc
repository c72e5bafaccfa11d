#include "proxy/message_input_from_pdu.h"

#include <optional>

#include "message/concat_info.h"
#include "smpp/smpp_constants.h"

namespace smsfw::proxy {

namespace {

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
  // One walk over the TLVs for everything the engine needs (the section was validated by
  // parse_message). The first of each tag counts, as find_tlv would have it.
  std::optional<std::span<const std::uint8_t>> payload, sar_ref, sar_total, sar_seq;
  smpp::TlvWalker walker(fields.tlvs);
  smpp::Tlv t;
  while (walker.next(t)) {
    switch (t.tag) {
      case smpp::tlv::message_payload: if (!payload) payload = t.value; break;
      case smpp::tlv::sar_msg_ref_num: if (!sar_ref) sar_ref = t.value; break;
      case smpp::tlv::sar_total_segments: if (!sar_total) sar_total = t.value; break;
      case smpp::tlv::sar_segment_seqnum: if (!sar_seq) sar_seq = t.value; break;
      default: break;
    }
  }
  // SMPP 3.4 forbids carrying the text in both places; when an ESME does it anyway the
  // short_message is what most SMSCs deliver, so that is what is judged.
  out.body = fields.short_message;
  if (out.body.empty() && payload) out.body = *payload;
  const filters::message::SarLookup sar = filters::message::concat_from_sar_values(sar_ref, sar_total, sar_seq);
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
