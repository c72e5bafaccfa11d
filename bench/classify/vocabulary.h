#pragma once
// The word lists classify-bench builds its rules and its Thai messages from: brands (with their
// sender IDs and the ESME account that owns each), scam vocabularies in English and Thai, and the
// ESME accounts. Plain constant data, shared by the rule generator and the message set so that
// rules and traffic speak the same language (some rules match, most do not, as in production).

#include <cstddef>
#include <span>
#include <string_view>

namespace smsfw::bench::classify {

// A brand scammers imitate.
struct Brand {
  std::string_view sender_id;  // registered alphanumeric sender ID (at most 11 characters)
  std::string_view word;       // lower-case word as it appears in text and hosts ("kbank")
  std::string_view display;    // as written in a message ("KBank"), for case-sensitive raw rules
  std::string_view account;    // the ESME account (system_id) allowed to send as sender_id
};
std::span<const Brand> brands();

// The ESME accounts (bind system_ids) messages come from. accounts()[0..3] own brands; the last
// one ("esme-promo") is in monitor mode in the generated accounts file.
std::span<const std::string_view> accounts();

// English scam vocabulary (lower case, no regex metacharacters).
std::span<const std::string_view> en_verbs();      // "verify", "claim", ...
std::span<const std::string_view> en_objects();    // "account", "parcel", ...
std::span<const std::string_view> en_urgency();    // "now", "within 24 hours", ...
std::span<const std::string_view> en_events();     // "account suspended", "unusual login", ...
std::span<const std::string_view> en_prizes();     // "cash prize", "holiday", ... (UK prize spam)
std::span<const std::string_view> en_keywords();   // "stop", "win", ... (premium SMS keywords)
std::span<const std::string_view> en_raw_heads();  // "URGENT!", "FreeMsg", ... (case-sensitive)

// Thai scam vocabulary, one list per theme (bank, parcel, loan, gambling, government/utility/job),
// plus words every theme uses ("กดรับ", "ด่วน", ...) and Thai brand names with their theme
// ("กสิกร": bank, "ไปรษณีย์ไทย": parcel, "การไฟฟ้า": government/utility).
std::span<const std::span<const std::string_view>> th_themes();
std::span<const std::string_view> th_common();
struct ThaiBrand {
  std::string_view name;
  std::size_t theme;  // index into th_themes()
};
std::span<const ThaiBrand> th_brands();

// Words glued to a brand in phishing hosts ("kbank-secure.top"), and TLDs phishers favour.
std::span<const std::string_view> host_words();
std::span<const std::string_view> cheap_tlds();

// Generic sender IDs (the registry's `generic` list) and the suffixes added to brand IDs in
// sender rules ("KBANK-OTP").
std::span<const std::string_view> generic_senders();
std::span<const std::string_view> sender_suffixes();

}  // namespace smsfw::bench::classify
