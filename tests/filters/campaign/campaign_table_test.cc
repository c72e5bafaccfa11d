// CampaignTable: near-duplicate clustering, distinct-destination counts, the sliding window,
// eviction under capacity pressure and the shared (cross-instance) estimate.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "campaign/campaign_table.h"
#include "campaign/fingerprint.h"
#include "campaign/simhash.h"
#include "support/rng.h"

using smsfw::filters::campaign::CampaignTable;
using smsfw::filters::campaign::Fingerprint;
using smsfw::filters::campaign::Fingerprinter;
using smsfw::filters::campaign::hamming;

namespace {

constexpr std::uint64_t kT0 = 1'800'000'000;  // a Unix time in 2027

Fingerprint fp_of(const std::string& text) {
  Fingerprinter f;
  return f.fingerprint(text);
}

CampaignTable::Options small(std::size_t capacity = 1024, std::uint32_t window = 3600) {
  CampaignTable::Options o;
  o.capacity = capacity;
  o.window_seconds = window;
  return o;
}

// A fingerprint with a random SimHash: pairwise far apart (expected distance 32).
Fingerprint random_fp(smsfw::test::Rng& rng) {
  Fingerprint f;
  f.exact = rng.next();
  f.simhash = rng.next();
  f.shingles = 80;
  return f;
}

}  // namespace

TEST_CASE("campaign table: variants of one lure share a cluster, unrelated texts do not") {
  CampaignTable t(small());
  const std::string base =
      "your parcel is held at the depot due to unpaid customs fee of 35 baht. pay now at "
      "https://thai-post-delivery.com/track?id=88812 to avoid return to sender";
  const std::vector<std::string> variants = {
      base,
      // numbers and URL path changed: same masked text
      "your parcel is held at the depot due to unpaid customs fee of 49 baht. pay now at "
      "https://thai-post-delivery.com/t/ZX81 to avoid return to sender",
      // one word changed
      "your package is held at the depot due to unpaid customs fee of 35 baht. pay now at "
      "https://thai-post-delivery.com/track?id=11 to avoid return to sender",
      // one word changed and numbers changed
      "your parcel is held at the warehouse due to unpaid customs fee of 12 baht. pay now at "
      "https://thai-post-delivery.com/track?id=5 to avoid return to sender",
  };
  const Fingerprint f0 = fp_of(base);
  std::uint32_t cluster = 0;
  for (std::size_t i = 0; i < variants.size(); ++i) {
    const Fingerprint f = fp_of(variants[i]);
    INFO("variant " << i << " hamming " << hamming(f.simhash, f0.simhash));
    const auto o = t.observe(f, 1000 + i, kT0);
    if (i == 0) {
      CHECK(o.is_new_cluster);
      cluster = o.cluster;
    } else {
      CHECK_FALSE(o.is_new_cluster);
      CHECK(o.cluster == cluster);
    }
    CHECK(o.distinct == i + 1);
  }
  CHECK(t.representative(cluster) == f0.simhash);

  const std::vector<std::string> unrelated = {
      "hi mum, running late, will be home around 7. can you start dinner please",
      "your otp for bank login is 123456. do not share this code with anyone",
      "meeting moved to thursday 3pm in room 4b, bring the quarterly figures",
  };
  std::set<std::uint32_t> clusters{cluster};
  for (const auto& s : unrelated) {
    const auto o = t.observe(fp_of(s), 1, kT0);
    CHECK(o.is_new_cluster);
    clusters.insert(o.cluster);
  }
  CHECK(clusters.size() == 1 + unrelated.size());
  CHECK(t.size() == 1 + unrelated.size());
}

TEST_CASE("campaign table: every representative within kNearDuplicateBits is found") {
  // Random SimHashes, and probes at distance 0..8 from one of them: the multi-index lookup must
  // find the cluster for every distance (its guarantee), and not at distance well beyond.
  smsfw::test::Rng rng(11);
  CampaignTable t(small(std::size_t{1} << 16));  // roomy: no eviction
  std::vector<Fingerprint> reps;
  for (int i = 0; i < 2000; ++i) {
    reps.push_back(random_fp(rng));
    t.observe(reps.back(), 1, kT0);
  }
  for (int trial = 0; trial < 500; ++trial) {
    const Fingerprint& r = reps[rng.below(static_cast<std::uint32_t>(reps.size()))];
    const int k = static_cast<int>(rng.range(0, 8));
    Fingerprint probe{rng.next(), r.simhash, 80};
    std::set<int> flipped;
    while (static_cast<int>(flipped.size()) < k) flipped.insert(static_cast<int>(rng.below(64)));
    for (int b : flipped) probe.simhash ^= std::uint64_t{1} << b;
    const auto o = t.observe(probe, 2, kT0);
    INFO("distance " << k);
    CHECK_FALSE(o.is_new_cluster);
    CHECK(hamming(t.representative(o.cluster), probe.simhash) <= 8);
  }
}

TEST_CASE("campaign table: distinct destinations within tolerance") {
  // Tolerances follow distinct_sketch_test.cc's measurements (p95 with margin).
  struct Case {
    std::uint32_t n;
    double tolerance;
  };
  const Case cases[] = {{1, 0.0}, {5, 0.21}, {20, 0.12}, {100, 0.16}, {1000, 0.2}, {10000, 0.2}};
  smsfw::test::Rng rng(3);
  CampaignTable t(small());
  for (const Case& c : cases) {
    const Fingerprint f = random_fp(rng);
    CampaignTable::Observation o;
    for (std::uint32_t i = 0; i < c.n; ++i) o = t.observe(f, rng.next(), kT0 + i % 60);
    INFO("N=" << c.n << " estimate " << o.distinct);
    CHECK(std::abs(double(o.distinct) - c.n) <= c.tolerance * c.n);
    CHECK(t.estimate(o.cluster, kT0 + 60) == o.distinct);
  }
  const Fingerprint f = random_fp(rng);
  CampaignTable::Observation o;
  for (int i = 0; i < 500; ++i) o = t.observe(f, 0xabcdef, kT0 + i);
  CHECK(o.distinct == 1);  // same destination repeated
}

TEST_CASE("campaign table: the window slides by halves and expires") {
  smsfw::test::Rng rng(5);
  CampaignTable t(small(1024, 3600));
  const Fingerprint f = random_fp(rng);
  const std::uint64_t start = kT0 - kT0 % 1800;  // a half-window boundary
  std::uint32_t c = 0;
  for (int i = 0; i < 10; ++i) c = t.observe(f, 100 + i, start + 10).cluster;
  CHECK(t.estimate(c, start + 100) == 10);
  // Next half: the previous half still counts.
  CHECK(t.observe(f, 200, start + 1800 + 5).distinct == 11);
  CHECK(t.estimate(c, start + 3599) == 11);
  // Two halves later the first ten are gone; only the one from the second half remains.
  CHECK(t.estimate(c, start + 3600) == 1);
  CHECK(t.observe(f, 300, start + 3600).distinct == 2);
  // A full window without observations: the counts restart from the new observations only.
  CHECK(t.estimate(c, start + 3600 + 3 * 1800) == 0);
  const auto o = t.observe(f, 400, start + 3600 + 3 * 1800);
  CHECK(o.cluster == c);
  CHECK(o.distinct == 1);
}

TEST_CASE("campaign table: shared estimate is a floor until the half-window rotates") {
  smsfw::test::Rng rng(9);
  CampaignTable t(small());
  const Fingerprint f = random_fp(rng);
  const std::uint64_t start = kT0 - kT0 % 1800;
  const auto o = t.observe(f, 1, start);
  t.set_shared_estimate(o.cluster, 500, start + 1);
  CHECK(t.estimate(o.cluster, start + 2) == 500);
  CHECK(t.observe(f, 2, start + 3).distinct == 500);
  t.set_shared_estimate(o.cluster, 1, start + 4);  // lower than local: local wins
  CHECK(t.estimate(o.cluster, start + 4) == 2);
  t.set_shared_estimate(o.cluster, 700, start + 5);
  CHECK(t.estimate(o.cluster, start + 1800) == 2);  // rotated: shared no longer applies
  CHECK(t.observe(f, 3, start + 1801).distinct == 3);
  t.set_shared_estimate((o.cluster + 1) % 1024, 9, start);  // a free slot: ignored
  CHECK(t.estimate((o.cluster + 1) % 1024, start) == 0);
  CHECK(t.size() == 1);
}

TEST_CASE("campaign table: bounded under capacity pressure, busy clusters survive") {
  smsfw::test::Rng rng(13);
  CampaignTable t(small(512));
  const std::size_t bytes = t.memory_bytes();
  const Fingerprint busy = random_fp(rng);
  std::uint32_t busy_cluster = t.observe(busy, 1, kT0).cluster;
  std::uint64_t now = kT0;
  for (int i = 0; i < 20000; ++i) {
    if (i % 10 == 0) {
      ++now;
      const auto o = t.observe(busy, rng.next() % 50, now);
      CHECK(o.cluster == busy_cluster);
    }
    t.observe(random_fp(rng), rng.next(), now);
    REQUIRE(t.size() <= 512);
  }
  CHECK(t.evictions() > 10000);
  CHECK(t.memory_bytes() == bytes);
  CHECK(t.estimate(busy_cluster, now) >= 40);
  // Idle for a window: slots are reused without counting evictions.
  const std::uint64_t evictions = t.evictions();
  for (int i = 0; i < 200; ++i) t.observe(random_fp(rng), 1, now + 3600);
  CHECK(t.evictions() == evictions);
}
