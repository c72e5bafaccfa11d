#pragma once
// The 64-bit hash used by campaign fingerprints (exact hash and SimHash shingles): XXH3 from
// Debian's libxxhash (fast on the short keys shingles are, well distributed). Values may be
// shared between instances (Redis) built with the same xxHash major version.

#include <cstdint>
#include <string_view>

namespace smsfw::filters::campaign {

// 64-bit hash of `bytes` with `seed`. Pure, thread-safe, no allocation.
std::uint64_t hash64(std::string_view bytes, std::uint64_t seed = 0);

}  // namespace smsfw::filters::campaign
