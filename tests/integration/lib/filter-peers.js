'use strict';
// Helpers for the filter tests (t08-t12): an ESME wrapper that keeps the exact bytes of every
// request it sends and counts the responses per sequence number, and a recorder of what a
// NodeSmsc received. Everything is compared at the byte level with lib/smpp-raw.js.

const { smpp, PDU, TestFailure, fail, check, checkEq, sleep, waitUntil } = require('./harness');
const raw = require('./smpp-raw');

// A second vendor TLV (the default tag of the `tlv` mark), so node-smpp can send and decode it.
const TAG_TLV = 0x1400;
smpp.addTLV('vendor_1400', { id: TAG_TLV, type: smpp.types.tlv.buffer });

// Wraps a node-smpp session (an ESME's, or the SMSC side of one for MO traffic). Requests get
// sequence numbers base, base+1, ...
class Esme {
  // answer: false leaves incoming requests to someone else (the SMSC side of a NodeSmsc).
  constructor(session, name, seqBase, { answer = true } = {}) {
    this.s = session;
    this.name = name;
    this.nextSeq = seqBase;
    this.sent = new Map();        // seq -> {command, raw}
    this.responses = new Map();   // seq -> [pdu, ...]
    this.stray = [];              // responses to nothing we sent
    this.delivers = [];           // deliver_sm / data_sm received (answered with status 0)
    session.on('pdu', (p) => {
      if (p.isResponse()) {
        if (!this.sent.has(p.sequence_number)) { this.stray.push(p); return; }
        const list = this.responses.get(p.sequence_number) || [];
        list.push(p);
        this.responses.set(p.sequence_number, list);
      } else if (!answer) {
        // someone else answers
      } else if (p.command === 'deliver_sm' || p.command === 'data_sm') {
        this.delivers.push(p);
        session.send(p.response({ message_id: '' }));
      } else if (p.command === 'enquire_link') {
        session.send(p.response());
      }
    });
  }

  async bind(command, systemId, password = 'pw') {
    const r = await this.send(command, { system_id: systemId, password, system_type: 'itest' });
    checkEq(r.resp.command_status, 0, `${this.name}: ${command} as ${systemId} status`);
    return r.resp;
  }

  // How many requests of these commands were sent.
  sentCount(...commands) {
    let n = 0;
    for (const { command } of this.sent.values()) if (commands.includes(command)) n++;
    return n;
  }

  // Sends one request built by node-smpp from params. Resolves {seq, raw, resp}; resp._raw
  // holds the response's bytes.
  send(command, params, ms = 10000) {
    const pdu = new PDU(command, params);
    pdu.sequence_number = this.nextSeq++;
    const bytes = pdu.toBuffer();
    this.sent.set(pdu.sequence_number, { command, raw: bytes });
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new TestFailure(
        `${this.name}: no response to ${command} seq ${pdu.sequence_number} within ${ms} ms`)), ms);
      const ok = this.s.send(pdu, (resp) => { clearTimeout(t); resolve({ seq: pdu.sequence_number, raw: bytes, resp }); });
      if (!ok) { clearTimeout(t); reject(new TestFailure(`${this.name}: cannot send ${command}: socket not writable`)); }
    });
  }

  // A submit_sm with sensible defaults; `p` overrides (short_message as a Buffer).
  submit(p) {
    return this.send('submit_sm', {
      source_addr_ton: 1, source_addr_npi: 1, source_addr: '66811112222',
      dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '66899990000',
      registered_delivery: 1, data_coding: 0, ...p,
    });
  }

  // Every request answered exactly once, and no response to anything else.
  checkOneResponseEach() {
    check(this.stray.length === 0, `${this.name}: responses to requests never sent: ` +
      this.stray.map((p) => `${p.command} seq ${p.sequence_number}`).join(', '));
    for (const [seq, { command }] of this.sent) {
      const n = (this.responses.get(seq) || []).length;
      if (n !== 1) fail(`${this.name}: ${command} seq ${seq} got ${n} responses (expected exactly 1)`);
    }
    return this.sent.size;
  }

  receiptsFor(messageId) {
    return this.delivers.filter((d) => (d.esm_class & 0x3c) === 0x04 && d.receipted_message_id === messageId);
  }
}

// Records the raw bytes of every request a NodeSmsc receives; bySeq indexes the messages
// (submit_sm, data_sm, submit_multi) by sequence number.
class SmscRecorder {
  constructor(smsc) {
    this.bySeq = new Map();   // seq -> [{command, raw, system_id}]
    this.all = [];
    smsc.on('pdu', (session, pdu) => {
      if (pdu.isResponse() && pdu.command !== 'deliver_sm_resp') return;
      const e = { command: pdu.command, raw: pdu._raw, seq: pdu.sequence_number, pdu,
        system_id: session.bound ? session.bound.system_id : null };
      this.all.push(e);
      if (pdu.command === 'submit_sm' || pdu.command === 'data_sm' || pdu.command === 'submit_multi') {
        const l = this.bySeq.get(pdu.sequence_number) || [];
        l.push(e);
        this.bySeq.set(pdu.sequence_number, l);
      }
    });
  }

  // The one message with this sequence number the SMSC received (fails when 0 or several).
  one(seq, what) {
    const l = this.bySeq.get(seq) || [];
    if (l.length !== 1) fail(`${what}: the SMSC received ${l.length} PDUs with sequence_number ${seq} (expected 1)`);
    return l[0];
  }

  none(seq, what) {
    const l = this.bySeq.get(seq) || [];
    if (l.length !== 0) fail(`${what}: the SMSC received it (${l.length}x) but it must be blocked`);
  }
}

// Asserts that a response blocked by smsfw: the command's _resp, the status, the ESME's
// sequence number and an empty message_id (a body of one NUL, or no body at all, which SMPP 3.4
// section 4.4.2 allows for a non-zero command_status; submit_multi_resp: message_id and
// no_unsuccess 0).
function checkBlockedResp(r, command, status, what) {
  const h = raw.parseHeader(r.resp._raw);
  checkEq(h.command_id, raw.CMD[`${command}_resp`], `${what}: response command_id`);
  checkEq(`0x${h.command_status.toString(16)}`, `0x${status.toString(16)}`, `${what}: response command_status`);
  checkEq(h.sequence_number, r.seq, `${what}: response sequence_number`);
  const empty = command === 'submit_multi' ? ['', '0000'] : ['', '00'];
  check(empty.includes(h.body.toString('hex')), `${what}: response body is not an empty message_id (${h.body.toString('hex')})`);
}

function hexDiff(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `first difference at octet ${i}: got ${a.subarray(i, i + 24).toString('hex')} ` +
    `(len ${a.length}), expected ${b.subarray(i, i + 24).toString('hex')} (len ${b.length})`;
}

function checkBytes(got, want, what) {
  if (!Buffer.from(got).equals(Buffer.from(want))) fail(`${what}: bytes differ: ${hexDiff(Buffer.from(got), Buffer.from(want))}`);
}

module.exports = { Esme, SmscRecorder, checkBlockedResp, checkBytes, hexDiff, TAG_TLV, raw, sleep, waitUntil };
