'use strict';
// MO judging: node-smpp SMSC -> smsfw --patterns DIR -> node-smpp ESMEs bound as transceivers.
// Proves, for an account with `scan_mo: true`:
//  - a mobile-originated deliver_sm (esm_class 0) with a blocked text is answered to the SMSC
//    with deliver_sm_resp carrying the block status (account block_status 0x45; a rule's 0x66)
//    and the SMSC's sequence number, and the ESME never sees it; the same for a data_sm (0x66);
//  - a delivery receipt (esm_class 0x04) with the same text still reaches the ESME byte for byte
//    (receipts are never judged), and the ESME's deliver_sm_resp reaches the SMSC;
//  - a clean MO reaches the ESME byte for byte; a tagged MO (mark sender) arrives relabelled;
// and for an account without scan_mo the blocked MO passes byte for byte. Every request on
// both sides gets exactly one response.
const { run, skip, check, checkEq, sleep, waitUntil } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');
const { Esme, checkBlockedResp, checkBytes, raw } = require('./lib/filter-peers');

const { gsm7, ucs2, parseMessage, encodeMessage } = raw;

const RULES = `set: itest-mo
version: t12-1
rules:
  - id: BLK-KBANK
    pattern: 'verify\\s+your\\s+kbank'
    action: block
    description: bank impersonation
  - id: BLK-LOTTERY
    pattern: 'lottery\\s+winner'
    action: block
    status: 0x66
    description: lottery
  - id: TAG-LOAN
    pattern: 'cheap\\s+loan'
    action: tag
    tag: {mark: sender, relabel_to: MO-Suspect}
    description: loan spam
`;
const ACCOUNTS = `accounts:
  default: {mode: enforce}
  mo-judged: {scan_mo: true}
`;
const BLOCKED_TEXT = 'Please verify your KBank account at once';

run('t12_mo_judging', async (h) => {
  if (h.opts.direct) skip('judging needs the proxy');
  const smsc = new NodeSmsc({ systemId: 'SMSC12', idPrefix: 'm12-' });
  const up = await h.listen(smsc.server);
  const dir = h.patternDir({ '10-rules.yaml': RULES, '20-accounts.yaml': ACCOUNTS });
  const proxy = await h.startSmsfw([up], ['--patterns', dir]);

  const bindTrx = async (systemId, seqBase) => {
    const e = new Esme(await h.connect(proxy), systemId, seqBase);
    await e.bind('bind_transceiver', systemId);
    await waitUntil(() => [...smsc.sessions].some((x) => x.bound && x.bound.system_id === systemId), 3000,
      `the SMSC side of ${systemId}`);
    const side = [...smsc.sessions].find((x) => x.bound && x.bound.system_id === systemId);
    return { esme: e, smsc: new Esme(side, `SMSC side of ${systemId}`, seqBase + 0x8000, { answer: false }) };
  };
  const judged = await bindTrx('mo-judged', 0x000c0000);
  const plain = await bindTrx('mo-plain', 0x000d0000);

  const mo = (text, p = {}) => ({
    source_addr_ton: 1, source_addr_npi: 1, source_addr: '66812345678',
    dest_addr_ton: 3, dest_addr_npi: 0, destination_addr: '4545',
    esm_class: 0, data_coding: 0, short_message: gsm7(text), ...p,
  });
  const receipt = (text) => mo(text, { esm_class: 0x04, receipted_message_id: 'm12-abc', message_state: 2 });
  // The deliver_sm the ESME got with this sequence number (or undefined).
  const at = (pair, seq) => pair.esme.delivers.filter((d) => d.sequence_number === seq);
  const reaches = async (pair, what, command, params, edit) => {
    const r = await pair.smsc.send(command, params);
    checkEq(r.resp.command_status, 0, `${what}: ${command}_resp command_status at the SMSC`);
    const got = at(pair, r.seq);
    checkEq(got.length, 1, `${what}: copies at the ESME`);
    const want = parseMessage(r.raw);
    if (edit) edit(want);
    checkBytes(got[0]._raw, encodeMessage(want), `${what}: PDU at the ESME`);
    return r;
  };
  const blocked = async (pair, what, command, params, status) => {
    const r = await pair.smsc.send(command, params);
    checkBlockedResp(r, command, status, what);
    return r;
  };

  // --- account with scan_mo ------------------------------------------------------------------
  const b1 = await blocked(judged, 'blocked MO', 'deliver_sm', mo(BLOCKED_TEXT), 0x45);
  const b2 = await blocked(judged, 'blocked MO (UCS-2, rule status)', 'deliver_sm',
    mo('', { data_coding: 8, short_message: ucs2('You are our lottery winner') }), 0x66);
  const b3 = await blocked(judged, 'blocked MO data_sm', 'data_sm', {
    source_addr_ton: 1, source_addr_npi: 1, source_addr: '66812345678', dest_addr_ton: 3, dest_addr_npi: 0,
    destination_addr: '4545', esm_class: 0, data_coding: 0, message_payload: gsm7('lottery winner, claim now') }, 0x66);
  await reaches(judged, 'receipt with the blocked text', 'deliver_sm', receipt(BLOCKED_TEXT));
  await reaches(judged, 'receipt with esm_class 0x84 (reply path bit set)', 'deliver_sm',
    { ...receipt(BLOCKED_TEXT), esm_class: 0x04 | 0x80 });
  await reaches(judged, 'clean MO', 'deliver_sm', mo('Hi, what time is the meeting?'));
  await reaches(judged, 'tagged MO (sender relabelled)', 'deliver_sm', mo('cheap loan for you'),
    (m) => { m.source = { ton: 5, npi: 0, addr: 'MO-Suspect' }; });

  // --- account without scan_mo: the same MO passes -------------------------------------------------
  await reaches(plain, 'MO for an account without scan_mo', 'deliver_sm', mo(BLOCKED_TEXT));
  await reaches(plain, 'data_sm MO for an account without scan_mo', 'data_sm', {
    source_addr_ton: 1, source_addr_npi: 1, source_addr: '66812345678', dest_addr_ton: 3, dest_addr_npi: 0,
    destination_addr: '4545', esm_class: 0, data_coding: 0, message_payload: gsm7('lottery winner, claim now') });

  // MT from the judged account is still judged (scan_mo adds MO, it does not replace MT).
  const mt = await judged.esme.submit({ short_message: gsm7(BLOCKED_TEXT), registered_delivery: 0 });
  checkBlockedResp(mt, 'submit_sm', 0x45, 'MT from the scan_mo account');

  await sleep(500); // a blocked MO that leaked would arrive here
  for (const b of [b1, b2, b3]) checkEq(at(judged, b.seq).length, 0, `blocked MO seq ${b.seq}: copies at the ESME`);
  for (const pair of [judged, plain]) {
    const u = await pair.esme.send('unbind', {});
    checkEq(u.resp.command, 'unbind_resp', `${pair.esme.name}: unbind response`);
    pair.esme.checkOneResponseEach();
    pair.smsc.checkOneResponseEach();
  }
  checkEq(judged.esme.delivers.length, 4, 'deliver_sm at the scan_mo ESME (2 receipts, clean, tagged)');
  checkEq(plain.esme.delivers.length, 2, 'deliver_sm/data_sm at the plain ESME');
  await h.stopSmsfwClean(proxy);
}, { timeoutMs: 50000 });
