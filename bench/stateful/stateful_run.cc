#include "classify/machine_info.h"
#include "stateful/stateful_run.h"

#include <sched.h>
#include <stdlib.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "campaign/campaign_detector.h"
#include "campaign/fingerprint.h"
#include "campaign/flagged_clusters.h"
#include "campaign/hash64.h"
#include "campaign/observation_ring.h"
#include "classify/measure.h"
#include "classify/scratch_dir.h"
#include "classify/message_set.h"
#include "classify/rng.h"
#include "classify/thai_messages.h"
#include "engine/classifier.h"
#include "engine/engine.h"
#include "engine/message_input.h"
#include "proxy/concat_hold.h"
#include "proxy/hold_budget.h"
#include "proxy/message_throttle.h"
#include "proxy/proxy_stats.h"
#include "throttle/token_bucket.h"

#ifndef SMSFW_BUILD_TYPE
#define SMSFW_BUILD_TYPE "unknown"
#endif

namespace smsfw::bench::stateful {

using bench::affinity_cores;
using bench::cpu_model;
using bench::thousands;

namespace {

using classify::median;
using classify::thread_cpu_seconds;
using classify::Timed;
using classify::time_loop;
using filters::MessageInput;
namespace campaign = filters::campaign;
using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------------------------
// Helpers


// ns per call of each round; min and median reported.
struct Stat {
  std::vector<double> ns;
  double min() const { return ns.empty() ? 0 : *std::min_element(ns.begin(), ns.end()); }
  double med() const { return median(ns); }
};

template <class Measure>
Stat rounds(unsigned n, Measure&& measure) {
  Stat s;
  for (unsigned r = 0; r < n; ++r) s.ns.push_back(measure());
  return s;
}

// time_loop in chunks of `chunk` calls with `between()` after each, outside the timed region
// (CPU time of the chunks only).
template <class T, class Fn, class Between>
Timed time_chunks(std::span<const T> items, double budget_cpu_seconds, std::size_t chunk, Fn&& fn,
                  Between&& between) {
  Timed t;
  if (items.empty()) return t;
  std::size_t i = 0;
  for (;;) {
    const auto w0 = Clock::now();
    const double c0 = thread_cpu_seconds();
    for (std::size_t k = 0; k < chunk; ++k) {
      fn(items[i]);
      if (++i == items.size()) i = 0;
    }
    t.cpu_seconds += thread_cpu_seconds() - c0;
    t.wall_seconds += std::chrono::duration<double>(Clock::now() - w0).count();
    t.calls += chunk;
    between();
    if (t.cpu_seconds >= budget_cpu_seconds) return t;
  }
}

std::string bytes_text(double b) {
  if (b >= 10.0 * (1 << 20)) return fmt::format("{:.1f} MiB", b / (1 << 20));
  if (b >= 10.0 * (1 << 10)) return fmt::format("{:.1f} KiB", b / (1 << 10));
  return fmt::format("{:.0f} B", b);
}

std::string ns_text(double ns) {
  if (ns >= 100000) return thousands(ns);
  if (ns >= 100) return fmt::format("{:.0f}", ns);
  return fmt::format("{:.1f}", ns);
}

std::uint64_t wall_seconds_now() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

// Copies the shipped pattern directory's files except campaign.yaml into `to`.
void copy_patterns(const std::filesystem::path& from, const std::filesystem::path& to) {
  for (const auto& e : std::filesystem::directory_iterator(from)) {
    if (!e.is_regular_file() || e.path().filename() == "campaign.yaml") continue;
    std::filesystem::copy_file(e.path(), to / e.path().filename());
  }
}

std::unique_ptr<filters::Engine> load_engine(const std::filesystem::path& dir) {
  filters::ReloadOutcome outcome;
  auto engine = std::make_unique<filters::Engine>(dir, outcome);
  if (!outcome.ok) {
    std::cerr << "stateful-bench: " << dir.string() << " does not load (" << outcome.errors.size() << " errors):\n";
    for (std::size_t i = 0; i < outcome.errors.size() && i < 10; ++i) std::cerr << "  " << outcome.errors[i] << "\n";
    return nullptr;
  }
  return engine;
}

// ---------------------------------------------------------------------------------------------
// Concatenated messages

constexpr std::uint8_t kUdhi = 0x40;

struct ConcatMessage {
  std::string account;
  std::string source, destination;
  std::uint8_t data_coding = 0;
  std::array<std::vector<std::uint8_t>, 3> bodies;  // UDH + encoded part
  std::array<std::vector<std::uint8_t>, 3> frames;  // whole submit_sm PDUs
  std::array<filters::message::ConcatInfo, 3> concat{};
  std::array<filters::MessagePart, 3> parts{};
  MessageInput whole;
  std::array<MessageInput, 3> single;
};

void put_cstring(std::vector<std::uint8_t>& out, std::string_view s) {
  out.insert(out.end(), s.begin(), s.end());
  out.push_back(0);
}

// A submit_sm PDU (SMPP 3.4 4.4.1) carrying `body` (UDH included) with esm_class UDHI.
std::vector<std::uint8_t> submit_sm(std::uint32_t sequence, const ConcatMessage& m, std::span<const std::uint8_t> body) {
  std::vector<std::uint8_t> f(16, 0);
  put_cstring(f, "");                 // service_type
  f.push_back(5);                     // source TON
  f.push_back(0);                     // source NPI
  put_cstring(f, m.source);
  f.push_back(1);                     // dest TON
  f.push_back(1);                     // dest NPI
  put_cstring(f, m.destination);
  f.push_back(kUdhi);                 // esm_class
  f.push_back(0);                     // protocol_id
  f.push_back(0);                     // priority_flag
  put_cstring(f, "");                 // schedule_delivery_time
  put_cstring(f, "");                 // validity_period
  f.push_back(1);                     // registered_delivery
  f.push_back(0);                     // replace_if_present_flag
  f.push_back(m.data_coding);
  f.push_back(0);                     // sm_default_msg_id
  f.push_back(static_cast<std::uint8_t>(body.size()));
  f.insert(f.end(), body.begin(), body.end());
  const auto put32 = [&](std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) f[at + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
  };
  put32(0, static_cast<std::uint32_t>(f.size()));
  put32(4, 0x00000004);  // submit_sm
  put32(8, 0);
  put32(12, sequence);
  return f;
}

// Splits UTF-8 `text` into code points.
std::vector<std::string_view> code_points(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 1; i <= text.size(); ++i)
    if (i == text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      out.push_back(text.substr(start, i - start));
      start = i;
    }
  return out;
}

// `count` 3-part messages of `per_part` characters a part, cut from `pool` (one long text).
std::vector<std::unique_ptr<ConcatMessage>> make_concat(std::string_view pool, std::size_t per_part, bool ucs2,
                                                        std::size_t count, const classify::MessageSet& set,
                                                        std::uint64_t seed) {
  const auto cps = code_points(pool);
  classify::Rng rng(seed);
  std::vector<std::unique_ptr<ConcatMessage>> out;
  const auto& msgs = set.messages();
  for (std::size_t n = 0; n < count; ++n) {
    auto m = std::make_unique<ConcatMessage>();
    const auto& from = msgs[rng.next() % msgs.size()];
    m->account = std::string(from.account);
    m->source = from.sender;
    m->destination = from.destination;
    const std::size_t start = cps.size() > 3 * per_part ? rng.next() % (cps.size() - 3 * per_part) : 0;
    const auto ref = static_cast<std::uint8_t>(rng.next());
    for (std::size_t p = 0; p < 3; ++p) {
      std::string text;
      for (std::size_t k = 0; k < per_part; ++k) text.append(cps[(start + p * per_part + k) % cps.size()]);
      std::vector<std::uint8_t> enc;
      const classify::EncodedBody e = classify::encode_body(text, enc, ucs2);
      m->data_coding = e.data_coding;
      auto& body = m->bodies[p];
      body = {0x05, 0x00, 0x03, ref, 3, static_cast<std::uint8_t>(p + 1)};
      body.insert(body.end(), enc.begin(), enc.end());
      m->concat[p] = {ref, 3, static_cast<std::uint8_t>(p + 1), filters::message::ConcatSource::udh8};
    }
    for (std::size_t p = 0; p < 3; ++p) {
      m->frames[p] = submit_sm(static_cast<std::uint32_t>(n * 3 + p + 1), *m, m->bodies[p]);
      m->parts[p] = {m->bodies[p], m->data_coding, kUdhi};
      MessageInput& in = m->single[p];
      in.account = m->account;
      in.source = {m->source, 5, 0};
      in.destination = {m->destination, 1, 1};
      in.data_coding = m->data_coding;
      in.esm_class = kUdhi;
      in.body = m->bodies[p];
    }
    m->whole = m->single[0];
    m->whole.parts = m->parts;
    out.push_back(std::move(m));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Output rows

struct Row {
  std::string stage, what;
  Stat stat;
  std::string note;
};

void print_table(const std::vector<Row>& rows) {
  std::cout << "\n| stage | what | min ns | median ns | per core /s (median) | note |\n"
               "|---|---|---:|---:|---:|---|\n";
  for (const Row& r : rows)
    std::cout << fmt::format("| {} | {} | {} | {} | {} | {} |\n", r.stage, r.what, ns_text(r.stat.min()),
                             ns_text(r.stat.med()), r.stat.med() > 0 ? thousands(1e9 / r.stat.med()) : "-", r.note);
}

}  // namespace

int run_stateful_bench(const StatefulConfig& config) {
  const auto t_start = Clock::now();
  const auto progress = [&](std::string_view what) {
    std::cerr << fmt::format("stateful-bench: [{:.1f} s] {}\n", std::chrono::duration<double>(Clock::now() - t_start).count(), what);
  };
  // Messages.
  std::vector<classify::CorpusLine> corpus;
  std::size_t thai_count = config.thai;
  try {
    if (!config.corpus_given && !std::filesystem::exists(config.corpus)) {
      std::cerr << "stateful-bench: no corpus at " << config.corpus.string()
                << ": generated Thai messages only (pass --corpus PATH to the SMS Spam Collection)\n";
      if (thai_count == 0) thai_count = 2000;
    } else {
      corpus = classify::read_corpus(config.corpus);
    }
  } catch (const std::exception& e) {
    std::cerr << "stateful-bench: corpus: " << e.what() << "\n";
    return 1;
  }
  const auto thai = classify::generate_thai_messages(thai_count, config.seed);
  const classify::MessageSet set(corpus, thai, config.seed);
  const std::span<const MessageInput> inputs(set.all());

  std::cout << fmt::format("stateful-bench  build {}  {}  {} cores in affinity  {} x {} s CPU per measurement\n",
                           SMSFW_BUILD_TYPE, cpu_model(), affinity_cores(), config.rounds, config.seconds);
  std::cout << fmt::format("messages  {} ({} corpus lines, {} Thai), single part, no UDH\n", inputs.size(),
                           corpus.size(), thai.size());

  // Pattern directories: the shipped one without campaign.yaml, and the same plus a campaign.
  classify::ScratchDir plain_dir("stateful-bench"), campaign_dir("stateful-bench");
  std::unique_ptr<filters::Engine> plain_engine, campaign_engine;
  try {
    copy_patterns(config.patterns, plain_dir.path());
    copy_patterns(config.patterns, campaign_dir.path());
    std::ofstream(campaign_dir.path() / "campaign.yaml") << "campaign: {threshold: 100}\n";
  } catch (const std::exception& e) {
    std::cerr << "stateful-bench: patterns: " << e.what() << "\n";
    return 1;
  }
  progress("loading the pattern directories ...");
  plain_engine = load_engine(plain_dir.path());
  campaign_engine = load_engine(campaign_dir.path());
  if (!plain_engine || !campaign_engine) return 1;
  std::cout << fmt::format("patterns  {} (without campaign.yaml): {} rules; + campaign: {{threshold: 100}}\n",
                           config.patterns.string(), plain_engine->snapshot()->set->rules().size());

  std::vector<Row> rows;
  const double secs = config.seconds;
  const unsigned R = config.rounds;

  // 1. Baseline.
  progress("1 baseline classify ...");
  filters::Classifier plain(*plain_engine);
  std::vector<std::string> normalized;  // for the fingerprint alone
  for (const MessageInput& in : inputs) {
    const auto& v = plain.classify(in);
    if (!v.normalized.empty()) normalized.emplace_back(v.normalized);
  }
  const Stat s_base = rounds(R, [&] { return time_loop(inputs, secs, [&](const MessageInput& in) { plain.classify(in); }).ns_per_call(); });
  rows.push_back({"1", "classify(), shipped patterns, no campaign", s_base, "baseline"});

  // 2. Campaign on the worker.
  progress("2 classify + campaign ...");
  const auto& campaign_cfg = campaign_engine->snapshot()->set->campaign();
  const campaign::CampaignDetector::Settings settings{campaign_cfg.threshold, campaign_cfg.window_seconds};
  campaign::CampaignDetector detector({.capacity = std::size_t{1} << 20, .producers = 1, .ring_capacity = 1 << 16});
  filters::Classifier with_campaign(*campaign_engine);
  with_campaign.attach_campaign(detector, 0);
  std::size_t observed_one_pass = 0;
  {
    for (const MessageInput& in : inputs) with_campaign.classify(in);  // fills the ring: < 65,536 messages
    observed_one_pass = detector.aggregate(wall_seconds_now(), settings).observed;
  }
  const double observed_share = static_cast<double>(observed_one_pass) / static_cast<double>(inputs.size());
  constexpr std::size_t kChunk = 8192;  // < the ring's 65,536: drained between chunks
  std::size_t observed_timed = 0;
  const Stat s_camp = rounds(R, [&] {
    return time_chunks(inputs, secs, kChunk, [&](const MessageInput& in) { with_campaign.classify(in); },
                       [&] { observed_timed += detector.aggregate(wall_seconds_now(), settings).observed; })
        .ns_per_call();
  });
  // The campaign engine without a detector: separates a difference of the engines (the campaign
  // document's synthetic rule) from the detector's work.
  filters::Classifier no_detector(*campaign_engine);
  for (const MessageInput& in : inputs) no_detector.classify(in);
  const Stat s_nodet = rounds(R, [&] { return time_loop(inputs, secs, [&](const MessageInput& in) { no_detector.classify(in); }).ns_per_call(); });
  // Plain engine again, interleaved: the two numbers are compared, and the machine is shared.
  const Stat s_base2 = rounds(R, [&] { return time_loop(inputs, secs, [&](const MessageInput& in) { plain.classify(in); }).ns_per_call(); });
  Stat s_base_all = s_base;
  s_base_all.ns.insert(s_base_all.ns.end(), s_base2.ns.begin(), s_base2.ns.end());
  const auto flagged_now = detector.aggregate(wall_seconds_now(), settings).flagged;
  rows.push_back({"2", "classify() + campaign detector attached", s_camp,
                  fmt::format("{:.0f} % of messages reach the ring (min_shingles 20); {} clusters, {} flagged; dropped {}",
                              100 * observed_share, detector.table().size(), flagged_now, detector.dropped())});
  rows.push_back({"2", "classify(), campaign document loaded, no detector attached", s_nodet, "no fingerprint computed"});
  Stat s_added;
  for (std::size_t i = 0; i < s_camp.ns.size(); ++i) s_added.ns.push_back(s_camp.ns[i] - s_base_all.med());
  rows.push_back({"2", "= added by campaign (stage 2 - baseline median of 2 x rounds)", s_added, "fingerprint + flagged lookup + ring push"});

  // 2a-c. Its parts alone.
  std::vector<campaign::Fingerprint> fps;
  campaign::Fingerprinter fingerprinter;
  for (const std::string& t : normalized) fps.push_back(fingerprinter.fingerprint(t));
  const std::span<const std::string> norm_span(normalized);
  const Stat s_fp = rounds(R, [&] {
    return time_loop(norm_span, secs, [&](const std::string& t) {
             const auto fp = fingerprinter.fingerprint(t);
             asm volatile("" : : "r"(fp.simhash) : "memory");
           }).ns_per_call();
  });
  rows.push_back({"2a", "Fingerprinter::fingerprint() alone (normalized text)", s_fp,
                  fmt::format("{} texts", normalized.size())});
  campaign::FlaggedReader reader(detector.flagged());
  const std::span<const campaign::Fingerprint> fp_span(fps);
  const Stat s_lookup = rounds(R, [&] {
    return time_loop(fp_span, secs, [&](const campaign::Fingerprint& fp) {
             const auto* hit = reader.get().find(fp);
             asm volatile("" : : "r"(hit) : "memory");
           }).ns_per_call();
  });
  rows.push_back({"2b", "flagged-cluster lookup alone", s_lookup, fmt::format("{} flagged clusters", flagged_now)});
  {
    // What observe() does on the worker: one try_push into the worker's own ring (drained
    // between chunks, untimed, without the table).
    campaign::ObservationRing ring(1 << 16);
    const std::uint64_t now = wall_seconds_now();
    std::uint64_t d = 0;
    const Stat s_push = rounds(R, [&] {
      return time_chunks(fp_span, secs, std::size_t{1} << 16,
                         [&](const campaign::Fingerprint& fp) {
                           const bool ok = ring.try_push({fp, ++d, now});
                           asm volatile("" : : "r"(ok) : "memory");
                         },
                         [&] { ring.drain([](const campaign::PendingObservation&) {}); })
          .ns_per_call();
    });
    rows.push_back({"2c", "ring push alone (ObservationRing::try_push, as observe() does)", s_push, ""});
  }

  // 3. The aggregator.
  progress("3 aggregator ...");
  struct AggResult {
    std::size_t level;
    Stat exact, near, fresh;
    double fill_ns = 0;
    std::size_t size_after = 0;
    std::uint64_t evictions = 0;
  };
  std::vector<AggResult> agg;
  std::size_t detector_bytes = 0, table_bytes = 0;
  double table_build_s = 0;
  {
    const std::uint64_t now = 1'800'000'000;  // one half-window throughout
    for (const std::size_t level : config.fill_levels) {
      campaign::CampaignDetector det({.capacity = std::size_t{1} << 20, .producers = 1, .ring_capacity = 1 << 16});
      classify::Rng rng(config.seed * 7919 + level);
      const auto random_fp = [&] { return campaign::Fingerprint{rng.next(), rng.next(), 40}; };
      std::vector<campaign::Fingerprint> filled(level);
      for (auto& fp : filled) fp = random_fp();
      AggResult r;
      r.level = level;
      {  // Fill (the table itself is built by the first aggregate(): not counted).
        const double t0 = thread_cpu_seconds();
        det.aggregate(now, settings);
        table_build_s = thread_cpu_seconds() - t0;
        double cpu = 0;
        for (std::size_t i = 0; i < level;) {
          const std::size_t n = std::min<std::size_t>(level - i, 1 << 16);
          for (std::size_t k = 0; k < n; ++k, ++i) det.observe(0, filled[i], rng.next(), now);
          const double c0 = thread_cpu_seconds();
          det.aggregate(now, settings);
          cpu += thread_cpu_seconds() - c0;
        }
        r.fill_ns = cpu * 1e9 / static_cast<double>(level);
        detector_bytes = det.memory_bytes();  // the table exists from the first aggregate()
        table_bytes = det.table().memory_bytes();
        std::cerr << fmt::format("stateful-bench:   filled {} clusters ({} live) in {:.1f} s CPU\n", level,
                                 det.table().size(), cpu);
      }
      // One timed aggregate() of `batch` observations made by `make`.
      const auto measure = [&](std::size_t batch, auto&& make) {
        return rounds(R, [&] {
          for (std::size_t k = 0; k < batch; ++k) det.observe(0, make(), rng.next(), now);
          const double c0 = thread_cpu_seconds();
          const auto rep = det.aggregate(now, settings);
          const double cpu = thread_cpu_seconds() - c0;
          return cpu * 1e9 / static_cast<double>(rep.observed ? rep.observed : 1);
        });
      };
      const std::size_t batch = config.aggregate_batch;
      // Repeated and near texts are drawn from the last 100,000 clusters filled: near the
      // capacity the placement evicts older ones (a repeat of an evicted text is a miss).
      const std::size_t recent = std::min<std::size_t>(filled.size(), 100000);
      const auto pick = [&]() -> const campaign::Fingerprint& {
        return filled[filled.size() - recent + rng.next() % recent];
      };
      r.exact = measure(batch, [&] { return pick(); });
      r.near = measure(batch, [&] {
        campaign::Fingerprint fp = pick();
        fp.exact = rng.next();
        // 2 bits in each of the index's 3 bands (21/21/22 bits): 6 bits apart, the slowest
        // near-duplicate lookup the index allows below kNearDuplicateBits.
        for (int band = 0; band < 3; ++band) {
          const unsigned lo = band * 21u, width = band == 2 ? 22u : 21u;
          const unsigned a = static_cast<unsigned>(rng.next() % width);
          unsigned b = static_cast<unsigned>(rng.next() % width);
          if (b == a) b = (a + 1) % width;
          fp.simhash ^= (std::uint64_t{1} << (lo + a)) | (std::uint64_t{1} << (lo + b));
        }
        return fp;
      });
      r.fresh = measure(std::min(batch, std::max<std::size_t>(256, level / 10)), random_fp);
      r.size_after = det.table().size();
      r.evictions = det.table().evictions();
      agg.push_back(std::move(r));
    }
  }
  for (const AggResult& r : agg) {
    rows.push_back({"3", fmt::format("aggregate() per observation, {} clusters: repeated text (exact hit)", thousands(r.level)), r.exact, ""});
    rows.push_back({"3", fmt::format("aggregate() per observation, {} clusters: near duplicate (6 bits)", thousands(r.level)), r.near, ""});
    rows.push_back({"3", fmt::format("aggregate() per observation, {} clusters: new text (miss, new cluster)", thousands(r.level)), r.fresh,
                    fmt::format("fill averaged {} ns/obs; {} live after, {} evictions", ns_text(r.fill_ns),
                                thousands(static_cast<double>(r.size_after)), r.evictions)});
  }

  // 4. Throttle.
  progress("4 throttle ...");
  Stat s_thr_none, s_thr_acct, s_thr_both;
  {
    proxy::MessageThrottle throttle(false);
    proxy::ProxyStats stats;
    struct Who {
      std::string_view account, sender;
    };
    std::vector<Who> who;
    for (std::size_t i = 0; i < set.messages().size() && i < 4096; ++i)
      who.push_back({set.messages()[i].account, set.messages()[i].sender});
    const std::span<const Who> who_span(who);
    filters::AccountPolicy unlimited, account_limit, both;
    account_limit.throttle = filters::throttle::setting_of({1e8, 1e6});  // never refuses here
    both.throttle = account_limit.throttle;
    both.sender_throttle = filters::throttle::setting_of({1e8, 1e6});
    const auto run = [&](const filters::AccountPolicy& p) {
      return rounds(R, [&] {
        return time_loop(who_span, secs, [&](const Who& w) {
                 const bool ok = throttle.admit(p, w.account, w.sender, stats);
                 asm volatile("" : : "r"(ok) : "memory");
               }).ns_per_call();
      });
    };
    s_thr_none = run(unlimited);
    s_thr_acct = run(account_limit);
    s_thr_both = run(both);
    rows.push_back({"4", "MessageThrottle::admit(), unlimited account", s_thr_none, ""});
    rows.push_back({"4", "MessageThrottle::admit(), account limit (uncontended)", s_thr_acct, "one steady_clock read + one bucket CAS"});
    rows.push_back({"4", "MessageThrottle::admit(), account + sender limits", s_thr_both,
                    fmt::format("throttled {}, overflow lookups {}", stats.messages_throttled, stats.throttle_overflow_lookups)});
  }

  // 5. Concatenated messages.
  progress("5 concatenation ...");
  std::string gsm_pool, thai_pool;
  for (const auto& line : corpus) {
    for (const char ch : line.text) {
      const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                      std::string_view(" .,!?'-:;()&%+/").find(ch) != std::string_view::npos;
      gsm_pool.push_back(ok ? ch : ' ');
    }
    gsm_pool.push_back(' ');
    if (gsm_pool.size() > 200000) break;
  }
  if (gsm_pool.size() < 1000)
    for (int i = 0; i < 20; ++i)
      gsm_pool += "URGENT! Your account has been suspended. Verify your details within 24 hours at the link below or call "
                  "our support line to avoid a permanent block of your card and your savings. ";
  for (const auto& t : thai) {
    thai_pool += t.text;
    thai_pool += ' ';
  }
  if (thai_pool.size() < 3000)
    for (const auto& t : classify::generate_thai_messages(200, config.seed + 1)) thai_pool += t.text + " ";
  const auto gsm_msgs = make_concat(gsm_pool, 153, false, 64, set, config.seed + 11);
  const auto ucs_msgs = make_concat(thai_pool, 67, true, 64, set, config.seed + 12);
  struct ConcatRows {
    std::string name;
    Stat hold0, hold100, whole, separate;
    std::size_t frame_bytes = 0, heap_bytes = 0;
  };
  std::vector<ConcatRows> concat_rows;
  for (const auto* group : {&gsm_msgs, &ucs_msgs}) {
    ConcatRows cr;
    cr.name = group == &gsm_msgs ? "GSM-7 3 x 153 chars" : "UCS-2 3 x 67 chars";
    std::vector<const ConcatMessage*> ptrs;
    for (const auto& m : *group) ptrs.push_back(m.get());
    const std::span<const ConcatMessage* const> span(ptrs);
    // Hold: add the 3 parts, in_part_order, release; with 0 or 100 other incomplete messages
    // held by the same session (add() scans the session's messages).
    for (const std::size_t background : {std::size_t{0}, std::size_t{100}}) {
      proxy::HoldBudget budget(std::size_t{1} << 30);
      proxy::ConcatHold hold(budget, std::size_t{1} << 30, std::chrono::seconds(60));
      const auto now0 = Clock::now();
      for (std::size_t b = 0; b < background; ++b) {
        const ConcatMessage& m = *ptrs[b % ptrs.size()];
        filters::message::ConcatInfo ci = m.concat[0];
        ci.reference = static_cast<std::uint16_t>(1000 + b);  // not a reference the timed ones use
        ci.source = filters::message::ConcatSource::udh16;
        std::size_t idx = 0;
        hold.add(proxy::ConcatHold::key_of(m.source, m.destination, ci), ci, m.frames[0], 1, 4, now0, idx);
      }
      std::size_t sink = 0;
      const Stat s = rounds(R, [&] {
        return time_loop(span, secs, [&](const ConcatMessage* m) {
                 const auto now = Clock::now();
                 std::size_t idx = 0;
                 for (std::size_t p = 0; p < 3; ++p)
                   hold.add(proxy::ConcatHold::key_of(m->source, m->destination, m->concat[p]), m->concat[p],
                            m->frames[p], static_cast<std::uint32_t>(p + 1), 4, now, idx);
                 sink += hold.in_part_order(idx).size();
                 hold.release(idx);
               }).ns_per_call();
      });
      (background == 0 ? cr.hold0 : cr.hold100) = s;
      if (sink == 0) std::cerr << "stateful-bench: no part ordered?\n";
    }
    // Judging: whole (MessageInput::parts) vs each part on its own.
    cr.whole = rounds(R, [&] { return time_loop(span, secs, [&](const ConcatMessage* m) { plain.classify(m->whole); }).ns_per_call(); });
    cr.separate = rounds(R, [&] {
      return time_loop(span, secs, [&](const ConcatMessage* m) {
               for (const MessageInput& in : m->single) plain.classify(in);
             }).ns_per_call();
    });
    // Memory of one in-flight message (all 3 parts held, before release), on a fresh hold.
    {
      proxy::HoldBudget budget(std::size_t{1} << 30);
      proxy::ConcatHold hold(budget, std::size_t{1} << 30, std::chrono::seconds(60));
      const ConcatMessage& m = *ptrs[0];
      std::size_t idx = 0;
      for (std::size_t p = 0; p < 3; ++p)
        hold.add(proxy::ConcatHold::key_of(m.source, m.destination, m.concat[p]), m.concat[p], m.frames[p], 1, 4,
                 Clock::now(), idx);
      cr.frame_bytes = hold.held_bytes();
      const auto& msg = hold.message(idx);
      cr.heap_bytes = sizeof(proxy::ConcatHold::Message) + msg.parts.capacity() * sizeof(proxy::ConcatHold::Part);
      for (const auto& p : msg.parts) cr.heap_bytes += p.frame.capacity();
    }
    concat_rows.push_back(std::move(cr));
  }
  for (const ConcatRows& cr : concat_rows) {
    rows.push_back({"5", cr.name + ": ConcatHold add x3 + in_part_order + release", cr.hold0, "per 3-part message, session holds nothing else"});
    rows.push_back({"5", cr.name + ": the same, 100 other messages held in the session", cr.hold100, "add() scans the session's messages"});
    rows.push_back({"5", cr.name + ": classify() whole (MessageInput.parts)", cr.whole, "per 3-part message"});
    rows.push_back({"5", cr.name + ": classify() of the 3 parts separately", cr.separate, "per 3-part message"});
  }

  // Table.
  print_table(rows);
  const double ring_bytes = static_cast<double>((1 << 16) * sizeof(campaign::PendingObservation));
  const double throttle_bytes = static_cast<double>((proxy::MessageThrottle::kAccountSlots + proxy::MessageThrottle::kSenderSlots) * 16);
  std::cout << "\n| memory (stage 6) | bytes |\n|---|---:|\n";
  std::cout << fmt::format("| CampaignTable, capacity 2^20 clusters | {} ({}) |\n", thousands(static_cast<double>(table_bytes)), bytes_text(static_cast<double>(table_bytes)));
  std::cout << fmt::format("| CampaignDetector total (table + flags + 1 ring of 65,536) | {} ({}) |\n", thousands(static_cast<double>(detector_bytes)), bytes_text(static_cast<double>(detector_bytes)));
  std::cout << fmt::format("| (building that table: {:.2f} s CPU, at start-up and when a reload changes the window) | |\n", table_build_s);
  std::cout << fmt::format("| one observation ring (65,536 x {} B), per worker | {} |\n", sizeof(campaign::PendingObservation), bytes_text(ring_bytes));
  std::cout << fmt::format("| MessageThrottle tables (2 x 65,536 slots x 16 B) | {} |\n", bytes_text(throttle_bytes));
  for (const ConcatRows& cr : concat_rows)
    std::cout << fmt::format("| in-flight {} message: frames held (HoldBudget counts) / heap incl. Part+Message | {} / {} |\n", cr.name,
                             cr.frame_bytes, cr.heap_bytes);

  // Analysis.
  const double base = s_base_all.med();
  const double camp = s_camp.med();
  const double thr = s_thr_acct.med();
  std::cout << "\n## Derived\n\n";
  std::cout << fmt::format("- Worker, per core: baseline {} ns -> {} msg/s; with campaign {} ns -> {} msg/s ({:+.1f} %); "
                           "with campaign + account throttle {} ns -> {} msg/s.\n",
                           ns_text(base), thousands(1e9 / base), ns_text(camp), thousands(1e9 / camp),
                           100 * (camp - base) / base, ns_text(camp + thr), thousands(1e9 / (camp + thr)));
  const AggResult& top = agg.back();
  const double obs_new = top.fresh.med(), obs_exact = top.exact.med(), obs_near = top.near.med();
  std::cout << fmt::format("- Aggregator at {} clusters: {} ns per new-text observation -> one core sustains {} obs/s "
                           "(repeated text: {} ns -> {} obs/s; near duplicate: {} ns -> {} obs/s). Only {:.0f} % of "
                           "messages reach it (min_shingles), so all-new traffic saturates one aggregator core at "
                           "{} msg/s.\n",
                           thousands(static_cast<double>(top.level)), ns_text(obs_new), thousands(1e9 / obs_new), ns_text(obs_exact),
                           thousands(1e9 / obs_exact), ns_text(obs_near), thousands(1e9 / obs_near), 100 * observed_share,
                           thousands(1e9 / obs_new / observed_share));
  for (const double rate : {10000.0, 20000.0}) {
    const double agg_cores = rate * observed_share * obs_new / 1e9;
    const double agg_cores_all = rate * obs_new / 1e9;
    const double worker_cores = rate * (camp + thr) / 1e9;
    std::cout << fmt::format("- At {} msg/s (all texts new, {} clusters): aggregator {:.2f} core ({:.0f} % of a 2-core machine; "
                             "{:.2f} core / {:.0f} % if every message were observed); workers (classify + campaign + throttle) "
                             "{:.2f} core ({:.0f} %).\n",
                             thousands(rate), thousands(static_cast<double>(top.level)), agg_cores, 50 * agg_cores,
                             agg_cores_all, 50 * agg_cores_all, worker_cores, 50 * worker_cores);
  }
  const ConcatRows& g = concat_rows.front();
  for (const ConcatRows& cr : {concat_rows.front(), concat_rows.back()}) {
    const double per_part = static_cast<double>(cr.heap_bytes) / 3;
    const double parts_per_s = 10000 * 0.20;  // 20 % of 10k submit_sm/s are parts of 3-part messages
    std::cout << fmt::format("- Held memory, {}: 20 % of 10k submit_sm/s are parts ({} parts/s, {} messages/s), "
                             "parts spread uniformly over 1 s: on average {} held (0.25 s per part, Little's law, "
                             "{:.0f} B per part incl. overhead); at most {} if every part waited the full 1 s; "
                             "{} with the default concat_max_hold of 10 s for messages that never complete.\n",
                             cr.name, thousands(parts_per_s), thousands(parts_per_s / 3),
                             bytes_text(parts_per_s * 0.25 * per_part), per_part, bytes_text(parts_per_s * 1.0 * per_part),
                             bytes_text(parts_per_s * 10.0 * per_part));
  }
  std::cout << fmt::format("- Judging a 3-part {} message whole: {} ns vs {} ns for its parts one by one; the hold "
                           "adds {} ns per message ({} ns with 100 other messages held in the session).\n",
                           g.name, ns_text(g.whole.med()), ns_text(g.separate.med()), ns_text(g.hold0.med()),
                           ns_text(g.hold100.med()));
  std::cout << "\nstateful-bench: done\n";
  return 0;
}

}  // namespace smsfw::bench::stateful
