#include "engine/text_messages.h"

#include "classify/message_set.h"
#include "classify/rng.h"

namespace smsfw::bench::engine {

TextMessages::TextMessages(const std::vector<std::string>& texts, std::uint64_t seed) {
  classify::Rng rng(seed ^ 0x746578742D6D7367ull);  // "text-msg"
  stored_.reserve(texts.size());
  for (const std::string& t : texts) {
    Stored s;
    const classify::EncodedBody e = classify::encode_body(t, s.body);
    s.data_coding = e.data_coding;
    ucs2_ += e.data_coding == 8 ? 1 : 0;
    capped_ += e.capped ? 1 : 0;
    classify::SenderChoice c = classify::choose_sender(rng, classify::draw_sender_kind(rng));
    s.sender = std::move(c.sender);
    s.ton = c.ton;
    s.npi = c.npi;
    s.account = c.account;
    s.destination = classify::random_destination(rng);
    stored_.push_back(std::move(s));
  }
  inputs_.reserve(stored_.size());
  for (const Stored& s : stored_) {
    filters::MessageInput in;
    in.account = s.account;
    in.source = {s.sender, s.ton, s.npi};
    in.destination = {s.destination, 1, 1};
    in.data_coding = s.data_coding;
    in.body = s.body;
    inputs_.push_back(in);
  }
}

}  // namespace smsfw::bench::engine
