// Tests for the sender-ID policy (sender/sender_policy.h): every outcome of check(), numeric
// senders, the format rules and the generic list.
#include "sender/sender_policy.h"

#include <catch2/catch.hpp>

#include <string>
#include <utility>

using smsfw::filters::RegisteredSender;
using smsfw::filters::SenderCheck;
using smsfw::filters::SenderPolicy;
using smsfw::filters::SenderRegistryConfig;
using smsfw::filters::confusables::SenderSkeleton;

namespace {

// The ARCHITECTURE.md example registry plus a second ID and a generic list.
SenderRegistryConfig example_registry() {
  SenderRegistryConfig c;
  c.present = true;
  c.senders.push_back(RegisteredSender{"KBANK", {"kbank-a2p", "aggregator-x"}, {}});
  c.senders.push_back(RegisteredSender{"SCB", {"scb-a2p"}, {}});
  c.generic_senders = {"INFO", "VERIFY"};
  return c;
}

// The outcome flags that are set, space separated, for readable comparisons.
std::string flags(const SenderCheck& c) {
  std::string s;
  auto add = [&](bool on, const char* name) {
    if (!on) return;
    if (!s.empty()) s += ' ';
    s += name;
  };
  add(c.alphanumeric, "alphanumeric");
  add(c.registered, "registered");
  add(c.unauthorized, "unauthorized");
  add(c.lookalike, "lookalike");
  add(c.unregistered, "unregistered");
  add(c.bad_format, "bad_format");
  add(c.generic, "generic");
  return s;
}

// A per-thread checker as the engine holds it: one skeleton and one scratch, reused.
struct Checker {
  SenderSkeleton skeleton;
  std::string scratch;
  SenderCheck operator()(const SenderPolicy& p, std::string_view sender,
                         std::string_view account = "kbank-a2p", std::uint8_t ton = 5) {
    return p.check(sender, ton, account, skeleton, scratch);
  }
};

}  // namespace

TEST_CASE("a registered ID from a listed account is registered only") {
  const SenderPolicy p(example_registry());
  Checker check;
  for (const char* account : {"kbank-a2p", "aggregator-x"}) {
    const SenderCheck c = check(p, "KBANK", account);
    CHECK(flags(c) == "alphanumeric registered");
    CHECK(c.registered_id == "KBANK");
  }
  CHECK(flags(check(p, "SCB", "scb-a2p")) == "alphanumeric registered");
}

TEST_CASE("a registered ID from an unlisted account is unauthorized") {
  const SenderPolicy p(example_registry());
  Checker check;
  const SenderCheck c = check(p, "KBANK", "someone-else");
  CHECK(flags(c) == "alphanumeric registered unauthorized");
  CHECK(c.registered_id == "KBANK");
  CHECK(check(p, "KBANK", "KBANK-A2P").unauthorized);  // accounts compare exactly
  CHECK(check(p, "KBANK", "").unauthorized);
  CHECK(check(p, "SCB", "kbank-a2p").unauthorized);    // listed for KBANK, not for SCB
}

TEST_CASE("the ARCHITECTURE.md lookalikes of KBANK are lookalikes") {
  const SenderPolicy p(example_registry());
  Checker check;
  for (const char* s : {"K-BANK", "kbank", "KBANK.", "KBAN K", "KbAnK", "K_B.A-N K"}) {
    INFO(s);
    const SenderCheck c = check(p, s);
    CHECK(flags(c) == "alphanumeric lookalike");
    CHECK(c.registered_id == "KBANK");
  }
  const SenderCheck scb = check(p, "scb", "scb-a2p");  // the account does not matter
  CHECK(flags(scb) == "alphanumeric lookalike");
  CHECK(scb.registered_id == "SCB");
}

TEST_CASE("Cyrillic KBANK is a lookalike with a bad format") {
  const SenderPolicy p(example_registry());
  Checker check;
  const SenderCheck c = check(p, "\u041A\u0412\u0410N\u041A");  // КВАNК: Cyrillic К В А К
  CHECK(flags(c) == "alphanumeric lookalike bad_format");       // non-ASCII is never allowed
  CHECK(c.registered_id == "KBANK");
  CHECK(check(p, "\uFF2B\uFF22\uFF21\uFF2E\uFF2B").lookalike);   // full-width KBANK
}

TEST_CASE("KB4NK is unregistered, not a lookalike") {
  const SenderPolicy p(example_registry());
  Checker check;
  // What SenderSkeleton says: 4/A is no UTS #39 confusable, so the keys differ ...
  SenderSkeleton sk;
  REQUIRE(sk.key("KB4NK") != sk.key("KBANK"));
  // ... and the policy follows it.
  const SenderCheck c = check(p, "KB4NK");
  CHECK(flags(c) == "alphanumeric unregistered");
  CHECK(c.registered_id.empty());
  CHECK(check(p, "5CB").unregistered);  // 5/S: not confusable either
  CHECK(check(p, "KBANKS").unregistered);
}

TEST_CASE("UTS #39 digit and letter confusables are lookalikes") {
  SenderRegistryConfig cfg;
  cfg.present = true;
  cfg.senders.push_back(RegisteredSender{"GOOGLE", {"g"}, {}});
  cfg.senders.push_back(RegisteredSender{"PayPal", {"p"}, {}});
  const SenderPolicy p(cfg);
  Checker check;
  CHECK(check(p, "G00GLE").registered_id == "GOOGLE");
  CHECK(check(p, "G00GLE").lookalike);
  CHECK(check(p, "PAYPA1").lookalike);
  CHECK(check(p, "PAYPA1").registered_id == "PayPal");
  CHECK(flags(check(p, "PayPal", "p")) == "alphanumeric registered");
}

TEST_CASE("numeric senders are never alphanumeric") {
  const SenderPolicy p(example_registry());
  Checker check;
  for (const char* s : {"+66812345678", "1234", "0812345678", "+1", "+", ""}) {
    INFO(s);
    for (std::uint8_t ton : {0, 1, 2, 5}) {  // TON 5 with only digits is still numeric
      CHECK(flags(check(p, s, "kbank-a2p", ton)).empty());
    }
  }
  CHECK(check(p, "12+3").alphanumeric);   // '+' only counts as the leading one
  CHECK(check(p, "++123").alphanumeric);
  CHECK(check(p, "1234a").alphanumeric);
  CHECK(check(p, "KBANK", "kbank-a2p", 1).registered);  // the TON is informational
}

TEST_CASE("format rules use the length in characters and the allowed set") {
  SenderRegistryConfig cfg;
  cfg.present = true;
  const SenderPolicy p(cfg);
  Checker check;
  CHECK(flags(check(p, "ABCDEFGHIJK")) == "alphanumeric unregistered");  // 11: the default max
  CHECK(flags(check(p, "ABCDEFGHIJKL")) == "alphanumeric unregistered bad_format");  // 12
  CHECK_FALSE(check(p, "Ab 0.-_&z9").bad_format);  // every character of the default set
  for (const char* s : {"KBANK!", "K/BANK", "KBANK@", "K:BANK", "K[B]", "K^B", "K\tB", "K+B"}) {
    INFO(s);
    CHECK(check(p, s).bad_format);  // ".-_" in the default is three characters, not a range
  }
  CHECK(check(p, "caf\u00E9").bad_format);  // non-ASCII is never allowed
}

TEST_CASE("a custom allowed set and length") {
  SenderRegistryConfig cfg;
  cfg.present = true;
  cfg.allowed = "A-Z";
  cfg.max_length = 5;
  const SenderPolicy p(cfg);
  Checker check;
  CHECK_FALSE(check(p, "KBANK").bad_format);
  CHECK(check(p, "KBANKS").bad_format);  // 6 > 5
  CHECK(check(p, "kbank").bad_format);
  CHECK(check(p, "KB1").bad_format);
  CHECK(check(p, "K-B").bad_format);

  cfg.allowed = "-a-cX-";  // '-' first and last is literal; a-c is a range
  cfg.max_length = 11;
  const SenderPolicy q(cfg);
  CHECK_FALSE(check(q, "abc-X").bad_format);
  CHECK(check(q, "abcd").bad_format);
  CHECK(check(q, "Y").bad_format);

  cfg.allowed = "a-Z9-0";  // mixed kinds and reversed ranges are literal characters
  const SenderPolicy r(cfg);
  CHECK_FALSE(check(r, "a-Z").bad_format);
  CHECK_FALSE(check(r, "9-0").bad_format);
  CHECK(check(r, "b").bad_format);
  CHECK(check(r, "5x").bad_format);
}

TEST_CASE("generic senders match by lookalike key") {
  const SenderPolicy p(example_registry());
  Checker check;
  for (const char* s : {"INFO", "info", "1NFO", "lNFO", "I-N-F-O", "Info.", "VERIFY", "ver1fy"}) {
    INFO(s);
    CHECK(flags(check(p, s)) == "alphanumeric unregistered generic");
  }
  CHECK_FALSE(check(p, "INFOS").generic);
  CHECK_FALSE(check(p, "KBANK").generic);
}

TEST_CASE("a registered ID on the generic list is both") {
  SenderRegistryConfig cfg = example_registry();
  cfg.senders.push_back(RegisteredSender{"INFO", {"info-a2p"}, {}});
  const SenderPolicy p(cfg);
  Checker check;
  CHECK(flags(check(p, "INFO", "info-a2p")) == "alphanumeric registered generic");
  const SenderCheck c = check(p, "1NFO", "info-a2p");
  CHECK(flags(c) == "alphanumeric lookalike generic");
  CHECK(c.registered_id == "INFO");
}

TEST_CASE("an empty registry makes every alphanumeric sender unregistered") {
  SenderRegistryConfig cfg;
  cfg.present = true;
  const SenderPolicy p(cfg);
  Checker check;
  CHECK(flags(check(p, "KBANK")) == "alphanumeric unregistered");
  CHECK(flags(check(p, "kbank")) == "alphanumeric unregistered");
  CHECK(flags(check(p, "1234")).empty());
}

TEST_CASE("without a registry document only alphanumeric is filled in") {
  SenderRegistryConfig cfg = example_registry();
  cfg.present = false;
  const SenderPolicy p(cfg);
  Checker check;
  for (const char* s : {"KBANK", "kbank", "INFO", "ABCDEFGHIJKLMNOP", "KBANK!"}) {
    INFO(s);
    const SenderCheck c = check(p, s, "someone-else");
    CHECK(flags(c) == "alphanumeric");
    CHECK(c.registered_id.empty());
  }
  CHECK(flags(check(p, "+66812345678")).empty());
}

TEST_CASE("IDs whose key is empty never match") {
  SenderRegistryConfig cfg;
  cfg.present = true;
  cfg.senders.push_back(RegisteredSender{"-", {"a"}, {}});
  cfg.generic_senders = {"..."};
  const SenderPolicy p(cfg);
  Checker check;
  CHECK(flags(check(p, "-", "a")) == "alphanumeric registered");
  CHECK(flags(check(p, ".")) == "alphanumeric unregistered");
  CHECK(flags(check(p, " _ ")) == "alphanumeric unregistered");
}

TEST_CASE("duplicate registered IDs merge their accounts") {
  SenderRegistryConfig cfg;
  cfg.present = true;
  cfg.senders.push_back(RegisteredSender{"KBANK", {"a"}, {}});
  cfg.senders.push_back(RegisteredSender{"KBANK", {"b"}, {}});
  const SenderPolicy p(cfg);
  Checker check;
  CHECK(flags(check(p, "KBANK", "a")) == "alphanumeric registered");
  CHECK(flags(check(p, "KBANK", "b")) == "alphanumeric registered");
  CHECK(check(p, "KBANK", "c").unauthorized);
}

TEST_CASE("registered_id stays valid when the policy is moved") {
  SenderPolicy p(example_registry());
  Checker check;
  const SenderCheck before = check(p, "kbank");
  const SenderPolicy moved(std::move(p));
  CHECK(before.registered_id == "KBANK");  // the view points into storage the move kept
  const SenderCheck after = check(moved, "K-BANK");
  CHECK(after.registered_id == "KBANK");
  CHECK(after.registered_id.data() == before.registered_id.data());
  const SenderPolicy copy = moved;  // copies are independent and equally usable
  CHECK(check(copy, "KBANK", "x").unauthorized);
}

TEST_CASE("the caller's scratch receives the key and is reused") {
  const SenderPolicy p(example_registry());
  Checker check;
  SenderSkeleton sk;
  check(p, "K-BANK");
  CHECK(check.scratch == sk.key("KBANK"));
  check.scratch.reserve(64);
  const auto* data = check.scratch.data();
  for (const char* s : {"kbank", "1NFO", "SCB", "KB4NK", "\u041A\u0412\u0410N\u041A"}) {
    check(p, s);
    CHECK(check.scratch == sk.key(s));
    CHECK(check.scratch.data() == data);
  }
}
