#include "smpp/pdu_rewrite.h"

#include <algorithm>
#include <cstdint>

namespace smsfw::smpp {

namespace {

// Where the edited parts of a message PDU lie (offsets from the frame's first octet).
struct Layout {
  std::size_t source_at = 0;      // source_addr_ton
  std::size_t source_end = 0;     // just after source_addr's NUL
  std::size_t sm_length_at = 0;   // sm_length (not in data_sm)
  std::size_t tlvs_at = 0;        // the TLV section, up to the end of the frame
  bool text_in_payload = false;   // the text is (or would go) in message_payload
  bool payload_present = false;   // ... and that TLV exists
  std::size_t payload_at = 0;     // its tag
  std::size_t payload_end = 0;    // just after its value
  std::span<const std::uint8_t> body;  // the current body (UDH included)
};

const char* chars_at(std::span<const std::uint8_t> frame, std::size_t offset) {
  return reinterpret_cast<const char*>(frame.data() + offset);
}

// Finds the edited parts. The offsets come from the field lengths; that the views in `f` point
// exactly there proves `f` was parsed from this frame (so every offset is inside it).
bool locate(const PduView& pdu, const MessageFields& f, Layout& l) {
  const std::span<const std::uint8_t> frame = pdu.bytes();
  const std::size_t n = frame.size();
  std::size_t at = kHeaderSize;
  if (n < at + f.service_type.size() + 1 || f.service_type.data() != chars_at(frame, at)) return false;
  l.source_at = at + f.service_type.size() + 1;
  at = l.source_at + 2;
  if (n < at + f.source.digits.size() + 1 || f.source.digits.data() != chars_at(frame, at)) return false;
  l.source_end = at + f.source.digits.size() + 1;

  if (f.tlvs.size() > n - l.source_end || f.tlvs.data() != frame.data() + (n - f.tlvs.size())) return false;
  l.tlvs_at = n - f.tlvs.size();

  const bool has_short_message = pdu.command_id() != cmd::data_sm;
  if (has_short_message) {
    const std::size_t sm = f.short_message.size();
    if (l.tlvs_at < l.source_end + sm + 1 || f.short_message.data() != frame.data() + (l.tlvs_at - sm) ||
        frame[l.tlvs_at - sm - 1] != sm)
      return false;
    l.sm_length_at = l.tlvs_at - sm - 1;
  }

  l.text_in_payload = !has_short_message || f.short_message.empty();
  if (l.text_in_payload) {
    Tlv t;
    if (find_tlv(f.tlvs, tlv::message_payload, t)) {
      l.payload_present = true;
      l.payload_at = static_cast<std::size_t>(t.value.data() - frame.data()) - 4;
      l.payload_end = l.payload_at + 4 + t.value.size();
      l.body = t.value;
    } else if (has_short_message) {
      l.text_in_payload = false;  // empty short_message and no payload: the text goes in short_message
    }
  }
  if (!l.text_in_payload) l.body = f.short_message;
  return true;
}

void append(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> b) {
  out.insert(out.end(), b.begin(), b.end());
}

void append_u16(std::vector<std::uint8_t>& out, std::size_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

}  // namespace

std::string_view to_string(RewriteError e) {
  switch (e) {
    case RewriteError::none: return "ok";
    case RewriteError::not_a_message: return "not a message PDU";
    case RewriteError::bad_fields: return "fields not parsed from this PDU";
    case RewriteError::bad_udh_length: return "UDH length beyond the body";
    case RewriteError::source_too_long: return "new source address too long";
    case RewriteError::bad_source: return "new source address contains NUL";
    case RewriteError::body_too_long: return "rewritten body too long";
    case RewriteError::tlv_too_long: return "appended TLV value over 65535 octets";
    case RewriteError::pdu_too_long: return "rewritten PDU too long";
  }
  return "unknown";
}

RewriteError rewrite_message(const PduView& pdu, const MessageFields& f, const MessageEdit& e,
                             std::vector<std::uint8_t>& out) {
  if (!PduView::carries_message(pdu.command_id())) return RewriteError::not_a_message;
  Layout l;
  if (!locate(pdu, f, l)) return RewriteError::bad_fields;
  const std::span<const std::uint8_t> frame = pdu.bytes();

  // Sizes first: nothing is appended unless the whole PDU can be built.
  std::size_t total = frame.size();
  if (e.new_source) {
    // data_sm's source_addr is a 65-octet field, the others 21 (NUL included).
    const std::size_t max =
        (pdu.command_id() == cmd::data_sm ? maxlen::data_sm_address : maxlen::address) - 1;
    if (e.new_source->size() > max) return RewriteError::source_too_long;
    if (e.new_source->find('\0') != std::string_view::npos) return RewriteError::bad_source;
    total = total - (l.source_end - l.source_at) + (2 + e.new_source->size() + 1);
  }

  const bool edit_body = !e.body_prefix.empty() || e.replace_text.has_value();
  std::span<const std::uint8_t> udh, text;
  std::size_t body_size = l.body.size();
  if (edit_body) {
    if (e.udh_length > l.body.size()) return RewriteError::bad_udh_length;
    udh = l.body.first(e.udh_length);
    text = e.replace_text ? *e.replace_text : l.body.subspan(e.udh_length);
    body_size = udh.size() + e.body_prefix.size() + text.size();
    const std::size_t limit = l.text_in_payload ? 0xFFFF : std::min<std::size_t>(e.max_short_message, 0xFF);
    if (body_size > limit) return RewriteError::body_too_long;
    if (!l.text_in_payload || l.payload_present)
      total = total - l.body.size() + body_size;
    else if (body_size > 0)
      total += 4 + body_size;  // a new message_payload TLV (data_sm)
  }

  if (e.append_tlv_tag) {
    if (e.append_tlv_value.size() > 0xFFFF) return RewriteError::tlv_too_long;
    total += 4 + e.append_tlv_value.size();
  }
  if (total > e.max_pdu_length || total > 0xFFFFFFFFu) return RewriteError::pdu_too_long;

  // Grow geometrically (the caller may append many PDUs to one buffer), then copy the pieces.
  const std::size_t start = out.size();
  if (out.capacity() - start < total) out.reserve(std::max(start + total, 2 * out.capacity()));
  const auto copy = [&](std::size_t from, std::size_t to) { append(out, frame.subspan(from, to - from)); };
  const auto put_body = [&] {
    append(out, udh);
    append(out, e.body_prefix);
    append(out, text);
  };

  copy(0, l.source_at);
  if (e.new_source) {
    out.push_back(e.new_source_ton);
    out.push_back(e.new_source_npi);
    out.insert(out.end(), e.new_source->begin(), e.new_source->end());
    out.push_back(0);
  } else {
    copy(l.source_at, l.source_end);
  }

  if (!edit_body) {
    copy(l.source_end, frame.size());
  } else if (!l.text_in_payload) {
    copy(l.source_end, l.sm_length_at);
    out.push_back(static_cast<std::uint8_t>(body_size));
    put_body();
    copy(l.tlvs_at, frame.size());
  } else if (l.payload_present) {
    copy(l.source_end, l.payload_at + 2);  // up to and including the tag
    append_u16(out, body_size);
    put_body();
    copy(l.payload_end, frame.size());
  } else {
    copy(l.source_end, frame.size());
    if (body_size > 0) {
      append_u16(out, tlv::message_payload);
      append_u16(out, body_size);
      put_body();
    }
  }

  if (e.append_tlv_tag) {
    append_u16(out, *e.append_tlv_tag);
    append_u16(out, e.append_tlv_value.size());
    append(out, e.append_tlv_value);
  }
  store_u32(out.data() + start, static_cast<std::uint32_t>(total));
  return RewriteError::none;
}

}  // namespace smsfw::smpp
