// FlaggedClusters lookup (exact, near, miss) and the publisher/reader generation refresh.
#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "campaign/flagged_clusters.h"
#include "support/rng.h"

using smsfw::filters::campaign::FlaggedCluster;
using smsfw::filters::campaign::FlaggedClusters;
using smsfw::filters::campaign::FlaggedPublisher;
using smsfw::filters::campaign::FlaggedReader;
using smsfw::filters::campaign::Fingerprint;

namespace {
std::vector<FlaggedCluster> random_clusters(smsfw::test::Rng& rng, int n) {
  std::vector<FlaggedCluster> v;
  for (int i = 0; i < n; ++i) v.push_back({rng.next(), rng.next(), 100u + i, 1000u + i});
  return v;
}
}  // namespace

TEST_CASE("flagged clusters: exact hit, near hit within 8 bits, miss beyond") {
  smsfw::test::Rng rng(21);
  const auto list = random_clusters(rng, 300);
  const FlaggedClusters flagged(list);
  CHECK(flagged.size() == 300);
  CHECK(FlaggedClusters().find(Fingerprint{1, 2, 80}) == nullptr);
  for (const FlaggedCluster& c : list) {
    const FlaggedCluster* f = flagged.find(Fingerprint{c.exact, rng.next(), 80});
    REQUIRE(f != nullptr);
    CHECK(f->id == c.id);
    // 8 flipped bits (spread over the word): still found by band keys.
    const FlaggedCluster* near = flagged.find(Fingerprint{rng.next(), c.simhash ^ 0x0101010101010101ull, 80});
    REQUIRE(near != nullptr);
    CHECK(near->id == c.id);
    CHECK(near->distinct == c.distinct);
  }
  int misses = 0;
  for (int i = 0; i < 1000; ++i) misses += flagged.find(Fingerprint{rng.next(), rng.next(), 80}) == nullptr;
  CHECK(misses == 1000);  // random SimHashes are ~32 bits from every flagged one
  // 9 bits away from the only cluster: not a near duplicate.
  const FlaggedClusters one({list[0]});
  CHECK(one.find(Fingerprint{0, list[0].simhash ^ 0x1FFull, 80}) == nullptr);
  CHECK(one.find(Fingerprint{0, list[0].simhash ^ 0xFFull, 80}) != nullptr);
}

TEST_CASE("flagged publisher: readers switch when the generation changes") {
  smsfw::test::Rng rng(22);
  FlaggedPublisher publisher;
  FlaggedReader reader(publisher);
  CHECK(reader.get().size() == 0);
  const auto list = random_clusters(rng, 5);
  const Fingerprint probe{list[2].exact, 0, 80};
  CHECK(reader.get().find(probe) == nullptr);

  auto snap = std::make_shared<const FlaggedClusters>(list);
  publisher.publish(snap);
  CHECK(publisher.generation() == 1);
  const FlaggedClusters& got = reader.get();
  CHECK(&got == snap.get());
  REQUIRE(got.find(probe) != nullptr);
  CHECK(got.find(probe)->id == list[2].id);
  CHECK(&reader.get() == snap.get());  // no publish: same snapshot

  publisher.publish(std::make_shared<const FlaggedClusters>());
  snap.reset();
  CHECK(got.size() == 5);  // the reader's shared_ptr keeps the old snapshot alive until get()
  CHECK(reader.get().find(probe) == nullptr);
  CHECK_THROWS(publisher.publish(nullptr));
}

TEST_CASE("flagged publisher: concurrent readers see only complete snapshots") {
  FlaggedPublisher publisher;
  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;
  std::atomic<std::uint64_t> bad{0};
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&] {
      FlaggedReader reader(publisher);
      while (!stop.load(std::memory_order_relaxed)) {
        const FlaggedClusters& s = reader.get();
        // Every published snapshot has clusters whose ids equal their distinct estimates.
        for (const FlaggedCluster& c : s.clusters()) bad += c.id != c.distinct;
      }
    });
  }
  for (std::uint32_t g = 1; g <= 2000; ++g) {
    std::vector<FlaggedCluster> v(g % 7, FlaggedCluster{g, g, g, g});
    publisher.publish(std::make_shared<const FlaggedClusters>(std::move(v)));
  }
  stop = true;
  for (auto& r : readers) r.join();
  CHECK(bad == 0);
  CHECK(publisher.generation() == 2000);
}
