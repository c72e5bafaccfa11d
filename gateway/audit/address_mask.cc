#include "audit/address_mask.h"

#include <algorithm>
#include <iterator>

namespace smsfw::audit {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_printable_ascii(char c) { return c >= 0x20 && c <= 0x7e; }
bool is_separator(char c) { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'; }

// Every 2-digit country calling code assigned by ITU-T E.164.
constexpr std::string_view kTwoDigit[] = {
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
    "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
    "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98"};

// Common 3-digit codes: all of ASEAN and East/South Asia, the Gulf, Europe, main African markets.
constexpr std::string_view kThreeDigit[] = {
    // ASEAN and neighbours
    "673", "670", "855", "856", "852", "853", "886", "850", "880", "975", "977", "960", "976",
    "675", "677", "678", "679", "680", "685", "686", "687", "689", "691", "692",
    // Middle East / Central Asia
    "961", "962", "963", "964", "965", "966", "967", "968", "970", "971", "972", "973", "974",
    "992", "993", "994", "995", "996", "998",
    // Europe
    "350", "351", "352", "353", "354", "355", "356", "357", "358", "359", "370", "371", "372",
    "373", "374", "375", "376", "377", "378", "380", "381", "382", "383", "385", "386", "387",
    "389", "420", "421", "423",
    // Africa
    "211", "212", "213", "216", "218", "220", "221", "225", "229", "233", "234", "237", "243",
    "244", "249", "250", "251", "254", "255", "256", "260", "263",
    // Americas (outside NANP)
    "501", "502", "503", "504", "505", "506", "507", "591", "593", "595", "598"};

template <std::size_t N>
bool in(const std::string_view (&table)[N], std::string_view code) {
  return std::find(std::begin(table), std::end(table), code) != std::end(table);
}

// Keeps the first `keep_front` and the last 2 digits of `digits`; the rest become '*'.
std::string mask_digits(std::string_view digits, std::size_t keep_front) {
  std::string out(digits);
  const std::size_t n = out.size();
  const std::size_t keep_back = std::min<std::size_t>(2, n);
  for (std::size_t i = keep_front; i + keep_back < n; ++i) out[i] = '*';
  return out;
}

std::string mask_international(std::string_view digits) {
  std::size_t cc = country_code_length(digits);
  if (cc == 0) cc = 2;
  // Never reveal more than the code plus the last 2 (a long "code" on a short number would).
  if (cc + 2 >= digits.size()) cc = 0;
  return mask_digits(digits, cc);
}

// Runs of 7+ digits inside an alphanumeric ID are masked, keeping the last 2 of the run.
std::string mask_long_digit_runs(std::string_view address) {
  std::string out(address);
  std::size_t i = 0;
  while (i < out.size()) {
    if (!is_digit(out[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < out.size() && is_digit(out[j])) ++j;
    if (j - i >= 7)
      for (std::size_t k = i; k + 2 < j; ++k) out[k] = '*';
    i = j;
  }
  return out;
}

std::string mask_garbage(std::string_view address) {
  std::string out(address);
  std::size_t digits_seen = 0;
  const auto total_digits = static_cast<std::size_t>(std::count_if(out.begin(), out.end(), is_digit));
  for (char& c : out) {
    if (!is_printable_ascii(c)) {
      c = '?';
    } else if (is_digit(c)) {
      ++digits_seen;
      if (digits_seen + 2 <= total_digits) c = '*';
    }
  }
  return out;
}

}  // namespace

std::size_t country_code_length(std::string_view digits) {
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), is_digit)) return 0;
  if (digits[0] == '1' || digits[0] == '7') return 1;
  if (digits.size() >= 2 && in(kTwoDigit, digits.substr(0, 2))) return 2;
  if (digits.size() >= 3 && in(kThreeDigit, digits.substr(0, 3))) return 3;
  return 0;
}

std::string mask_address(std::string_view address, std::optional<std::uint8_t> ton) {
  if (address.empty()) return {};

  const bool all_printable = std::all_of(address.begin(), address.end(), is_printable_ascii);
  const bool has_letter = std::any_of(address.begin(), address.end(), is_alpha);
  // A letter makes it a sender ID (whatever the TON says); without one, even with TON 5, the
  // numeric rules apply: an all-digit "alphanumeric" sender may well be a subscriber's number.
  if (all_printable && has_letter) return mask_long_digit_runs(address);

  // Numeric, possibly with a leading '+' and separators.
  bool plus = false;
  std::string_view rest = address;
  if (rest.front() == '+') {
    plus = true;
    rest.remove_prefix(1);
  }
  std::string digits;
  digits.reserve(rest.size());
  bool numeric = all_printable && !rest.empty();
  for (char c : rest) {
    if (is_digit(c))
      digits.push_back(c);
    else if (!is_separator(c))
      numeric = false;
  }
  if (!numeric || digits.empty()) return mask_garbage(address);

  std::string out;
  out.reserve(digits.size() + 1);
  if (plus) out.push_back('+');
  if (digits.size() <= 6)
    out.append(digits);  // short code
  else if (!plus && (digits.front() == '0' || ton == kTonNational))
    out.append(mask_digits(digits, 0));
  else
    out.append(mask_international(digits));
  return out;
}

}  // namespace smsfw::audit
