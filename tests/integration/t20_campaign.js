'use strict';
// Campaign detection (a `campaign:` document in the pattern directory): near-duplicate texts
// counted by DISTINCT destinations, blocked from the aggregation after their cluster reached the
// threshold. node-smpp ESMEs -> smsfw -> one node-smpp SMSC; a redis-server of the test's own.
//  (A) one instance (--threads 2), `campaign: {action: block, status: 0x45, threshold: 30}`:
//    - first, on a bind of its own, one lure (numbers varied, masked alike) sent 60 times to ONE
//      destination: all forwarded, and still forwarded after two aggregations (not a campaign);
//    - then the lure campaign, paced at 20/s, each message to a distinct destination (the first
//      one the destination above), the amount, link path and reference varied and every 4th
//      message with a word changed ('held' -> 'kept': a near duplicate within the SimHash
//      distance), interleaved with 300 distinct ham lines of the SMS Spam Collection (at least 40
//      characters; generated sentences when the corpus is absent) to distinct destinations on a
//      second bind: the lure is forwarded through at least message 25 (30 within the sketch's
//      error), every lure message from message 45 (30 + 15: sketch error and the 200 ms
//      aggregation lag) at the latest is answered 0x45 with an empty message_id and never reaches
//      the SMSC, and once blocked it stays blocked (word-changed messages included); every ham
//      line reaches the SMSC byte-identical; the "1 new cluster ... reached 30 distinct
//      destinations" line is logged exactly once; the stop line counts every message judged and
//      every block, nothing tagged or monitored;
//  (B) two instances sharing Redis (`shared_state.redis`, ids t20-a / t20-b, exchange_interval
//    100ms), threshold 40, both first warmed up (another text to two destinations each, until
//    both log "redis ...: connected, sharing state"): a second lure (only numbers and URL paths
//    varied, so the masked texts are identical) alternating between an ESME on each instance, 70
//    messages at 20/s, distinct
//    destinations: each instance alone sees half of them, yet both block it by message 60 in
//    total (each has seen at most 30 itself: sharing did it), and never before message 34;
//  (C) redis-server SIGKILLed, and the stream goes straight on with a third lure (and every 5th
//    tick the second lure again): every submit_sm answered exactly once, both instances log the
//    redis-unreachable warning, the second lure stays blocked (its shared count is kept), and the
//    third is blocked by each instance once it alone saw the threshold (not before message 70 in
//    total, by message 100);
//  (control) two instances without shared_state, a fourth lure alternating the same way, 100
//    messages: blocked only from after message 70 on each (each saw 35+ itself), by message 100;
//    so the shared detection (<= 60) separates clearly from the local one (> 70);
//  every request answered exactly once; every smsfw exits 0 on SIGTERM with consistent counters
//  (judged, blocked, nothing tagged or monitored). Every instance runs with `campaign.capacity`
//  16,384 (see CAPACITY). Prints the message from which each lure was blocked.
// Needs /usr/bin/redis-server (FAIL, not SKIP, without it: a declared test prerequisite).
const fs = require('fs');
const { run, skip, check, checkEq, sleep, waitUntil, fail, writeFiles } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');
const { requireRedis, startRedis } = require('./lib/redis');
const { Esme, SmscRecorder, checkBlockedResp, checkBytes, raw } = require('./lib/filter-peers');

const CORPUS = '/work/shared/corpus/sms-spam-collection/SMSSpamCollection';
const STATUS = 0x45;
const PACE_MS = 50;          // lure messages: 20 per second

// (A)
const THRESHOLD_A = 30;
const MARGIN_A = 15;         // blocked from message THRESHOLD_A + MARGIN_A at the latest
const EARLIEST_A = 26;       // not before message 26: 30 / 1.15 (the sketch's 95th percentile error)
const LURE_A = 80;
const ONE_DEST = 60;
const HAM = 300;
// (B), (C), control
const THRESHOLD_B = 40;
const SHARED_MAX = 60;       // both instances blocked by message 60 in total (30 each)
const SHARED_MIN = 34;       // 40 / 1.15, rounded down
const LURE_B = 70;
const LOCAL_MIN = 70;        // without sharing: nothing blocked in the first 70 (35 each)
const LOCAL_N = 100;         // ... and both blocked by message 100 (50 each)
const INTERVAL = 0.1;        // shared_state.exchange_interval of (B)

const patterns = (id, threshold, windowMinutes) => `# written by t20_campaign.js
campaign:
  id: ${id}
  action: block
  status: 0x${STATUS.toString(16)}
  threshold: ${threshold}
  window_minutes: ${windowMinutes}
  min_shingles: 20
  description: bulk lure sent to many subscribers
`;

// campaign.capacity: smsfw builds its cluster table (184 bytes a cluster, 1,048,576 by default:
// 184 MiB) at its first aggregation, on the shared-state thread; measured here, that takes 0.5 s
// on an idle machine and 4-5 s with three of these tests at once on 2 cores, during which nothing
// is counted or shared (the rings keep the observations). 16,384 clusters (3 MiB) are plenty.
const CAPACITY = 'campaign: {capacity: 16384}';
const localConfig = `# written by t20_campaign.js
${CAPACITY}
`;
const config = (redisPort, id) => `# written by t20_campaign.js
${CAPACITY}
shared_state:
  redis: 127.0.0.1:${redisPort}
  instance_id: ${id}
  exchange_interval: ${Math.round(INTERVAL * 1000)}ms
  connect_timeout: 200ms
  command_timeout: 200ms
  key_prefix: "t20:"
`;

// The lures: the same text with its numbers, link path and reference varied (masked alike).
const lureA = (i) => {
  const t = `Your parcel is held at the depot. Pay the ${20 + (i % 7)} THB fee at ` +
    `http://pkg-th.example/t/${1000 + i * 37} to release it, ref TH${5000 + i}`;
  // A word changed in every 4th ('depot' -> 'center' would be a cluster of its own: more than
  // 8 bits of SimHash apart; 'held' -> 'kept' stays within them).
  return i % 4 === 3 ? t.replace('held', 'kept') : t;
};
const lureB = (i) => `Your electricity bill of ${300 + (i % 11) * 7} THB is overdue. Pay today at ` +
  `https://pea-bill.example/pay/${70000 + i * 13} or service stops on ${1 + (i % 28)}/12`;
const lureC = (i) => `Congratulations! You won a ${1000 + (i % 9) * 500} THB voucher. Claim it before ` +
  `${1 + (i % 12)} pm at http://gift-th.example/c/${3000 + i * 11}`;
const lureD = (i) => `Your bank card ending ${1000 + (i % 97) * 7} has been suspended. Verify within ` +
  `${12 + (i % 12)} hours at https://verify-card.example/v/${40000 + i * 29}`;

// 300 distinct ham texts (GSM 7-bit when they fit 160 septets, else UCS-2 up to 254 octets).
function hamSample(n) {
  const texts = [];
  const seen = new Set();
  if (fs.existsSync(CORPUS)) {
    for (const line of fs.readFileSync(CORPUS, 'utf8').split('\n')) {
      const [label, text] = line.split('\t');
      if (label !== 'ham' || !text || text.length < 40 || seen.has(text)) continue;
      seen.add(text);
      texts.push(text);
    }
  } else {
    const who = ['Mum', 'Ken', 'the team', 'Ploy', 'your brother', 'the landlord', 'Nok', 'the coach'];
    const what = ['the keys', 'dinner', 'the report', 'our tickets', 'the car', 'the photos', 'lunch'];
    const when = ['tonight', 'tomorrow morning', 'after work', 'on Sunday', 'next week', 'at noon'];
    for (let i = 0; texts.length < n; i++)
      texts.push(`Tell ${who[i % 8]} I will sort out ${what[(i >> 3) % 7]} ${when[Math.floor(i / 56) % 6]}, ` +
        `and call ${who[(i * 5 + 3) % 8]} about ${what[(i * 3 + 1) % 7]} ${['soon', 'later', 'today'][i % 3]} ` +
        `(${['really', 'honestly', 'promise', 'ok'][Math.floor(i / 336) % 4]})`);
  }
  const out = [];
  for (const text of texts) {
    const g = raw.gsm7(text);
    if (g && g.length <= 160) out.push({ text, params: { data_coding: 0, short_message: g } });
    else if (raw.ucs2(text).length <= 254) out.push({ text, params: { data_coding: 8, short_message: raw.ucs2(text) } });
    if (out.length === n) break;
  }
  check(out.length === n, `only ${out.length} ham lines usable`);
  return out;
}

// Calls fn(i) for i in 0..count-1, one every `ms` (fn awaited, the pace kept from the start).
async function paced(count, ms, fn) {
  const t0 = Date.now();
  for (let i = 0; i < count; i++) {
    await fn(i);
    const wait = t0 + (i + 1) * ms - Date.now();
    if (wait > 0) await sleep(wait);
  }
}

// smsfw's stop line counters.
function stopCounters(proxy) {
  const line = proxy.child.stderr.split('\n').find((l) => / stopped/.test(l) && /judged/.test(l)) || '';
  const m = /messages (\d+) judged, (\d+) blocked, (\d+) tagged, (\d+) monitored/.exec(line);
  check(m, `no message counters in smsfw's stop line: ${line}`);
  return { judged: Number(m[1]), blocked: Number(m[2]), tagged: Number(m[3]), monitored: Number(m[4]) };
}

const count = (s, re) => (s.match(re) || []).length;
const flaggedLine = (id, threshold) =>
  new RegExp(`campaign ${id}: 1 new cluster of near-duplicate texts reached ${threshold} distinct destinations`, 'g');

run('t20_campaign', async (h) => {
  if (h.opts.direct) skip('campaign detection needs the proxy');
  requireRedis();

  const smsc = new NodeSmsc({ systemId: 'SMSC20', idPrefix: 't20-' });
  const rec = new SmscRecorder(smsc);
  const up = await h.listen(smsc.server);
  const esmes = [];
  const bind = async (proxy, name, seqBase) => {
    const e = new Esme(await h.connect(proxy), name, seqBase);
    await e.bind('bind_transmitter', 'bulk');
    e.proxy = proxy;
    esmes.push(e);
    return e;
  };
  const msg = (text, dest) => ({ source_addr_ton: 5, source_addr_npi: 0, source_addr: 'PKG-TH',
    destination_addr: dest, registered_delivery: 0, data_coding: 0, short_message: raw.gsm7(text) });
  // One submit_sm, checked end to end: forwarded (the SMSC got it once, byte-identical, and its
  // id came back) or blocked (0x45, empty message_id, the SMSC never got it). Returns
  // {blocked, ms}.
  const submit = async (esme, params, what) => {
    const t = process.hrtime.bigint();
    const r = await esme.submit(params);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.resp.command_status === 0) {
      check(r.resp.message_id && r.resp.message_id.startsWith('t20-'), `${what}: accepted without the SMSC's id`);
      checkBytes(rec.one(r.seq, what).raw, r.raw, `${what}: PDU at the SMSC`);
      return { blocked: false, ms };
    }
    checkBlockedResp(r, 'submit_sm', STATUS, what);
    rec.none(r.seq, what);
    return { blocked: true, ms };
  };
  // The 1-based index (in `results`, filtered by `via`) of the first blocked message; checks that
  // everything before it was forwarded and everything from it blocked. Infinity: none blocked.
  const firstBlocked = (results, what, via = null) => {
    let first = Infinity;
    results.forEach((r, k) => {
      if (via !== null && r.via !== via) return;
      if (r.blocked && first === Infinity) first = k + 1;
      if (!r.blocked && first !== Infinity)
        fail(`${what}: message ${k + 1}${via ? ` (on ${via})` : ''} forwarded after message ${first} was blocked`);
    });
    return first;
  };
  const maxMs = (results) => Math.max(...results.map((r) => r.ms)).toFixed(1);

  // ---------------------------------------------------------------------------------------------
  // (A) one instance, threshold 30.
  const dirA = h.patternDir({ '30-campaign.yaml': patterns('BULK-LURE', THRESHOLD_A, 60) });
  const conf = h.tempDir({ 'local.yaml': localConfig });
  const proxyA = await h.startSmsfw([up], ['--config', `${conf}/local.yaml`, '--patterns', dirA, '--threads', '2']);
  const destA = (i) => `66810${String(i).padStart(6, '0')}`;

  // (A0) the lure to ONE destination, 60 times: never a campaign.
  const one = await bind(proxyA, 'one-destination', 0x00200000);
  for (let i = 0; i < ONE_DEST; i++) {
    const r = await submit(one, msg(lureA(i), destA(0)), `one destination #${i + 1}`);
    check(!r.blocked, `the lure to one destination was blocked at copy ${i + 1} of ${ONE_DEST}`);
  }
  await sleep(500); // two aggregations and more
  check(!(await submit(one, msg(lureA(ONE_DEST), destA(0)), 'one destination, after aggregation')).blocked,
    `the lure to one destination was blocked after ${ONE_DEST + 1} copies and an aggregation`);
  console.log(`(A0) the lure ${ONE_DEST + 1} times to one destination: all forwarded`);

  // (A) the campaign, ham interleaved.
  const ham = hamSample(HAM);
  const lureEsme = await bind(proxyA, 'lure', 0x00210000);
  const hamEsme = await bind(proxyA, 'ham', 0x00220000);
  const hamPerTick = Math.ceil(HAM / (LURE_A - 5));
  const lureResults = [];
  const hamResults = [];
  const tA = Date.now();
  await paced(LURE_A, PACE_MS, async (i) => {
    const hams = ham.slice(i * hamPerTick, (i + 1) * hamPerTick).map((m, j) => {
      const k = i * hamPerTick + j;
      return submit(hamEsme, { ...msg('', `66820${String(k).padStart(6, '0')}`), ...m.params },
        `ham #${k + 1} "${m.text.slice(0, 40)}"`);
    });
    const [lure, ...hr] = await Promise.all([submit(lureEsme, msg(lureA(i), destA(i)), `lure #${i + 1}`), ...hams]);
    lureResults.push(lure);
    hamResults.push(...hr);
  });
  const secondsA = (Date.now() - tA) / 1000;
  checkEq(hamResults.length, HAM, 'ham messages sent');
  const hamBlocked = hamResults.filter((r) => r.blocked).length;
  checkEq(hamBlocked, 0, 'ham messages blocked');
  const fA = firstBlocked(lureResults, '(A) lure');
  console.log(`(A) ${LURE_A} lure messages to distinct destinations in ${secondsA.toFixed(2)} s with ${HAM} ham: ` +
    `blocked from message ${fA} on (threshold ${THRESHOLD_A}, allowed ${EARLIEST_A}..${THRESHOLD_A + MARGIN_A}); ` +
    `slowest answer ${maxMs([...lureResults, ...hamResults])} ms`);
  check(fA >= EARLIEST_A && fA <= THRESHOLD_A + MARGIN_A,
    `(A) the lure was blocked from message ${fA}, expected ${EARLIEST_A}..${THRESHOLD_A + MARGIN_A}`);
  check(lureResults.slice(fA - 1).some((r, k) => (fA - 1 + k) % 4 === 3), '(A) no word-changed lure after the block');
  const flagA = count(proxyA.child.stderr, flaggedLine('BULK-LURE', THRESHOLD_A));
  checkEq(flagA, 1, '(A) "campaign BULK-LURE: 1 new cluster ... reached 30" lines');
  checkEq(count(proxyA.child.stderr, /new clusters? of near-duplicate/g), 1, '(A) campaign flagging lines');

  // ---------------------------------------------------------------------------------------------
  // (B) two instances sharing Redis, threshold 40. A window of a day: its halves (12 h) do not
  // turn over during the test.
  const redis = await startRedis(h);
  const dirB = h.patternDir({ '30-campaign.yaml': patterns('BULK-LURE', THRESHOLD_B, 1440) });
  writeFiles(conf, { 'a.yaml': config(redis.port, 't20-a'), 'b.yaml': config(redis.port, 't20-b') });
  const proxy1 = await h.startSmsfw([up], ['--config', `${conf}/a.yaml`, '--patterns', dirB]);
  const proxy2 = await h.startSmsfw([up], ['--config', `${conf}/b.yaml`, '--patterns', dirB]);
  for (const [p, id] of [[proxy1, 't20-a'], [proxy2, 't20-b']]) {
    const line = `shared state: redis 127.0.0.1:${redis.port}, instance ${id}, exchanging every 100 ms`;
    check(p.child.stderr.includes(line), `smsfw ${id} did not log "${line}":\n${p.child.tail(10)}`);
  }
  const e1 = await bind(proxy1, 'bulk@a', 0x00230000);
  const e2 = await bind(proxy2, 'bulk@b', 0x00240000);
  // Both instances aggregating and connected to Redis before the lure: a warm-up text (not a
  // lure) to two destinations on each is shared, which connects the link.
  const warm = 'Warm-up: the monthly newsletter is out, read it on the club notice board';
  const warmups = [];
  for (const [e, p, id, via] of [[e1, proxy1, 't20-a', 'a'], [e2, proxy2, 't20-b', 'b']]) {
    for (const d of ['66839000001', '66839000002']) {
      const r = await submit(e, msg(warm, d), `warm-up via ${id}`);
      check(!r.blocked, `warm-up via ${id} blocked`);
      warmups.push({ ...r, via });
    }
    await waitUntil(() => /redis 127\.0\.0\.1:\d+: connected, sharing state/.test(p.child.stderr), 10000,
      `smsfw ${id}: "redis ...: connected, sharing state" after the warm-up`);
  }
  const alternate = async (n, text, dest, what, results, extra = null) => {
    await paced(n, PACE_MS, async (i) => {
      const via = i % 2 ? 'b' : 'a';
      const jobs = [submit(via === 'a' ? e1 : e2, msg(text(i), dest(i)), `${what} #${i + 1} via ${via}`)];
      if (extra) jobs.push(extra(i));
      const [r] = await Promise.all(jobs);
      results.push({ ...r, via });
    });
  };
  const shared = [];
  const tB = Date.now();
  await alternate(LURE_B, lureB, (i) => `66830${String(i).padStart(6, '0')}`, '(B) lure', shared);
  const secondsB = (Date.now() - tB) / 1000;
  const fBa = firstBlocked(shared, '(B) lure', 'a');
  const fBb = firstBlocked(shared, '(B) lure', 'b');
  console.log(`(B) shared: ${LURE_B} lure messages alternating in ${secondsB.toFixed(2)} s: blocked on t20-a from ` +
    `message ${fBa}, on t20-b from message ${fBb} (in total; threshold ${THRESHOLD_B}, allowed ${SHARED_MIN}..${SHARED_MAX}); ` +
    `slowest answer ${maxMs(shared)} ms`);
  for (const [f, id] of [[fBa, 't20-a'], [fBb, 't20-b']])
    check(f >= SHARED_MIN && f <= SHARED_MAX, `(B) on ${id} the shared lure was blocked from message ${f}, ` +
      `expected ${SHARED_MIN}..${SHARED_MAX}`);

  // (C) redis-server killed; the stream goes on at once with a third lure (and the second one
  // again every 5th tick, which stays blocked).
  redis.child.kill(); // SIGKILL
  const afterKill = [];
  const again = [];
  let n2 = 0;
  const tC = Date.now();
  await alternate(LOCAL_N, lureC, (i) => `66840${String(i).padStart(6, '0')}`, '(C) lure', afterKill, (i) => {
    if (i % 5 !== 0) return null;
    const k = LURE_B + n2++;
    const via = k % 2 ? 'b' : 'a';
    return submit(via === 'a' ? e1 : e2, msg(lureB(k), `66830${String(k).padStart(6, '0')}`),
      `(C) shared lure again #${k + 1} via ${via}`).then((r) => { again.push({ ...r, via }); });
  });
  const secondsC = (Date.now() - tC) / 1000;
  const fCa = firstBlocked(afterKill, '(C) lure', 'a');
  const fCb = firstBlocked(afterKill, '(C) lure', 'b');
  const againForwarded = again.filter((r) => !r.blocked).length;
  console.log(`(C) redis killed: ${LOCAL_N} messages of a third lure alternating in ${secondsC.toFixed(2)} s: blocked ` +
    `on t20-a from message ${fCa}, on t20-b from message ${fCb} (allowed ${LOCAL_MIN + 1}..${LOCAL_N}); the shared ` +
    `lure ${again.length - againForwarded} of ${again.length} blocked; slowest answer ${maxMs([...afterKill, ...again])} ms`);
  checkEq(againForwarded, 0, '(C) shared lure forwarded after the kill');
  for (const [f, id] of [[fCa, 't20-a'], [fCb, 't20-b']])
    check(f > LOCAL_MIN && f <= LOCAL_N, `(C) on ${id} the third lure was blocked from message ${f}, ` +
      `expected ${LOCAL_MIN + 1}..${LOCAL_N} (local detection)`);
  for (const [p, id] of [[proxy1, 't20-a'], [proxy2, 't20-b']]) {
    check(/redis 127\.0\.0\.1:\d+ unreachable \(.*\): using local state only/.test(p.child.stderr),
      `smsfw ${id} logged no redis-unreachable warning:\n${p.child.tail(10)}`);
    checkEq(count(p.child.stderr, flaggedLine('BULK-LURE', THRESHOLD_B)), 2, `${id}: campaign flagging lines (second and third lure)`);
    check(!p.child.exited, `smsfw ${id} exited: ${JSON.stringify(p.child.exited)}`);
  }

  // ---------------------------------------------------------------------------------------------
  // (control) two instances without shared_state, a fourth lure: each counts alone.
  const proxy3 = await h.startSmsfw([up], ['--config', `${conf}/local.yaml`, '--patterns', dirB]);
  const proxy4 = await h.startSmsfw([up], ['--config', `${conf}/local.yaml`, '--patterns', dirB]);
  const e3 = await bind(proxy3, 'bulk@c', 0x00250000);
  const e4 = await bind(proxy4, 'bulk@d', 0x00260000);
  const local = [];
  const tD = Date.now();
  await paced(LOCAL_N, PACE_MS, async (i) => {
    const via = i % 2 ? 'd' : 'c';
    const r = await submit(via === 'c' ? e3 : e4, msg(lureD(i), `66850${String(i).padStart(6, '0')}`),
      `(control) lure #${i + 1} via ${via}`);
    local.push({ ...r, via });
  });
  const secondsD = (Date.now() - tD) / 1000;
  const fDc = firstBlocked(local, '(control) lure', 'c');
  const fDd = firstBlocked(local, '(control) lure', 'd');
  console.log(`(control) no redis: ${LOCAL_N} lure messages alternating in ${secondsD.toFixed(2)} s: blocked on the ` +
    `first instance from message ${fDc}, on the second from message ${fDd} (allowed ${LOCAL_MIN + 1}..${LOCAL_N}; ` +
    `shared: ${fBa}, ${fBb})`);
  for (const [f, id] of [[fDc, 'first'], [fDd, 'second']])
    check(f > LOCAL_MIN && f <= LOCAL_N, `(control) on the ${id} instance the lure was blocked from message ${f}, ` +
      `expected ${LOCAL_MIN + 1}..${LOCAL_N}`);

  // ---------------------------------------------------------------------------------------------
  // Totals: every request answered once, the SMSC got exactly the forwarded ones, each smsfw
  // exits 0 and counted what its ESMEs saw.
  const all = [...lureResults, ...hamResults, ...warmups, ...shared, ...afterKill, ...again, ...local];
  const oneDest = ONE_DEST + 1;
  checkEq(rec.all.filter((e) => e.command === 'submit_sm').length,
    oneDest + all.filter((r) => !r.blocked).length, 'submit_sm received by the SMSC');
  const expect = [
    [proxyA, 'A', oneDest + lureResults.length + hamResults.length, lureResults.filter((r) => r.blocked).length],
    ...[[proxy1, 'a'], [proxy2, 'b'], [proxy3, 'c'], [proxy4, 'd']].map(([p, via]) => {
      const mine = all.filter((r) => r.via === via);
      return [p, via, mine.length, mine.filter((r) => r.blocked).length];
    }),
  ];
  for (const [p, via, judged, blocked] of expect) {
    // Unbound first: smsfw's drain would otherwise wait for the ESMEs to answer its unbind.
    for (const e of esmes.filter((x) => x.proxy === p))
      checkEq((await e.send('unbind', {})).resp.command_status, 0, `${e.name}: unbind_resp status`);
    await h.stopSmsfwClean(p);
    const c = stopCounters(p);
    checkEq(c.judged, judged, `smsfw ${via}: messages judged`);
    checkEq(c.blocked, blocked, `smsfw ${via}: messages blocked`);
    checkEq(c.tagged, 0, `smsfw ${via}: messages tagged`);
    checkEq(c.monitored, 0, `smsfw ${via}: messages monitored`);
  }
  for (const p of [proxy3, proxy4])
    checkEq(count(p.child.stderr, flaggedLine('BULK-LURE', THRESHOLD_B)), 1, 'control instance: campaign flagging lines');
  for (const e of esmes) e.checkOneResponseEach();
}, { timeoutMs: 115000 });
