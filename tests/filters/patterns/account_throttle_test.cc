// `throttle:` and `sender_throttle:` of the accounts document: absent means unlimited, `default`'s
// limits are inherited as a whole, decimals rates are allowed, and every invalid value is an
// error "FILE:LINE: account ID: ...".

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "patterns/pattern_loader.h"
#include "temp_dir.h"

using namespace smsfw::filters;
using smsfw::filters::test::TempDir;

namespace {

constexpr const char* kSet = "set: s\nversion: 1\nrules: []\n";

const AccountPolicy& find_account(const std::vector<AccountPolicy>& accounts, const std::string& id) {
  auto it = std::find_if(accounts.begin(), accounts.end(), [&](const AccountPolicy& a) { return a.system_id == id; });
  REQUIRE(it != accounts.end());
  return *it;
}

bool same(const std::optional<throttle::BucketSetting>& s, double rate, double burst) {
  // The integer form is computed with the setting: the data path never converts again.
  return s && s->config.rate_per_second == rate && s->config.burst == burst &&
         s->limits.interval_ns == throttle::limits_of(s->config).interval_ns &&
         s->limits.tolerance_ns == throttle::limits_of(s->config).tolerance_ns;
}

}  // namespace

TEST_CASE("throttle limits: absent is unlimited, default is inherited as a whole") {
  TempDir d;
  d.write("s.yaml", kSet);
  d.write("acc.yaml", R"(accounts:
  default: {throttle: {rate: 100, burst: 50}}
  bulk: {throttle: {rate: 0.5, burst: 1}, sender_throttle: {rate: 2, burst: 3}}
  plain: {mode: monitor}
)");
  PatternSet::Source src;
  std::vector<std::string> errors;
  REQUIRE(load_pattern_source(d.path(), src, errors));
  CHECK(same(src.default_account.throttle, 100, 50));
  CHECK_FALSE(src.default_account.sender_throttle);
  const AccountPolicy& bulk = find_account(src.accounts, "bulk");
  CHECK(same(bulk.throttle, 0.5, 1));
  CHECK(same(bulk.sender_throttle, 2, 3));
  const AccountPolicy& plain = find_account(src.accounts, "plain");
  CHECK(same(plain.throttle, 100, 50));  // inherited
  CHECK_FALSE(plain.sender_throttle);
}

TEST_CASE("throttle limits: none without an accounts document") {
  TempDir d;
  d.write("s.yaml", kSet);
  PatternSet::Source src;
  std::vector<std::string> errors;
  REQUIRE(load_pattern_source(d.path(), src, errors));
  CHECK_FALSE(src.default_account.throttle);
  CHECK_FALSE(src.default_account.sender_throttle);
}

TEST_CASE("throttle limits: invalid values are errors naming the account") {
  TempDir d;
  d.write("s.yaml", kSet);
  d.write("acc.yaml", R"(accounts:
  a: {throttle: {rate: 0, burst: 0}}
  b: {throttle: {rate: -1, burst: 1.5}, sender_throttle: {rate: fast, burst: 1e3}}
  c: {throttle: {rate: 10}, sender_throttle: {burst: 2, rate: 1, extra: 1}}
  d: {throttle: 5, sender_throttle: {rate: 2000000000, burst: [1]}}
)");
  const LoadResult r = load_pattern_directory(d.path());
  CHECK_FALSE(r.set);
  const std::string f = d.file("acc.yaml");
  const std::string rate = "'rate' must be a number of messages per second > 0 and <= 1000000000";
  const std::string burst = "'burst' must be a whole number of messages >= 1 and <= 1000000000";
  CHECK(r.errors == std::vector<std::string>{
                        f + ":2: account a: 'throttle': " + rate + " (got '0')",
                        f + ":2: account a: 'throttle': " + burst + " (got '0')",
                        f + ":3: account b: 'throttle': " + rate + " (got '-1')",
                        f + ":3: account b: 'throttle': " + burst + " (got '1.5')",
                        f + ":3: account b: 'sender_throttle': " + rate + " (got 'fast')",
                        f + ":3: account b: 'sender_throttle': " + burst + " (got '1e3')",
                        f + ":4: missing required key 'burst'",
                        f + ":4: unknown key 'extra'",
                        f + ":5: account d: 'throttle' must be a mapping",
                        f + ":5: account d: 'sender_throttle': " + rate + " (got '2000000000')",
                        f + ":5: account d: 'sender_throttle': " + burst + " (got '?')",
                    });
}
