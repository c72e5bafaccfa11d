#include "smpp_load/message_mix.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "smpp/pdu_writer.h"

namespace smsfw::bench::load {

namespace {

constexpr std::size_t kDestinationDigits = 11;  // e.g. 66812345678 (Thai mobile, international)

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

MessageMix::MessageMix(const std::vector<std::string>& texts, const MixSettings& settings) {
  if (texts.empty()) throw std::invalid_argument("no message texts");
  if (settings.source.size() > smpp::maxlen::address - 1)
    throw std::invalid_argument("--source: at most 20 characters");
  if (settings.destination.size() > smpp::maxlen::address - 1)
    throw std::invalid_argument("--destination: at most 20 characters");
  const bool numeric_source = all_digits(settings.source);

  // The destination: the prefix, then counter digits up to 11 digits in all ("0" placeholders).
  std::string destination = settings.destination;
  if (destination.size() < kDestinationDigits) {
    dest_suffix_len_ = kDestinationDigits - destination.size();
    destination.append(dest_suffix_len_, '0');
  }

  for (const std::string& text : texts) {
    const EncodedText enc = encode_text(text, settings.encoding);
    gsm_ += enc.data_coding == 0 ? 1 : 0;
    truncated_ += enc.truncated ? 1 : 0;
    smpp::ShortMessage m;
    m.source_ton = numeric_source ? 1 : 5;
    m.source_npi = numeric_source ? 1 : 0;
    m.source = settings.source;
    m.dest_ton = 1;
    m.dest_npi = 1;
    m.destination = destination;
    m.registered_delivery = settings.request_receipt ? 1 : 0;
    m.data_coding = enc.data_coding;
    m.short_message = enc.octets;
    Template t;
    smpp::write_short_message(t.bytes, smpp::cmd::submit_sm, 0, m);
    // Layout: header, service_type "" (1), source ton/npi (2) + source + NUL, dest ton/npi (2).
    const std::size_t dest_offset = smpp::kHeaderSize + 1 + 2 + settings.source.size() + 1 + 2;
    t.dest_suffix_offset = dest_offset + destination.size() - dest_suffix_len_;
    max_size_ = std::max(max_size_, t.bytes.size());
    templates_.push_back(std::move(t));
  }
}

void MessageMix::append(std::vector<std::uint8_t>& out, std::size_t index, std::uint32_t sequence,
                        std::uint64_t number) const {
  const Template& t = templates_[index % templates_.size()];
  const std::size_t at = out.size();
  out.insert(out.end(), t.bytes.begin(), t.bytes.end());
  std::uint8_t* pdu = out.data() + at;
  smpp::store_u32(pdu + 12, sequence);
  std::uint8_t* digit = pdu + t.dest_suffix_offset + dest_suffix_len_;
  for (std::size_t i = 0; i < dest_suffix_len_; ++i) {
    *--digit = static_cast<std::uint8_t>('0' + number % 10);
    number /= 10;
  }
}

std::vector<std::string> MessageMix::default_texts() {
  return {
      "Your parcel is on its way and will arrive tomorrow between 9 and 12.",
      "Hi Tom, dinner at 7? I booked a table at the usual place.",
      "Your verification code is 482913. It expires in 5 minutes. Do not share it.",
      "Reminder: your appointment with Dr. Smith is on Monday at 10:30.",
      "Payment of 1,250.00 received. Thank you for banking with us. Balance {available}: 8,431.17",
      "Flight TG 917 is delayed by 45 minutes; new departure time 14:05 from gate C3.",
  };
}

std::vector<std::string> MessageMix::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("--messages: cannot read " + path);
  std::vector<std::string> texts;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) texts.push_back(line);
  }
  if (texts.empty()) throw std::runtime_error("--messages: no text in " + path);
  return texts;
}

}  // namespace smsfw::bench::load
