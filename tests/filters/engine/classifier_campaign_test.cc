// Campaign detection through the classifier: a lure varied to defeat exact hashing (numbers,
// links, names, a word changed) sent to many destinations is flagged with the campaign's rule id
// once it reached the threshold, while ordinary traffic (different texts, or one text repeated to
// one destination) is not; the campaign document's settings and errors.

#include <string>

#include "campaign/campaign_detector.h"
#include "engine_fixture.h"

using smsfw::filters::Action;
using smsfw::filters::test::EngineFixture;
using smsfw::filters::campaign::CampaignDetector;
using Ids = std::vector<std::string>;

namespace {

constexpr const char* kRules = R"(set: campaign-test
version: "1"
rules:
  - {id: LOTTERY, pattern: 'lottery winner', action: block, description: an ordinary rule}
)";

constexpr const char* kCampaign = R"(campaign:
  id: BULK-LURE
  action: tag
  tag: {mark: sender, relabel_to: Bulk-Lure}
  threshold: 20
  window_minutes: 60
  min_shingles: 20
)";

struct CampaignFixture : EngineFixture {
  explicit CampaignFixture(const char* campaign = kCampaign) {
    dir.write("rules.yaml", kRules);
    dir.write("campaign.yaml", campaign);
    load();
    classifier->attach_campaign(detector, 0);
  }
  // Judges `text` to `dest`, then lets the aggregator run (as the proxy's does every 200 ms).
  const smsfw::filters::Verdict& send(const std::string& text, const std::string& dest) {
    destination = dest;
    const auto& v = classify(text);
    const auto& c = engine->snapshot()->set->campaign();
    report = detector.aggregate(1'800'000'000, {c.threshold, c.window_seconds});
    return v;
  }
  CampaignDetector detector{{.capacity = 1 << 12, .producers = 1, .ring_capacity = 64}};
  CampaignDetector::Report report;
};

std::string lure(int i) {
  // Mechanical variation only (amount, link, reference): equal after masking.
  std::string s = "NOTICE: your parcel is on hold, pay the ";
  s += std::to_string(20 + i % 7);
  s += " THB fee at http://pkg-th.example/track/";
  s += std::to_string(100000 + i * 7919);
  s += " ref TH";
  s += std::to_string(5000 + i);
  return s;
}

// Ordinary traffic: sentences of 12 words drawn from 60, different for every message.
std::string ordinary(int i) {
  static const char* const kWords[] = {
      "meet", "later", "dinner", "tonight", "call", "mum", "tomorrow", "work", "bus", "late", "lunch", "office",
      "movie", "weekend", "beach", "rain", "coffee", "school", "kids", "pick", "up", "doctor", "appointment",
      "birthday", "party", "cake", "gift", "friday", "monday", "train", "station", "airport", "flight", "hotel",
      "room", "key", "car", "park", "gym", "run", "football", "match", "game", "score", "shop", "milk", "bread",
      "rice", "noodles", "market", "temple", "festival", "song", "music", "phone", "charger", "battery", "laptop",
      "email", "photo"};
  std::string s;
  std::uint64_t x = 0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(i + 1);
  for (int w = 0; w < 12; ++w) {
    x ^= x >> 29;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 32;
    if (w) s += ' ';
    s += kWords[x % 60];
  }
  return s;
}

}  // namespace

TEST_CASE("campaign: near duplicates to many destinations are flagged from the threshold on") {
  CampaignFixture f;
  int first_flagged = -1;
  for (int i = 0; i < 40; ++i) {
    const auto& v = f.send(lure(i), "6681" + std::to_string(1000000 + i));
    const bool flagged = !v.matched.empty();
    if (flagged && first_flagged < 0) first_flagged = i;
    if (first_flagged >= 0) {
      INFO("message " << i);
      CHECK(flagged);  // once flagged, every further variant is
      CHECK(v.action == Action::tag);
      CHECK(EngineFixture::ids(v.rules) == Ids{"BULK-LURE"});
      REQUIRE(v.relabel);
      CHECK(v.relabel->relabel_to == "Bulk-Lure");
    }
  }
  // The sketch's estimate is within a few destinations of the truth at 20.
  CHECK(first_flagged >= 17);
  CHECK(first_flagged <= 24);
  CHECK(f.report.flagged == 1);
  // A variant with a word added is a near duplicate (SimHash within kNearDuplicateBits): also
  // flagged, without having reached the threshold on its own.
  const std::string variant = lure(99) + " today";
  CHECK(!f.send(variant, "66899999998").matched.empty());
}

TEST_CASE("campaign: ordinary traffic is not flagged") {
  CampaignFixture f;
  SECTION("different texts to different destinations") {
    for (int i = 0; i < 500; ++i) CHECK(f.send(ordinary(i), "6682" + std::to_string(i)).matched.empty());
    CHECK(f.report.flagged == 0);
  }
  SECTION("one text repeated many times to one destination") {
    for (int i = 0; i < 100; ++i) CHECK(f.send(lure(i), "66830000000").matched.empty());
    CHECK(f.report.flagged == 0);
  }
  SECTION("short texts are not fingerprinted") {
    for (int i = 0; i < 100; ++i) CHECK(f.send("OK see you " + std::to_string(i), "6684" + std::to_string(i)).matched.empty());
    CHECK(f.report.observed == 0);
  }
}

TEST_CASE("campaign: the default action is monitor, and an account in monitor mode never blocks") {
  CampaignFixture f(R"(campaign:
  threshold: 5
)");
  const auto& set = *f.engine->snapshot()->set;
  CHECK(set.campaign().id == "CAMPAIGN");
  CHECK(set.campaign().action == Action::monitor);
  CHECK(set.campaign().window_seconds == 3600);
  bool seen = false;
  for (int i = 0; i < 12; ++i) {
    const auto& v = f.send(lure(i), "6685" + std::to_string(i));
    if (!v.matched.empty()) {
      seen = true;
      CHECK(v.action == Action::monitor);
      CHECK(EngineFixture::ids(v.matched) == Ids{"CAMPAIGN"});
    }
  }
  CHECK(seen);
}

TEST_CASE("campaign: document errors name the file, line and key") {
  EngineFixture f;
  f.dir.write("rules.yaml", kRules);
  SECTION("allow is no action for a detector") {
    f.dir.write("campaign.yaml", "campaign:\n  action: allow\n");
  }
  SECTION("threshold below 2") {
    f.dir.write("campaign.yaml", "campaign:\n  threshold: 1\n");
  }
  SECTION("unknown key") {
    f.dir.write("campaign.yaml", "campaign:\n  treshold: 10\n");
  }
  SECTION("the id of a rule") {
    f.dir.write("campaign.yaml", "campaign:\n  id: LOTTERY\n");
  }
  smsfw::filters::ReloadOutcome outcome;
  smsfw::filters::Engine engine(f.dir.path(), outcome);
  CHECK_FALSE(outcome.ok);
  REQUIRE_FALSE(outcome.errors.empty());
  CHECK(outcome.errors.front().find("campaign.yaml:") != std::string::npos);
}
