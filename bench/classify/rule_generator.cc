#include "classify/rule_generator.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <unordered_set>

#include "classify/rng.h"
#include "classify/vocabulary.h"

namespace smsfw::bench::classify {

namespace {

enum class Act : std::uint8_t { allow, monitor, tag, block };
constexpr std::array<std::string_view, 4> kActNames{"allow", "monitor", "tag", "block"};

// One rule as written to YAML.
struct GenRule {
  std::string id;
  std::string_view field = "body";
  std::string_view view = "normalized";
  std::string pattern;
  std::string_view flags;  // "" or a YAML flow list such as "[caseless]"
  Act action = Act::block;
  std::string description;
  std::string_view ton;  // "" or a YAML flow list such as "[1]"
};

// Hand-written rules every generated directory starts with (in this order): the classics of the
// SMS Spam Collection's UK prize spam, common Thai scam phrases, and a few squeezed/raw/url ones.
struct CoreRule {
  std::string_view field, view, pattern, flags;
  Act action;
  std::string_view description;
};
constexpr std::array<CoreRule, 36> kCore{{
    {"body", "normalized", R"((you\s+have|you've|u\s+have|u\s+hav)\s+(won|been\s+(selected|chosen)))", "", Act::block, "prize notification"},
    {"body", "normalized", R"(claim\s+(your\s+)?(prize|reward|cash|award))", "", Act::block, "claim a prize"},
    {"body", "normalized", R"(urgent!?\s+(your\s+)?mobile)", "", Act::tag, "urgent mobile notice"},
    {"body", "normalized", R"(free\s+entry)", "", Act::monitor, "free entry competitions"},
    {"body", "normalized", R"(txt\s+stop)", "", Act::monitor, "premium SMS opt-out line"},
    {"body", "normalized", R"(guaranteed.{0,30}(cash|prize|£))", "", Act::block, "guaranteed prize"},
    {"body", "normalized", R"(call\s+09\d{9})", "", Act::block, "UK premium-rate number"},
    {"body", "normalized", R"(ringtone)", "", Act::monitor, "ringtone subscriptions"},
    {"body", "normalized", R"(£\d{3,4}\s+(cash|prize|award))", "", Act::block, "cash amount prize"},
    {"body", "normalized", R"((cash|prize)\s+award)", "", Act::tag, "cash award"},
    {"body", "normalized", R"(to\s+claim\s+call)", "", Act::block, "call to claim"},
    {"body", "normalized", R"(valid\s+12\s*hrs)", "", Act::tag, "short validity pressure"},
    {"body", "normalized", R"((150p|£1\.50)\s*(/|per)\s*(msg|min|wk|week))", "", Act::monitor, "premium-rate price"},
    {"body", "normalized", R"((reply|txt|text)\s+(stop|end)\s+to)", "", Act::monitor, "premium SMS opt-out"},
    {"body", "normalized", R"(bonus\s+caller\s+prize)", "", Act::block, "bonus caller prize"},
    {"body", "normalized", R"(wkly\s+comp)", "", Act::tag, "weekly competition"},
    {"body", "normalized", R"(t&c'?s?\s+apply)", "", Act::monitor, "terms apply small print"},
    {"body", "normalized", R"(sms\s+(ac|services))", "", Act::monitor, "SMS service operator"},
    {"body", "normalized", R"(verify\s+your\s+(account|identity))", "", Act::block, "account verification phishing"},
    {"body", "normalized", R"((account|card)\s+(has\s+been\s+)?(suspended|locked|blocked))", "", Act::block, "suspension phishing"},
    {"body", "normalized", R"(ยืนยันตัวตน)", "", Act::tag, "identity verification (Thai)"},
    {"body", "normalized", R"(พัสดุ.{0,30}ตกค้าง)", "", Act::block, "parcel stuck (Thai)"},
    {"body", "normalized", R"(เครดิตฟรี)", "", Act::block, "free gambling credit (Thai)"},
    {"body", "normalized", R"(เงินกู้.{0,20}(อนุมัติ|ดอกเบี้ย))", "", Act::block, "loan offer (Thai)"},
    {"body", "normalized", R"(กรมสรรพากร.{0,40}เงินคืน)", "", Act::block, "tax refund (Thai)"},
    {"body", "normalized", R"(สล็อต|บาคาร่า|คาสิโน)", "", Act::block, "online gambling (Thai)"},
    {"body", "normalized", R"(ค่าไฟค้างชำระ)", "", Act::block, "unpaid electricity (Thai)"},
    {"body", "normalized", R"(ไม่เช็คเครดิตบูโร)", "", Act::block, "no credit check loan (Thai)"},
    {"body", "normalized", R"((แอด|ทัก)ไลน์)", "", Act::monitor, "add a LINE account (Thai)"},
    {"body", "normalized", R"(บัญชี.{0,30}ถูกระงับ)", "", Act::block, "account suspended (Thai)"},
    {"body", "squeezed", R"(verifyyouraccount)", "", Act::block, "spaced-out verify your account"},
    {"body", "squeezed", R"(kbank(login|verify|secure))", "", Act::tag, "spaced-out KBank phishing words"},
    {"body", "raw", R"(FreeMsg)", "", Act::monitor, "FreeMsg header"},
    {"body", "raw", R"(WINNER!!)", "", Act::tag, "WINNER header"},
    {"url", "normalized", R"(\.(top|xyz|cc|vip|icu|buzz)$)", "", Act::tag, "host under a cheap TLD"},
    {"url", "normalized", R"(^(https?://)?(bit\.ly|tinyurl\.com|cutt\.ly|rb\.gy|s\.id)/)", "", Act::monitor, "URL shortener"},
}};

// Exemptions for legitimate templates (an allow rule wins over every block).
constexpr std::array<CoreRule, 7> kAllow{{
    {"body", "normalized", R"(^your\s+(otp|verification\s+code|one-time\s+password)\s+is\s+\d{4,8})", "", Act::allow, "OTP template"},
    {"body", "normalized", R"(^\d{4,8}\s+is\s+your\s+[a-z]+\s+(code|otp))", "", Act::allow, "OTP template, code first"},
    {"body", "normalized", R"(^รหัส\s*otp\s*ของคุณคือ\s*\d{4,8})", "", Act::allow, "Thai OTP template"},
    {"body", "normalized", R"(^ยอดเงินเข้าบัญชี\s*[\d,.]+\s*บาท)", "", Act::allow, "Thai bank credit notice"},
    {"body", "normalized", R"(your\s+appointment\s+(is|on)\s)", "", Act::allow, "appointment reminder"},
    {"body", "normalized", R"(^(dear\s+)?customer,?\s+your\s+bill\s+for)", "", Act::allow, "billing notice"},
    {"body", "normalized", R"(^sorry,\s+i'?ll\s+call\s+later)", "", Act::allow, "auto-reply template"},
}};

std::string spaces_to(std::string_view s, std::string_view sep) {
  std::string out;
  for (const char c : s) {
    if (c == ' ') out += sep;
    else out += c;
  }
  return out;
}

std::string squeeze(std::string_view s) {
  std::string out;
  for (const char c : s)
    if (c != ' ' && c != '-') out += c;
  return out;
}

// `s` with its first letter of each word in upper case ("account suspended" -> "Account Suspended").
std::string title_case(std::string_view s) {
  std::string out(s);
  bool start = true;
  for (char& c : out) {
    if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    start = c == ' ';
  }
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// An action drawn with weights (allow never: only the fixed allow rules allow).
Act draw_action(Rng& rng, unsigned block, unsigned tag /* monitor: the rest */) {
  const std::size_t x = rng.below(100);
  if (x < block) return Act::block;
  if (x < block + tag) return Act::tag;
  return Act::monitor;
}

template <class T>
const T& pick(Rng& rng, std::span<const T> items) {
  return rng.pick(items);
}

// A distinct word pair of one list.
std::pair<std::string_view, std::string_view> two_of(Rng& rng, std::span<const std::string_view> list) {
  const std::size_t a = rng.below(list.size());
  std::size_t b = rng.below(list.size() - 1);
  if (b >= a) ++b;
  return {list[a], list[b]};
}

// The generator of one kind of rule: a pattern (and flags/ton), never seen before for its
// field/view. `salt` > 0 asks for a variant with a number in it (when the vocabulary's
// combinations run out).
struct Made {
  std::string pattern;
  std::string_view flags;
  std::string_view ton;
  std::string_view view = "normalized";
  Act action = Act::block;
  std::string description;
};

Made make_en_phrase(Rng& rng, unsigned salt) {
  Made m;
  const auto verb = pick(rng, en_verbs());
  const auto object = pick(rng, en_objects());
  std::string phrase;
  switch (rng.below(5)) {
    case 0: phrase = std::string(verb) + " your " + std::string(object); break;
    case 1: phrase = std::string(verb) + " your " + std::string(object) + " " + std::string(pick(rng, en_urgency())); break;
    case 2: phrase = std::string(pick(rng, brands()).word) + " " + std::string(pick(rng, en_events())); break;
    case 3: phrase = std::string(pick(rng, en_events())) + " " + std::string(pick(rng, en_urgency())); break;
    default: {
      static constexpr std::array<std::string_view, 5> kLead{"you have won a ", "claim your ", "you are awarded a ",
                                                              "collect your ", "winner of a "};
      phrase = std::string(kLead[rng.below(kLead.size())]) + std::string(pick(rng, en_prizes()));
    }
  }
  if (salt > 0) phrase += " ref " + std::to_string(1000 + rng.below(9000));
  m.pattern = escape_regex(phrase);
  m.action = draw_action(rng, 40, 20);
  m.description = "scam phrase: " + phrase;
  return m;
}

Made make_en_regex(Rng& rng, unsigned salt) {
  Made m;
  const auto brand = pick(rng, brands()).word;
  switch (rng.below(8)) {
    case 0:
      m.pattern = escape_regex(pick(rng, en_verbs())) + R"(\s+(your\s+)?)" + spaces_to(escape_regex(pick(rng, en_objects())), R"(\s+)");
      m.description = "verb + object";
      break;
    case 1: {
      const auto [a, b] = two_of(rng, en_events());
      m.pattern = std::string(brand) + R"(\W{0,3}()" + spaces_to(a, R"(\s+)") + "|" + spaces_to(b, R"(\s+)") + ")";
      m.description = "brand next to an alert";
      break;
    }
    case 2:
      m.pattern = std::string(brand) + ".{0,20}" + spaces_to(pick(rng, en_events()), R"(\s+)");
      m.description = "brand near an alert";
      break;
    case 3:
      m.pattern = R"((won|win|awarded|selected\s+for)\s+(a\s+|an\s+|the\s+)?)" + spaces_to(pick(rng, en_prizes()), R"(\s+)");
      m.description = "prize won";
      break;
    case 4: {
      std::string prefix = "0" + std::string(1, "987"[rng.below(3)]);
      rng.digits(prefix, 2);
      m.pattern = R"((call|ring|phone|dial)\s+)" + prefix + R"(\s?\d{3}\s?\d{4})";
      m.description = "premium-rate number range " + prefix;
      break;
    }
    case 5: {
      std::string shortcode;
      rng.digits(shortcode, 5);
      m.pattern = R"((txt|text|send|reply)\s+)" + std::string(pick(rng, en_keywords())) + R"(\s+(to|on)\s+)" + shortcode;
      m.description = "premium short code " + shortcode;
      break;
    }
    case 6:
      m.pattern = escape_regex(pick(rng, en_verbs())) + R"(\s+)" + spaces_to(escape_regex(pick(rng, en_objects())), R"(\s+)") +
                  R"(\s+(at|via|on)\s+(https?://|www\.))";
      m.description = "verb + object + link";
      break;
    default:
      m.pattern = spaces_to(escape_regex(pick(rng, en_urgency())), R"(\s+)") + R"([!:.,\s]+)" + escape_regex(pick(rng, en_verbs()));
      m.description = "urgency + verb";
  }
  if (salt > 0) m.pattern += R"(\s+ref\s*)" + std::to_string(1000 + rng.below(9000));
  m.action = draw_action(rng, 40, 25);
  return m;
}

Made make_th(Rng& rng, unsigned salt) {
  Made m;
  const auto theme = pick(rng, th_themes());
  switch (rng.below(6)) {
    case 0:
      m.pattern = std::string(pick(rng, theme)) + R"(\s*)" + std::string(pick(rng, th_common()));
      m.description = "Thai scam word + call to action";
      break;
    case 1: {
      const auto [a, b] = two_of(rng, theme);
      m.pattern = std::string(a) + ".{0,30}" + std::string(b);
      m.description = "two Thai scam words";
      break;
    }
    case 2: {
      const ThaiBrand& b = pick(rng, th_brands());
      m.pattern = std::string(b.name) + ".{0,20}" + std::string(pick(rng, th_themes()[b.theme]));
      m.description = "Thai brand near a scam word";
      break;
    }
    case 3: {
      const auto [a, b] = two_of(rng, theme);
      m.pattern = std::string(a) + R"(\s*)" + std::string(b);
      m.description = "Thai scam phrase";
      break;
    }
    case 4: {
      const auto [a, b] = two_of(rng, theme);
      m.pattern = "(" + std::string(a) + "|" + std::string(b) + "|" + std::string(pick(rng, theme)) + R"()\s*)" +
                  std::string(pick(rng, th_common()));
      m.description = "Thai scam words + call to action";
      break;
    }
    default:
      m.pattern = std::string(pick(rng, th_common())) + R"(\s*)" + std::string(pick(rng, theme));
      m.description = "Thai call to action + scam word";
  }
  if (salt > 0) m.pattern += R"(\s*)" + std::to_string(100 + rng.below(900));
  m.action = draw_action(rng, 50, 25);
  return m;
}

Made make_squeezed(Rng& rng, unsigned salt) {
  Made m;
  m.view = "squeezed";
  switch (rng.below(3)) {
    case 0:
      m.pattern = squeeze(pick(rng, en_verbs())) + "your" + squeeze(pick(rng, en_objects()));
      break;
    case 1:
      m.pattern = std::string(pick(rng, brands()).word) + squeeze(pick(rng, en_events()));
      break;
    default: {
      const ThaiBrand& b = pick(rng, th_brands());
      m.pattern = std::string(b.name) + std::string(pick(rng, th_themes()[b.theme]));
    }
  }
  if (salt > 0) m.pattern += std::to_string(100 + rng.below(900));
  m.description = "separators taken out: " + m.pattern;
  m.action = draw_action(rng, 50, 30);
  return m;
}

Made make_raw(Rng& rng, unsigned salt) {
  Made m;
  m.view = "raw";
  const Brand& brand = pick(rng, brands());
  switch (rng.below(6)) {
    case 0:
      m.pattern = escape_regex(pick(rng, en_raw_heads())) + R"(\s+)" + escape_regex(brand.display);
      break;
    case 1:
      m.pattern = escape_regex(brand.display) + R"(:\s*)" + escape_regex(title_case(pick(rng, en_events())));
      break;
    case 2:
      m.pattern = R"(\[)" + escape_regex(brand.display) + R"(\]\s*)" + escape_regex(upper(pick(rng, en_verbs())));
      break;
    case 3:
      m.pattern = escape_regex(brand.display) + " " + escape_regex(pick(rng, en_events()));
      m.flags = "[caseless]";
      break;
    case 4: {
      const ThaiBrand& b = pick(rng, th_brands());
      m.pattern = std::string(b.name) + std::string(pick(rng, th_themes()[b.theme]));
      break;
    }
    default:
      m.pattern = R"(£\d{3,4}\s+)" + escape_regex(pick(rng, en_prizes()));
      m.flags = "[caseless]";
  }
  if (salt > 0) m.pattern += " " + std::to_string(100 + rng.below(900));
  m.description = "exact spelling";
  m.action = draw_action(rng, 40, 30);
  return m;
}

Made make_url(Rng& rng, unsigned salt) {
  Made m;
  const auto brand = pick(rng, brands()).word;
  const auto word = pick(rng, host_words());
  const auto tld = pick(rng, cheap_tlds());
  switch (rng.below(4)) {
    case 0: {
      const auto [a, b] = two_of(rng, cheap_tlds());
      m.pattern = "^[a-z0-9-]*" + std::string(brand) + "[a-z0-9-]*\\.(" + std::string(a) + "|" + std::string(b) + "|" +
                  std::string(tld) + ")$";
      m.description = "brand in a host under a cheap TLD";
      break;
    }
    case 1:
      m.pattern = "^" + std::string(brand) + "-" + std::string(word) + "\\." + std::string(tld) + "$";
      m.description = "known phishing domain";
      break;
    case 2:
      m.pattern = "^" + std::string(word) + "-" + std::string(brand) + "\\." + std::string(tld) + "$";
      m.description = "known phishing domain";
      break;
    default:
      m.pattern = "^" + std::string(brand) + std::string(word) + "\\." + std::string(tld) + "$";
      m.description = "known phishing domain";
  }
  if (salt > 0) {
    // A numbered domain of the same family.
    m.pattern = "^" + std::string(brand) + "-" + std::string(word) + std::to_string(rng.below(100000)) + "\\." +
                std::string(tld) + "$";
  }
  m.action = draw_action(rng, 60, 30);
  return m;
}

Made make_sender(Rng& rng, unsigned salt) {
  Made m;
  m.view = "raw";
  const Brand& brand = pick(rng, brands());
  switch (salt > 0 ? 1 : rng.below(3)) {
    case 0:
      m.pattern = "^" + escape_regex(brand.sender_id) + "[-_. ]?" + std::string(pick(rng, sender_suffixes())) + "$";
      m.flags = "[caseless]";
      m.ton = "[5]";
      m.description = "brand sender ID with a suffix";
      break;
    case 1: {
      std::string prefix = "66";
      prefix.push_back("89"[rng.below(2)]);
      rng.digits(prefix, 4);
      m.pattern = R"(^\+?)" + prefix + R"(\d{4}$)";
      m.ton = "[1]";
      m.description = "reported scam number range +" + prefix;
      break;
    }
    default:
      m.view = "normalized";
      m.pattern = "^" + std::string(brand.word) + R"([\s._-]*(th|thai|official|service|support)$)";
      m.description = "brand-like sender name";
  }
  m.action = draw_action(rng, 50, 40);
  return m;
}

// The YAML of a single-quoted scalar.
std::string yaml_quoted(std::string_view s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'') out += "''";
    else out += c;
  }
  out += "'";
  return out;
}

std::string set_file(std::string_view name, std::string_view extra, const std::vector<GenRule>& rules) {
  std::string y = "set: " + std::string(name) + "\nversion: bench-1\n" + std::string(extra) + "rules:\n";
  for (const GenRule& r : rules) {
    y += "  - id: " + r.id + "\n";
    if (r.field != "body") y += "    field: " + std::string(r.field) + "\n";
    if (r.view != "normalized") y += "    view: " + std::string(r.view) + "\n";
    y += "    pattern: " + yaml_quoted(r.pattern) + "\n";
    if (!r.flags.empty()) y += "    flags: " + std::string(r.flags) + "\n";
    if (!r.ton.empty()) y += "    ton: " + std::string(r.ton) + "\n";
    y += "    action: " + std::string(kActNames[static_cast<std::size_t>(r.action)]) + "\n";
    y += "    description: " + yaml_quoted(r.description) + "\n";
  }
  return y;
}

std::string registry_file() {
  std::string y =
      "sender_registry:\n"
      "  unauthorized: block\n"
      "  lookalike: block\n"
      "  unregistered_alphanumeric: monitor\n"
      "  relabel_to: Likely-SCAM\n"
      "  format: {action: tag, max_length: 11, allowed: \"A-Za-z0-9 .-_&\"}\n"
      "  generic: {action: tag, senders: [";
  bool first = true;
  for (const auto g : generic_senders()) {
    y += (first ? "" : ", ") + std::string(g);
    first = false;
  }
  y += "]}\n  senders:\n";
  for (const RegisteredSender& s : registered_senders())
    y += "    - {id: " + yaml_quoted(s.id) + ", accounts: [" + s.account + "]}\n";
  return y;
}

constexpr std::string_view kAccountsFile =
    "accounts:\n"
    "  default: {mode: enforce, on_error: open}\n"
    "  esme-promo: {mode: monitor}\n";

}  // namespace

std::string escape_regex(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (std::string_view(R"(\.^$|()[]{}*+?/)").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

const std::vector<RegisteredSender>& registered_senders() {
  static const std::vector<RegisteredSender> senders = [] {
    std::vector<RegisteredSender> v;
    for (const Brand& b : brands()) v.push_back({std::string(b.sender_id), std::string(b.account)});
    // Local businesses: 60 names, spread over the aggregator accounts.
    static constexpr std::array<std::string_view, 10> kHead{"SIAM", "BKK", "THAI", "CHAO", "RAMA",
                                                            "SUKHUM", "LANNA", "KORAT", "PHUKET", "CHIANG"};
    static constexpr std::array<std::string_view, 6> kTail{"MART", "CLINIC", "HOTEL", "CAFE", "AUTO", "TOUR"};
    std::size_t i = 0;
    for (const auto h : kHead)
      for (const auto t : kTail) {
        std::string id = std::string(h) + std::string(t);
        if (id.size() > 11) id.resize(11);
        v.push_back({id, i++ % 2 == 0 ? "esme-agg1" : "esme-agg2"});
      }
    return v;
  }();
  return senders;
}

RuleMix plan_rule_mix(std::size_t n) {
  RuleMix m;
  m.core = std::min(n, kCore.size());
  std::size_t rest = n - m.core;
  if (n >= 200) {
    m.allow = std::min(rest, kAllow.size());
    rest -= m.allow;
  }
  m.en_regex = rest * 22 / 100;
  m.th = rest * 14 / 100;
  m.squeezed = rest * 5 / 100;
  m.raw = rest * 6 / 100;
  m.url = rest * 9 / 100;
  m.sender = rest * 4 / 100;
  m.en_phrase = rest - m.en_regex - m.th - m.squeezed - m.raw - m.url - m.sender;
  return m;
}

GeneratedDirectory generate_rules(std::size_t n, std::uint64_t seed) {
  if (n > kMaxRules) throw std::invalid_argument("at most " + std::to_string(kMaxRules) + " rules");
  GeneratedDirectory out;
  out.mix = plan_rule_mix(n);
  if (n == 0) return out;

  Rng rng(seed);
  std::unordered_set<std::string> seen;  // field/view/pattern
  auto count = [&](const GenRule& r) {
    ++out.actions[static_cast<std::size_t>(r.action)];
    if (r.pattern.find(".{0,") != std::string::npos) ++out.bounded_repeats;
  };

  auto fixed = [&](std::span<const CoreRule> list, std::size_t k, std::string_view prefix) {
    std::vector<GenRule> rules;
    for (std::size_t i = 0; i < k; ++i) {
      const CoreRule& c = list[i];
      GenRule r;
      r.id = std::string(prefix) + "-" + std::to_string(i + 1);
      r.field = c.field;
      r.view = c.view;
      r.pattern = std::string(c.pattern);
      r.flags = c.flags;
      r.action = c.action;
      r.description = std::string(c.description);
      seen.insert(std::string(r.field) + "/" + std::string(r.view) + "/" + r.pattern);
      count(r);
      rules.push_back(std::move(r));
    }
    return rules;
  };

  auto generated = [&](std::size_t k, std::string_view prefix, std::string_view field,
                       const std::function<Made(Rng&, unsigned)>& make) {
    std::vector<GenRule> rules;
    for (std::size_t i = 0; i < k; ++i) {
      Made m;
      for (unsigned attempt = 0;; ++attempt) {
        m = make(rng, attempt < 40 ? 0 : attempt);
        if (seen.insert(std::string(field) + "/" + std::string(m.view) + "/" + m.pattern).second) break;
        if (attempt > 1000) throw std::logic_error("rule generator: cannot find a new " + std::string(prefix) + " rule");
      }
      GenRule r;
      r.id = std::string(prefix) + "-" + std::to_string(i + 1);
      r.field = field;
      r.view = m.view;
      r.pattern = std::move(m.pattern);
      r.flags = m.flags;
      r.ton = m.ton;
      r.action = m.action;
      r.description = std::move(m.description);
      count(r);
      rules.push_back(std::move(r));
    }
    return rules;
  };

  const RuleMix& mix = out.mix;
  out.files.emplace_back("00-registry.yaml", registry_file());
  out.files.emplace_back("01-accounts.yaml", std::string(kAccountsFile));
  out.registry_ids = registered_senders().size();
  auto add_set = [&](std::string name, std::string_view set, std::string_view extra, const std::vector<GenRule>& rules) {
    if (!rules.empty()) out.files.emplace_back(std::move(name), set_file(set, extra, rules));
  };
  // Each kind draws from its own stream, so changing one kind's count leaves the others' rules
  // (for the same seed) as they were.
  const std::uint64_t base = rng.next();
  auto stream = [&](std::uint64_t k) { rng = Rng(base ^ (k * 0x9E3779B97F4A7C15ull)); };
  add_set("10-core.yaml", "bench-core", "", fixed(kCore, mix.core, "CORE"));
  add_set("11-allow.yaml", "bench-allow", "", fixed(kAllow, mix.allow, "ALLOW"));
  stream(1);
  add_set("20-en-phrases.yaml", "bench-en-phrases", "", generated(mix.en_phrase, "EN-PH", "body", make_en_phrase));
  stream(2);
  add_set("21-en-regex.yaml", "bench-en-regex", "status: 0x45\n", generated(mix.en_regex, "EN-RX", "body", make_en_regex));
  stream(3);
  add_set("22-th.yaml", "bench-th", "tag: {mark: prefix, prefix: \"[SCAM?] \"}\n", generated(mix.th, "TH", "body", make_th));
  stream(4);
  add_set("23-squeezed.yaml", "bench-squeezed", "", generated(mix.squeezed, "SQ", "body", make_squeezed));
  stream(5);
  add_set("24-raw.yaml", "bench-raw", "", generated(mix.raw, "RAW", "body", make_raw));
  stream(6);
  add_set("25-url.yaml", "bench-url", "tag: {mark: tlv}\n", generated(mix.url, "URL", "url", make_url));
  stream(7);
  add_set("26-sender.yaml", "bench-sender", "", generated(mix.sender, "SND", "sender", make_sender));
  return out;
}

void write_directory(const GeneratedDirectory& generated, const std::filesystem::path& dir) {
  for (const auto& [name, content] : generated.files) {
    std::ofstream f(dir / name, std::ios::binary | std::ios::trunc);
    f << content;
    f.close();
    if (!f) throw std::runtime_error("cannot write " + (dir / name).string());
  }
}

}  // namespace smsfw::bench::classify
