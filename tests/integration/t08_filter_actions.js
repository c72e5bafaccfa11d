'use strict';
// node-smpp ESME -> smsfw --patterns DIR -> node-smpp SMSC: every filter action end to end.
// Proves, at the byte level (lib/smpp-raw.js parses and re-encodes what the SMSC received):
//  - block: submit_sm_resp / data_sm_resp / submit_multi_resp with the rule's status (account
//    default 0x45, a rule with status 0x66), the ESME's sequence number, an empty message_id;
//    the SMSC never sees the message and no receipt comes for it although registered_delivery
//    asked for one; body, destination (also the 2nd address of a submit_multi) and raw-view
//    (case-sensitive, also on UCS-2) rules;
//  - tag, mark sender: the SMSC gets source_addr Likely-SCAM TON 5 NPI 0 and every other octet
//    as sent (text, destination, data_coding, TLVs including a vendor TLV); the ESME gets the
//    SMSC's own message_id and the receipt; submit_multi likewise;
//  - tag, mark prefix: "[Likely-SCAM] " inserted before the text in the message's own encoding:
//    GSM 7-bit unpacked (data_coding 0, with the escape codes of [ and ]), UCS-2 Thai, after a
//    UDH without a concatenation IE (esm_class 0x40, application port addressing IE: a part of a
//    concatenated message would be held for its other parts and, tagged, relabelled instead;
//    GSM and UCS-2), inside message_payload (submit_sm and data_sm); exactly at the size limits
//    (144 + 16 septets, 138 + 16 after a 5-octet UDH taking 6 septets, 112 + 28 UCS-2 octets)
//    it is applied, one unit over (and with 160 GSM characters) the sender is relabelled
//    instead; sender + prefix marks together;
//  - tag, mark tlv: vendor TLV 0x1400 appended with the ids of the tag rules ("TAG-TLV,TAG-TLV2");
//  - monitor, allow beating block, a raw rule's other case: forwarded byte for byte;
//  - obfuscation is still caught end to end: zero-width characters and Cyrillic homoglyphs in
//    UCS-2, spaced letters (squeezed view), a URL without scheme (url field), text in
//    message_payload; a data_sm is judged too;
//  - 200 ham messages from the SMS Spam Collection (GSM, UCS-2, message_payload) pass byte for
//    byte;
//  - every request gets exactly one response, every receipt belongs to a forwarded message,
//    and smsfw's own counters (blocked, tagged, monitored, allowed by rule, judged) agree.
const fs = require('node:fs');
const { run, skip, check, checkEq, sleep, waitUntil } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');
const { Esme, SmscRecorder, checkBlockedResp, checkBytes, raw } = require('./lib/filter-peers');

const { gsm7, ucs2, parseMessage, encodeMessage, findTlv } = raw;
const CORPUS = '/work/shared/corpus/sms-spam-collection/SMSSpamCollection';
const PREFIX = '[Likely-SCAM] ';

const RULES = `# written by t08_filter_actions.js
set: itest-actions
version: t08-1
rules:
  - id: ALLOW-OTP
    pattern: 'your\\s+otp\\s+code\\s+is\\s+\\d{6}'
    action: allow
    description: known-good OTP template
  - id: BLK-DEFAULT
    pattern: 'verify\\s+your\\s+kbank'
    action: block
    description: bank impersonation (account block_status)
  - id: BLK-66
    pattern: 'lottery\\s+winner'
    action: block
    status: 0x66
    description: lottery scam with its own status
  - id: BLK-PARCEL
    pattern: 'parcel\\s+is\\s+held'
    action: block
    description: parcel scam
  - id: BLK-SQUEEZED
    view: squeezed
    pattern: 'claimyourrefund'
    action: block
    description: refund scam, spaced letters
  - id: BLK-URL
    field: url
    pattern: '^kbank-secure\\.top$'
    action: block
    description: phishing domain
  - id: TAG-SENDER
    pattern: 'cheap\\s+loan'
    action: tag
    tag: {mark: sender}
    description: loan spam
  - id: TAG-PREFIX
    pattern: 'crypto\\s+bonus|โบนัสคริปโต'
    action: tag
    tag: {mark: prefix}
    description: crypto bonus (English and Thai)
  - id: TAG-TLV
    pattern: 'casino\\s+jackpot'
    action: tag
    tag: {mark: tlv, tlv_tag: 0x1400}
    description: casino
  - id: TAG-TLV2
    pattern: 'jackpot\\s+now'
    action: tag
    tag: {mark: tlv}
    description: casino, second rule
  - id: MON-SURVEY
    pattern: 'survey\\s+reward'
    action: monitor
    description: survey spam, watched only
  - id: BLK-DEST
    field: destination
    pattern: '^1900\\d+$'
    action: block
    description: premium-rate destinations
  - id: BLK-RAW-FREE
    view: raw
    pattern: 'FREE!!'
    action: block
    description: raw view, case-sensitive
`;

// The same rules as JavaScript, to keep the ham sample clear of them.
const RULE_RES = [/your\s+otp\s+code/, /verify\s+your\s+kbank/, /lottery\s+winner/, /parcel\s+is\s+held/,
  /cheap\s+loan/, /crypto\s+bonus/, /casino\s+jackpot/, /jackpot\s+now/, /survey\s+reward/, /kbank-secure/];
const matchesAnyRule = (t) => {
  if (t.includes('FREE!!')) return true;
  const l = t.toLowerCase();
  return RULE_RES.some((re) => re.test(l)) || l.replace(/[^a-z0-9]/g, '').includes('claimyourrefund');
};

function hamSample(n) {
  const out = [];
  for (const line of fs.readFileSync(CORPUS, 'utf8').split('\n')) {
    const [label, text] = line.split('\t');
    if (label !== 'ham' || !text || matchesAnyRule(text)) continue;
    const g = gsm7(text);
    const k = out.length;
    if (g && g.length <= 160 && k % 5 === 2) out.push({ text, params: { data_coding: 0, short_message: Buffer.alloc(0), message_payload: g } });
    else if (g && g.length <= 160 && k % 3 !== 1) out.push({ text, params: { data_coding: 0, short_message: g } });
    else if (ucs2(text).length <= 254) out.push({ text, params: { data_coding: 8, short_message: ucs2(text) } });
    if (out.length === n) break;
  }
  check(out.length === n, `only ${out.length} ham lines usable from ${CORPUS}`);
  return out;
}

run('t08_filter_actions', async (h) => {
  if (h.opts.direct) skip('judging needs the proxy');
  const smsc = new NodeSmsc({ systemId: 'SMSC08', dlr: true, idPrefix: 'f8-' });
  const rec = new SmscRecorder(smsc);
  const smscIds = new Map(); // seq -> message id the SMSC issued
  smsc.on('submit_sm', (sess, pdu, id) => smscIds.set(pdu.sequence_number, id));
  const up = await h.listen(smsc.server);
  const dir = h.patternDir({ '10-actions.yaml': RULES });
  const proxy = await h.startSmsfw([up], ['--patterns', dir]);

  const s = await h.connect(proxy);
  const esme = new Esme(s, 'esme-t08', 0x00080000);
  await esme.bind('bind_transceiver', 'esme-t08');

  const forwardedWithReceipt = []; // {seq, id, what}
  const blocked = [];              // seq

  // --- block ---------------------------------------------------------------------------------
  const block = async (what, params, status, command = 'submit_sm') => {
    const r = command === 'submit_sm' ? await esme.submit(params) : await esme.send(command, params);
    checkBlockedResp(r, command, status, what);
    blocked.push(r.seq);
    return r;
  };
  await block('block default status', { short_message: gsm7('Please verify your KBank account today') }, 0x45);
  await block('block rule status 0x66', { short_message: gsm7('Congratulations, lottery winner! Call now') }, 0x66);
  await block('block despite allow-less match', { short_message: gsm7('Your parcel is held at the depot') }, 0x45);

  // Obfuscation caught end to end.
  await block('zero-width + Cyrillic homoglyphs (UCS-2)', { data_coding: 8,
    short_message: ucs2('Please v\u200be\u200dr\u0456fy your \u041a\u0412\u0430nk account') }, 0x45);
  await block('spaced letters (squeezed view)', { short_message: gsm7('C l a i m  y o u r  r e f u n d now') }, 0x45);
  await block('URL without scheme (url field)', { short_message: gsm7('Log in at kbank-secure.top/verify today') }, 0x45);
  await block('text in message_payload', { short_message: Buffer.alloc(0),
    message_payload: gsm7('Urgent: verify your KBANK details within 24 hours') }, 0x45);
  await block('submit_multi', { source_addr_ton: 1, source_addr_npi: 1, source_addr: '66811112222',
    dest_address: [{ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '66899990001' }], data_coding: 0,
    short_message: gsm7('Dear lottery winner, send the fee') }, 0x66, 'submit_multi');
  await block('destination rule', { destination_addr: '1900123456', short_message: gsm7('See you later') }, 0x45);
  await block('destination rule, second address of a submit_multi', { source_addr_ton: 1, source_addr_npi: 1,
    source_addr: '66811112222', dest_address: [{ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '66899990001' },
      { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '1900777' }], data_coding: 0,
    short_message: gsm7('See you later') }, 0x45, 'submit_multi');
  await block('raw view, exact case', { short_message: gsm7('Get it FREE!! now') }, 0x45);
  await block('raw view, exact case in UCS-2', { data_coding: 8, short_message: ucs2('ฟรี FREE!! วันนี้') }, 0x45);
  await block('data_sm with text in message_payload', { source_addr_ton: 1, source_addr_npi: 1,
    source_addr: '66811112222', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '66899990000',
    data_coding: 0, message_payload: gsm7('You are our lottery winner this week') }, 0x66, 'data_sm');

  // --- tag: sender ----------------------------------------------------------------------------
  let taggedCount = 0;
  const tagged = async (what, params, expectEdit, command = 'submit_sm') => {
    const r = command === 'submit_sm' ? await esme.submit(params) : await esme.send(command, params);
    checkEq(r.resp.command_status, 0, `${what}: ${command}_resp command_status`);
    const got = rec.one(r.seq, what);
    const want = parseMessage(r.raw);
    expectEdit(want);
    checkBytes(got.raw, encodeMessage(want), `${what}: PDU at the SMSC`);
    taggedCount++;
    if (command !== 'submit_sm') return r;
    checkEq(r.resp.message_id, smscIds.get(r.seq), `${what}: message_id at the ESME is the SMSC's`);
    if (params.registered_delivery !== 0) forwardedWithReceipt.push({ seq: r.seq, id: r.resp.message_id, what });
    return r;
  };
  const relabel = (m) => { m.source = { ton: 5, npi: 0, addr: 'Likely-SCAM' }; };
  await tagged('tag sender (GSM, vendor TLV)', {
    source_addr_ton: 1, source_addr_npi: 1, source_addr: '66812345678',
    dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '66898765432', esm_class: 0, protocol_id: 0,
    priority_flag: 1, data_coding: 0, short_message: gsm7('Cheap loan approved today, reply YES'),
    user_message_reference: 0x1234, vendor_1401: Buffer.from('ab01cd', 'hex'),
  }, relabel);
  await tagged('tag sender (alphanumeric sender, UCS-2)', {
    source_addr_ton: 5, source_addr_npi: 0, source_addr: 'LoanShop', data_coding: 8,
    short_message: ucs2('Cheap   loan, no checks'), vendor_1401: Buffer.from('00', 'hex'),
  }, relabel);

  // --- tag: prefix ---------------------------------------------------------------------------
  const withPrefix = (encoded, udhLength = 0) => (m) => {
    m.short_message = Buffer.concat([m.short_message.subarray(0, udhLength), encoded, m.short_message.subarray(udhLength)]);
  };
  await tagged('tag prefix GSM 7-bit', { data_coding: 0, short_message: gsm7('Get your crypto bonus today') },
    withPrefix(gsm7(PREFIX)));
  check(gsm7(PREFIX).equals(Buffer.from('1b3c4c696b656c792d5343414d1b3e20', 'hex')), 'GSM encoding of the prefix (test self-check)');
  await tagged('tag prefix UCS-2 Thai', { data_coding: 8, short_message: ucs2('รับโบนัสคริปโตวันนี้ที่ลิงก์นี้') },
    withPrefix(ucs2(PREFIX)));
  // A UDH without a concatenation IE (a part of a concatenated message would be held until all
  // its parts arrive, and a tagged multipart message is relabelled, not prefixed): application
  // port addressing, 16-bit ports (IEI 0x05: destination 2948, originator 9200), 7 octets.
  const udh = Buffer.from('0605040b8423f0', 'hex');
  await tagged('tag prefix after the UDH', { esm_class: 0x40, data_coding: 0,
    short_message: Buffer.concat([udh, gsm7('Port message: your crypto bonus is waiting')]) }, withPrefix(gsm7(PREFIX), udh.length));
  const long = `Crypto bonus ${'x'.repeat(160)}`.slice(0, 160);
  check(gsm7(long).length === 160, 'long body is 160 septets (test self-check)');
  await tagged('tag prefix fallback: 160 GSM characters', { data_coding: 0, short_message: gsm7(long) }, relabel);
  await tagged('tag sender + prefix together', { data_coding: 0, short_message: gsm7('cheap loan and crypto bonus') },
    (m) => { relabel(m); withPrefix(gsm7(PREFIX))(m); });
  await tagged('tag prefix UCS-2 after the UDH', { esm_class: 0x40, data_coding: 8,
    short_message: Buffer.concat([udh, ucs2('ข้อความพอร์ต crypto bonus')]) }, withPrefix(ucs2(PREFIX), udh.length));
  // Text in message_payload: the prefix goes into the TLV, short_message stays empty.
  const payloadPrefix = (m) => {
    const t = m.tlvs.find((x) => x.tag === 0x0424);
    t.value = Buffer.concat([gsm7(PREFIX), t.value]);
  };
  await tagged('tag prefix in message_payload', { data_coding: 0, short_message: Buffer.alloc(0),
    message_payload: gsm7('Your crypto bonus is in the payload'), vendor_1401: Buffer.from('77', 'hex') }, payloadPrefix);
  await tagged('tag prefix, data_sm', { source_addr_ton: 1, source_addr_npi: 1, source_addr: '66811112222',
    dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '66899990000', data_coding: 0,
    message_payload: gsm7('data_sm crypto bonus') }, payloadPrefix, 'data_sm');
  // The room a prefix needs (16 septets: [ and ] are escape pairs; 28 octets in UCS-2), exactly.
  const filler = (n, c = 'y') => `crypto bonus ${c.repeat(n - 13)}`;
  await tagged('prefix fits: 144 + 16 septets', { short_message: gsm7(filler(144)) }, withPrefix(gsm7(PREFIX)));
  await tagged('prefix does not fit: 145 + 16 septets', { short_message: gsm7(filler(145)) }, relabel);
  // A UDH whose octets do not fill whole septets (ceil(8n/7)): application port addressing,
  // 8-bit ports (IEI 0x04: destination 245, originator 245), 5 octets = 40 bits -> 6 septets.
  const udh5 = Buffer.from('040402f5f5', 'hex');
  await tagged('prefix fits after a 5-octet UDH (6 septets): 138 + 16', { esm_class: 0x40,
    short_message: Buffer.concat([udh5, gsm7(filler(138))]) }, withPrefix(gsm7(PREFIX), udh5.length));
  await tagged('prefix does not fit after a UDH: 139 + 16', { esm_class: 0x40,
    short_message: Buffer.concat([udh5, gsm7(filler(139))]) }, relabel);
  await tagged('prefix fits UCS-2: 112 + 28 octets', { data_coding: 8, short_message: ucs2(filler(56)) }, withPrefix(ucs2(PREFIX)));
  await tagged('prefix does not fit UCS-2: 114 + 28 octets', { data_coding: 8, short_message: ucs2(filler(57)) }, relabel);

  // submit_multi: judged like submit_sm.
  const dests = [{ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '66899990001' },
    { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '66899990002' }, { dl_name: 'friends' }];
  await tagged('tag sender, submit_multi', { source_addr_ton: 1, source_addr_npi: 1, source_addr: '66811112222',
    dest_address: dests, data_coding: 0, short_message: gsm7('cheap loan for all of you') }, relabel, 'submit_multi');

  // --- tag: tlv ------------------------------------------------------------------------------
  const withTlv = (value) => (m) => { m.tlvs.push({ tag: 0x1400, value: Buffer.from(value, 'ascii') }); };
  await tagged('tag tlv, one rule', { data_coding: 0, short_message: gsm7('Casino jackpot tonight only'),
    vendor_1401: Buffer.from('01', 'hex') }, withTlv('TAG-TLV'));
  await tagged('tag tlv, two rules', { data_coding: 0, short_message: gsm7('casino jackpot now open') },
    withTlv('TAG-TLV,TAG-TLV2'));

  // --- forwarded byte for byte: monitor, allow over block, ham ---------------------------------
  const unchanged = async (what, params, command = 'submit_sm') => {
    const r = command === 'submit_sm' ? await esme.submit(params) : await esme.send(command, params);
    checkEq(r.resp.command_status, 0, `${what}: response command_status`);
    checkBytes(rec.one(r.seq, what).raw, r.raw, `${what}: PDU at the SMSC`);
    if (command === 'submit_sm') {
      checkEq(r.resp.message_id, smscIds.get(r.seq), `${what}: message_id at the ESME is the SMSC's`);
      if (params.registered_delivery !== 0) forwardedWithReceipt.push({ seq: r.seq, id: r.resp.message_id, what });
    }
    return r;
  };
  await unchanged('monitor', { data_coding: 0, short_message: gsm7('Survey reward: answer 3 questions'),
    vendor_1401: Buffer.from('beef', 'hex') });
  await unchanged('raw view is case-sensitive: other case passes', { data_coding: 0, short_message: gsm7('Get it free!! now') });
  await unchanged('allow beats block', { data_coding: 0, short_message: gsm7('Your OTP code is 123456. Your parcel is held at the depot') });
  await unchanged('clean data_sm', { source_addr_ton: 1, source_addr_npi: 1, source_addr: '66811112222',
    dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '66899990000', data_coding: 0,
    message_payload: gsm7('See you at 7 tonight') }, 'data_sm');

  const ham = hamSample(200);
  for (let i = 0; i < ham.length; i += 20) {
    await Promise.all(ham.slice(i, i + 20).map((m, j) =>
      unchanged(`ham #${i + j} "${m.text.slice(0, 40)}"`, { registered_delivery: (i + j) % 2, ...m.params })));
  }

  // --- receipts: one per forwarded message, none for the blocked ones --------------------------
  await waitUntil(() => forwardedWithReceipt.every((f) => esme.receiptsFor(f.id).length >= 1), 10000,
    'a receipt for every forwarded message that asked for one');
  await sleep(700); // room for a wrong receipt or a second response to arrive
  for (const f of forwardedWithReceipt) checkEq(esme.receiptsFor(f.id).length, 1, `receipts for ${f.what}`);
  const known = new Set(forwardedWithReceipt.map((f) => f.id));
  const odd = esme.delivers.filter((d) => !known.has(d.receipted_message_id));
  check(odd.length === 0, `deliver_sm for no forwarded message: ${odd.map((d) => d.receipted_message_id).join(', ')}`);
  for (const seq of blocked) rec.none(seq, `blocked seq ${seq}`);
  esme.checkOneResponseEach();
  const messages = esme.sentCount('submit_sm', 'data_sm', 'submit_multi');
  checkEq(messages, blocked.length + rec.bySeq.size, 'messages sent = blocked + received by the SMSC');
  checkEq(smsc.counters.receipts_acked || 0, forwardedWithReceipt.length, 'deliver_sm_resp relayed back to the SMSC');
  h.log(`${messages} messages: ${blocked.length} blocked, ${rec.bySeq.size} at the SMSC, ` +
    `${forwardedWithReceipt.length} receipts, ${esme.delivers.length} deliver_sm at the ESME`);

  const u = await esme.send('unbind', {});
  checkEq(u.resp.command, 'unbind_resp', 'unbind response');
  esme.checkOneResponseEach();
  await h.stopSmsfwClean(proxy);
  const summary = proxy.child.stderr.split('\n').find((l) => l.includes('stopped')) || '';
  const m = /(\d+) judged, (\d+) blocked, (\d+) tagged, (\d+) monitored, (\d+) allowed by rule/.exec(summary);
  check(m, `no counters line in smsfw's log: ${summary}`);
  checkEq(Number(m[2]), blocked.length, 'smsfw counter blocked');
  checkEq(Number(m[3]), taggedCount, 'smsfw counter tagged');
  checkEq(Number(m[4]), 1, 'smsfw counter monitored');
  checkEq(Number(m[5]), 1, 'smsfw counter allowed by rule');
  checkEq(Number(m[1]), messages, 'smsfw counter judged');
}, { timeoutMs: 50000 });
