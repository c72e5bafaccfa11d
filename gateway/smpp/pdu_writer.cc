#include "smpp/pdu_writer.h"

#include <stdexcept>

namespace smsfw::smpp {

PduWriter& PduWriter::begin(std::uint32_t command_id, std::uint32_t command_status, std::uint32_t sequence) {
  start_ = out_.size();
  u32(0);
  u32(command_id);
  u32(command_status);
  u32(sequence);
  return *this;
}

PduWriter& PduWriter::u16(std::uint16_t v) {
  out_.push_back(static_cast<std::uint8_t>(v >> 8));
  out_.push_back(static_cast<std::uint8_t>(v));
  return *this;
}

PduWriter& PduWriter::u32(std::uint32_t v) {
  std::uint8_t b[4];
  store_u32(b, v);
  out_.insert(out_.end(), b, b + 4);
  return *this;
}

PduWriter& PduWriter::cstring(std::string_view s) {
  out_.insert(out_.end(), s.begin(), s.end());
  out_.push_back(0);
  return *this;
}

PduWriter& PduWriter::bytes(std::span<const std::uint8_t> b) {
  out_.insert(out_.end(), b.begin(), b.end());
  return *this;
}

PduWriter& PduWriter::bytes(std::string_view b) {
  out_.insert(out_.end(), b.begin(), b.end());
  return *this;
}

PduWriter& PduWriter::tlv(std::uint16_t tag, std::span<const std::uint8_t> value) {
  if (value.size() > 0xFFFF) throw std::length_error("TLV value over 65535 octets");
  u16(tag);
  u16(static_cast<std::uint16_t>(value.size()));
  return bytes(value);
}

PduWriter& PduWriter::tlv(std::uint16_t tag, std::string_view value) {
  return tlv(tag, std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(value.data()), value.size()));
}

std::span<const std::uint8_t> PduWriter::finish() {
  const std::size_t length = out_.size() - start_;
  store_u32(out_.data() + start_, static_cast<std::uint32_t>(length));
  return {out_.data() + start_, length};
}

std::span<const std::uint8_t> write_short_message(std::vector<std::uint8_t>& out, std::uint32_t command_id,
                                                  std::uint32_t sequence, const ShortMessage& m) {
  if (m.short_message.size() > 255) throw std::length_error("short_message over 255 octets");
  PduWriter w(out);
  w.begin(command_id, 0, sequence)
      .cstring(m.service_type)
      .u8(m.source_ton)
      .u8(m.source_npi)
      .cstring(m.source)
      .u8(m.dest_ton)
      .u8(m.dest_npi)
      .cstring(m.destination)
      .u8(m.esm_class)
      .u8(m.protocol_id)
      .u8(m.priority_flag)
      .cstring(m.schedule_delivery_time)
      .cstring(m.validity_period)
      .u8(m.registered_delivery)
      .u8(m.replace_if_present_flag)
      .u8(m.data_coding)
      .u8(m.sm_default_msg_id)
      .u8(static_cast<std::uint8_t>(m.short_message.size()))
      .bytes(m.short_message);
  return w.finish();
}

std::span<const std::uint8_t> write_header_only(std::vector<std::uint8_t>& out, std::uint32_t command_id,
                                                std::uint32_t status, std::uint32_t sequence) {
  return PduWriter(out).begin(command_id, status, sequence).finish();
}

std::span<const std::uint8_t> write_bind(std::vector<std::uint8_t>& out, std::uint32_t bind_command,
                                         std::uint32_t sequence, std::string_view system_id,
                                         std::string_view password, std::string_view system_type) {
  PduWriter w(out);
  w.begin(bind_command, 0, sequence)
      .cstring(system_id)
      .cstring(password)
      .cstring(system_type)
      .u8(kInterfaceVersion34)
      .u8(0)
      .u8(0)
      .cstring("");
  return w.finish();
}

std::span<const std::uint8_t> write_id_response(std::vector<std::uint8_t>& out, std::uint32_t command_id,
                                                std::uint32_t status, std::uint32_t sequence,
                                                std::string_view id) {
  PduWriter w(out);
  w.begin(command_id, status, sequence).cstring(id);
  return w.finish();
}

}  // namespace smsfw::smpp
