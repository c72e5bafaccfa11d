#include "proxy/tag_marker.h"

#include <limits>

#include "proxy/message_input_from_pdu.h"
#include "smpp/pdu_rewrite.h"
#include "smpp/smpp_constants.h"
#include "text/encode.h"

namespace smsfw::proxy {

namespace {

using filters::text::Coding;
using filters::text::SmscDefault;

constexpr std::size_t kSeptetsPerPart = 160;
constexpr std::size_t kOctetsPerPart = 140;
constexpr std::size_t kMaxPayload = 65535;

// How one part of this coding is measured: in septets, in octets, or not at all.
enum class Unit : std::uint8_t { septets, octets, none };

Unit unit_of(const filters::Verdict& v, const filters::AccountPolicy& account) {
  if (v.decode_status != filters::text::DecodeStatus::text) return Unit::none;
  switch (v.coding.coding) {
    case Coding::smsc_default:
      switch (account.data_coding_0) {
        case SmscDefault::gsm7_unpacked:
        case SmscDefault::ascii: return Unit::septets;
        case SmscDefault::latin1: return Unit::octets;
        case SmscDefault::gsm7_packed: return Unit::none;  // inserting would mean repacking every septet
      }
      return Unit::none;
    case Coding::gsm7:
      return account.data_coding_0 == SmscDefault::gsm7_packed ? Unit::none : Unit::septets;
    case Coding::ia5: return Unit::septets;  // SMSCs carry IA5 as GSM 7-bit
    case Coding::latin1:
    case Coding::cyrillic:
    case Coding::hebrew:
    case Coding::ucs2: return Unit::octets;
    default: return Unit::none;
  }
}

}  // namespace

std::size_t single_part_capacity(const filters::Verdict& verdict, const filters::AccountPolicy& account) {
  switch (unit_of(verdict, account)) {
    case Unit::septets: return kSeptetsPerPart;
    case Unit::octets: return kOctetsPerPart;
    case Unit::none: return 0;
  }
  return 0;
}

TagMarker::Result TagMarker::mark(const smpp::PduView& pdu, const smpp::MessageFields& fields,
                                  const filters::Verdict& verdict, const filters::AccountPolicy& account,
                                  std::size_t max_pdu_size, std::vector<std::uint8_t>& out) {
  smpp::MessageEdit edit;
  Result result = Result::marked;
  if (verdict.relabel) edit.new_source = verdict.relabel->relabel_to;

  if (verdict.prefix) {
    bool applied = false;
    const Unit unit = unit_of(verdict, account);
    // Under a header flag whose header did not parse, octet 0 would be read as its length by a
    // handset: no prefix there.
    if (unit != Unit::none && !verdict.udh_error) {
      prefix_.clear();
      filters::text::DecodeOptions options;
      options.latin1 = account.latin1;
      filters::text::encode(fields.data_coding, account.data_coding_0, verdict.prefix->prefix, prefix_, nullptr,
                            options);
      const bool payload = text_in_payload(fields);
      std::size_t used = 0, capacity = kMaxPayload;
      if (payload) {
        smpp::Tlv t;
        if (smpp::find_tlv(fields.tlvs, smpp::tlv::message_payload, t)) used = t.value.size();
      } else {
        const std::size_t body = fields.short_message.size();
        // A UDH of n octets takes ceil(8n/7) septets of a GSM 7-bit part.
        used = unit == Unit::septets ? (verdict.udh_length * 8 + 6) / 7 + (body - verdict.udh_length) : body;
        capacity = unit == Unit::septets ? kSeptetsPerPart : kOctetsPerPart;
      }
      if (used + prefix_.size() <= capacity) {
        edit.body_prefix = prefix_;
        edit.udh_length = verdict.udh_length;
        applied = true;
      }
    }
    if (!applied) {
      result = Result::fallback;
      if (!edit.new_source) edit.new_source = verdict.prefix->relabel_to;
    }
  }

  if (verdict.tlv) {
    tlv_value_.clear();
    for (const filters::Rule* r : verdict.rules) {
      if (r->action != filters::Action::tag) continue;
      if (!tlv_value_.empty()) tlv_value_.push_back(',');
      tlv_value_.append(r->id);
    }
    edit.append_tlv_tag = verdict.tlv->tlv_tag;
    edit.append_tlv_value = {reinterpret_cast<const std::uint8_t*>(tlv_value_.data()), tlv_value_.size()};
  }

  // The prefix is optional, so it must keep the PDU within the proxy's own limit; the sender and
  // TLV marks add a few octets at most and may go past it (refusing them would forward the
  // message unmarked).
  edit.max_pdu_length = max_pdu_size;
  const smpp::RewriteError err = smpp::rewrite_message(pdu, fields, edit, out);
  if (err == smpp::RewriteError::none) return result;
  edit.max_pdu_length = std::numeric_limits<std::uint32_t>::max();
  if (!edit.body_prefix.empty() && (err == smpp::RewriteError::body_too_long || err == smpp::RewriteError::pdu_too_long)) {
    edit.body_prefix = {};
    if (!edit.new_source) edit.new_source = verdict.prefix->relabel_to;
    if (smpp::rewrite_message(pdu, fields, edit, out) == smpp::RewriteError::none) return Result::fallback;
  } else if (err == smpp::RewriteError::pdu_too_long) {
    if (smpp::rewrite_message(pdu, fields, edit, out) == smpp::RewriteError::none) return result;
  }
  return Result::failed;
}

}  // namespace smsfw::proxy
