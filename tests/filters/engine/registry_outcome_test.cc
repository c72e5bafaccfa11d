// Every sender-registry outcome through the classifier, with its synthetic rule id and action.

#include <algorithm>

#include "engine_fixture.h"

using smsfw::filters::Action;
using smsfw::filters::test::EngineFixture;
using Ids = std::vector<std::string>;

namespace {

constexpr const char* kRegistry = R"(sender_registry:
  unauthorized: block
  lookalike: block
  unregistered_alphanumeric: tag
  relabel_to: Likely-SCAM
  format: {action: block, max_length: 11}
  generic: {action: monitor, senders: [INFO, VERIFY]}
  senders:
    - id: KBANK
      accounts: [kbank-a2p, aggregator-x]
    - id: ThaiPost
      accounts: [post-a2p]
)";

}  // namespace

TEST_CASE("a registered ID from a listed account passes") {
  EngineFixture f;
  f.dir.write("registry.yaml", kRegistry);
  f.load();
  const auto& v = f.classify("Your statement is ready", 0, "KBANK", "kbank-a2p");
  CHECK(v.action == Action::allow);
  CHECK(v.matched.empty());
  CHECK(f.classify("hi", 0, "KBANK", "aggregator-x").action == Action::allow);
}

TEST_CASE("a registered ID from an account not listed is unauthorized") {
  EngineFixture f;
  f.dir.write("registry.yaml", kRegistry);
  f.load();
  const auto& v = f.classify("hi", 0, "KBANK", "aggregator-y");
  CHECK(v.action == Action::block);
  CHECK(EngineFixture::ids(v.rules) == Ids{"SENDER-UNAUTHORIZED"});
}

TEST_CASE("unregistered lookalikes of a registered ID are lookalikes") {
  EngineFixture f;
  f.dir.write("registry.yaml", kRegistry);
  f.load();
  for (const char* s : {"K-BANK", "kbank", "KBANK.", "KBAN K", "K_BANK", "KBАNK" /* Cyrillic А */, "Thai-Post",
                        "THA1POST"}) {
    INFO(s);
    const auto& v = f.classify("hi", 0, s, "kbank-a2p");
    CHECK(v.action == Action::block);
    const auto rules = EngineFixture::ids(v.rules);
    CHECK(std::find(rules.begin(), rules.end(), "SENDER-LOOKALIKE") != rules.end());
  }
}

TEST_CASE("other unregistered alphanumeric IDs are tagged with the relabel") {
  EngineFixture f;
  f.dir.write("registry.yaml", kRegistry);
  f.load();
  const auto& v = f.classify("hi", 0, "SHOPEE", "any");
  CHECK(v.action == Action::tag);
  CHECK(EngineFixture::ids(v.rules) == Ids{"SENDER-UNREGISTERED"});
  REQUIRE(v.relabel);
  CHECK(v.relabel->relabel_to == "Likely-SCAM");
}

TEST_CASE("numeric senders are not alphanumeric IDs") {
  EngineFixture f;
  f.dir.write("registry.yaml", kRegistry);
  f.load();
  CHECK(f.classify("hi", 0, "+66812345678", "any").matched.empty());
  CHECK(f.classify("hi", 0, "1234", "any").matched.empty());
}

TEST_CASE("format rules and generic senders") {
  EngineFixture f;
  f.dir.write("registry.yaml", kRegistry);
  f.load();
  const auto& longer = f.classify("hi", 0, "ABCDEFGHIJKL", "any");  // 12 characters
  CHECK(longer.action == Action::block);
  CHECK(EngineFixture::ids(longer.rules) == Ids{"SENDER-FORMAT"});
  CHECK(EngineFixture::ids(f.classify("hi", 0, "AB<C>", "any").rules) == Ids{"SENDER-FORMAT"});
  const auto& generic = f.classify("hi", 0, "INFO", "any");
  CHECK(EngineFixture::ids(generic.matched) == Ids{"SENDER-UNREGISTERED", "SENDER-GENERIC"});
  CHECK(generic.action == Action::tag);  // unregistered (tag) outranks generic (monitor)
}

TEST_CASE("outcomes configured as allow are no action, not an override") {
  EngineFixture f;
  // format is allow by default: a Cyrillic lookalike breaks the format rule and must still be
  // blocked as a lookalike.
  f.dir.write("registry.yaml", "sender_registry:\n  senders:\n    - {id: KBANK, accounts: [kbank-a2p]}\n");
  f.load();
  const auto& v = f.classify("hi", 0, "KB\u0410NK", "other");
  CHECK(v.action == Action::block);
  CHECK(EngineFixture::ids(v.rules) == Ids{"SENDER-LOOKALIKE"});
}

TEST_CASE("an account may opt out of the registry") {
  EngineFixture f;
  f.dir.write("registry.yaml", kRegistry);
  f.dir.write("accounts.yaml", "accounts:\n  legacy: {sender_registry: false}\n");
  f.load();
  CHECK(f.classify("hi", 0, "KBANK", "legacy").matched.empty());
}

TEST_CASE("remembered sender outcomes follow a reload of the registry") {
  EngineFixture f;
  f.dir.write("registry.yaml", kRegistry);
  f.load();
  CHECK(f.classify("hi", 0, "SHOPEE", "shop-a2p").action == Action::tag);
  CHECK(f.classify("hi", 0, "SHOPEE", "shop-a2p").action == Action::tag);  // now from the memo
  CHECK(f.classify("hi", 0, "SHOPEE", "other").action == Action::tag);
  f.dir.write("registry.yaml", std::string(kRegistry) + "    - id: SHOPEE\n      accounts: [shop-a2p]\n");
  REQUIRE(f.engine->reload().ok);
  CHECK(f.classify("hi", 0, "SHOPEE", "shop-a2p").action == Action::allow);
  CHECK(EngineFixture::ids(f.classify("hi", 0, "SHOPEE", "other").rules) == Ids{"SENDER-UNAUTHORIZED"});
}
