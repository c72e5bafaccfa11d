// CampaignTable allocates only when constructed: observe() of new, near and known fingerprints,
// evictions, rotations and shared estimates call no operator new. Every allocation in this
// executable is counted (support/counted_allocations.h).
#include <catch2/catch.hpp>

#include <cstdint>

#include "campaign/campaign_table.h"
#include "support/counted_allocations.h"
#include "support/rng.h"

using smsfw::test::g_allocations;

using smsfw::filters::campaign::CampaignTable;
using smsfw::filters::campaign::Fingerprint;

TEST_CASE("no allocation after construction: new, near, known clusters, eviction, rotation") {
  smsfw::test::Rng rng(1);
  CampaignTable::Options options;
  options.capacity = 256;
  options.window_seconds = 60;
  const std::uint64_t before = g_allocations.load();
  CampaignTable table(options);
  const std::uint64_t after_construction = g_allocations.load();
  CHECK(after_construction > before);

  std::uint64_t now = 1'800'000'000;
  std::uint64_t total = 0;
  for (int i = 0; i < 5000; ++i) {
    Fingerprint f{rng.next(), rng.next(), 80};
    const auto o = table.observe(f, rng.next(), now);
    f.simhash ^= 0x8001;  // a near duplicate
    f.exact ^= 1;
    total += table.observe(f, rng.next(), now).distinct;
    table.set_shared_estimate(o.cluster, 3, now);
    total += table.estimate(o.cluster, now);
    if (i % 100 == 0) now += 7;
  }
  CHECK(g_allocations.load() == after_construction);
  CHECK(table.evictions() > 0);
  CHECK(total > 0);
}
