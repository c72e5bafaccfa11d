'use strict';
// node-smpp ESMEs bound as different system_ids -> smsfw --patterns DIR (sender registry +
// account policies + one content rule) -> node-smpp SMSC (which accepts any credentials).
// Proves:
//  - KBANK, registered for kbank-a2p, passes byte for byte from kbank-a2p;
//  - KBANK from another account is blocked (SENDER-UNAUTHORIZED) with the account's
//    block_status (default 0x45; 0x61 for an account that sets it), never reaching the SMSC;
//  - lookalikes K-BANK, kbank, KBAN K, KBANK. and KBАNK (Cyrillic A, sent as UTF-8) are blocked
//    from every account, the registered one included;
//  - another alphanumeric ID (SHOPEE) with `unregistered_alphanumeric: tag` reaches the SMSC
//    relabelled to relabel_to (TON 5, NPI 0), every other octet unchanged;
//  - numeric senders (national, international with TON 1, "+66...") are untouched;
//  - an account in `mode: monitor` has its would-be-blocked and would-be-tagged messages
//    forwarded unchanged; an account with `sender_registry: false` is not checked;
//  - a sender rule limited to TON 5 blocks PROMO1 only with TON 5; a registry tag and a content
//    tlv tag on one message give both marks (TLV lists the content rule, then SENDER-UNREGISTERED);
//  - after the registry file is rewritten (KBANK also for aggregator-x) and smsfw gets SIGHUP,
//    KBANK from aggregator-x passes on the same bound session (no stale per-sender outcome);
//  - every request gets exactly one response.
const { run, skip, check, checkEq, fail, sleep, writeFiles } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');
const { Esme, SmscRecorder, checkBlockedResp, checkBytes, raw } = require('./lib/filter-peers');

const { gsm7, parseMessage, encodeMessage } = raw;

const registry = (kbankAccounts) => `sender_registry:
  unauthorized: block
  lookalike: block
  unregistered_alphanumeric: tag
  relabel_to: Unverified
  senders:
    - id: KBANK
      accounts: [${kbankAccounts.join(', ')}]
    - id: TRUEMOVE
      accounts: [aggregator-x, kbank-a2p]
`;
const ACCOUNTS = `accounts:
  default: {mode: enforce}
  watcher: {mode: monitor}
  agg-status: {block_status: 0x61}
  no-registry: {sender_registry: false}
`;
const RULES = `set: itest-content
version: t09-1
rules:
  - id: BLK-KBANK-VERIFY
    pattern: 'verify\\s+your\\s+kbank'
    action: block
    description: bank impersonation
  - id: BLK-PROMO-TON5
    field: sender
    pattern: '^PROMO'
    ton: [5]
    action: block
    description: alphanumeric (TON 5) PROMO senders
  - id: TAG-TLV-CASINO
    pattern: 'casino\\s+jackpot'
    action: tag
    tag: {mark: tlv}
    description: casino, marked with the tlv
`;

run('t09_sender_registry', async (h) => {
  if (h.opts.direct) skip('judging needs the proxy');
  const smsc = new NodeSmsc({ systemId: 'SMSC09', idPrefix: 'r9-' });
  const rec = new SmscRecorder(smsc);
  const up = await h.listen(smsc.server);
  const dir = h.patternDir({ '10-registry.yaml': registry(['kbank-a2p']), '20-accounts.yaml': ACCOUNTS, '30-rules.yaml': RULES });
  const proxy = await h.startSmsfw([up], ['--patterns', dir]);

  const esmes = [];
  const bind = async (systemId, seqBase) => {
    const e = new Esme(await h.connect(proxy), systemId, seqBase);
    await e.bind('bind_transmitter', systemId);
    esmes.push(e);
    return e;
  };
  // source_addr as a Buffer: node-smpp would write a string as 'ascii' and mangle UTF-8.
  const from = (sender, ton, npi, text) => ({ source_addr_ton: ton, source_addr_npi: npi,
    source_addr: Buffer.from(sender, 'utf8'), registered_delivery: 0, data_coding: 0,
    short_message: gsm7(text), vendor_1401: Buffer.from('0102', 'hex') });
  const alnum = (sender, text = 'Your statement is ready') => from(sender, 5, 0, text);

  const passes = async (e, what, params) => {
    const r = await e.submit(params);
    checkEq(r.resp.command_status, 0, `${e.name}: ${what}: submit_sm_resp command_status`);
    checkBytes(rec.one(r.seq, `${e.name}: ${what}`).raw, r.raw, `${e.name}: ${what}: PDU at the SMSC`);
  };
  let blockedCount = 0; let taggedCount = 0;
  const blocked = async (e, what, params, status = 0x45) => {
    const r = await e.submit(params);
    checkBlockedResp(r, 'submit_sm', status, `${e.name}: ${what}`);
    rec.none(r.seq, `${e.name}: ${what}`);
    blockedCount++;
  };
  const relabelled = async (e, what, params, to, edit = () => {}) => {
    const r = await e.submit(params);
    checkEq(r.resp.command_status, 0, `${e.name}: ${what}: submit_sm_resp command_status`);
    const want = parseMessage(r.raw);
    want.source = { ton: 5, npi: 0, addr: to };
    edit(want);
    checkBytes(rec.one(r.seq, `${e.name}: ${what}`).raw, encodeMessage(want), `${e.name}: ${what}: PDU at the SMSC`);
    taggedCount++;
  };
  const LOOKALIKES = ['K-BANK', 'kbank', 'KBAN K', 'KBANK.', 'KB\u0410NK', 'Kbank'];

  // --- the registered account -------------------------------------------------------------------
  const owner = await bind('kbank-a2p', 0x00090000);
  await passes(owner, 'KBANK from its own account', alnum('KBANK'));
  await passes(owner, 'TRUEMOVE from a listed account', alnum('TRUEMOVE'));
  for (const l of LOOKALIKES) await blocked(owner, `lookalike ${JSON.stringify(l)}`, alnum(l));
  await relabelled(owner, 'unregistered SHOPEE', alnum('SHOPEE', 'Flash sale today'), 'Unverified');
  await passes(owner, 'numeric sender', from('66812345678', 1, 1, 'numeric sender text'));

  // --- another account --------------------------------------------------------------------------
  const agg = await bind('aggregator-x', 0x00091000);
  await blocked(agg, 'KBANK from an account not listed', alnum('KBANK'));
  await passes(agg, 'TRUEMOVE from a listed account', alnum('TRUEMOVE'));
  for (const l of LOOKALIKES) await blocked(agg, `lookalike ${JSON.stringify(l)}`, alnum(l));
  await relabelled(agg, 'unregistered SHOPEE', alnum('SHOPEE', 'Flash sale today'), 'Unverified');
  await relabelled(agg, 'unregistered alphanumeric with TON 1', from('Lazada', 1, 1, 'Order shipped'), 'Unverified');
  await passes(agg, 'numeric national sender', from('021234567', 2, 1, 'numeric national'));
  await passes(agg, 'numeric "+" sender', from('+66812345678', 1, 1, 'numeric plus'));
  await passes(agg, 'short code', from('4545', 3, 0, 'short code'));
  await blocked(agg, 'content rule', from('66812345678', 1, 1, 'please verify your KBank now'));
  await blocked(agg, 'sender rule for TON 5', alnum('PROMO1'));
  await relabelled(agg, 'sender rule for TON 5 does not apply to TON 1 (registry tags it)',
    from('PROMO1', 1, 1, 'x'), 'Unverified');
  await relabelled(agg, 'registry tag + content tlv tag: both marks, registry id last', alnum('SHOPEE', 'casino jackpot inside'),
    'Unverified', (m) => m.tlvs.push({ tag: 0x1400, value: Buffer.from('TAG-TLV-CASINO,SENDER-UNREGISTERED') }));

  // --- an account with its own block_status ----------------------------------------------------------
  const st = await bind('agg-status', 0x00092000);
  await blocked(st, 'KBANK, account block_status 0x61', alnum('KBANK'), 0x61);
  await blocked(st, 'lookalike, account block_status 0x61', alnum('K-BANK'), 0x61);

  // --- an account in monitor mode: recorded, forwarded unchanged ------------------------------------
  const watcher = await bind('watcher', 0x00093000);
  await passes(watcher, 'monitor mode: KBANK (unauthorized)', alnum('KBANK'));
  await passes(watcher, 'monitor mode: lookalike', alnum('K-BANK'));
  await passes(watcher, 'monitor mode: unregistered SHOPEE (would be tagged)', alnum('SHOPEE'));
  await passes(watcher, 'monitor mode: content rule', from('66812345678', 1, 1, 'please verify your KBank now'));

  // --- an account outside the registry -----------------------------------------------------------
  const noreg = await bind('no-registry', 0x00094000);
  await passes(noreg, 'registry off: KBANK', alnum('KBANK'));
  await passes(noreg, 'registry off: SHOPEE', alnum('SHOPEE'));
  await blocked(noreg, 'registry off: content rule still applies', from('66812345678', 1, 1, 'please verify your KBank now'));

  // --- SIGHUP: the registry now lists aggregator-x for KBANK (outcomes are not stale) -----------
  writeFiles(dir, { '10-registry.yaml': registry(['kbank-a2p', 'aggregator-x']) });
  const t0 = Date.now();
  proxy.child.proc.kill('SIGHUP');
  for (;;) {
    const r = await agg.submit(alnum('KBANK'));
    if (r.resp.command_status === 0) { rec.one(r.seq, 'KBANK from aggregator-x after the reload'); break; }
    checkBlockedResp(r, 'submit_sm', 0x45, 'KBANK from aggregator-x before the reload took effect');
    blockedCount++;
    if (Date.now() - t0 > 5000) fail('5 s after SIGHUP KBANK from aggregator-x is still blocked');
    await sleep(50);
  }
  await passes(owner, 'after the reload: KBANK from kbank-a2p', alnum('KBANK'));
  await blocked(st, 'after the reload: KBANK from an account still not listed', alnum('KBANK'), 0x61);
  await blocked(agg, 'after the reload: lookalike', alnum('K-BANK'));

  for (const e of esmes) {
    const u = await e.send('unbind', {});
    checkEq(u.resp.command, 'unbind_resp', `${e.name}: unbind response`);
    e.checkOneResponseEach();
  }
  await h.stopSmsfwClean(proxy);
  const line = proxy.child.stderr.split('\n').find((l) => l.includes(' stopped')) || '';
  const m = /(\d+) judged, (\d+) blocked, (\d+) tagged, (\d+) monitored/.exec(line);
  check(m, `no counters line in smsfw's log: ${line}`);
  checkEq(Number(m[2]), blockedCount, 'smsfw counter blocked');
  checkEq(Number(m[3]), taggedCount, 'smsfw counter tagged');
  checkEq(Number(m[4]), 4, 'smsfw counter monitored (the monitor-mode account)');
}, { timeoutMs: 50000 });
