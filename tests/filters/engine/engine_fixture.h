#pragma once
// Shared set-up of the engine tests: a pattern directory, an Engine over it, a Classifier, and
// helpers that build MessageInputs the way the gateway does (text encoded as an ESME sends it).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/classifier.h"
#include "engine/decision.h"
#include "engine/engine.h"
#include "support/pattern_dir.h"
#include "text/encode.h"

namespace smsfw::filters::test {

class EngineFixture {
 public:
  // Loads the directory after the caller wrote its files; fails the test on load errors.
  void load() {
    ReloadOutcome outcome;
    engine = std::make_unique<Engine>(dir.path(), outcome);
    INFO((outcome.errors.empty() ? std::string() : outcome.errors.front()));
    REQUIRE(outcome.ok);
    classifier = std::make_unique<Classifier>(*engine);
  }

  // A submit_sm-like message: `text` encoded in GSM 7-bit unpacked (data_coding 0) when
  // `data_coding` is 0, UCS-2 when 8, Latin-1 when 3; anything else is taken as raw octets.
  const Verdict& classify(std::string_view text, std::uint8_t data_coding = 0, std::string_view sender = "66812345678",
                          std::string_view account = "esme-a", std::uint8_t esm_class = 0) {
    body.clear();
    if (data_coding == 0)
      text::encode_gsm7_unpacked(text, body);
    else if (data_coding == 8)
      text::encode_utf16be(text, body);
    else if (data_coding == 3)
      text::encode(3, text::SmscDefault::gsm7_unpacked, text, body);
    else
      body.assign(text.begin(), text.end());
    return classify_bytes(body, data_coding, sender, account, esm_class);
  }

  const Verdict& classify_bytes(std::span<const std::uint8_t> bytes, std::uint8_t data_coding,
                                std::string_view sender = "66812345678", std::string_view account = "esme-a",
                                std::uint8_t esm_class = 0, Direction direction = Direction::mobile_terminated) {
    MessageInput in;
    in.account = account;
    in.direction = direction;
    const bool alphanumeric = is_alphanumeric_sender(sender);
    in.source = {sender, static_cast<std::uint8_t>(alphanumeric ? 5 : 1), static_cast<std::uint8_t>(alphanumeric ? 0 : 1)};
    in.destination = {destination, 1, 1};
    in.data_coding = data_coding;
    in.esm_class = esm_class;
    in.body = bytes;
    in.sar = sar;
    return classifier->classify(in);
  }

  static std::vector<std::string> ids(const std::vector<const Rule*>& rules) {
    std::vector<std::string> out;
    for (const auto* r : rules) out.push_back(r->id);
    return out;
  }

  smsfw::test::PatternDir dir;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<Classifier> classifier;
  std::vector<std::uint8_t> body;
  std::string destination = "66899999999";
  std::optional<message::ConcatInfo> sar;
};

}  // namespace smsfw::filters::test
