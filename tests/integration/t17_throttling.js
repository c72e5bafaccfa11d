'use strict';
// node-smpp ESMEs -> smsfw --threads 2 --patterns DIR -> node-smpp SMSC: account and sender rate
// limits (`throttle:` / `sender_throttle:` in the accounts document).
//  - account `capped` {rate: 50, burst: 20}, bound twice (one bind per worker thread): 200
//    submit_sm sent at once across both binds get between 20 and 20 + 50 * T + 2 accepted (T: the
//    measured send duration, first send to last answer, which contains every token taken; the
//    token bucket's bound is exact), every other one is answered 0x58 ESME_RTHROTTLED with the
//    ESME's sequence number and an empty message_id; the SMSC received exactly the accepted ones;
//  - meanwhile account `free` (no limit) gets all of its 100 submit_sm through;
//  - after 1 s idle the bucket is full again (refill, capped at the burst): at least 20 of the
//    next 100 pass, and at most 20 + 50 * T;
//  - paced traffic for ~1.2 s (10 every 50 ms after 1 s idle): the refill shows, between
//    20 + 10 and 20 + 50 * T + 2 pass;
//  - account `per-sender` {sender_throttle: {rate: 1, burst: 2}}: 5 quick messages from sender A
//    -> 2 accepted, 3 throttled; sender B of the same account still passes (2 of 2);
//  - every request answered exactly once; smsfw's stop line counts every throttled message.
const { run, skip, check, checkEq, sleep } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');
const { Esme, SmscRecorder, checkBlockedResp } = require('./lib/filter-peers');

const RULES = `# written by t17_throttling.js
set: itest-throttle
version: t17-1
rules:
  - id: BLK-LOTTERY
    pattern: 'lottery\\s+winner'
    action: block
    description: unused here; the set must not be empty
`;

const ACCOUNTS = `# written by t17_throttling.js
accounts:
  capped: {throttle: {rate: 50, burst: 20}}
  per-sender: {sender_throttle: {rate: 1, burst: 2}}
`;

const RATE = 50;
const BURST = 20;
const TOLERANCE = 2; // clock reads at the edges of the measured interval

run('t17_throttling', async (h) => {
  if (h.opts.direct) skip('throttling needs the proxy');
  const smsc = new NodeSmsc({ systemId: 'SMSC17', idPrefix: 't17-' });
  const rec = new SmscRecorder(smsc);
  const up = await h.listen(smsc.server);
  const dir = h.patternDir({ '10-rules.yaml': RULES, '20-accounts.yaml': ACCOUNTS });
  const proxy = await h.startSmsfw([up], ['--patterns', dir, '--threads', '2']);

  const esmes = [];
  const bind = async (systemId, seqBase) => {
    const e = new Esme(await h.connect(proxy), `${systemId}@${seqBase.toString(16)}`, seqBase);
    await e.bind('bind_transmitter', systemId);
    esmes.push(e);
    return e;
  };
  const msg = (text, sender = 'SHOP') => ({ source_addr_ton: 5, source_addr_npi: 0, source_addr: sender,
    registered_delivery: 0, short_message: Buffer.from(text) });

  // Sends `count` submit_sm alternately on `sessions`, all at once; resolves {results, seconds}
  // with seconds from the first send to the last answer.
  const burst = async (sessions, count, text) => {
    const t0 = process.hrtime.bigint();
    const ps = [];
    for (let i = 0; i < count; i++) ps.push(sessions[i % sessions.length].submit(msg(`${text} ${i}`)));
    const results = await Promise.all(ps);
    return { results, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
  };

  let throttledTotal = 0;
  // Splits results into accepted / throttled, checks each kind end to end, returns the counts.
  const tally = (results, what) => {
    let accepted = 0;
    let throttled = 0;
    for (const r of results) {
      if (r.resp.command_status === 0) {
        accepted++;
        check(r.resp.message_id && r.resp.message_id.startsWith('t17-'), `${what}: seq ${r.seq} accepted without the SMSC's id`);
        rec.one(r.seq, `${what}: accepted seq ${r.seq}`);
      } else {
        throttled++;
        checkBlockedResp(r, 'submit_sm', 0x58, `${what}: seq ${r.seq}`);
        rec.none(r.seq, `${what}: throttled seq ${r.seq}`);
      }
    }
    throttledTotal += throttled;
    return { accepted, throttled };
  };

  const capA = await bind('capped', 0x00170000);
  const capB = await bind('capped', 0x00171000); // the other worker thread
  const free = await bind('free', 0x00172000);

  // 1. 200 at once on the two binds of `capped`, 100 on `free` at the same time.
  const [cap1, free1] = await Promise.all([burst([capA, capB], 200, 'capped burst'), burst([free], 100, 'free burst')]);
  const c1 = tally(cap1.results, 'capped burst');
  const max1 = BURST + RATE * cap1.seconds + TOLERANCE;
  console.log(`capped burst: ${c1.accepted} accepted, ${c1.throttled} throttled in ${cap1.seconds.toFixed(3)} s (allowed ${BURST}..${max1.toFixed(1)})`);
  check(c1.accepted >= BURST && c1.accepted <= max1, `capped burst: ${c1.accepted} accepted, expected ${BURST}..${max1.toFixed(1)}`);
  const f1 = tally(free1.results, 'free burst');
  checkEq(f1.accepted, 100, 'free burst: accepted (no limit)');

  // 2. After 1 s idle the bucket is full again (50 tokens refilled, capped at the burst of 20).
  await sleep(1000);
  const cap2 = await burst([capA, capB], 100, 'capped refill');
  const c2 = tally(cap2.results, 'capped refill');
  const max2 = BURST + RATE * cap2.seconds + TOLERANCE;
  console.log(`capped after 1 s: ${c2.accepted} accepted, ${c2.throttled} throttled in ${cap2.seconds.toFixed(3)} s (allowed ${BURST}..${max2.toFixed(1)})`);
  check(c2.accepted >= BURST && c2.accepted <= max2, `capped after 1 s: ${c2.accepted} accepted, expected ${BURST}..${max2.toFixed(1)}`);

  // 3. Paced: 10 every 50 ms for 24 rounds after 1 s idle; the refill during the stream shows.
  await sleep(1000);
  const t0 = process.hrtime.bigint();
  const paced = [];
  for (let round = 0; round < 24; round++) {
    for (let i = 0; i < 10; i++) paced.push((i % 2 ? capB : capA).submit(msg(`paced ${round}.${i}`)));
    await sleep(50);
  }
  const pacedResults = await Promise.all(paced);
  const t3 = Number(process.hrtime.bigint() - t0) / 1e9;
  const c3 = tally(pacedResults, 'capped paced');
  const max3 = BURST + RATE * t3 + TOLERANCE;
  console.log(`capped paced: ${c3.accepted} accepted, ${c3.throttled} throttled in ${t3.toFixed(3)} s (allowed ${BURST + 10}..${max3.toFixed(1)})`);
  check(c3.accepted >= BURST + 10 && c3.accepted <= max3, `capped paced: ${c3.accepted} accepted, expected ${BURST + 10}..${max3.toFixed(1)}`);

  // 4. Per sender: A is held to its burst of 2, B of the same account is not affected by A.
  const ps = await bind('per-sender', 0x00173000);
  const tA = process.hrtime.bigint();
  const fromA = await Promise.all([0, 1, 2, 3, 4].map((i) => ps.submit(msg(`from A ${i}`, 'SenderA'))));
  const secondsA = Number(process.hrtime.bigint() - tA) / 1e9;
  const a = tally(fromA, 'sender A');
  console.log(`sender A: ${a.accepted} accepted, ${a.throttled} throttled in ${secondsA.toFixed(3)} s`);
  check(a.accepted >= 2 && a.accepted <= 2 + Math.floor(secondsA), `sender A: ${a.accepted} accepted, expected 2`);
  const fromB = await Promise.all([0, 1].map((i) => ps.submit(msg(`from B ${i}`, 'SenderB'))));
  checkEq(tally(fromB, 'sender B').accepted, 2, 'sender B: accepted');

  // Totals: the SMSC got exactly the accepted messages; every request answered once.
  const acceptedTotal = c1.accepted + c2.accepted + c3.accepted + f1.accepted + a.accepted + 2;
  checkEq(rec.all.filter((e) => e.command === 'submit_sm').length, acceptedTotal, 'submit_sm received by the SMSC');
  for (const e of esmes) e.checkOneResponseEach();

  await h.stopSmsfwClean(proxy);
  const stopLine = proxy.child.stderr.split('\n').find((l) => / stopped/.test(l) && /throttled/.test(l)) || '';
  const m = /throttled (\d+) \(limit keys in the overflow bucket: (\d+)\)/.exec(stopLine);
  check(m, `no throttle counters in smsfw's stop line: ${stopLine}`);
  checkEq(Number(m[1]), throttledTotal, 'smsfw counter throttled');
  checkEq(Number(m[2]), 0, 'smsfw counter overflow lookups');
});
