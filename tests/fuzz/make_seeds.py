#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/<name>).

The seeds are committed; rerun this only to change them (it rewrites every file it names and
leaves other files, e.g. inputs added from findings, alone). Each seed follows its target's input
layout, described at the top of the target's .cc file."""

import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---- SMPP PDUs --------------------------------------------------------------------------
def c(s):
    return (s.encode() if isinstance(s, str) else s) + b"\0"


def pdu(cmd, seq, body=b"", status=0):
    return struct.pack(">IIII", 16 + len(body), cmd, status, seq) + body


def tlv(tag, value):
    return struct.pack(">HH", tag, len(value)) + value


def message_body(src, dst, sm, esm=0, dc=0, tlvs=b"", reg=1):
    return (c("") + bytes([5, 0]) + c(src) + bytes([1, 1]) + c(dst) + bytes([esm, 0, 0]) + c("") + c("")
            + bytes([reg, 0, dc, 0, len(sm)]) + sm + tlvs)


THAI = "สวัสดีครับ ยืนยันตัวตน".encode("utf-16-be")
UDH = bytes([5, 0, 3, 0x2A, 2, 1])

bind_tx = pdu(0x02, 1, c("esme1") + c("secret") + c("") + bytes([0x34, 0, 0]) + c(""))
bind_trx = pdu(0x09, 2, c("kbank-a2p") + c("pw") + c("SMPP") + bytes([0x34, 1, 1]) + c("^66"))
submit = pdu(0x04, 3, message_body("KBANK", "66812345678", b"Your OTP is 123456"))
submit_udh = pdu(0x04, 4, message_body("KBANK", "66812345678", UDH + THAI, esm=0x40, dc=8))
sar = tlv(0x020C, b"\x12\x34") + tlv(0x020E, b"\x03") + tlv(0x020F, b"\x01")
submit_sar = pdu(0x04, 5, message_body("ThailandPost", "66898765432", b"Parcel held, pay fee at thaipost-th.com", tlvs=sar))
receipt = pdu(0x05, 6, message_body("66812345678", "KBANK",
                                     b"id:1A2B3C sub:001 dlvrd:001 submit date:2611300101 done date:2611300102 stat:DELIVRD err:000 text:Your",
                                     esm=0x04, reg=0, tlvs=tlv(0x001E, c("1A2B3C")) + tlv(0x0427, b"\x02")))
payload = pdu(0x04, 7, message_body("INFO", "66811111111", b"", dc=8, tlvs=tlv(0x0424, THAI) + tlv(0x1401, b"vendor")))
data_sm = pdu(0x103, 8, c("") + bytes([5, 0]) + c("BANK") + bytes([1, 1]) + c("66822222222") + bytes([0, 0, 0])
              + tlv(0x0424, b"verify your account at hxxps://bit[.]ly/x"))
dests = bytes([2]) + bytes([1, 1, 1]) + c("66833333333") + bytes([2]) + c("staff-list")
multi = pdu(0x21, 9, c("") + bytes([5, 0]) + c("ALERT") + dests + bytes([0, 0, 0]) + c("") + c("")
            + bytes([0, 0, 0, 0, 5]) + b"hello")
enquire = pdu(0x15, 10)
nack = pdu(0x80000000, 11, status=3)
resp = pdu(0x80000004, 12, c("msg-0001"))

# smpp_frame: [max length selector][edit flags][edit value] + stream.
write("smpp_frame", "bind_transmitter", bytes([6, 0, 0]) + bind_tx)
write("smpp_frame", "bind_transceiver_then_submit", bytes([6, 1, 5]) + bind_trx + submit)
write("smpp_frame", "submit_sm_udh_ucs2_thai", bytes([6, 2 | 4, 6]) + submit_udh)
write("smpp_frame", "submit_sm_sar_tlvs", bytes([6, 16, 3]) + submit_sar)
write("smpp_frame", "deliver_sm_receipt_tlvs", bytes([6, 1, 9]) + receipt)
write("smpp_frame", "submit_sm_message_payload", bytes([6, 2 | 16, 7]) + payload)
write("smpp_frame", "data_sm_payload", bytes([6, 8 | 2, 0x35]) + data_sm)
write("smpp_frame", "submit_multi", bytes([6, 1 | 2, 4]) + multi)
write("smpp_frame", "stream_enquire_nack_resp", bytes([5, 0, 0]) + enquire + nack + resp + enquire[:9])
write("smpp_frame", "oversized_length", bytes([3, 0, 0]) + struct.pack(">I", 5000) + submit[4:])
write("smpp_frame", "small_max_rewrite", bytes([6, 64 | 32 | 2, 20]) + submit)

# ---- smpp34_codec: FuzzedDataProvider bytes (strings from the front, integers from the back) ----
write("smpp34_codec", "bind_resp_long_system_id", b"\x00" + b"a-system-id-longer-than-sixteen\\" + b"\x00\x00\x00\x01\x00\x00\x00\x07\x00\x00\x00\x00")
write("smpp34_codec", "vendor_status", b"\x20\x00\x00\x04\x80\x00\x00\x00\x44\x03\x00\x00\x00\x00\x00\x00")
write("smpp34_codec", "cache_mixed", bytes(range(0, 96)))
write("smpp34_codec", "nack_unbind", b"\x01\x02\x03\x00\x00\x00\x00\x05\xff\xff\xff\xff\x21\x22\x00\x00\x00\x00")

# ---- udh_concat: [SAR flags] + SAR values + body ----
write("udh_concat", "concat8", b"\x00" + UDH + b"hello")
write("udh_concat", "concat16", b"\x00" + bytes([6, 8, 4, 0x12, 0x34, 3, 1]) + THAI[:20])
write("udh_concat", "ports16_and_shift", b"\x00" + bytes([10, 5, 4, 0x0B, 0x84, 0x23, 0xF0, 0x24, 1, 0x0D, 0x25]) + b"x")
write("udh_concat", "two_concat_ies", b"\x00" + bytes([10, 0, 3, 1, 2, 1, 0, 3, 2, 2, 2]))
write("udh_concat", "sar_all_three", b"\x07\x12\x34\x03\x02" + b"text")
write("udh_concat", "sar_bad_length", b"\x0f\x12\x34\x56\x03\x02")
write("udh_concat", "udhl_zero", b"\x00\x00abc")
write("udh_concat", "truncated_ie", b"\x00\x05\x00\x03\x2a")

# ---- text_decode: [data_coding][options][septets] + payload ----
GSM = bytes([0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x20, 0x00, 0x01, 0x02, 0x1B, 0x65, 0x1B, 0x28, 0x1B, 0x29, 0x1B])


def pack7(septets, fill=0):
    bits, n, out = 0, fill, bytearray()
    for s in septets:
        bits |= s << n
        n += 7
        while n >= 8:
            out.append(bits & 0xFF)
            bits >>= 8
            n -= 8
    if n:
        out.append(bits & 0xFF)
    return bytes(out)


write("text_decode", "gsm7_unpacked_escapes", bytes([0x00, 0, 0]) + GSM)
write("text_decode", "gsm7_packed", bytes([0x00, 1, 11]) + pack7(b"hello world"))
write("text_decode", "gsm7_packed_fill_after_udh", bytes([0xF0, 1 | (1 << 2), 153]) + pack7(b"Your parcel", 1))
write("text_decode", "ucs2_thai", bytes([0x08, 0, 0]) + THAI)
write("text_decode", "utf16_surrogates", bytes([0x08, 0, 0]) + "เงิน 💰 ok".encode("utf-16-be") + b"\xd8\x3d\x00")
write("text_decode", "latin1", bytes([0x03, 2, 0]) + "café Ünïcode".encode("latin-1"))
write("text_decode", "cp1252", bytes([0x03, 0x20, 0]) + b"\x80 \x93quoted\x94 \x81\x8d")
write("text_decode", "ia5", bytes([0x01, 3, 0]) + b"ASCII text\x7f\x80")
write("text_decode", "cyrillic", bytes([0x06, 0, 0]) + "Привет".encode("iso8859-5"))
write("text_decode", "hebrew", bytes([0x07, 0, 0]) + "שלום".encode("iso8859-8") + b"\xff")
write("text_decode", "mwi_ucs2", bytes([0xE1, 0, 0]) + THAI[:8])
write("text_decode", "binary_and_reserved", bytes([0xF4, 0, 0]) + b"\x00\x01\x02")

# ---- normalize / url_extract: UTF-8 texts ----
texts = {
    "thai_zwsp_sara_am": "ยืนยัน\u200bตัวตน ทํา น้ำ สำนักงาน",
    "fullwidth": "ｖｅｒｉｆｙ ｙｏｕｒ ａｃｃｏｕｎｔ",
    "cyrillic_lookalikes": "КВАNК: вход в аккаунт",
    "spaced_letters": "v.e.r.i.f.y  k b a n k 0-8-1-2",
    "math_bold_greek": "𝐯𝐞𝐫𝐢𝐟𝐲 ΡayPal Σ ς İstanbul ß",
    "combining_marks": "a\u0301\u0327 t\u0308 e\u0301\u0300",
    "ill_formed": "ok\xff\xfe\xc0\x80\xed\xa0\x80 end",
    "bidi_invisibles": "\u202eabc\u2066x\u00adt\ufeff",
}
for name, t in texts.items():
    write("normalize", name, t.encode("utf-8", "surrogateescape") if "\xff" not in t else t.encode("latin-1"))

urls = {
    "scheme": "แจ้งเตือน https://kbank-secure.top/verify?id=1 ด่วน",
    "obfuscated": "go hxxps://bit[.]ly/3abc or kbank(dot)com/login or x{.}co.th",
    "no_scheme": "see www.thaipost-th.com and bit.ly/x, report.zip",
    "ipv4": "login at 1.2.3.4/login or http://10.0.0.1:8080/a; version 1.2.3.4",
    "email_and_decimals": "mail name@bank.com at 10.30 a.m. e.g. photo.jpg 3.50",
    "fullwidth_dots": "kbank\u3002com/x kbank\uff0ecom shop\uff61co\uff61th",
    "punycode_trailing": "visit xn--12c1fe0br.xn--o3cw4h/path). (http://a.b.co.uk/!)",
}
for name, t in urls.items():
    write("url_extract", name, t.encode())

# ---- pattern_loader: files separated by NUL, in the order rules.yaml, accounts.yaml,
# registry.yaml, campaign.yaml, shorteners.txt, more.yml ----
rules = """set: th-bank
version: 1
rules:
  - id: TH-1
    pattern: 'ยืนยันตัวตน'
    action: block
    description: Thai identity verification lure
    example: "กรุณายืนยันตัวตน"
  - id: EN-1
    field: body
    view: squeezed
    pattern: 'verify\\s*your\\s*account'
    action: tag
    description: verify lure
lists:
  - id: SHORT-1
    file: shorteners.txt
    field: url
    match: domain
    action: tag
    description: shortener
"""
accounts = "accounts:\n  default: {mode: monitor, sets: [th-bank]}\n  kbank-a2p: {mode: enforce, data_coding_0: gsm7-packed}\n"
registry = "sender_registry:\n  unauthorized: block\n  generic: {action: tag, senders: [INFO, VERIFY]}\n  senders:\n    - id: KBANK\n      accounts: [kbank-a2p]\n"
campaign = "campaign:\n  id: CAMPAIGN-BULK\n  action: monitor\n  threshold: 100\n  window_minutes: 60\n  min_shingles: 20\n  description: bulk\n"
lst = "# shorteners\nbit.ly\ntinyurl.com\n"
write("pattern_loader", "full_directory", "\0".join([rules, accounts, registry, campaign, lst]).encode())
write("pattern_loader", "rules_only", rules.split("lists:")[0].encode())
write("pattern_loader", "errors", b"set: s\nversion: 1\nrules:\n  - {id: X, pattern: '(', action: drop}\n\0accounts: 3\n")
write("pattern_loader", "flow_entry_document", b",")  # yaml-cpp LoadAll endless loop (fixed in the loader)
