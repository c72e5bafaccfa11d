#include "smsc_sim/receipt_builder.h"

#include <algorithm>
#include <cstring>

#include "smpp/pdu_writer.h"

namespace smsfw::bench::sim {

namespace {

constexpr std::uint8_t kEsmClassDeliveryReceipt = 0x04;
constexpr std::uint8_t kMessageStateDelivered = 2;
constexpr std::size_t kReceiptTextChars = 20;

// Copies up to 20 characters of the original text for the receipt's "text:" field. The
// receipt is GSM/ASCII (data_coding 0), so UCS-2 units outside ASCII and control octets become
// '?' (real SMSCs differ here; nobody should parse this part).
std::size_t receipt_text(const ReceiptSource& src, char* out) {
  std::size_t n = 0;
  if (src.data_coding == 0x08) {
    for (std::size_t i = 0; i + 1 < src.body.size() && n < kReceiptTextChars; i += 2) {
      const unsigned unit = (unsigned{src.body[i]} << 8) | src.body[i + 1];
      out[n++] = (unit >= 0x20 && unit < 0x7F) ? static_cast<char>(unit) : '?';
    }
  } else {
    for (std::size_t i = 0; i < src.body.size() && n < kReceiptTextChars; ++i) {
      const std::uint8_t c = src.body[i];
      out[n++] = (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '?';
    }
  }
  return n;
}

// Appends `s` at `p`, returns the new end.
char* put(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

}  // namespace

std::string_view ReceiptClock::now() {
  const std::time_t t = std::time(nullptr);
  if (t / 60 != minute_) {
    minute_ = t / 60;
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(text_, sizeof text_, "%y%m%d%H%M", &tm);
  }
  return {text_, 10};
}

void append_receipt(std::vector<std::uint8_t>& out, std::uint32_t sequence, const ReceiptSource& src,
                    std::string_view date) {
  // id:<65> + fixed text (~90) + text:<20>: 200 octets is enough; message ids are capped below.
  char text[256];
  const std::string_view id = src.message_id.substr(0, 64);
  char* p = text;
  p = put(p, "id:");
  p = put(p, id);
  p = put(p, " sub:001 dlvrd:001 submit date:");
  p = put(p, date);
  p = put(p, " done date:");
  p = put(p, date);
  p = put(p, " stat:DELIVRD err:000 text:");
  p += receipt_text(src, p);
  const auto text_len = static_cast<std::size_t>(p - text);

  std::uint8_t id_tlv[65];
  std::memcpy(id_tlv, id.data(), id.size());
  id_tlv[id.size()] = 0;  // receipted_message_id is a C-Octet String: the NUL is part of the value
  const std::uint8_t state = kMessageStateDelivered;

  smpp::PduWriter w(out);
  w.begin(smpp::cmd::deliver_sm, 0, sequence)
      .cstring("")  // service_type
      .u8(src.submit_destination.ton)
      .u8(src.submit_destination.npi)
      .cstring(src.submit_destination.digits)
      .u8(src.submit_source.ton)
      .u8(src.submit_source.npi)
      .cstring(src.submit_source.digits)
      .u8(kEsmClassDeliveryReceipt)
      .u8(0)          // protocol_id
      .u8(0)          // priority_flag
      .cstring("")    // schedule_delivery_time
      .cstring("")    // validity_period
      .u8(0)          // registered_delivery
      .u8(0)          // replace_if_present_flag
      .u8(0)          // data_coding: SMSC default alphabet
      .u8(0)          // sm_default_msg_id
      .u8(static_cast<std::uint8_t>(text_len))
      .bytes(std::string_view(text, text_len))
      .tlv(smpp::tlv::receipted_message_id, std::span<const std::uint8_t>(id_tlv, id.size() + 1))
      .tlv(smpp::tlv::message_state, std::span<const std::uint8_t>(&state, 1))
      .finish();
}

}  // namespace smsfw::bench::sim
