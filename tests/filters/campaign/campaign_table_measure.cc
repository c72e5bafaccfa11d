// Measures CampaignTable on 1,000,000 distinct synthetic messages: not a test (not registered
// with ctest). The messages are 12-20 words drawn from a 5,000-word synthetic vocabulary (so
// their SimHashes share the biases of real text), fingerprinted before timing; each goes to a
// random destination. Time advances so that the million messages span `SPAN` seconds (default
// 3000, inside the 3600 s window: nothing expires, the table fills up). Prints memory_bytes(),
// bytes per cluster, ns per observe() (fingerprinting excluded), live clusters, evictions, new
// clusters, and the process RSS growth (from /proc/self/statm).
// Usage: campaign_table_measure [MESSAGES] [SPAN] [CAPACITY]
// Environment: RANDOM_SIMHASH=1 replaces the SimHashes by uniform random values (for comparison).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "campaign/campaign_table.h"
#include "campaign/fingerprint.h"
#include "support/rng.h"

using smsfw::filters::campaign::CampaignTable;
using smsfw::filters::campaign::Fingerprint;
using smsfw::filters::campaign::Fingerprinter;

namespace {

long rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t messages = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  const std::uint64_t span = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 3000;
  const bool random_simhash = std::getenv("RANDOM_SIMHASH") != nullptr;
  smsfw::test::Rng rng(42);

  std::vector<std::string> vocabulary;
  for (int i = 0; i < 5000; ++i) {
    std::string w(rng.range(2, 9), 'a');
    for (char& c : w) c = static_cast<char>('a' + rng.below(26));
    vocabulary.push_back(std::move(w));
  }
  std::vector<Fingerprint> fps;
  fps.reserve(messages);
  Fingerprinter fingerprinter;
  std::string text;
  for (std::size_t i = 0; i < messages; ++i) {
    text.clear();
    const std::uint32_t words = rng.range(12, 20);
    for (std::uint32_t w = 0; w < words; ++w) {
      if (w) text += ' ';
      text += vocabulary[rng.below(static_cast<std::uint32_t>(vocabulary.size()))];
    }
    fps.push_back(fingerprinter.fingerprint(text));
    if (random_simhash) fps.back().simhash = rng.next();
  }
  std::vector<std::uint64_t> destinations(messages);
  for (auto& d : destinations) d = rng.next();

  const long rss_before = rss_bytes();
  CampaignTable::Options options;
  options.capacity = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : std::size_t{1} << 20;
  options.window_seconds = 3600;
  CampaignTable table(options);
  const long rss_built = rss_bytes();

  const std::uint64_t t0 = 1'800'000'000;
  std::uint64_t created = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < messages; ++i) {
    const auto o = table.observe(fps[i], destinations[i], t0 + i * span / messages);
    created += o.is_new_cluster;
  }
  const auto stop = std::chrono::steady_clock::now();
  const long rss_after = rss_bytes();
  const double ns = std::chrono::duration<double, std::nano>(stop - start).count() / double(messages);

  std::printf("messages            %zu over %llu s (window 3600 s, capacity %zu)\n", messages,
              static_cast<unsigned long long>(span), table.capacity());
  std::printf("memory_bytes()      %zu (%.1f MiB)\n", table.memory_bytes(), table.memory_bytes() / 1048576.0);
  std::printf("bytes per cluster   %.1f\n", double(table.memory_bytes()) / double(table.capacity()));
  std::printf("ns per observe()    %.0f\n", ns);
  std::printf("new clusters        %llu (the rest joined a cluster within 8 bits)\n",
              static_cast<unsigned long long>(created));
  std::printf("clusters live       %zu\n", table.size());
  std::printf("evictions           %llu\n", static_cast<unsigned long long>(table.evictions()));
  std::printf("RSS growth          construction %.1f MiB, observing %.1f MiB\n", (rss_built - rss_before) / 1048576.0,
              (rss_after - rss_built) / 1048576.0);
  return 0;
}
