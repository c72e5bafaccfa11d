#pragma once
// A zero-copy, bounds-checked view over one complete SMPP frame: the header, the mandatory
// fields of the message-carrying PDUs the firewall inspects (submit_sm, deliver_sm, data_sm,
// submit_multi), bind PDUs, and the TLV section. Nothing is copied or allocated; every
// string_view and span points into the frame, which must outlive the view.
//
// The view checks what memory safety and the firewall need (every field inside the frame,
// C-Octet Strings terminated, sm_length inside the body, TLVs well formed). It deliberately
// does not enforce the specification's maximum field lengths: the SMSC stays the authority on
// what it accepts, and a transparent proxy must not reject what the SMSC would take.

#include <cstdint>
#include <span>
#include <string_view>

#include "smpp/frame.h"

namespace smsfw::smpp {

// Why a body could not be read. Each maps to the command_status the proxy answers with.
enum class ParseError : std::uint8_t {
  none,
  truncated,            // a mandatory field runs past the end of the frame
  unterminated_string,  // a C-Octet String has no NUL inside the frame
  bad_sm_length,        // sm_length runs past the end of the frame
  bad_dest_flag,        // submit_multi dest_flag is neither 1 (SME) nor 2 (distribution list)
  bad_tlv,              // a TLV header or value runs past the end of the frame
};

std::string_view to_string(ParseError e);
// The command_status a request with this defect is answered with.
std::uint32_t status_for(ParseError e);

// One optional parameter (tag, length, value) inside a frame.
struct Tlv {
  std::uint16_t tag = 0;
  std::span<const std::uint8_t> value;
};

// Walks a TLV section. next() yields each TLV in wire order; it returns false at the end or on
// a malformed TLV, and error() tells the two apart.
class TlvWalker {
 public:
  explicit TlvWalker(std::span<const std::uint8_t> section) : rest_(section) {}
  bool next(Tlv& out);
  bool error() const { return error_; }

 private:
  std::span<const std::uint8_t> rest_;
  bool error_ = false;
};

// Checks a whole TLV section; ParseError::bad_tlv if any TLV is malformed.
ParseError validate_tlvs(std::span<const std::uint8_t> section);
// The first TLV with `tag`, if the section has one (the section must be valid).
bool find_tlv(std::span<const std::uint8_t> section, std::uint16_t tag, Tlv& out);

struct Address {
  std::uint8_t ton = 0;
  std::uint8_t npi = 0;
  std::string_view digits;  // without the NUL
};

// The mandatory fields of submit_sm / deliver_sm (same layout), data_sm and submit_multi.
// Fields a PDU type does not carry keep their defaults.
struct MessageFields {
  std::string_view service_type;
  Address source;
  Address destination;             // submit_multi: the first SME destination, if any
  std::uint8_t number_of_dests = 1;
  std::span<const std::uint8_t> dest_list;  // submit_multi: the raw dest_address entries
  std::uint8_t esm_class = 0;
  std::uint8_t protocol_id = 0;
  std::uint8_t priority_flag = 0;
  std::string_view schedule_delivery_time;
  std::string_view validity_period;
  std::uint8_t registered_delivery = 0;
  std::uint8_t replace_if_present_flag = 0;
  std::uint8_t data_coding = 0;
  std::uint8_t sm_default_msg_id = 0;
  std::span<const std::uint8_t> short_message;  // sm_length octets
  std::span<const std::uint8_t> tlvs;           // the optional parameter section
};

// The mandatory fields of bind_transmitter / bind_receiver / bind_transceiver.
struct BindFields {
  std::string_view system_id;
  std::string_view password;
  std::string_view system_type;
  std::uint8_t interface_version = 0;
  Address address_range;
};

// One submit_multi destination: an SME address (dest_flag 1) or a distribution list (2).
struct MultiDestination {
  std::uint8_t dest_flag = 0;
  Address address;         // dest_flag 1
  std::string_view dl_name;  // dest_flag 2
};

// Walks the dest_list of a parsed submit_multi (already validated by parse_message).
class MultiDestinationWalker {
 public:
  explicit MultiDestinationWalker(std::span<const std::uint8_t> list) : rest_(list) {}
  bool next(MultiDestination& out);

 private:
  std::span<const std::uint8_t> rest_;
};

// A complete frame (as found by scan_frame). Cheap to copy.
class PduView {
 public:
  explicit PduView(std::span<const std::uint8_t> frame) : frame_(frame), header_(load_header(frame.data())) {}

  const Header& header() const { return header_; }
  std::uint32_t command_id() const { return header_.command_id; }
  std::uint32_t command_status() const { return header_.command_status; }
  std::uint32_t sequence_number() const { return header_.sequence_number; }
  std::span<const std::uint8_t> bytes() const { return frame_; }
  std::span<const std::uint8_t> body() const { return frame_.subspan(kHeaderSize); }

  // True for the PDUs parse_message understands.
  static bool carries_message(std::uint32_t command_id);

  // Reads the mandatory fields of a submit_sm, deliver_sm, data_sm or submit_multi and checks
  // its TLV section. Must only be called when carries_message(command_id()).
  ParseError parse_message(MessageFields& out) const;
  // Reads a bind request's fields. Must only be called for a bind command.
  ParseError parse_bind(BindFields& out) const;

 private:
  std::span<const std::uint8_t> frame_;
  Header header_;
};

}  // namespace smsfw::smpp
