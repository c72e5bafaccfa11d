// classify-bench's messages: corpus parsing, the body encoding and its 254-octet cap at character
// boundaries, the Thai generator, senders, and the MessageInputs handed to classify().

#include <catch2/catch.hpp>

#include <set>
#include <sstream>
#include <string>

#include "classify/message_set.h"
#include "classify/rng.h"
#include "classify/rule_generator.h"
#include "text/data_coding.h"

using namespace smsfw::bench::classify;
namespace text = smsfw::filters::text;

namespace {

std::string decoded(const std::vector<std::uint8_t>& body, std::uint8_t dc) {
  std::string out;
  text::decode(dc, body, text::SmscDefault::gsm7_unpacked, out);
  return out;
}

}  // namespace

TEST_CASE("corpus: labels before a TAB, CR and empty lines dropped, unlabelled lines are ham") {
  std::istringstream in("ham\tOk lar...\r\n\nspam\tFree entry\nno tab here\nother\tx\tY\n");
  const auto lines = parse_corpus(in);
  REQUIRE(lines.size() == 4);
  CHECK((lines[0].label == Label::ham && lines[0].text == "Ok lar..."));
  CHECK((lines[1].label == Label::spam && lines[1].text == "Free entry"));
  CHECK((lines[2].label == Label::ham && lines[2].text == "no tab here"));
  CHECK((lines[3].label == Label::ham && lines[3].text == "other\tx\tY"));
  CHECK_THROWS(read_corpus("/nonexistent/classify-bench/corpus"));
}

TEST_CASE("bodies: GSM 7-bit unpacked when every character is in GSM 03.38, else UCS-2") {
  std::vector<std::uint8_t> body;
  CHECK(encode_body("Win £100 now {today}", body).data_coding == 0);
  CHECK(decoded(body, 0) == "Win £100 now {today}");
  CHECK(encode_body("It\u2019s \u2018quoted\u2019", body).data_coding == 8);
  CHECK(decoded(body, 8) == "It\u2019s \u2018quoted\u2019");
  CHECK(encode_body("plain", body, true).data_coding == 8);
  CHECK(body.size() == 10);
}

TEST_CASE("bodies: cut to 254 octets, never between ESC and its code or inside a surrogate pair") {
  std::vector<std::uint8_t> body;
  EncodedBody e = encode_body(std::string(300, 'a'), body);
  CHECK((e.capped && body.size() == 254));
  e = encode_body(std::string(254, 'a'), body);
  CHECK((!e.capped && body.size() == 254));
  // 253 septets, then '€' (ESC 0x65) would straddle the limit: the ESC goes too.
  e = encode_body(std::string(253, 'a') + "\u20AC", body);
  CHECK((e.capped && body.size() == 253 && body.back() == 'a'));
  // 126 Thai units, then a surrogate pair on units 126-127 (octets 252-255): the pair goes.
  std::string thai;
  for (int i = 0; i < 126; ++i) thai += "\u0E01";
  e = encode_body(thai + "\U0001F600", body);
  CHECK((e.capped && e.data_coding == 8 && body.size() == 252));
  CHECK(decoded(body, 8) == thai);
}

TEST_CASE("Thai messages: deterministic, 1-2 sentences within 127 UTF-16 units, placeholders filled") {
  const auto a = generate_thai_messages(500, 3);
  const auto b = generate_thai_messages(500, 3);
  REQUIRE(a.size() == 500);
  std::size_t spam = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].text == b[i].text);
    CHECK(utf16_units(a[i].text) <= kMaxThaiUnits);
    CHECK(a[i].text.find('{') == std::string::npos);
    // Thai (U+0E00..U+0E7F is E0 B8 xx / E0 B9 xx in UTF-8).
    CHECK((a[i].text.find("\xE0\xB8") != std::string::npos || a[i].text.find("\xE0\xB9") != std::string::npos));
    spam += a[i].label == Label::spam ? 1 : 0;
  }
  CHECK(spam > 150);
  CHECK(spam < 250);
  CHECK(thai_sentences().size() == 44);
  CHECK(utf16_units("a\u0E01\U0001F600") == 4);
}

TEST_CASE("senders: registered IDs come from their owner unless unauthorized, lookalikes are not registered") {
  Rng rng(5);
  std::set<std::string> registered;
  for (const auto& r : registered_senders()) registered.insert(r.id);
  for (int i = 0; i < 300; ++i) {
    const SenderChoice reg = choose_sender(rng, SenderKind::registered);
    REQUIRE(registered.count(reg.sender) == 1);
    for (const auto& r : registered_senders())
      if (r.id == reg.sender) CHECK(reg.account == r.account);
    const SenderChoice bad = choose_sender(rng, SenderKind::unauthorized);
    for (const auto& r : registered_senders())
      if (r.id == bad.sender) CHECK(bad.account != r.account);
    const SenderChoice look = choose_sender(rng, SenderKind::lookalike);
    CHECK(registered.count(look.sender) == 0);
    CHECK(look.ton == 5);
    const SenderChoice num = choose_sender(rng, SenderKind::numeric);
    CHECK((num.ton == 1 && num.sender.size() == 12 && num.sender.rfind("+66", 0) == 0));
  }
}

TEST_CASE("message set: every message once, English and Thai subsets, inputs point at the encoded bodies") {
  std::istringstream in("ham\tOk lar...\nspam\tWINNER!! claim your prize\nham\tI\u2019m home\n");
  const auto corpus = parse_corpus(in);
  const auto thai = generate_thai_messages(20, 1);
  const MessageSet set(corpus, thai, 1);
  REQUIRE(set.messages().size() == 23);
  CHECK(set.all().size() == 23);
  CHECK(set.en().size() == 3);
  CHECK(set.th().size() == 20);
  for (std::size_t i = 0; i < set.messages().size(); ++i) {
    const BenchMessage& m = set.messages()[i];
    const auto& input = set.all()[i];
    CHECK(input.body.data() == m.body.data());
    CHECK(input.data_coding == m.encoding.data_coding);
    CHECK(input.source.text == m.sender);
    CHECK(input.account == m.account);
    CHECK(decoded(m.body, m.encoding.data_coding) == m.text);
    if (m.origin == Origin::th) CHECK(m.encoding.data_coding == 8);
  }
}
