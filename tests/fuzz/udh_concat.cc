// Fuzz target: User Data Header and concatenation identity (filters/message/udh.h,
// concat_info.h).
//
// Input: byte 0 says which SAR TLVs are present and how long their values are, the next bytes
// are those values, the rest is a message body parsed as a UDH. Checked: an accepted UDH fits
// the body (length = UDHL + 1) and its counts add up, an accepted concatenation (UDH or SAR)
// always has 1 <= sequence <= total and agrees with check_concat, a refused UDH leaves its
// result at the defaults, and the GSM septet offset after the header never points into it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "fuzz/fuzz_check.h"
#include "message/concat_info.h"
#include "message/udh.h"

namespace {

using namespace smsfw::filters::message;

void check_concat_info(const ConcatInfo& c) {
  FUZZ_CHECK(c.total >= 1 && c.sequence >= 1 && c.sequence <= c.total);
  FUZZ_CHECK(check_concat(c.total, c.sequence) == ConcatError::none);
}

void fuzz_udh(std::span<const std::uint8_t> body) {
  const UdhParse p = parse_udh(body);
  if (p.error != UdhError::none) {
    FUZZ_CHECK(p.udh.length == 0 && !p.udh.concat && !p.udh.ports && p.udh.ie_count == 0);
    if (p.error == UdhError::empty_body) FUZZ_CHECK(body.empty());
    return;
  }
  const Udh& u = p.udh;
  FUZZ_CHECK(!body.empty() && u.length == std::size_t{body[0]} + 1 && u.length <= body.size());
  FUZZ_CHECK(u.unknown_ies <= u.ie_count && u.concat_ies <= u.ie_count);
  FUZZ_CHECK(u.ie_count <= u.length / 2);  // every IE takes at least IEI + length
  FUZZ_CHECK(u.concat.has_value() == (u.concat_ies != 0));
  if (u.concat) {
    check_concat_info(*u.concat);
    FUZZ_CHECK(u.concat->source == ConcatSource::udh8 || u.concat->source == ConcatSource::udh16);
    if (u.concat->source == ConcatSource::udh8) FUZZ_CHECK(u.concat->reference <= 0xFF);
  }
  if (u.ports && !u.ports->sixteen_bit) FUZZ_CHECK(u.ports->destination <= 0xFF && u.ports->origin <= 0xFF);
  const std::size_t septet = gsm7_text_septet_offset(u.length);
  FUZZ_CHECK(septet * 7 >= u.length * 8 && septet * 7 < u.length * 8 + 7);
  // The whole body parsed again gives the same header (parsing is a pure function of the bytes).
  const UdhParse again = parse_udh(body.first(u.length));
  FUZZ_CHECK(again.error == UdhError::none && again.udh.length == u.length && again.udh.concat == u.concat &&
             again.udh.ports == u.ports && again.udh.ie_count == u.ie_count);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t flags = data[0];
  std::span<const std::uint8_t> rest(data + 1, size - 1);

  // Three optional SAR TLV values; bits 0-2 present, bits 3-7 choose odd lengths.
  std::vector<std::uint8_t> values[3];
  std::optional<std::span<const std::uint8_t>> sar[3];
  for (int i = 0; i < 3; ++i) {
    if (!(flags & (1 << i))) continue;
    std::size_t len = i == 0 ? 2 : 1;
    if (flags & (8 << i)) len = (flags >> 6) + (i == 0 ? 0 : 2);  // 0..3 or 2..5: often wrong
    len = std::min(len, rest.size());
    values[i].assign(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(len));  // own buffer: exact bounds
    rest = rest.subspan(len);
    sar[i] = std::span<const std::uint8_t>(values[i]);
  }
  const SarLookup s = concat_from_sar_values(sar[0], sar[1], sar[2]);
  FUZZ_CHECK(s.present == (sar[0] || sar[1] || sar[2]));
  if (s.present && s.result.error == ConcatError::none) {
    check_concat_info(s.result.info);
    FUZZ_CHECK(s.result.info.source == ConcatSource::sar);
    const ConcatResult direct = concat_from_sar(s.result.info.reference, s.result.info.total, s.result.info.sequence);
    FUZZ_CHECK(direct.error == ConcatError::none && direct.info == s.result.info);
  }

  const std::vector<std::uint8_t> body(rest.begin(), rest.end());
  fuzz_udh(body);
  return 0;
}
