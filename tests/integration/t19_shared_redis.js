'use strict';
// Two smsfw instances sharing one account limit through Redis (shared_state.redis):
// node-smpp ESMEs -> smsfw A / smsfw B (--config with shared_state, ids gw-a / gw-b, one pattern
// directory) -> one node-smpp SMSC, and a redis-server of the test's own on a free port.
//  - account `capped` {throttle: {rate: R, burst: B}}, one ESME bound as `capped` to EACH
//    instance, both sending as fast as their window allows for T1 = 3 s: the combined accepted
//    count stays within B + R*T1 + (B + 3*R*D) (D: the exchange interval; the other instance's
//    own burst, one to two intervals of its takes not seen yet, one more interval lost when a
//    key is first seen, which only bases) and clearly below 2*(B + R*T1), what two independent
//    instances admit;
//  - redis-server killed (SIGKILL) at T1, the streams go on for T2 = 3 s more: every submit_sm is
//    still answered, each instance now admits on its own (combined, counted from 0.3 s after the
//    kill: above 1.5*R*W and at most 2*(B + R*W)), both log the redis-unreachable warning;
//  - redis-server restarted on the same port: both log "reconnected";
//  - every request answered exactly once, the SMSC received exactly the accepted ones, the sum of
//    the two stop lines' throttled counters matches the throttled answers, both exit 0 on SIGTERM.
// Needs /usr/bin/redis-server (FAIL, not SKIP, without it: it is a declared test prerequisite).
const { run, skip, check, checkEq, sleep } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');
const { requireRedis, startRedis } = require('./lib/redis');
const { Esme, SmscRecorder, checkBlockedResp } = require('./lib/filter-peers');

const RATE = 100;      // R, per second
const BURST = 20;      // B
const INTERVAL = 0.1;  // D, seconds (shared_state.exchange_interval: 100ms)
const T1 = 3.0;        // shared phase, seconds
const T2 = 3.0;        // after the kill, seconds
const SETTLE = 0.3;    // not counted right after the kill
const WINDOW = 10;     // submit_sm in flight per ESME

const RULES = `# written by t19_shared_redis.js
set: itest-shared
version: t19-1
rules:
  - id: BLK-LOTTERY
    pattern: 'lottery\\s+winner'
    action: block
    description: unused here; the set must not be empty
`;

const ACCOUNTS = `# written by t19_shared_redis.js
accounts:
  capped: {throttle: {rate: ${RATE}, burst: ${BURST}}}
`;

const config = (redisPort, id) => `# written by t19_shared_redis.js
shared_state:
  redis: 127.0.0.1:${redisPort}
  instance_id: ${id}
  exchange_interval: ${Math.round(INTERVAL * 1000)}ms
  connect_timeout: 200ms
  command_timeout: 200ms
  key_prefix: "t19:"
`;

run('t19_shared_redis', async (h) => {
  if (h.opts.direct) skip('sharing limits needs the proxy');
  requireRedis();
  const redis = await startRedis(h);

  const smsc = new NodeSmsc({ systemId: 'SMSC19', idPrefix: 't19-' });
  const rec = new SmscRecorder(smsc);
  const up = await h.listen(smsc.server);
  const dir = h.patternDir({ '10-rules.yaml': RULES, '20-accounts.yaml': ACCOUNTS });
  const conf = h.tempDir({ 'a.yaml': config(redis.port, 'gw-a'), 'b.yaml': config(redis.port, 'gw-b') });
  const proxyA = await h.startSmsfw([up], ['--config', `${conf}/a.yaml`, '--patterns', dir]);
  const proxyB = await h.startSmsfw([up], ['--config', `${conf}/b.yaml`, '--patterns', dir]);
  for (const [p, id] of [[proxyA, 'gw-a'], [proxyB, 'gw-b']]) {
    const line = `shared state: redis 127.0.0.1:${redis.port}, instance ${id}, exchanging every 100 ms`;
    check(p.child.stderr.includes(line), `smsfw ${id} did not log "${line}":\n${p.child.tail(10)}`);
  }

  const esmeA = new Esme(await h.connect(proxyA), 'capped@A', 0x00190000);
  const esmeB = new Esme(await h.connect(proxyB), 'capped@B', 0x00a00000);
  await esmeA.bind('bind_transmitter', 'capped');
  await esmeB.bind('bind_transmitter', 'capped');
  // Let both instances' exchange threads connect (and run their first, re-basing, exchange).
  await sleep(300);

  // Both streams: WINDOW requests in flight per ESME until `stopAt`; each answer recorded with
  // its arrival time (seconds from t0) and checked end to end.
  const answers = []; // {t, ok, via}
  let throttledTotal = 0;
  const t0 = process.hrtime.bigint();
  const now = () => Number(process.hrtime.bigint() - t0) / 1e9;
  const stopAt = T1 + T2;
  const stream = (esme, via) => {
    const loops = [];
    for (let w = 0; w < WINDOW; w++) {
      loops.push((async () => {
        for (let i = 0; now() < stopAt; i++) {
          const r = await esme.submit({ source_addr_ton: 5, source_addr_npi: 0, source_addr: 'SHOP',
            registered_delivery: 0, short_message: Buffer.from(`shared ${via} ${w}.${i}`) });
          const t = now();
          if (r.resp.command_status === 0) {
            check(r.resp.message_id && r.resp.message_id.startsWith('t19-'), `${via}: seq ${r.seq} accepted without the SMSC's id`);
            rec.one(r.seq, `${via}: accepted seq ${r.seq}`);
            answers.push({ t, ok: true, via });
          } else {
            checkBlockedResp(r, 'submit_sm', 0x58, `${via}: seq ${r.seq}`);
            rec.none(r.seq, `${via}: throttled seq ${r.seq}`);
            throttledTotal++;
            answers.push({ t, ok: false, via });
          }
        }
      })());
    }
    return Promise.all(loops);
  };
  const streams = Promise.all([stream(esmeA, 'A'), stream(esmeB, 'B')]);

  // The kill, at T1.
  await sleep(Math.max(0, (T1 - now()) * 1000));
  const killedAt = now();
  redis.child.kill(); // SIGKILL
  await streams;
  const endedAt = now();

  const count = (from, to, via = null) =>
    answers.filter((a) => a.ok && a.t >= from && a.t < to && (via === null || a.via === via)).length;
  const total = (from, to) => answers.filter((a) => a.t >= from && a.t < to).length;

  // Phase 1: shared.
  const shared = count(0, killedAt);
  const sharedBound = BURST + RATE * killedAt;
  const sharedMax = sharedBound + BURST + 3 * RATE * INTERVAL;
  const independent = 2 * sharedBound;
  console.log(`shared (redis up), ${killedAt.toFixed(2)} s: ${shared} accepted (A ${count(0, killedAt, 'A')}, ` +
    `B ${count(0, killedAt, 'B')}) of ${total(0, killedAt)} answered; bound B + R*T = ${sharedBound.toFixed(0)}, ` +
    `allowed up to ${sharedMax.toFixed(0)}; two independent instances: up to ${independent.toFixed(0)}`);
  check(total(0, killedAt) > 4 * independent, `only ${total(0, killedAt)} submit_sm answered in phase 1: not saturated`);
  check(shared <= sharedMax, `shared: ${shared} accepted, more than ${sharedMax.toFixed(0)}`);
  check(shared >= RATE * (killedAt - 2 * INTERVAL), `shared: ${shared} accepted, fewer than the limit allows`);
  check(shared < 0.75 * independent, `shared: ${shared} accepted is not clearly below independent instances' ${independent}`);

  // Phase 2: redis down, each instance alone.
  const w = endedAt - killedAt - SETTLE;
  const local = count(killedAt + SETTLE, endedAt);
  const localMax = 2 * (BURST + RATE * w);
  console.log(`local (redis killed), ${w.toFixed(2)} s: ${local} accepted (A ${count(killedAt + SETTLE, endedAt, 'A')}, ` +
    `B ${count(killedAt + SETTLE, endedAt, 'B')}) of ${total(killedAt + SETTLE, endedAt)} answered; ` +
    `shared bound would be ${(RATE * w).toFixed(0)}, two local buckets allow up to ${localMax.toFixed(0)}`);
  check(local > 1.5 * RATE * w, `redis down: only ${local} accepted: the instances did not fall back to local limits`);
  check(local <= localMax, `redis down: ${local} accepted, more than two local buckets allow (${localMax.toFixed(0)})`);
  for (const [p, id] of [[proxyA, 'gw-a'], [proxyB, 'gw-b']]) {
    check(/redis 127\.0\.0\.1:\d+ unreachable \(.*\): using local state only/.test(p.child.stderr),
      `smsfw ${id} logged no redis-unreachable warning:\n${p.child.tail(10)}`);
    check(!p.child.exited, `smsfw ${id} exited: ${JSON.stringify(p.child.exited)}`);
  }

  // Redis back on the same port: both reconnect (back-off 1 s, 2 s, 4 s, 5 s...).
  await startRedis(h, redis.port);
  const end = Date.now() + 15000;
  while (Date.now() < end && ![proxyA, proxyB].every((p) => /reconnected, sharing state again/.test(p.child.stderr)))
    await sleep(100);
  for (const [p, id] of [[proxyA, 'gw-a'], [proxyB, 'gw-b']])
    check(/reconnected, sharing state again/.test(p.child.stderr), `smsfw ${id} did not log "reconnected":\n${p.child.tail(10)}`);

  // Totals.
  const accepted = answers.filter((a) => a.ok).length;
  checkEq(rec.all.filter((e) => e.command === 'submit_sm').length, accepted, 'submit_sm received by the SMSC');
  checkEq(esmeA.checkOneResponseEach() + esmeB.checkOneResponseEach() - 2, answers.length, 'submit_sm answered');

  let throttledCounted = 0;
  for (const p of [proxyA, proxyB]) {
    await h.stopSmsfwClean(p);
    const stopLine = p.child.stderr.split('\n').find((l) => / stopped/.test(l) && /throttled/.test(l)) || '';
    const m = /throttled (\d+) \(/.exec(stopLine);
    check(m, `no throttle counter in smsfw's stop line: ${stopLine}`);
    throttledCounted += Number(m[1]);
    const ex = /shared state: (\d+) throttle exchanges ok, (\d+) failed, (\d+) tokens debited/.exec(p.child.stderr);
    check(ex, 'no shared-state summary line at stop');
    console.log(`${p === proxyA ? 'gw-a' : 'gw-b'}: ${ex[0]}`);
    check(Number(ex[3]) > 0, 'no tokens debited for the other instance');
  }
  checkEq(throttledCounted, throttledTotal, 'smsfw counters throttled (both instances)');
}, { timeoutMs: 85000 });
