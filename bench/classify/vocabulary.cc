#include "classify/vocabulary.h"

#include <array>

namespace smsfw::bench::classify {

namespace {

using namespace std::string_view_literals;

constexpr std::array kAccounts{"esme-bank"sv, "esme-logistics"sv, "esme-agg1"sv, "esme-agg2"sv, "esme-promo"sv};

constexpr std::array<Brand, 40> kBrands{{
    {"KBANK", "kbank", "KBank", "esme-bank"},
    {"SCB", "scb", "SCB", "esme-bank"},
    {"KRUNGSRI", "krungsri", "Krungsri", "esme-bank"},
    {"KTB", "krungthai", "Krungthai", "esme-bank"},
    {"BBL", "bangkokbank", "Bangkok Bank", "esme-bank"},
    {"TTB", "ttb", "ttb", "esme-bank"},
    {"GSB", "gsb", "GSB", "esme-bank"},
    {"BAAC", "baac", "BAAC", "esme-bank"},
    {"UOB", "uob", "UOB", "esme-bank"},
    {"CIMB", "cimb", "CIMB", "esme-bank"},
    {"KKP", "kkp", "KKP", "esme-bank"},
    {"LHBANK", "lhbank", "LH Bank", "esme-bank"},
    {"THAIPOST", "thaipost", "Thailand Post", "esme-logistics"},
    {"KERRY", "kerry", "Kerry Express", "esme-logistics"},
    {"FLASH", "flash", "Flash Express", "esme-logistics"},
    {"JTEXPRESS", "jtexpress", "J&T Express", "esme-logistics"},
    {"DHL", "dhl", "DHL", "esme-logistics"},
    {"FEDEX", "fedex", "FedEx", "esme-logistics"},
    {"NINJAVAN", "ninjavan", "Ninja Van", "esme-logistics"},
    {"LAZADA", "lazada", "Lazada", "esme-agg1"},
    {"SHOPEE", "shopee", "Shopee", "esme-agg1"},
    {"GRAB", "grab", "Grab", "esme-agg1"},
    {"LINEMAN", "lineman", "LINE MAN", "esme-agg1"},
    {"AIS", "ais", "AIS", "esme-agg1"},
    {"DTAC", "dtac", "dtac", "esme-agg1"},
    {"TRUEMOVE", "truemove", "TrueMove", "esme-agg1"},
    {"NT", "ntplc", "NT", "esme-agg1"},
    {"PEA", "pea", "PEA", "esme-agg2"},
    {"MEA", "mea", "MEA", "esme-agg2"},
    {"PWA", "pwa", "PWA", "esme-agg2"},
    {"RD-GO-TH", "rdgo", "Revenue Dept", "esme-agg2"},
    {"SSO", "sso", "SSO", "esme-agg2"},
    {"PAYPAL", "paypal", "PayPal", "esme-agg2"},
    {"NETFLIX", "netflix", "Netflix", "esme-agg2"},
    {"APPLE", "apple", "Apple", "esme-agg2"},
    {"AMAZON", "amazon", "Amazon", "esme-agg2"},
    {"MICROSOFT", "microsoft", "Microsoft", "esme-agg2"},
    {"FACEBOOK", "facebook", "Facebook", "esme-agg2"},
    {"TIKTOK", "tiktok", "TikTok", "esme-agg2"},
    {"AGODA", "agoda", "Agoda", "esme-agg2"},
}};

constexpr std::array kEnVerbs{
    "verify"sv, "confirm"sv, "update"sv, "validate"sv, "unlock"sv, "reactivate"sv, "restore"sv, "secure"sv,
    "claim"sv, "redeem"sv, "collect"sv, "activate"sv, "review"sv, "renew"sv, "settle"sv, "pay"sv,
    "release"sv, "reschedule"sv, "track"sv, "authorise"sv, "authorize"sv, "re-enter"sv, "complete"sv,
    "submit"sv, "check"sv,
};
constexpr std::array kEnObjects{
    "account"sv, "card"sv, "parcel"sv, "package"sv, "delivery"sv, "payment details"sv, "bank details"sv,
    "identity"sv, "password"sv, "pin"sv, "prize"sv, "reward"sv, "refund"sv, "voucher"sv, "bonus"sv,
    "cashback"sv, "points"sv, "subscription"sv, "loan"sv, "credit limit"sv, "tax refund"sv, "wallet"sv,
    "apple id"sv, "login"sv, "mobile number"sv, "sim"sv, "order"sv, "invoice"sv, "tracking number"sv,
    "membership"sv,
};
constexpr std::array kEnUrgency{
    "now"sv, "today"sv, "immediately"sv, "within 24 hours"sv, "within 24hrs"sv, "before midnight"sv,
    "to avoid suspension"sv, "to avoid closure"sv, "or it will be blocked"sv, "asap"sv, "urgently"sv,
    "before it expires"sv, "at the link below"sv, "via the link"sv, "here"sv,
};
constexpr std::array kEnEvents{
    "account suspended"sv, "account locked"sv, "account blocked"sv, "card blocked"sv, "unusual login"sv,
    "unusual activity"sv, "suspicious transaction"sv, "security alert"sv, "payment failed"sv,
    "delivery failed"sv, "parcel on hold"sv, "customs fee"sv, "refund pending"sv, "prize notification"sv,
    "points expire"sv, "verification required"sv, "kyc update"sv, "otp request"sv, "new device login"sv,
    "limit exceeded"sv, "address incomplete"sv, "final notice"sv,
};
constexpr std::array kEnPrizes{
    "cash prize"sv, "holiday"sv, "mobile phone"sv, "camcorder"sv, "ringtone"sv, "voucher"sv,
    "tenerife holiday"sv, "prize"sv, "award"sv, "bonus"sv, "nokia"sv, "video phone"sv, "shopping spree"sv,
    "weekly draw"sv, "free entry"sv, "gift card"sv, "iphone"sv, "cash"sv,
};
constexpr std::array kEnKeywords{
    "stop"sv, "win"sv, "yes"sv, "claim"sv, "prize"sv, "go"sv, "free"sv, "chat"sv, "nokia"sv, "poly"sv,
    "tone"sv, "music"sv, "date"sv, "cash"sv, "play"sv, "join"sv, "optout"sv, "help"sv,
};
constexpr std::array kEnRawHeads{
    "URGENT!"sv, "FreeMsg"sv, "WINNER!!"sv, "Congratulations!"sv, "IMPORTANT:"sv, "FINAL NOTICE"sv,
    "Dear Customer"sv, "Dear Valued Customer"sv, "ACTION REQUIRED"sv, "SECURITY ALERT"sv,
    "PRIVATE!"sv, "SIX chances"sv,
};

// Thai scam vocabulary, by theme.
constexpr std::array kThBank{
    "บัญชี"sv, "ถูกระงับ"sv, "ยืนยันตัวตน"sv, "ยืนยันบัญชี"sv, "อัปเดตข้อมูล"sv, "เข้าสู่ระบบผิดปกติ"sv,
    "ธุรกรรมต้องสงสัย"sv, "บัตรเครดิต"sv, "ปิดใช้งาน"sv, "ยอดเงินคืน"sv, "วงเงิน"sv, "ลงทะเบียนใหม่"sv,
};
constexpr std::array kThParcel{
    "พัสดุ"sv, "ตกค้าง"sv, "ค่าธรรมเนียม"sv, "ไม่สามารถจัดส่ง"sv, "ที่อยู่ไม่ครบถ้วน"sv, "ตีกลับ"sv,
    "พัสดุผิดกฎหมาย"sv, "เจ้าหน้าที่ตำรวจ"sv, "ศูนย์คัดแยก"sv,
};
constexpr std::array kThLoan{
    "เงินกู้"sv, "อนุมัติไว"sv, "ไม่เช็คเครดิตบูโร"sv, "ดอกเบี้ยต่ำ"sv, "สินเชื่อ"sv, "ไม่ต้องค้ำประกัน"sv,
    "เงินด่วน"sv, "ผ่อนสบาย"sv, "ทุกอาชีพ"sv,
};
constexpr std::array kThGambling{
    "สล็อต"sv, "แตกง่าย"sv, "เครดิตฟรี"sv, "บาคาร่า"sv, "เว็บตรง"sv, "คาสิโน"sv, "แทงบอล"sv, "ฝากถอน"sv,
    "โบนัส"sv, "ไม่ผ่านเอเย่นต์"sv,
};
constexpr std::array kThGov{
    "กรมสรรพากร"sv, "เงินคืนภาษี"sv, "ค่าไฟค้างชำระ"sv, "ตัดไฟ"sv, "เงินช่วยเหลือจากรัฐ"sv, "ประกันสังคม"sv,
    "รายได้วันละ"sv, "ทำที่บ้าน"sv, "คืนเงินสมทบ"sv,
};
constexpr std::array<std::span<const std::string_view>, 5> kThThemes{
    std::span<const std::string_view>(kThBank),    std::span<const std::string_view>(kThParcel),
    std::span<const std::string_view>(kThLoan),    std::span<const std::string_view>(kThGambling),
    std::span<const std::string_view>(kThGov),
};
constexpr std::array kThCommon{
    "กดรับ"sv, "คลิก"sv, "ด่วน"sv, "ทันที"sv, "ภายในวันนี้"sv, "แอดไลน์"sv, "ทักไลน์"sv, "ลิงก์"sv, "รางวัล"sv,
    "ยินดีด้วย"sv, "กรุณา"sv, "โปรด"sv,
};
constexpr std::array<ThaiBrand, 12> kThBrands{{
    {"กสิกร", 0}, {"ไทยพาณิชย์", 0}, {"กรุงไทย", 0}, {"กรุงศรี", 0}, {"ออมสิน", 0}, {"ธนาคาร", 0},
    {"ไปรษณีย์ไทย", 1}, {"เคอรี่", 1}, {"แฟลช", 1},
    {"การไฟฟ้า", 4}, {"กรมสรรพากร", 4}, {"ประกันสังคม", 4},
}};

constexpr std::array kHostWords{
    "secure"sv, "verify"sv, "login"sv, "th"sv, "support"sv, "service"sv, "update"sv, "online"sv,
    "thai"sv, "refund"sv, "rewards"sv, "id"sv, "help"sv, "care"sv, "app"sv, "pay"sv, "portal"sv,
    "auth"sv, "check"sv, "track"sv,
};
constexpr std::array kCheapTlds{
    "top"sv, "xyz"sv, "cc"sv, "vip"sv, "shop"sv, "online"sv, "icu"sv, "buzz"sv, "click"sv, "info"sv,
    "live"sv, "site"sv,
};

constexpr std::array kGenericSenders{"INFO"sv, "VERIFY"sv, "BANK"sv, "SMS"sv, "NOTICE"sv, "ALERT"sv};
constexpr std::array kSenderSuffixes{"SMS"sv, "TH"sv, "OTP"sv, "INFO"sv, "ALERT"sv, "CARE"sv, "VERIFY"sv, "PAY"sv};

}  // namespace

std::span<const Brand> brands() { return kBrands; }
std::span<const std::string_view> accounts() { return kAccounts; }
std::span<const std::string_view> en_verbs() { return kEnVerbs; }
std::span<const std::string_view> en_objects() { return kEnObjects; }
std::span<const std::string_view> en_urgency() { return kEnUrgency; }
std::span<const std::string_view> en_events() { return kEnEvents; }
std::span<const std::string_view> en_prizes() { return kEnPrizes; }
std::span<const std::string_view> en_keywords() { return kEnKeywords; }
std::span<const std::string_view> en_raw_heads() { return kEnRawHeads; }
std::span<const std::span<const std::string_view>> th_themes() { return kThThemes; }
std::span<const std::string_view> th_common() { return kThCommon; }
std::span<const ThaiBrand> th_brands() { return kThBrands; }
std::span<const std::string_view> host_words() { return kHostWords; }
std::span<const std::string_view> cheap_tlds() { return kCheapTlds; }
std::span<const std::string_view> generic_senders() { return kGenericSenders; }
std::span<const std::string_view> sender_suffixes() { return kSenderSuffixes; }

}  // namespace smsfw::bench::classify
