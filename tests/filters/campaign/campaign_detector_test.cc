// CampaignDetector: observations through the rings, the flagged snapshot published when a
// cluster reaches the threshold and withdrawn when its window count falls, a changed window
// starting afresh, full rings counted, and the shares queued for (and applied from) other
// instances.

#include <catch2/catch.hpp>

#include <string>

#include "campaign/campaign_detector.h"
#include "campaign/fingerprint.h"

using smsfw::filters::campaign::CampaignDetector;
using smsfw::filters::campaign::FlaggedReader;
using smsfw::filters::campaign::Fingerprint;
using smsfw::filters::campaign::Fingerprinter;

namespace {

Fingerprint lure() {
  Fingerprinter f;
  return f.fingerprint("your parcel is on hold pay the fee at the link to release it today");
}
Fingerprint other() {
  Fingerprinter f;
  return f.fingerprint("see you at the station at seven and bring the umbrella it will rain");
}

constexpr std::uint64_t kT0 = 1'800'000'000;

}  // namespace

TEST_CASE("detector: a cluster is published once it reaches the threshold, and withdrawn later") {
  CampaignDetector d({.capacity = 1024, .producers = 2, .ring_capacity = 64});
  FlaggedReader reader(d.flagged());
  const CampaignDetector::Settings s{10, 120};
  const Fingerprint fp = lure();
  for (int i = 0; i < 9; ++i) CHECK(d.observe(i % 2, fp, 1000 + i * 7919, kT0));
  auto r = d.aggregate(kT0, s);
  CHECK(r.observed == 9);
  CHECK(r.newly_flagged == 0);
  CHECK(reader.get().find(fp) == nullptr);
  // The same destination again adds nothing; a tenth destination crosses the threshold.
  d.observe(0, fp, 1000, kT0);
  CHECK(d.aggregate(kT0, s).newly_flagged == 0);
  for (int i = 9; i < 14; ++i) d.observe(1, fp, 1000 + i * 7919, kT0);
  r = d.aggregate(kT0, s);
  CHECK(r.newly_flagged == 1);
  CHECK(r.flagged == 1);
  REQUIRE(reader.get().find(fp) != nullptr);
  CHECK(reader.get().find(other()) == nullptr);
  // A whole window later without observations its count is 0: withdrawn.
  r = d.aggregate(kT0 + 240, s);
  CHECK(r.flagged == 0);
  CHECK(reader.get().find(fp) == nullptr);
}

TEST_CASE("detector: a changed window starts the table afresh") {
  CampaignDetector d({.capacity = 1024, .producers = 1, .ring_capacity = 64});
  const Fingerprint fp = lure();
  for (int i = 0; i < 12; ++i) d.observe(0, fp, 77 + i * 104729, kT0);
  CHECK(d.aggregate(kT0, {10, 120}).flagged == 1);
  const auto r = d.aggregate(kT0, {10, 600});
  CHECK(r.table_reset);
  CHECK(r.flagged == 0);
}

TEST_CASE("detector: a full ring refuses observations and counts them") {
  CampaignDetector d({.capacity = 1024, .producers = 1, .ring_capacity = 4});
  const Fingerprint fp = lure();
  int accepted = 0;
  for (int i = 0; i < 10; ++i) accepted += d.observe(0, fp, static_cast<std::uint64_t>(i), kT0) ? 1 : 0;
  CHECK(accepted == 4);
  CHECK(d.dropped() == 6);
  CHECK(d.aggregate(kT0, {10, 120}).observed == 4);
}

TEST_CASE("detector: shares are queued from share_from on, and applied estimates flag the cluster") {
  CampaignDetector d({.capacity = 1024, .producers = 1, .ring_capacity = 256, .share = true});
  const CampaignDetector::Settings s{100, 120};
  REQUIRE(CampaignDetector::share_from(100) == 6);
  const Fingerprint fp = lure();
  for (int i = 0; i < 5; ++i) d.observe(0, fp, 500 + i * 7919, kT0);
  d.aggregate(kT0, s);
  CHECK(d.take_shares().empty());  // below share_from: nothing to share yet
  for (int i = 5; i < 12; ++i) d.observe(0, fp, 500 + i * 7919, kT0);
  d.aggregate(kT0, s);
  auto shares = d.take_shares();
  REQUIRE(shares.size() == 1);
  CHECK(shares[0].exact == fp.exact);
  CHECK(shares[0].destinations.size() >= 6);
  CHECK(d.take_shares().empty());
  // Other instances saw 150 destinations in all: the next local observation flags the cluster.
  const std::vector<std::uint32_t> estimates{150};
  d.apply_shared(shares, estimates, kT0);
  d.observe(0, fp, 999'999, kT0);
  const auto r = d.aggregate(kT0, s);
  CHECK(r.newly_flagged == 1);
  FlaggedReader reader(d.flagged());
  CHECK(reader.get().find(fp) != nullptr);
}
