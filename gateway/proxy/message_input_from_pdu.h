#pragma once
// The adapter between the gateway's PDU view and the filter engine's MessageInput: where the
// text is (short_message, or the message_payload TLV when sm_length is 0), the SAR TLVs, and
// every submit_multi destination. Views only: the input points into the frame.

#include <string_view>
#include <vector>

#include "engine/message_input.h"
#include "smpp/pdu_view.h"

namespace smsfw::proxy {

// Fills `out` from a parsed message PDU (fields = pdu.parse_message()). `destinations` is the
// caller's reusable storage for submit_multi's further destinations.
void message_input_from_pdu(const smpp::PduView& pdu, const smpp::MessageFields& fields, std::string_view account,
                            filters::Direction direction, std::vector<filters::MessageAddress>& destinations,
                            filters::MessageInput& out);

// True when the text of the message is carried in the message_payload TLV.
bool text_in_payload(const smpp::MessageFields& fields);

}  // namespace smsfw::proxy
