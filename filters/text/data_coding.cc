#include "text/data_coding.h"

#include <array>

#include "text/gsm7.h"
#include "text/utf16.h"

namespace smsfw::filters::text {

namespace {

constexpr DataCodingInfo classify(std::uint8_t dc) {
  DataCodingInfo info;
  info.value = dc;
  if (dc >= 0xF0) {
    info.group = CodingGroup::message_class;
    info.coding = (dc & 0x04) ? Coding::binary : Coding::gsm7;
    info.message_class = static_cast<std::int8_t>(dc & 0x03);
    return info;
  }
  if (dc >= 0xC0) {
    info.group = CodingGroup::mwi;
    info.coding = dc >= 0xE0 ? Coding::ucs2 : Coding::gsm7;
    return info;
  }
  switch (dc) {
    case 0x00: info.coding = Coding::smsc_default; break;
    case 0x01: info.coding = Coding::ia5; break;
    case 0x02:
    case 0x04: info.coding = Coding::binary; break;
    case 0x03: info.coding = Coding::latin1; break;
    case 0x05: info.coding = Coding::jis; break;
    case 0x06: info.coding = Coding::cyrillic; break;
    case 0x07: info.coding = Coding::hebrew; break;
    case 0x08: info.coding = Coding::ucs2; break;
    case 0x09: info.coding = Coding::pictogram; break;
    case 0x0A: info.coding = Coding::iso2022jp; break;
    case 0x0D: info.coding = Coding::kanji; break;
    case 0x0E: info.coding = Coding::ksc5601; break;
    default: info.coding = Coding::reserved; break;
  }
  return info;
}

// All 256 values, classified once (decode() looks its value up per message).
constexpr std::array<DataCodingInfo, 256> kDataCodings = [] {
  std::array<DataCodingInfo, 256> t{};
  for (unsigned dc = 0; dc < 256; ++dc) t[dc] = classify(static_cast<std::uint8_t>(dc));
  return t;
}();

}  // namespace

DataCodingInfo classify_data_coding(std::uint8_t dc) { return kDataCodings[dc]; }

TextDecodeResult decode(std::uint8_t data_coding, std::span<const std::uint8_t> bytes,
                        SmscDefault account_default, std::string& out,
                        const DecodeOptions& options) {
  TextDecodeResult r;
  r.info = classify_data_coding(data_coding);
  const auto gsm7 = [&] {
    return account_default == SmscDefault::gsm7_packed
               ? decode_gsm7_packed(bytes, options.gsm7_fill_bits, out)
               : decode_gsm7_unpacked(bytes, out);
  };
  switch (r.info.coding) {
    case Coding::smsc_default:
      switch (account_default) {
        case SmscDefault::gsm7_unpacked:
        case SmscDefault::gsm7_packed: r.counts = gsm7(); break;
        case SmscDefault::latin1: r.counts = decode_latin1(bytes, out, options.latin1); break;
        case SmscDefault::ascii: r.counts = decode_ia5(bytes, out); break;
      }
      break;
    case Coding::gsm7: r.counts = gsm7(); break;
    case Coding::ia5: r.counts = decode_ia5(bytes, out); break;
    case Coding::latin1: r.counts = decode_latin1(bytes, out, options.latin1); break;
    case Coding::cyrillic: r.counts = decode_iso8859_5(bytes, out); break;
    case Coding::hebrew: r.counts = decode_iso8859_8(bytes, out); break;
    case Coding::ucs2: r.counts = decode_utf16be(bytes, out); break;
    case Coding::binary: r.status = DecodeStatus::not_text; break;
    case Coding::jis:
    case Coding::pictogram:
    case Coding::iso2022jp:
    case Coding::kanji:
    case Coding::ksc5601:
    case Coding::reserved: r.status = DecodeStatus::unsupported; break;
  }
  return r;
}

}  // namespace smsfw::filters::text
