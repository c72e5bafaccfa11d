#include "classify/thai_messages.h"

#include <array>

#include "classify/rng.h"
#include "classify/vocabulary.h"

namespace smsfw::bench::classify {

namespace {

constexpr std::array<ThaiSentence, 44> kSentences{{
    // Bank impersonation.
    {"บัญชีของท่านถูกระงับชั่วคราว กรุณายืนยันตัวตนที่ {url}", 0},
    {"ธนาคารกสิกรไทยแจ้ง พบการเข้าสู่ระบบผิดปกติ โปรดอัปเดตข้อมูลภายใน 24 ชั่วโมง {url}", 0},
    {"แจ้งเตือน SCB: บัตรของท่านจะถูกปิดใช้งาน กรุณาติดต่อ {phone} ด่วน", 0},
    {"ท่านมียอดเงินคืน {amount} บาท กดรับได้ที่ {url}", 0},
    {"ระบบตรวจพบธุรกรรมต้องสงสัย กรุณายืนยันบัญชีทันที {url}", 0},
    {"กรุงไทย: วงเงินบัตรเครดิตของท่านได้รับการอนุมัติเพิ่ม ยืนยันสิทธิ์ {url}", 0},
    {"บัญชี K PLUS ของคุณจะหมดอายุวันนี้ ลงทะเบียนใหม่ที่ {url}", 0},
    // Parcels.
    {"พัสดุของท่านตกค้างที่ศูนย์คัดแยก กรุณาชำระค่าธรรมเนียม {amount} บาท {url}", 1},
    {"ไปรษณีย์ไทย: ไม่สามารถจัดส่งพัสดุได้เนื่องจากที่อยู่ไม่ครบถ้วน โปรดแก้ไขที่ {url}", 1},
    {"Kerry Express: พัสดุหมายเลข {track} รอการยืนยันที่อยู่ {url}", 1},
    {"Flash Express แจ้งพัสดุถูกตีกลับ ติดต่อเจ้าหน้าที่ {phone}", 1},
    {"มีพัสดุผิดกฎหมายส่งในชื่อของท่าน กรุณาติดต่อเจ้าหน้าที่ตำรวจ {phone}", 1},
    // Loans.
    {"เงินกู้ด่วน อนุมัติไว ไม่เช็คเครดิตบูโร ดอกเบี้ยต่ำ สมัครเลย {url}", 2},
    {"ยินดีด้วย ท่านได้รับอนุมัติสินเชื่อ {amount} บาท ทักไลน์ {line}", 2},
    {"กู้ได้ทุกอาชีพ ไม่ต้องค้ำประกัน รับเงินภายใน 1 ชั่วโมง โทร {phone}", 2},
    {"ต้องการเงินด่วน? วงเงินสูงสุด {amount} บาท ผ่อนสบาย {url}", 2},
    // Gambling and lotteries.
    {"สล็อตแตกง่าย ฝากถอนไม่มีขั้นต่ำ สมัครรับเครดิตฟรี 100 บาท {url}", 3},
    {"บาคาร่าออนไลน์ เว็บตรงไม่ผ่านเอเย่นต์ โบนัส 50% {url}", 3},
    {"คาสิโนออนไลน์อันดับ 1 แจกเครดิตฟรีทุกวัน แอดไลน์ {line}", 3},
    {"แทงบอลออนไลน์ ค่าน้ำดีที่สุด ถอนได้ไม่อั้น {url}", 3},
    {"ยินดีด้วย! คุณได้รับรางวัล {amount} บาท จากกิจกรรมลุ้นโชค กดรับที่ {url}", 3},
    // Government, utilities, jobs.
    {"กรมสรรพากร: ท่านได้รับเงินคืนภาษี {amount} บาท กรุณายืนยันข้อมูลที่ {url}", 4},
    {"การไฟฟ้าส่วนภูมิภาค: ค่าไฟค้างชำระ จะถูกตัดไฟภายในวันนี้ ชำระที่ {url}", 4},
    {"รับสมัครงานออนไลน์ ทำที่บ้าน รายได้วันละ {amount} บาท แอดไลน์ {line}", 4},
    {"ท่านได้รับสิทธิ์เงินช่วยเหลือจากรัฐ ลงทะเบียนภายในวันนี้ {url}", 4},
    {"ประกันสังคมแจ้งคืนเงินสมทบ กรุณากรอกข้อมูลบัญชีที่ {url}", 4},
    // Ordinary messages (some share the scams' vocabulary: bank notices, parcel tracking, bills).
    {"รหัส OTP ของคุณคือ {otp} ห้ามเปิดเผยรหัสนี้กับผู้อื่น (Ref: {ref})", -1},
    {"ยอดเงินเข้าบัญชี {amount} บาท คงเหลือ {amount} บาท", -1},
    {"ขอบคุณที่ใช้บริการ นัดหมายของท่านคือวันพรุ่งนี้ เวลา 10:30 น.", -1},
    {"แม่จะกลับบ้านประมาณหกโมงเย็น ซื้อกับข้าวไว้แล้ว", -1},
    {"พรุ่งนี้ประชุมเลื่อนเป็นบ่ายสองโมงนะครับ", -1},
    {"ถึงบ้านแล้วโทรหาหน่อยนะ", -1},
    {"พัสดุของคุณถูกจัดส่งเรียบร้อยแล้ว หมายเลขติดตาม {track}", -1},
    {"ร้านกาแฟเปิดใหม่หน้าปากซอย ไปลองกันไหม", -1},
    {"AIS: แพ็กเกจเน็ตของท่านจะหมดอายุในวันที่ 30 สมัครต่อกด *123#", -1},
    {"คุณหมอนัดตรวจสุขภาพประจำปีวันจันทร์ที่ 5 เวลา 9 โมงเช้า", -1},
    {"วันนี้ฝนตกหนัก รถติดมาก อาจจะไปช้าหน่อยนะ", -1},
    {"สุขสันต์วันเกิดนะเพื่อน ขอให้มีความสุขมากๆ", -1},
    {"ค่าน้ำประปาเดือนนี้ {amount} บาท ครบกำหนดชำระวันที่ 15", -1},
    {"ลูกสอบผ่านแล้วนะ ดีใจมากเลย", -1},
    {"เย็นนี้กินข้าวที่ไหนดี", -1},
    {"โปรโมชั่นพิเศษ ลด 20% ทุกเมนูที่สาขาสยาม ถึงสิ้นเดือนนี้", -1},
    {"ใบเสร็จค่าโทรศัพท์เดือนนี้ส่งไปทางอีเมลแล้ว", -1},
    {"อย่าลืมเอาร่มไปด้วยนะ", -1},
}};

void append_alnum(Rng& rng, std::string& out, std::size_t n) {
  static constexpr std::string_view kChars = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  for (std::size_t i = 0; i < n; ++i) out.push_back(kChars[rng.below(kChars.size())]);
}

std::string make_url(Rng& rng) {
  const std::string brand(rng.pick(brands()).word);
  const std::string word(rng.pick(host_words()));
  const std::string tld(rng.pick(cheap_tlds()));
  std::string u;
  switch (rng.below(6)) {
    case 0: u = "https://" + brand + "-" + word + "." + tld + "/"; append_alnum(rng, u, 5); break;
    case 1: u = brand + "-" + word + "." + tld; break;
    case 2: u = "bit.ly/"; append_alnum(rng, u, 7); break;
    case 3: u = "https://" + word + "-" + brand + "." + tld + "/th"; break;
    case 4: u = "www." + brand + word + "." + tld + "/login"; break;
    default: u = "https://" + brand + "-th.com/"; append_alnum(rng, u, 6);
  }
  return u;
}

std::string make_amount(Rng& rng) {
  static constexpr std::array<std::string_view, 10> kAmounts{"500", "1,500", "2,999", "5,000", "9,800",
                                                              "12,500", "25,000", "50,000", "100,000", "300,000"};
  return std::string(kAmounts[rng.below(kAmounts.size())]);
}

std::string fill(std::string_view pattern, Rng& rng) {
  std::string out;
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] != '{') {
      out.push_back(pattern[i++]);
      continue;
    }
    const std::size_t close = pattern.find('}', i);
    const std::string_view name = pattern.substr(i + 1, close - i - 1);
    i = close + 1;
    if (name == "url") {
      out += make_url(rng);
    } else if (name == "phone") {
      out += "0";
      out.push_back("689"[rng.below(3)]);
      rng.digits(out, 1);
      out += "-";
      rng.digits(out, 3);
      out += "-";
      rng.digits(out, 4);
    } else if (name == "amount") {
      out += make_amount(rng);
    } else if (name == "track") {
      out += rng.chance(50) ? "EF" : "KEX";
      rng.digits(out, 9);
      out += "TH";
    } else if (name == "line") {
      out += "@";
      append_alnum(rng, out, 6);
    } else if (name == "otp") {
      rng.digits(out, 6);
    } else if (name == "ref") {
      for (int k = 0; k < 4; ++k) out.push_back(static_cast<char>('A' + rng.below(26)));
    } else {
      out += name;  // unknown placeholder: kept as its name (never happens with kSentences)
    }
  }
  return out;
}

const ThaiSentence& pick_sentence(Rng& rng, int theme) {
  // theme >= 0: a scam of that theme; -1: ordinary; -2: any scam.
  for (;;) {
    const ThaiSentence& s = kSentences[rng.below(kSentences.size())];
    if (theme == -2 ? s.theme >= 0 : s.theme == theme) return s;
  }
}

}  // namespace

std::span<const ThaiSentence> thai_sentences() { return kSentences; }

std::size_t utf16_units(std::string_view utf8) {
  std::size_t n = 0;
  for (const char c : utf8) {
    const auto b = static_cast<unsigned char>(c);
    if ((b & 0xC0) != 0x80) n += b >= 0xF0 ? 2 : 1;  // a lead byte (or ASCII); 4-byte: a pair
  }
  return n;
}

std::vector<ThaiMessage> generate_thai_messages(std::size_t count, std::uint64_t seed) {
  Rng rng(seed ^ 0x7468616900000000ull);  // "thai"
  std::vector<ThaiMessage> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    ThaiMessage m;
    m.label = rng.chance(40) ? Label::spam : Label::ham;
    const ThaiSentence& first = pick_sentence(rng, m.label == Label::spam ? -2 : -1);
    m.text = fill(first.text, rng);
    if (rng.chance(50)) {
      const int theme = m.label == Label::ham ? -1 : (rng.chance(50) ? first.theme : -2);
      std::string second = fill(pick_sentence(rng, theme).text, rng);
      if (utf16_units(m.text) + 1 + utf16_units(second) <= kMaxThaiUnits) m.text += " " + second;
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace smsfw::bench::classify
