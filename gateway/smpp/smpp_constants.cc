#include "smpp/smpp_constants.h"

namespace smsfw::smpp {

bool is_known_request(std::uint32_t command_id) {
  switch (command_id) {
    case cmd::bind_receiver:
    case cmd::bind_transmitter:
    case cmd::query_sm:
    case cmd::submit_sm:
    case cmd::deliver_sm:
    case cmd::unbind:
    case cmd::replace_sm:
    case cmd::cancel_sm:
    case cmd::bind_transceiver:
    case cmd::enquire_link:
    case cmd::submit_multi:
    case cmd::data_sm:
      return true;
    default:
      return false;  // outbind and alert_notification have no response; others are unknown
  }
}

std::string_view command_name(std::uint32_t command_id) {
  switch (command_id) {
    case cmd::generic_nack: return "generic_nack";
    case cmd::bind_receiver: return "bind_receiver";
    case cmd::bind_receiver_resp: return "bind_receiver_resp";
    case cmd::bind_transmitter: return "bind_transmitter";
    case cmd::bind_transmitter_resp: return "bind_transmitter_resp";
    case cmd::query_sm: return "query_sm";
    case cmd::query_sm_resp: return "query_sm_resp";
    case cmd::submit_sm: return "submit_sm";
    case cmd::submit_sm_resp: return "submit_sm_resp";
    case cmd::deliver_sm: return "deliver_sm";
    case cmd::deliver_sm_resp: return "deliver_sm_resp";
    case cmd::unbind: return "unbind";
    case cmd::unbind_resp: return "unbind_resp";
    case cmd::replace_sm: return "replace_sm";
    case cmd::replace_sm_resp: return "replace_sm_resp";
    case cmd::cancel_sm: return "cancel_sm";
    case cmd::cancel_sm_resp: return "cancel_sm_resp";
    case cmd::bind_transceiver: return "bind_transceiver";
    case cmd::bind_transceiver_resp: return "bind_transceiver_resp";
    case cmd::outbind: return "outbind";
    case cmd::enquire_link: return "enquire_link";
    case cmd::enquire_link_resp: return "enquire_link_resp";
    case cmd::submit_multi: return "submit_multi";
    case cmd::submit_multi_resp: return "submit_multi_resp";
    case cmd::alert_notification: return "alert_notification";
    case cmd::data_sm: return "data_sm";
    case cmd::data_sm_resp: return "data_sm_resp";
    default: return "unknown";
  }
}

}  // namespace smsfw::smpp
