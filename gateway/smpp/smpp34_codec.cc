#include "smpp/smpp34_codec.h"

#include <cstring>
#include <stdexcept>
#include <string>

// libsmpp34's headers lack extern "C" and must be included in this order.
extern "C" {
#include <stdint.h>
#include <smpp34.h>
#include <smpp34_structs.h>
#include <smpp34_params.h>
}

#include "smpp/frame.h"
#include "smpp/smpp_constants.h"

namespace smsfw::smpp {

namespace {

// Pseudo "request ids" for the cache entries that are not responses to a request.
constexpr std::uint32_t kNackKind = 0xFFFF0001u;
constexpr std::uint32_t kUnbindKind = 0xFFFF0002u;

// libsmpp34 refuses to pack a command_status it has no name for (the SMSC vendor range
// 0x400-0x4FF among them) and sequence_number 0. So it packs with stand-ins that give the same
// bytes and the real status and sequence are written into the header afterwards.
constexpr std::uint32_t stand_in_status(std::uint32_t status) { return status == 0 ? 0 : ESME_RUNKNOWNERR; }
constexpr std::uint32_t kStandInSequence = 1;

template <typename Pdu>
std::vector<std::uint8_t> pack(std::uint32_t command_id, Pdu& pdu, std::uint32_t status, std::uint32_t sequence) {
  // libsmpp34 needs one byte more than the PDU; responses built here are small.
  std::uint8_t buf[512];
  int len = 0;
  std::lock_guard lock(smpp34_mutex());
  if (smpp34_pack(command_id, buf, sizeof buf, &len, &pdu) != 0)
    throw std::runtime_error(std::string("libsmpp34 could not pack ") +
                             std::string(command_name(command_id)) + ": " + smpp34_strerror);
  store_u32(buf + 8, status);
  store_u32(buf + 12, sequence);
  return {buf, buf + len};
}

template <typename Pdu>
void fill_header(Pdu& pdu, std::uint32_t command_id, std::uint32_t status) {
  std::memset(&pdu, 0, sizeof pdu);
  pdu.command_length = 0;
  pdu.command_id = command_id;
  pdu.command_status = stand_in_status(status);
  pdu.sequence_number = kStandInSequence;
}

template <typename Pdu>
std::vector<std::uint8_t> header_only(std::uint32_t command_id, std::uint32_t status, std::uint32_t sequence) {
  Pdu pdu;
  fill_header(pdu, command_id, status);
  return pack(command_id, pdu, status, sequence);
}

template <typename Pdu>
std::vector<std::uint8_t> bind_response(std::uint32_t command_id, std::uint32_t status, std::uint32_t sequence,
                                        std::string_view system_id) {
  Pdu pdu;
  fill_header(pdu, command_id, status);
  const std::size_t n = std::min(system_id.size(), sizeof pdu.system_id - 1);
  if (n != 0) std::memcpy(pdu.system_id, system_id.data(), n);  // data() may be null when empty
  return pack(command_id, pdu, status, sequence);
}

template <typename Pdu>
std::vector<std::uint8_t> message_id_response(std::uint32_t command_id, std::uint32_t status,
                                              std::uint32_t sequence) {
  Pdu pdu;  // message_id stays empty: the proxy never invents message ids
  fill_header(pdu, command_id, status);
  // Packed as if successful, so an error response keeps its body with the empty message_id.
  // SMPP 3.4 lets an error response omit the body, but ESMEs that parse it unconditionally
  // exist, and an empty message_id is what they accept.
  pdu.command_status = ESME_ROK;
  return pack(command_id, pdu, status, sequence);
}

}  // namespace

std::mutex& smpp34_mutex() {
  static std::mutex m;
  return m;
}

std::vector<std::uint8_t> build_generic_nack(std::uint32_t status, std::uint32_t sequence) {
  return header_only<generic_nack_t>(GENERIC_NACK, status, sequence);
}

std::vector<std::uint8_t> build_unbind(std::uint32_t sequence) {
  return header_only<unbind_t>(UNBIND, status::ok, sequence);
}

std::vector<std::uint8_t> build_response(std::uint32_t request_command_id, std::uint32_t status,
                                         std::uint32_t sequence, std::string_view system_id) {
  switch (request_command_id) {
    case cmd::bind_receiver:
      return bind_response<bind_receiver_resp_t>(BIND_RECEIVER_RESP, status, sequence, system_id);
    case cmd::bind_transmitter:
      return bind_response<bind_transmitter_resp_t>(BIND_TRANSMITTER_RESP, status, sequence, system_id);
    case cmd::bind_transceiver:
      return bind_response<bind_transceiver_resp_t>(BIND_TRANSCEIVER_RESP, status, sequence, system_id);
    case cmd::submit_sm: return message_id_response<submit_sm_resp_t>(SUBMIT_SM_RESP, status, sequence);
    case cmd::data_sm: return message_id_response<data_sm_resp_t>(DATA_SM_RESP, status, sequence);
    case cmd::deliver_sm: return message_id_response<deliver_sm_resp_t>(DELIVER_SM_RESP, status, sequence);
    case cmd::submit_multi:
      return message_id_response<submit_multi_resp_t>(SUBMIT_MULTI_RESP, status, sequence);
    case cmd::query_sm: return message_id_response<query_sm_resp_t>(QUERY_SM_RESP, status, sequence);
    case cmd::unbind: return header_only<unbind_resp_t>(UNBIND_RESP, status, sequence);
    case cmd::replace_sm: return header_only<replace_sm_resp_t>(REPLACE_SM_RESP, status, sequence);
    case cmd::cancel_sm: return header_only<cancel_sm_resp_t>(CANCEL_SM_RESP, status, sequence);
    case cmd::enquire_link: return header_only<enquire_link_resp_t>(ENQUIRE_LINK_RESP, status, sequence);
    default: return build_generic_nack(status, sequence);
  }
}

const std::vector<std::uint8_t>& ResponseCache::lookup(std::uint32_t kind, std::uint32_t status) {
  for (const Entry& e : entries_)
    if (e.kind == kind && e.status == status) return e.bytes;
  std::vector<std::uint8_t> bytes = kind == kNackKind     ? build_generic_nack(status, 1)
                                    : kind == kUnbindKind ? build_unbind(1)
                                                          : build_response(kind, status, 1);
  entries_.push_back(Entry{kind, status, std::move(bytes)});
  return entries_.back().bytes;
}

namespace {
void append_with_sequence(std::vector<std::uint8_t>& out, const std::vector<std::uint8_t>& pdu,
                          std::uint32_t sequence) {
  const std::size_t at = out.size();
  out.insert(out.end(), pdu.begin(), pdu.end());
  store_u32(out.data() + at + 12, sequence);
}
}  // namespace

void ResponseCache::append_response(std::vector<std::uint8_t>& out, std::uint32_t request_command_id,
                                    std::uint32_t status, std::uint32_t sequence) {
  const std::uint32_t kind = is_known_request(request_command_id) ? request_command_id : kNackKind;
  append_with_sequence(out, lookup(kind, status), sequence);
}

void ResponseCache::append_generic_nack(std::vector<std::uint8_t>& out, std::uint32_t status,
                                        std::uint32_t sequence) {
  append_with_sequence(out, lookup(kNackKind, status), sequence);
}

void ResponseCache::append_unbind(std::vector<std::uint8_t>& out, std::uint32_t sequence) {
  append_with_sequence(out, lookup(kUnbindKind, status::ok), sequence);
}

}  // namespace smsfw::smpp
