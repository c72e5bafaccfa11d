#include "smpp/pdu_view.h"

#include <cstring>

namespace smsfw::smpp {

namespace {

// Sequential reader over a body; every read is bounds-checked and the first failure sticks.
class FieldReader {
 public:
  explicit FieldReader(std::span<const std::uint8_t> body) : rest_(body) {}

  std::uint8_t u8() {
    if (failed()) return 0;
    if (rest_.empty()) return fail(ParseError::truncated), 0;
    const std::uint8_t v = rest_[0];
    rest_ = rest_.subspan(1);
    return v;
  }

  std::string_view cstring() {
    if (failed()) return {};
    const void* nul = rest_.empty() ? nullptr : std::memchr(rest_.data(), 0, rest_.size());
    if (nul == nullptr) {
      fail(rest_.empty() ? ParseError::truncated : ParseError::unterminated_string);
      return {};
    }
    const auto len = static_cast<std::size_t>(static_cast<const std::uint8_t*>(nul) - rest_.data());
    std::string_view s(reinterpret_cast<const char*>(rest_.data()), len);
    rest_ = rest_.subspan(len + 1);
    return s;
  }

  std::span<const std::uint8_t> bytes(std::size_t n, ParseError on_short) {
    if (failed()) return {};
    if (rest_.size() < n) return fail(on_short), std::span<const std::uint8_t>{};
    auto out = rest_.first(n);
    rest_ = rest_.subspan(n);
    return out;
  }

  Address address() {
    Address a;
    a.ton = u8();
    a.npi = u8();
    a.digits = cstring();
    return a;
  }

  std::span<const std::uint8_t> rest() const { return rest_; }
  std::size_t offset_from(const std::uint8_t* start) const {
    return static_cast<std::size_t>(rest_.data() - start);
  }
  void fail(ParseError e) {
    if (error_ == ParseError::none) error_ = e;
  }
  bool failed() const { return error_ != ParseError::none; }
  ParseError error() const { return error_; }

 private:
  std::span<const std::uint8_t> rest_;
  ParseError error_ = ParseError::none;
};

// Reads esm_class .. short_message, the tail shared by submit_sm, deliver_sm and submit_multi.
void read_sm_tail(FieldReader& r, MessageFields& out) {
  out.esm_class = r.u8();
  out.protocol_id = r.u8();
  out.priority_flag = r.u8();
  out.schedule_delivery_time = r.cstring();
  out.validity_period = r.cstring();
  out.registered_delivery = r.u8();
  out.replace_if_present_flag = r.u8();
  out.data_coding = r.u8();
  out.sm_default_msg_id = r.u8();
  const std::uint8_t sm_length = r.u8();
  out.short_message = r.bytes(sm_length, ParseError::bad_sm_length);
}

// Reads submit_multi's number_of_dests and dest_address entries.
void read_dest_list(FieldReader& r, MessageFields& out) {
  out.number_of_dests = r.u8();
  const std::uint8_t* start = r.rest().data();
  bool have_first = false;
  for (unsigned i = 0; i < out.number_of_dests && !r.failed(); ++i) {
    const std::uint8_t flag = r.u8();
    if (flag == 1) {
      Address a = r.address();
      if (!have_first && !r.failed()) out.destination = a, have_first = true;
    } else if (flag == 2) {
      r.cstring();
    } else if (!r.failed()) {
      r.fail(ParseError::bad_dest_flag);
    }
  }
  if (!r.failed()) out.dest_list = {start, static_cast<std::size_t>(r.rest().data() - start)};
}

}  // namespace

std::string_view to_string(ParseError e) {
  switch (e) {
    case ParseError::none: return "ok";
    case ParseError::truncated: return "mandatory field runs past the end of the PDU";
    case ParseError::unterminated_string: return "C-Octet String without terminating NUL";
    case ParseError::bad_sm_length: return "sm_length runs past the end of the PDU";
    case ParseError::bad_dest_flag: return "submit_multi dest_flag is neither 1 nor 2";
    case ParseError::bad_tlv: return "malformed optional parameter (TLV)";
  }
  return "unknown";
}

std::uint32_t status_for(ParseError e) {
  switch (e) {
    case ParseError::none: return status::ok;
    case ParseError::truncated:
    case ParseError::unterminated_string: return status::invalid_command_length;
    case ParseError::bad_sm_length: return status::invalid_message_length;
    case ParseError::bad_dest_flag: return status::system_error;
    case ParseError::bad_tlv: return status::invalid_optional_stream;
  }
  return status::system_error;
}

bool TlvWalker::next(Tlv& out) {
  if (error_ || rest_.empty()) return false;
  if (rest_.size() < 4) return error_ = true, false;
  const std::uint16_t length = load_u16(rest_.data() + 2);
  if (rest_.size() - 4 < length) return error_ = true, false;
  out.tag = load_u16(rest_.data());
  out.value = rest_.subspan(4, length);
  rest_ = rest_.subspan(4u + length);
  return true;
}

ParseError validate_tlvs(std::span<const std::uint8_t> section) {
  TlvWalker w(section);
  Tlv t;
  while (w.next(t)) {
  }
  return w.error() ? ParseError::bad_tlv : ParseError::none;
}

bool find_tlv(std::span<const std::uint8_t> section, std::uint16_t tag, Tlv& out) {
  TlvWalker w(section);
  while (w.next(out))
    if (out.tag == tag) return true;
  return false;
}

bool MultiDestinationWalker::next(MultiDestination& out) {
  if (rest_.empty()) return false;
  FieldReader r(rest_);
  out = MultiDestination{};
  out.dest_flag = r.u8();
  if (out.dest_flag == 1)
    out.address = r.address();
  else
    out.dl_name = r.cstring();
  if (r.failed()) return rest_ = {}, false;
  rest_ = r.rest();
  return true;
}

bool PduView::carries_message(std::uint32_t command_id) {
  return command_id == cmd::submit_sm || command_id == cmd::deliver_sm ||
         command_id == cmd::data_sm || command_id == cmd::submit_multi;
}

ParseError PduView::parse_message(MessageFields& out) const {
  out = MessageFields{};
  FieldReader r(body());
  out.service_type = r.cstring();
  out.source = r.address();
  switch (command_id()) {
    case cmd::submit_sm:
    case cmd::deliver_sm:
      out.destination = r.address();
      read_sm_tail(r, out);
      break;
    case cmd::submit_multi:
      read_dest_list(r, out);
      read_sm_tail(r, out);
      break;
    case cmd::data_sm:
      out.destination = r.address();
      out.esm_class = r.u8();
      out.registered_delivery = r.u8();
      out.data_coding = r.u8();
      break;
    default:
      return ParseError::truncated;  // contract violation: not a message-carrying PDU
  }
  if (r.failed()) return r.error();
  out.tlvs = r.rest();
  return validate_tlvs(out.tlvs);
}

ParseError PduView::parse_bind(BindFields& out) const {
  out = BindFields{};
  FieldReader r(body());
  out.system_id = r.cstring();
  out.password = r.cstring();
  out.system_type = r.cstring();
  out.interface_version = r.u8();
  out.address_range = r.address();
  if (r.failed()) return r.error();
  return validate_tlvs(r.rest());
}

}  // namespace smsfw::smpp
