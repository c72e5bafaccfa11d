#pragma once
// classify-bench's pattern directories: N realistic rules made deterministically from a seed
// (vocabulary.h), a sender registry of ~100 IDs and an accounts file, in the format of
// patterns/README.md. The mix (bench/README.md, "classify-bench") is what an operator's sets look
// like: mostly literal scam phrases and small regexes on the normalized body, some Thai, some
// squeezed and raw rules, URL host rules and sender rules. No pathological pattern: bounded
// repeats are short (.{0,20} to .{0,40}) and kept to a minority of the regexes.
//
// N = 0 yields no file at all: the empty directory of the 0-rule baseline (no registry either).

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smsfw::bench::classify {

// How many rules of each kind a directory holds (the YAML rules; the registry's five synthetic
// rules are not counted).
struct RuleMix {
  std::size_t core = 0;       // hand-written classics (UK prize spam, Thai scam phrases, TLDs)
  std::size_t allow = 0;      // exemptions for OTP templates (only from N >= 200)
  std::size_t en_phrase = 0;  // body, normalized: literal English phrases
  std::size_t en_regex = 0;   // body, normalized: small English regexes (\s+, alternations, .{0,20})
  std::size_t th = 0;         // body, normalized: Thai phrases, literal or small regexes
  std::size_t squeezed = 0;   // body, squeezed: phrases with the spaces taken out
  std::size_t raw = 0;        // body, raw: case-sensitive spellings (some with `caseless`)
  std::size_t url = 0;        // url: host regexes (brand + cheap TLD) and literal domains
  std::size_t sender = 0;     // sender: raw and normalized patterns on source_addr
  std::size_t total() const { return core + allow + en_phrase + en_regex + th + squeezed + raw + url + sender; }
};

// The per-kind counts for N rules: the core rules first (all of them from N = 36), the allow
// rules from N >= 200, the rest split 40 % en_phrase, 22 % en_regex, 14 % th, 5 % squeezed,
// 6 % raw, 9 % url, 4 % sender (rounding down; the remainder goes to en_phrase).
RuleMix plan_rule_mix(std::size_t n);

// The largest N the generator accepts.
inline constexpr std::size_t kMaxRules = 100000;

// A generated directory: files (name, YAML text) in write order, and what is in them.
struct GeneratedDirectory {
  std::vector<std::pair<std::string, std::string>> files;
  RuleMix mix;
  std::size_t registry_ids = 0;      // sender IDs in the registry (0 when N = 0)
  std::size_t bounded_repeats = 0;   // rules with a .{0,n} bounded repeat
  std::array<std::size_t, 4> actions{};  // rules per action: allow, monitor, tag, block
};

// The directory for `n` rules (<= kMaxRules; throws std::invalid_argument above). The same
// (n, seed) always gives the same files, byte for byte; rule ids are unique and no two rules of
// the same field and view share a pattern.
GeneratedDirectory generate_rules(std::size_t n, std::uint64_t seed);

// Writes the files into `dir` (which must exist). Throws std::runtime_error if a write fails.
void write_directory(const GeneratedDirectory& generated, const std::filesystem::path& dir);

// The registry's sender IDs with the account allowed to use each: the brands of vocabulary.h and
// ~60 local businesses ("SIAMCLINIC"). Used by the message set to choose senders.
struct RegisteredSender {
  std::string id;
  std::string account;
};
const std::vector<RegisteredSender>& registered_senders();

// Regex metacharacters of `text` backslash-escaped (Hyperscan syntax).
std::string escape_regex(std::string_view text);

}  // namespace smsfw::bench::classify
