'use strict';
// Byte-level SMPP 3.4 helpers for the filter tests, written from the specification and
// independent of both node-smpp and smsfw: parse / encode the PDUs that carry a message
// (submit_sm, deliver_sm, data_sm), walk TLVs, and encode text the way an ESME does
// (GSM 03.38 7-bit unpacked with the extension table, UCS-2 big-endian).
//
// Tests compare what the SMSC received with what the ESME sent by parsing both and by
// re-encoding the expected PDU: every octet the proxy should not touch is then checked.

const CMD = {
  generic_nack: 0x80000000,
  submit_sm: 0x00000004, submit_sm_resp: 0x80000004,
  deliver_sm: 0x00000005, deliver_sm_resp: 0x80000005,
  data_sm: 0x00000103, data_sm_resp: 0x80000103,
  submit_multi: 0x00000021, submit_multi_resp: 0x80000021,
};

// submit_sm / deliver_sm share one body layout (SMPP 3.4 4.4.1 / 4.6.1); data_sm is shorter;
// submit_multi (4.5.1) has a list of destinations (m.dests: {ton, npi, addr} or {dl_name})
// instead of one destination_addr.
function readCString(buf, off, what) {
  const end = buf.indexOf(0, off);
  if (end < 0) throw new Error(`unterminated C-Octet String ${what} at offset ${off}`);
  return [buf.toString('latin1', off, end), end + 1];
}

function parseTlvs(buf, off) {
  const tlvs = [];
  while (off < buf.length) {
    if (off + 4 > buf.length) throw new Error(`truncated TLV header at offset ${off}`);
    const tag = buf.readUInt16BE(off);
    const len = buf.readUInt16BE(off + 2);
    if (off + 4 + len > buf.length) throw new Error(`TLV 0x${tag.toString(16)} overruns the PDU`);
    tlvs.push({ tag, value: Buffer.from(buf.subarray(off + 4, off + 4 + len)) });
    off += 4 + len;
  }
  return tlvs;
}

// Parses a complete submit_sm / deliver_sm / data_sm / submit_multi frame.
function parseMessage(raw) {
  const buf = Buffer.from(raw);
  if (buf.length < 16) throw new Error('PDU shorter than its header');
  const m = {
    command_length: buf.readUInt32BE(0), command_id: buf.readUInt32BE(4),
    command_status: buf.readUInt32BE(8), sequence_number: buf.readUInt32BE(12),
  };
  if (m.command_length !== buf.length) throw new Error(`command_length ${m.command_length} != ${buf.length} octets`);
  let off = 16;
  [m.service_type, off] = readCString(buf, off, 'service_type');
  const addr = (what) => {
    const ton = buf[off]; const npi = buf[off + 1];
    let a; [a, off] = readCString(buf, off + 2, what);
    return { ton, npi, addr: a };
  };
  m.source = addr('source_addr');
  if (m.command_id === CMD.submit_multi) {
    const n = buf[off++];
    m.dests = [];
    for (let i = 0; i < n; i++) {
      const flag = buf[off++];
      if (flag === 1) m.dests.push(addr('dest_address'));
      else if (flag === 2) { let dl; [dl, off] = readCString(buf, off, 'dl_name'); m.dests.push({ dl_name: dl }); }
      else throw new Error(`dest_flag ${flag} at offset ${off - 1}`);
    }
  } else {
    m.dest = addr('destination_addr');
  }
  m.esm_class = buf[off++];
  if (m.command_id === CMD.data_sm) {
    m.registered_delivery = buf[off++];
    m.data_coding = buf[off++];
    m.tlvs = parseTlvs(buf, off);
    return m;
  }
  m.protocol_id = buf[off++];
  m.priority_flag = buf[off++];
  [m.schedule_delivery_time, off] = readCString(buf, off, 'schedule_delivery_time');
  [m.validity_period, off] = readCString(buf, off, 'validity_period');
  m.registered_delivery = buf[off++];
  m.replace_if_present_flag = buf[off++];
  m.data_coding = buf[off++];
  m.sm_default_msg_id = buf[off++];
  const smLength = buf[off++];
  if (off + smLength > buf.length) throw new Error('short_message overruns the PDU');
  m.short_message = Buffer.from(buf.subarray(off, off + smLength));
  off += smLength;
  m.tlvs = parseTlvs(buf, off);
  return m;
}

// Encodes the structure parseMessage returns (command_length computed).
function encodeMessage(m) {
  const parts = [];
  const u8 = (v) => parts.push(Buffer.from([v & 0xff]));
  const cstr = (s) => parts.push(Buffer.from(`${s}\0`, 'latin1'));
  const head = Buffer.alloc(16);
  head.writeUInt32BE(m.command_id, 4);
  head.writeUInt32BE(m.command_status || 0, 8);
  head.writeUInt32BE(m.sequence_number >>> 0, 12);
  parts.push(head);
  cstr(m.service_type || '');
  const address = (a) => { u8(a.ton); u8(a.npi); cstr(a.addr); };
  address(m.source);
  if (m.command_id === CMD.submit_multi) {
    u8(m.dests.length);
    for (const d of m.dests) {
      if ('dl_name' in d) { u8(2); cstr(d.dl_name); } else { u8(1); address(d); }
    }
  } else {
    address(m.dest);
  }
  u8(m.esm_class);
  if (m.command_id === CMD.data_sm) {
    u8(m.registered_delivery); u8(m.data_coding);
  } else {
    u8(m.protocol_id); u8(m.priority_flag);
    cstr(m.schedule_delivery_time || ''); cstr(m.validity_period || '');
    u8(m.registered_delivery); u8(m.replace_if_present_flag); u8(m.data_coding); u8(m.sm_default_msg_id);
    if (m.short_message.length > 254) throw new Error('short_message longer than 254 octets');
    u8(m.short_message.length);
    parts.push(m.short_message);
  }
  for (const t of m.tlvs || []) {
    const h = Buffer.alloc(4);
    h.writeUInt16BE(t.tag, 0); h.writeUInt16BE(t.value.length, 2);
    parts.push(h, t.value);
  }
  const out = Buffer.concat(parts);
  out.writeUInt32BE(out.length, 0);
  return out;
}

function findTlv(m, tag) {
  const t = m.tlvs.find((x) => x.tag === tag);
  return t ? t.value : null;
}

// Header and body of any response frame: {command_id, command_status, sequence_number, body}.
function parseHeader(raw) {
  return {
    command_length: raw.readUInt32BE(0), command_id: raw.readUInt32BE(4),
    command_status: raw.readUInt32BE(8), sequence_number: raw.readUInt32BE(12),
    body: Buffer.from(raw.subarray(16)),
  };
}

// ---------------------------------------------------------------------------------------------
// Text encodings as an ESME produces them.

// GSM 03.38 default alphabet (index = septet) and the extension table (after ESC 0x1B).
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXT = { '\f': 0x0a, '^': 0x14, '{': 0x28, '}': 0x29, '\\': 0x2f, '[': 0x3c, '~': 0x3d, ']': 0x3e, '|': 0x40, '€': 0x65 };

// Unpacked GSM 7-bit (one septet per octet), or null when a character has no GSM code.
function gsm7(text) {
  const out = [];
  for (const ch of text) {
    const i = ch === '\x1b' ? -1 : GSM_BASIC.indexOf(ch);
    if (i >= 0) out.push(i);
    else if (ch in GSM_EXT) out.push(0x1b, GSM_EXT[ch]);
    else return null;
  }
  return Buffer.from(out);
}

function ucs2(text) {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) { be[i] = le[i + 1]; be[i + 1] = le[i]; }
  return be;
}

module.exports = { CMD, parseMessage, encodeMessage, findTlv, parseHeader, gsm7, ucs2 };
