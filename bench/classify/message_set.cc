#include "classify/message_set.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <stdexcept>

#include "classify/rng.h"
#include "classify/rule_generator.h"
#include "classify/vocabulary.h"
#include "text/encode.h"

namespace smsfw::bench::classify {

namespace {

using filters::MessageInput;

// A lookalike of a registered ID: the kinds of variation scammers use.
std::string lookalike_of(Rng& rng, std::string_view id) {
  std::string s(id);
  switch (rng.below(4)) {
    case 0:  // a separator in the middle: K-BANK
      s.insert(s.size() / 2, 1, "-. _"[rng.below(4)]);
      break;
    case 1:  // lower case: kbank
      for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      break;
    case 2:  // O -> 0 / I -> 1 where possible, else a trailing dot
      if (auto p = s.find_first_of("OI"); p != std::string::npos) s[p] = s[p] == 'O' ? '0' : '1';
      else s += '.';
      break;
    default:  // trailing separator: KBANK.
      s += '.';
  }
  if (s.size() > 11 || s == id) {  // too long for a sender ID, or unchanged: lower case instead
    s = std::string(id);
    for (char& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

}  // namespace

std::vector<CorpusLine> parse_corpus(std::istream& in) {
  std::vector<CorpusLine> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    CorpusLine c;
    const std::size_t tab = line.find('\t');
    const std::string_view label = tab == std::string::npos ? std::string_view() : std::string_view(line).substr(0, tab);
    if (label == "ham" || label == "spam") {
      c.label = label == "spam" ? Label::spam : Label::ham;
      c.text = line.substr(tab + 1);
    } else {
      c.text = line;
    }
    if (!c.text.empty()) out.push_back(std::move(c));
  }
  return out;
}

std::vector<CorpusLine> read_corpus(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path.string());
  std::vector<CorpusLine> lines = parse_corpus(f);
  if (f.bad()) throw std::runtime_error("error reading " + path.string());
  if (lines.empty()) throw std::runtime_error(path.string() + " holds no message");
  return lines;
}

EncodedBody encode_body(std::string_view utf8, std::vector<std::uint8_t>& out, bool force_ucs2) {
  EncodedBody e;
  out.clear();
  if (!force_ucs2) {
    const filters::text::EncodeResult r = filters::text::encode_gsm7_unpacked(utf8, out);
    if (r.unencodable == 0) {
      e.data_coding = 0;
      if (out.size() > kMaxBody) {
        out.resize(kMaxBody);
        // Never end on the ESC of an escape pair (ESC is never the second octet of a pair).
        if (out.back() == 0x1B) out.pop_back();
        e.capped = true;
      }
      return e;
    }
    out.clear();
  }
  filters::text::encode_utf16be(utf8, out);
  e.data_coding = 8;
  if (out.size() > kMaxBody) {
    out.resize(kMaxBody);
    // Never end on a high surrogate (its low half was cut off).
    const unsigned last = (unsigned{out[out.size() - 2]} << 8) | out.back();
    if (last >= 0xD800 && last <= 0xDBFF) out.resize(out.size() - 2);
    e.capped = true;
  }
  return e;
}

SenderKind draw_sender_kind(Rng& rng) {
  const std::size_t x = rng.below(100);
  if (x < 55) return SenderKind::numeric;
  if (x < 85) return SenderKind::registered;
  if (x < 88) return SenderKind::unauthorized;
  if (x < 92) return SenderKind::lookalike;
  if (x < 98) return SenderKind::unregistered;
  return SenderKind::generic;
}

std::string random_destination(Rng& rng) {
  std::string d = "66";
  d.push_back("689"[rng.below(3)]);
  rng.digits(d, 8);
  return d;
}

SenderChoice choose_sender(Rng& rng, SenderKind kind) {
  SenderChoice c;
  const auto& registry = registered_senders();
  const auto any_account = [&] { return rng.pick(accounts()); };
  switch (kind) {
    case SenderKind::numeric:
      c.sender = "+66";
      c.sender.push_back("689"[rng.below(3)]);
      rng.digits(c.sender, 8);
      c.ton = 1;
      c.npi = 1;
      c.account = any_account();
      return c;
    case SenderKind::registered:
    case SenderKind::unauthorized: {
      const RegisteredSender& r = registry[rng.below(registry.size())];
      c.sender = r.id;
      c.ton = 5;
      if (kind == SenderKind::registered) {
        // The owner's account (a view of the static account list, not of `r`).
        for (const auto a : accounts())
          if (a == r.account) c.account = a;
      } else {
        do c.account = any_account();
        while (c.account == r.account);
      }
      return c;
    }
    case SenderKind::lookalike:
      c.sender = lookalike_of(rng, registry[rng.below(registry.size())].id);
      c.ton = 5;
      c.account = any_account();
      return c;
    case SenderKind::unregistered: {
      static constexpr std::array<std::string_view, 9> kNames{"PROMO", "DEAL", "SALE", "LUCKY", "CASINO",
                                                              "LOAN", "BONUS", "GIFT", "WIN"};
      c.sender = std::string(kNames[rng.below(kNames.size())]);
      rng.digits(c.sender, rng.below(4));
      c.ton = 5;
      c.account = any_account();
      return c;
    }
    case SenderKind::generic:
      c.sender = std::string(rng.pick(generic_senders()));
      c.ton = 5;
      c.account = any_account();
      return c;
  }
  return c;
}

MessageSet::MessageSet(const std::vector<CorpusLine>& corpus, const std::vector<ThaiMessage>& thai, std::uint64_t seed) {
  Rng rng(seed ^ 0x6D65737361676573ull);  // "messages"
  messages_.reserve(corpus.size() + thai.size());
  auto add = [&](Origin origin, Label label, const std::string& text) {
    BenchMessage m;
    m.origin = origin;
    m.label = label;
    m.text = text;
    m.encoding = encode_body(text, m.body, origin == Origin::th);
    m.sender_kind = draw_sender_kind(rng);
    SenderChoice s = choose_sender(rng, m.sender_kind);
    m.sender = std::move(s.sender);
    m.sender_ton = s.ton;
    m.sender_npi = s.npi;
    m.account = s.account;
    m.destination = random_destination(rng);
    messages_.push_back(std::move(m));
  };
  for (const CorpusLine& c : corpus) add(Origin::en, c.label, c.text);
  for (const ThaiMessage& t : thai) add(Origin::th, t.label, t.text);
  // Interleave (Fisher-Yates with the seeded generator).
  for (std::size_t i = messages_.size(); i > 1; --i) std::swap(messages_[i - 1], messages_[rng.below(i)]);

  for (const BenchMessage& m : messages_) {
    MessageInput in;
    in.account = m.account;
    in.direction = filters::Direction::mobile_terminated;
    in.source = {m.sender, m.sender_ton, m.sender_npi};
    in.destination = {m.destination, 1, 1};
    in.data_coding = m.encoding.data_coding;
    in.esm_class = 0;
    in.body = m.body;
    all_.push_back(in);
    (m.origin == Origin::en ? en_ : th_).push_back(in);
  }
}

}  // namespace smsfw::bench::classify
