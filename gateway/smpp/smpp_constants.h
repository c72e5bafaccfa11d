#pragma once
// SMPP 3.4 numbers the proxy needs by name: command ids, command statuses, TLV tags and field
// limits. Values are from the SMPP v3.4 specification (issue 1.2), sections 5.1–5.3.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace smsfw::smpp {

inline constexpr std::size_t kHeaderSize = 16;
inline constexpr std::uint32_t kResponseBit = 0x80000000u;
inline constexpr std::uint8_t kInterfaceVersion34 = 0x34;

// command_id values (section 5.1.2.1).
namespace cmd {
inline constexpr std::uint32_t generic_nack = 0x80000000u;
inline constexpr std::uint32_t bind_receiver = 0x00000001u;
inline constexpr std::uint32_t bind_receiver_resp = 0x80000001u;
inline constexpr std::uint32_t bind_transmitter = 0x00000002u;
inline constexpr std::uint32_t bind_transmitter_resp = 0x80000002u;
inline constexpr std::uint32_t query_sm = 0x00000003u;
inline constexpr std::uint32_t query_sm_resp = 0x80000003u;
inline constexpr std::uint32_t submit_sm = 0x00000004u;
inline constexpr std::uint32_t submit_sm_resp = 0x80000004u;
inline constexpr std::uint32_t deliver_sm = 0x00000005u;
inline constexpr std::uint32_t deliver_sm_resp = 0x80000005u;
inline constexpr std::uint32_t unbind = 0x00000006u;
inline constexpr std::uint32_t unbind_resp = 0x80000006u;
inline constexpr std::uint32_t replace_sm = 0x00000007u;
inline constexpr std::uint32_t replace_sm_resp = 0x80000007u;
inline constexpr std::uint32_t cancel_sm = 0x00000008u;
inline constexpr std::uint32_t cancel_sm_resp = 0x80000008u;
inline constexpr std::uint32_t bind_transceiver = 0x00000009u;
inline constexpr std::uint32_t bind_transceiver_resp = 0x80000009u;
inline constexpr std::uint32_t outbind = 0x0000000Bu;
inline constexpr std::uint32_t enquire_link = 0x00000015u;
inline constexpr std::uint32_t enquire_link_resp = 0x80000015u;
inline constexpr std::uint32_t submit_multi = 0x00000021u;
inline constexpr std::uint32_t submit_multi_resp = 0x80000021u;
inline constexpr std::uint32_t alert_notification = 0x00000102u;
inline constexpr std::uint32_t data_sm = 0x00000103u;
inline constexpr std::uint32_t data_sm_resp = 0x80000103u;
}  // namespace cmd

// command_status values (section 5.1.3) used by the proxy and its tools.
namespace status {
inline constexpr std::uint32_t ok = 0x00;
inline constexpr std::uint32_t invalid_message_length = 0x01;  // ESME_RINVMSGLEN
inline constexpr std::uint32_t invalid_command_length = 0x02;  // ESME_RINVCMDLEN
inline constexpr std::uint32_t invalid_command_id = 0x03;      // ESME_RINVCMDID
inline constexpr std::uint32_t invalid_bind_status = 0x04;     // ESME_RINVBNDSTS
inline constexpr std::uint32_t already_bound = 0x05;           // ESME_RALYBND
inline constexpr std::uint32_t system_error = 0x08;            // ESME_RSYSERR
inline constexpr std::uint32_t invalid_source_address = 0x0A;  // ESME_RINVSRCADR
inline constexpr std::uint32_t bind_failed = 0x0D;             // ESME_RBINDFAIL
inline constexpr std::uint32_t invalid_password = 0x0E;        // ESME_RINVPASWD
inline constexpr std::uint32_t message_queue_full = 0x14;      // ESME_RMSGQFUL
inline constexpr std::uint32_t submit_failed = 0x45;           // ESME_RSUBMITFAIL
inline constexpr std::uint32_t throttled = 0x58;               // ESME_RTHROTTLED
inline constexpr std::uint32_t reject_message = 0x66;          // ESME_RX_R_APPN
inline constexpr std::uint32_t invalid_optional_stream = 0xC0; // ESME_RINVOPTPARSTREAM
inline constexpr std::uint32_t invalid_parameter_length = 0xC2;// ESME_RINVPARLEN
inline constexpr std::uint32_t unknown_error = 0xFF;           // ESME_RUNKNOWNERR
}  // namespace status

// TLV tags (section 5.3.2) the firewall reads or the tools write.
namespace tlv {
inline constexpr std::uint16_t receipted_message_id = 0x001E;
inline constexpr std::uint16_t sar_msg_ref_num = 0x020C;
inline constexpr std::uint16_t sar_total_segments = 0x020E;
inline constexpr std::uint16_t sar_segment_seqnum = 0x020F;
inline constexpr std::uint16_t message_payload = 0x0424;
inline constexpr std::uint16_t message_state = 0x0427;
}  // namespace tlv

// Maximum lengths of C-Octet String fields including the terminating NUL (section 5.2).
namespace maxlen {
inline constexpr std::size_t system_id = 16;
inline constexpr std::size_t password = 9;
inline constexpr std::size_t system_type = 13;
inline constexpr std::size_t address_range = 41;
inline constexpr std::size_t service_type = 6;
inline constexpr std::size_t address = 21;        // source_addr, destination_addr (submit_sm)
inline constexpr std::size_t data_sm_address = 65;
inline constexpr std::size_t time = 17;           // schedule_delivery_time, validity_period
inline constexpr std::size_t message_id = 65;
inline constexpr std::size_t dl_name = 21;
inline constexpr std::size_t short_message = 254; // octets, not a C string
}  // namespace maxlen

constexpr bool is_response(std::uint32_t command_id) { return (command_id & kResponseBit) != 0; }
constexpr std::uint32_t response_for(std::uint32_t command_id) { return command_id | kResponseBit; }

constexpr bool is_bind(std::uint32_t command_id) {
  return command_id == cmd::bind_receiver || command_id == cmd::bind_transmitter ||
         command_id == cmd::bind_transceiver;
}

// True for requests SMPP 3.4 defines; the proxy relays the others untouched but cannot answer
// them with their own response command.
bool is_known_request(std::uint32_t command_id);

// "submit_sm", "bind_transceiver_resp", ... or "unknown" for an id SMPP 3.4 does not define. For logs.
std::string_view command_name(std::uint32_t command_id);

}  // namespace smsfw::smpp
