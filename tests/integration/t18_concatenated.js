'use strict';
// node-smpp ESMEs -> smsfw --patterns DIR [--config FILE] -> node-smpp SMSC: concatenated
// messages are held until whole and judged once (`concatenation:` in the config file).
//  - a Thai UCS-2 scam over 3 parts (16-bit UDH), the rule's phrase split across the boundary
//    of parts 1 and 2 (no part holds it), sent out of order (3, 1, 2): no part is answered before
//    the last one arrives, then all three get the rule's block status with their own sequence
//    numbers and an empty message_id; the SMSC receives none of them;
//  - a GSM 7-bit English scam over 2 parts (8-bit UDH), and one in SAR TLVs (no UDH): likewise;
//  - clean messages interleaved (3-part GSM, 2-part Thai UCS-2, 2-part SAR): each goes out
//    whole, byte-identical to what the ESME sent (UDH, TLVs, sequence numbers), in the order the
//    parts arrived, once its last part is in; each part answered with the SMSC's message_id;
//  - a tagged 2-part message: both parts relabelled (source Likely-SCAM TON 5 NPI 0), no prefix,
//    every other octet as sent;
//  - max_hold 1s (config file): part 1 of 2 of a clean message reaches the SMSC 1..2.5 s after
//    it was sent, its late part 2 is then judged on its own and forwarded; part 1 of 2 of a scam
//    is answered with the block status after ~1 s, its late part 2 at once (< 300 ms); the
//    SMSC sees neither;
//  - max_session_bytes: with 2 parts of ~300 octets held, the 3rd does not fit and is answered
//    0x14 ESME_RMSGQFUL at once; the 2 held parts go out at the hold time, the resent 3rd part
//    is judged on its own and forwarded;
//  - the ESME destroys its socket with 1 part of 2 held: the SMSC gets no submit_sm, only
//    smsfw's unbind; the SMSC destroys its socket with 1 part held: the ESME gets exactly one
//    answer, 0x08 ESME_RSYSERR;
//  - every request answered exactly once; smsfw's stop lines count the messages judged whole,
//    the parts held, judged at the hold time, late, refused and dropped.
const { run, skip, check, checkEq, sleep, waitUntil } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');
const { Esme, SmscRecorder, checkBlockedResp, checkBytes, raw } = require('./lib/filter-peers');

const { gsm7, ucs2, parseMessage, encodeMessage } = raw;

const TH_PHRASE = 'ยืนยันตัวตนด่วน';
const RULES = `# written by t18_concatenated.js
set: itest-concat
version: t18-1
rules:
  - id: BLK-TH-VERIFY
    pattern: '${TH_PHRASE}'
    action: block
    description: Thai "verify your identity urgently" (account block_status)
  - id: BLK-KBANK
    pattern: 'verify\\s+your\\s+kbank'
    action: block
    status: 0x66
    description: bank impersonation, own status
  - id: BLK-PARCEL
    pattern: 'parcel\\s+is\\s+held'
    action: block
    description: parcel scam
  - id: BLK-LOTTERY
    pattern: 'lottery\\s+winner'
    action: block
    description: lottery scam
  - id: TAG-CRYPTO
    pattern: 'crypto\\s+bonus'
    action: tag
    tag: {mark: prefix}
    description: crypto bonus; a multipart message is relabelled instead
`;

const HOLD_CONFIG = `# written by t18_concatenated.js
concatenation:
  max_hold: 1s
  max_session_bytes: 700
`;
const MAX_SESSION_BYTES = 700;

const udh8 = (ref, total, n) => Buffer.from([0x05, 0x00, 0x03, ref, total, n]);
const udh16 = (ref, total, n) => Buffer.from([0x06, 0x08, 0x04, ref >> 8, ref & 0xff, total, n]);
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

run('t18_concatenated', async (h) => {
  if (h.opts.direct) skip('holding parts needs the proxy');
  const smsc = new NodeSmsc({ systemId: 'SMSC18', idPrefix: 't18-' });
  const rec = new SmscRecorder(smsc);
  const smscIds = new Map();       // seq -> message id the SMSC issued
  const smscAt = new Map();        // seq -> hrtime the SMSC got the submit_sm
  const perSession = new Map();    // SMSC-side session -> [command, ...]
  const sessionOf = new Map();     // system_id -> SMSC-side session
  smsc.on('submit_sm', (sess, pdu, id) => smscIds.set(pdu.sequence_number, id));
  smsc.on('pdu', (sess, pdu) => {
    if (pdu.command === 'submit_sm') smscAt.set(pdu.sequence_number, process.hrtime.bigint());
    const l = perSession.get(sess) || [];
    l.push(pdu.command);
    perSession.set(sess, l);
  });
  smsc.on('bound', (sess, b) => sessionOf.set(b.system_id, sess));
  const up = await h.listen(smsc.server);
  const dir = h.patternDir({ '10-concat.yaml': RULES });
  const cfgDir = h.tempDir({ 'smsfw.yaml': HOLD_CONFIG }, 'smsfw-itest-config-');
  const proxy = await h.startSmsfw([up], ['--patterns', dir, '--pattern-cache', 'none']);
  const holdProxy = await h.startSmsfw([up], ['--config', `${cfgDir}/smsfw.yaml`, '--patterns', dir,
    '--pattern-cache', 'none']);

  const esmes = [];
  const bind = async (addr, systemId, seqBase, command = 'bind_transceiver') => {
    const s = await h.connect(addr);
    const e = new Esme(s, `${systemId}@${seqBase.toString(16)}`, seqBase);
    // smsfw's own unbind (after the SMSC went away) is answered like a well-behaved ESME does.
    s.on('pdu', (p) => { if (p.command === 'unbind') s.send(p.response()); });
    await e.bind(command, systemId);
    esmes.push(e);
    return e;
  };
  // Sends one submit_sm without waiting: {seq, p (resolves {seq, raw, resp, at})}.
  const part = (esme, params) => {
    const seq = esme.nextSeq;
    const p = esme.submit({ registered_delivery: 0, ...params })
      .then((r) => ({ ...r, at: process.hrtime.bigint() }));
    return { seq, p };
  };
  const answered = (esme, seq) => (esme.responses.get(seq) || []).length;
  const checkNoneAnswered = (esme, sent, what) => {
    for (const s of sent) checkEq(answered(esme, s.seq), 0, `${what}: responses to seq ${s.seq} before the last part arrived`);
    for (const s of sent) rec.none(s.seq, `${what}: held seq ${s.seq}`);
  };
  const expect = { whole: 0, held: 0, expired: 0, late: 0, refused: 0, dropped: 0 };
  const holdExpect = { whole: 0, held: 0, expired: 0, late: 0, refused: 0, dropped: 0 };

  const esme = await bind(proxy, 'esme-t18', 0x00180000);

  // --- 1. Thai UCS-2 scam, 3 parts, 16-bit UDH, phrase split over parts 1|2, order 3, 1, 2 -------
  {
    const what = 'Thai UCS-2 scam (16-bit UDH, sent 3,1,2)';
    const texts = [
      'ธนาคารแจ้ง: บัญชีของท่านถูกระงับชั่วคราว กรุณายืนยันตัว',
      'ตนด่วนภายในวันนี้ที่ลิงก์ kb-th.example เพื่อเปิดใช้งาน',
      'บัญชีอีกครั้ง ขออภัยในความไม่สะดวก',
    ];
    check(texts.every((t) => !t.includes(TH_PHRASE)) && texts.join('').includes(TH_PHRASE), `${what}: test texts`);
    const sm = texts.map((t, i) => Buffer.concat([udh16(0xa1b2, 3, i + 1), ucs2(t)]));
    check(sm.every((b) => b.length <= 140), `${what}: a part is over 140 octets`);
    const mk = (i) => ({ esm_class: 0x40, data_coding: 8, short_message: sm[i] });
    const p3 = part(esme, mk(2));
    await sleep(150);
    const p1 = part(esme, mk(0));
    await sleep(150);
    checkNoneAnswered(esme, [p3, p1], what);
    const p2 = part(esme, mk(1));
    const rs = await Promise.all([p3.p, p1.p, p2.p]);
    rs.forEach((r, k) => { checkBlockedResp(r, 'submit_sm', 0x45, `${what}: part ${[3, 1, 2][k]}`); rec.none(r.seq, what); });
    expect.whole++; expect.held += 3;
  }

  // --- 2. GSM 7-bit English scam, 2 parts, 8-bit UDH --------------------------------------------
  {
    const what = 'GSM 7-bit scam (8-bit UDH)';
    const texts = ['Dear customer, your account is on hold. Please verify yo', 'ur KBank details today at kb-help.example'];
    const mk = (i) => ({ esm_class: 0x40, data_coding: 0, short_message: Buffer.concat([udh8(0x5c, 2, i + 1), gsm7(texts[i])]) });
    const p1 = part(esme, mk(0));
    await sleep(150);
    checkNoneAnswered(esme, [p1], what);
    const p2 = part(esme, mk(1));
    for (const r of await Promise.all([p1.p, p2.p])) { checkBlockedResp(r, 'submit_sm', 0x66, what); rec.none(r.seq, what); }
    expect.whole++; expect.held += 2;
  }

  // --- 3. SAR TLVs, no UDH, blocked whole (sent 2, 1) ------------------------------------------
  {
    const what = 'SAR-TLV scam (no UDH, sent 2,1)';
    const texts = ['Notice: your parcel is he', 'ld at customs, pay the release fee at post-th.example'];
    const mk = (i) => ({ esm_class: 0, data_coding: 0, short_message: gsm7(texts[i]),
      sar_msg_ref_num: 0x0bad, sar_total_segments: 2, sar_segment_seqnum: i + 1 });
    const p2 = part(esme, mk(1));
    await sleep(150);
    checkNoneAnswered(esme, [p2], what);
    const p1 = part(esme, mk(0));
    for (const r of await Promise.all([p2.p, p1.p])) { checkBlockedResp(r, 'submit_sm', 0x45, what); rec.none(r.seq, what); }
    expect.whole++; expect.held += 2;
  }

  // --- 4. Clean messages interleaved: out whole, byte-identical, in arrival order ---------------
  {
    const what = 'clean interleaved';
    const g = ['Hi Anna, the meeting moved to Thursday at 10:00 in room 4B. ',
      'Please bring the printed budget (3 copies) and the Q3 notes; ',
      'lunch is on us afterwards. Regards, Office'];
    const t = ['สวัสดีค่ะ คุณสมชาย นัดประชุมเลื่อนเป็นวันพฤหัสบดี ', 'เวลา 10 โมงเช้า ห้อง 4B ขอบคุณค่ะ'];
    const sar = ['Your table for 4 at Baan Suan is booked ', 'for Friday 19:30. See you then!'];
    const G = (i) => ({ esm_class: 0x40, data_coding: 0, short_message: Buffer.concat([udh8(0x21, 3, i + 1), gsm7(g[i])]) });
    const T = (i) => ({ esm_class: 0x40, data_coding: 8, short_message: Buffer.concat([udh16(0xbeef, 2, i + 1), ucs2(t[i])]) });
    const S = (i) => ({ esm_class: 0, data_coding: 0, short_message: gsm7(sar[i]),
      sar_msg_ref_num: 0x0101, sar_total_segments: 2, sar_segment_seqnum: i + 1, vendor_1401: Buffer.from('c0ffee', 'hex') });
    const order = [['G1', G(0)], ['T2', T(1)], ['S2', S(1)], ['G3', G(2)], ['T1', T(0)], ['S1', S(0)], ['G2', G(1)]];
    const sent = {};
    for (const [name, params] of order) {
      sent[name] = part(esme, params);
      await sleep(30);
    }
    const results = {};
    for (const [name] of order) results[name] = await sent[name].p;
    // T completes at T1, S at S1, G at G2: each goes out whole, its parts in arrival order.
    const expected = ['T2', 'T1', 'S2', 'S1', 'G1', 'G3', 'G2'];
    const seqs = new Set(expected.map((n) => sent[n].seq));
    const got = rec.all.filter((e) => e.command === 'submit_sm' && seqs.has(e.seq)).map((e) => e.seq);
    checkEq(got.map((s) => expected[expected.findIndex((n) => sent[n].seq === s)]).join(','), expected.join(','),
      `${what}: order at the SMSC`);
    for (const name of expected) {
      const r = results[name];
      checkEq(r.resp.command_status, 0, `${what} ${name}: command_status`);
      checkBytes(rec.one(r.seq, `${what} ${name}`).raw, r.raw, `${what} ${name}: PDU at the SMSC`);
      checkEq(r.resp.message_id, smscIds.get(r.seq), `${what} ${name}: message_id at the ESME is the SMSC's`);
    }
    expect.whole += 3; expect.held += 7;
  }

  // --- 4b. A tagged multipart message: every part relabelled, no prefix -------------------------
  {
    const what = 'tagged 2-part message';
    const texts = ['Claim your crypto ', 'bonus before Sunday, details in the app'];
    const mk = (i) => ({ source_addr_ton: 1, source_addr_npi: 1, source_addr: '66833334444', esm_class: 0x40,
      data_coding: 0, short_message: Buffer.concat([udh8(0x77, 2, i + 1), gsm7(texts[i])]) });
    const p2 = part(esme, mk(1));
    await sleep(100);
    const p1 = part(esme, mk(0));
    for (const r of await Promise.all([p2.p, p1.p])) {
      checkEq(r.resp.command_status, 0, `${what}: command_status`);
      const want = parseMessage(r.raw);
      want.source = { ton: 5, npi: 0, addr: 'Likely-SCAM' };
      checkBytes(rec.one(r.seq, what).raw, encodeMessage(want), `${what}: PDU at the SMSC (relabelled only)`);
      checkEq(r.resp.message_id, smscIds.get(r.seq), `${what}: message_id`);
    }
    expect.whole++; expect.held += 2;
  }

  // --- 5. max_hold 1s: incomplete messages judged at the hold time, late parts ------------------
  {
    const he = await bind(holdProxy, 'esme-t18-hold', 0x00181000);
    const clean = ['Your order 5521 has shipped and will ', 'arrive on Monday. Thank you!'];
    const scam = ['Congratulations, you are our lottery winner this week! ', 'Reply with your bank details to claim.'];
    const C = (i) => ({ esm_class: 0x40, data_coding: 0, short_message: Buffer.concat([udh8(0x31, 2, i + 1), gsm7(clean[i])]) });
    const X = (i) => ({ esm_class: 0x40, data_coding: 0, short_message: Buffer.concat([udh8(0x32, 2, i + 1), gsm7(scam[i])]) });
    const t0 = process.hrtime.bigint();
    const c1 = part(he, C(0));
    const x1 = part(he, X(0));
    await sleep(500);
    checkNoneAnswered(he, [c1, x1], 'max_hold: first parts after 0.5 s');
    const [rc1, rx1] = await Promise.all([c1.p, x1.p]);
    await waitUntil(() => smscAt.has(c1.seq), 3000, 'clean part 1 at the SMSC');
    const atSmsc = Number(smscAt.get(c1.seq) - t0) / 1e9;
    const xAnswer = Number(rx1.at - t0) / 1e9;
    console.log(`max_hold 1s: clean part 1 at the SMSC after ${atSmsc.toFixed(3)} s, scam part 1 answered after ${xAnswer.toFixed(3)} s`);
    check(atSmsc >= 0.95 && atSmsc <= 2.5, `max_hold: clean part 1 reached the SMSC after ${atSmsc.toFixed(3)} s, expected 1..2.5 s`);
    checkEq(rc1.resp.command_status, 0, 'max_hold: clean part 1 command_status');
    checkBytes(rec.one(c1.seq, 'max_hold: clean part 1').raw, rc1.raw, 'max_hold: clean part 1 at the SMSC');
    checkEq(rc1.resp.message_id, smscIds.get(c1.seq), 'max_hold: clean part 1 message_id');
    check(xAnswer >= 0.95 && xAnswer <= 2.5, `max_hold: scam part 1 answered after ${xAnswer.toFixed(3)} s, expected 1..2.5 s`);
    checkBlockedResp(rx1, 'submit_sm', 0x45, 'max_hold: scam part 1 alone');
    rec.none(x1.seq, 'max_hold: scam part 1');
    holdExpect.held += 2; holdExpect.expired += 2;

    // The late part 2 of the scam: the block answer at once.
    const tLate = process.hrtime.bigint();
    const x2 = part(he, X(1));
    const rx2 = await x2.p;
    const lateS = Number(rx2.at - tLate) / 1e9;
    console.log(`max_hold 1s: late scam part 2 answered after ${(lateS * 1000).toFixed(0)} ms`);
    check(lateS < 0.3, `max_hold: late scam part 2 answered after ${(lateS * 1000).toFixed(0)} ms, expected < 300 ms`);
    checkBlockedResp(rx2, 'submit_sm', 0x45, 'max_hold: late scam part 2');
    rec.none(x2.seq, 'max_hold: late scam part 2');
    // The late part 2 of the clean message (forwarded): judged on its own, forwarded at once.
    const tLateC = process.hrtime.bigint();
    const c2 = part(he, C(1));
    const rc2 = await c2.p;
    const lateC = Number(rc2.at - tLateC) / 1e9;
    check(lateC < 0.3, `max_hold: late clean part 2 answered after ${(lateC * 1000).toFixed(0)} ms, expected < 300 ms`);
    checkEq(rc2.resp.command_status, 0, 'max_hold: late clean part 2 command_status');
    checkBytes(rec.one(c2.seq, 'max_hold: late clean part 2').raw, rc2.raw, 'max_hold: late clean part 2 at the SMSC');
    holdExpect.late += 2;
  }

  // --- 6. max_session_bytes: the part that does not fit is refused with 0x14 ---------------------
  {
    const what = 'max_session_bytes';
    const me = await bind(holdProxy, 'esme-t18-mem', 0x00182000);
    const filler = (c) => gsm7(`${c} `.repeat(122)).subarray(0, 244);
    const mk = (i) => ({ esm_class: 0x40, data_coding: 0,
      short_message: Buffer.concat([udh8(0x41, 3, i + 1), filler(String.fromCharCode(0x61 + i))]) });
    const t0 = process.hrtime.bigint();
    const ps = [0, 1, 2].map((i) => part(me, mk(i)));
    const r3 = await ps[2].p;
    const sizes = [0, 1, 2].map((i) => me.sent.get(ps[i].seq).raw.length);
    check(sizes[0] + sizes[1] <= MAX_SESSION_BYTES && sizes[0] + sizes[1] + sizes[2] > MAX_SESSION_BYTES,
      `${what}: part sizes ${sizes} do not straddle the limit ${MAX_SESSION_BYTES}`);
    const refusedAfter = seconds(t0);
    check(refusedAfter < 0.5, `${what}: part 3 answered after ${refusedAfter.toFixed(3)} s, expected at once`);
    checkBlockedResp(r3, 'submit_sm', 0x14, `${what}: part 3 (frames ${sizes.join('+')} octets, limit ${MAX_SESSION_BYTES})`);
    check(/no room to hold part 3\/3 .*concatenation\.max_session_bytes 700\b/.test(holdProxy.child.stderr),
      `${what}: no warning naming the limit in smsfw's log`);
    checkEq(answered(me, ps[0].seq) + answered(me, ps[1].seq), 0, `${what}: parts 1-2 answered before the hold time`);
    rec.none(ps[2].seq, `${what}: refused part 3`);
    const [r1, r2] = await Promise.all([ps[0].p, ps[1].p]);
    for (const r of [r1, r2]) {
      checkEq(r.resp.command_status, 0, `${what}: held part seq ${r.seq} command_status`);
      checkBytes(rec.one(r.seq, what).raw, r.raw, `${what}: held part seq ${r.seq} at the SMSC`);
    }
    const order = rec.all.filter((e) => e.command === 'submit_sm' && (e.seq === r1.seq || e.seq === r2.seq)).map((e) => e.seq);
    checkEq(order.join(','), `${r1.seq},${r2.seq}`, `${what}: held parts at the SMSC in arrival order`);
    // The ESME resends part 3: its message went out incomplete, so it is judged on its own.
    const again = part(me, mk(2));
    const ra = await again.p;
    checkEq(ra.resp.command_status, 0, `${what}: resent part 3 command_status`);
    checkBytes(rec.one(again.seq, what).raw, ra.raw, `${what}: resent part 3 at the SMSC`);
    holdExpect.held += 2; holdExpect.expired += 1; holdExpect.refused += 1; holdExpect.late += 1;
  }

  // --- 7a. The ESME leaves with a part held: nothing of it reaches the SMSC ---------------------
  {
    const what = 'ESME destroys its socket with 1 part of 2 held';
    const ge = await bind(proxy, 'esme-t18-gone', 0x00183000, 'bind_transmitter');
    esmes.pop(); // it leaves without its answers
    const smscSide = sessionOf.get('esme-t18-gone');
    check(smscSide, `${what}: no SMSC session for the bind`);
    const p1 = part(ge, { esm_class: 0x40, data_coding: 0,
      short_message: Buffer.concat([udh8(0x51, 2, 1), gsm7('See you at the station at 6, ')]) });
    p1.p.catch(() => {}); // never answered
    await sleep(200);
    checkEq(answered(ge, p1.seq), 0, `${what}: part answered while held`);
    ge.s.destroy();
    await waitUntil(() => (perSession.get(smscSide) || []).includes('unbind'), 5000, `${what}: smsfw's unbind at the SMSC`);
    await sleep(300);
    checkEq((perSession.get(smscSide) || []).join(','), 'bind_transmitter,unbind', `${what}: requests the SMSC received`);
    expect.held += 1; expect.dropped += 1;
  }

  // --- 7b. The SMSC leaves with a part held: the ESME gets one 0x08 for it ----------------------
  {
    const what = 'SMSC destroys its socket with 1 part of 2 held';
    const le = await bind(proxy, 'esme-t18-smsc-gone', 0x00184000);
    const smscSide = sessionOf.get('esme-t18-smsc-gone');
    check(smscSide, `${what}: no SMSC session for the bind`);
    const p1 = part(le, { esm_class: 0x40, data_coding: 0,
      short_message: Buffer.concat([udh8(0x61, 2, 1), gsm7('The plumber comes on Tuesday ')]) });
    await sleep(200);
    checkEq(answered(le, p1.seq), 0, `${what}: part answered while held`);
    smscSide.destroy();
    const r = await p1.p;
    checkBlockedResp(r, 'submit_sm', 0x08, what);
    rec.none(p1.seq, what);
    await Promise.race([le.s.closed, sleep(2000)]);
    await sleep(200);
    checkEq(answered(le, p1.seq), 1, `${what}: answers to the held part`);
    expect.held += 1;
  }

  // --- 8. Every request answered once; smsfw's counters ----------------------------------------
  await sleep(200);
  for (const e of esmes) e.checkOneResponseEach();
  const stopCounts = async (p, name) => {
    await h.stopSmsfwClean(p);
    const line = p.child.stderr.split('\n').find((l) => / stopped/.test(l) && /concatenated:/.test(l)) || '';
    const m = new RegExp('concatenated: (\\d+) judged whole, (\\d+) parts held, (\\d+) judged at the hold time, ' +
      '(\\d+) late parts, (\\d+) parts refused for want of room, (\\d+) parts dropped with their ESME').exec(line);
    h.log(`${name}: ${line}`);
    check(m, `${name}: no concatenation counters in smsfw's stop line: ${line}`);
    const [whole, held, expired, late, refused, dropped] = m.slice(1).map(Number);
    return { whole, held, expired, late, refused, dropped };
  };
  const got = await stopCounts(proxy, 'smsfw (default hold)');
  checkEq(JSON.stringify(got), JSON.stringify(expect), 'smsfw (default hold) concatenation counters');
  const gotHold = await stopCounts(holdProxy, 'smsfw (max_hold 1s)');
  checkEq(JSON.stringify(gotHold), JSON.stringify(holdExpect), 'smsfw (max_hold 1s) concatenation counters');
});
