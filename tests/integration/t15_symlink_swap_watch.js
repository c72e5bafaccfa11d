'use strict';
// Deploying pattern sets by atomic symlink swap to a smsfw that watches its pattern directory
// (`--watch-patterns`), without any signal. node-smpp ESME -> smsfw -> node-smpp SMSC, one
// session bound throughout:
//   base/v1 blocks ALPHAWORD, base/current -> v1, smsfw --patterns base/current --watch-patterns
//   --pattern-cache CACHE: ALPHA blocked, BRAVO passes; the cache directory is named in the log
//   and filled.
//   v2 (blocks BRAVOWORD) deployed as `ln -s v2 new && mv -Tf new current` (symlinkSync +
//   renameSync, the same syscalls): within 10 s BRAVO is blocked and ALPHA passes (the time
//   taken is printed); the log names the trigger and the new set.
//   v3 (a bad regex) deployed the same way: refused, `FILE:LINE: rule ID: ...` and "reload
//   refused ... [itest-swap@v2]" in the log, v2 stays in force.
//   A file of the active target (v3) fixed in place: picked up (both words blocked).
//   An editor's swap file in it: a reload that finds the sets unchanged.
//   Writes to v1 and v2, no longer deployed: no reload.
// Every submit_sm is answered exactly once; the SMSC receives exactly the ones not blocked.
const fs = require('node:fs');
const path = require('node:path');
const { run, skip, check, checkEq, sleep, fail } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');
const { Esme, SmscRecorder, raw } = require('./lib/filter-peers');

const { gsm7 } = raw;

const blockSet = (pattern, version) => `set: itest-swap
version: ${version}
rules:
  - id: BLK-WORD
    pattern: '${pattern}'
    flags: [caseless]
    action: block
    description: blocks ${pattern}
`;
const BROKEN = `set: itest-swap
version: broken-3
rules:
  - id: OK-RULE
    pattern: 'fine'
    action: monitor
    description: a valid rule before the broken one
  - id: BAD-REGEX
    pattern: 'bravo(unclosed'
    action: block
    description: a pattern Hyperscan refuses
`;

const DEADLINE_MS = 10000;

// Waits until re matches smsfw's stderr (from offset `from` on).
async function waitLog(child, re, ms, what, from = 0) {
  const end = Date.now() + ms;
  while (!re.test(child.stderr.slice(from))) {
    if (Date.now() > end) fail(`timeout after ${ms} ms waiting for ${what} in smsfw's log`);
    await sleep(20);
  }
}

run('t15_symlink_swap_watch', async (h) => {
  if (h.opts.direct) skip('watching needs the proxy');
  const smsc = new NodeSmsc({ systemId: 'SMSC15', idPrefix: 'h15-' });
  const rec = new SmscRecorder(smsc);
  const up = await h.listen(smsc.server);

  const base = h.tempDir({}, 'smsfw-itest-deploy-');
  const version = (name, files) => {
    fs.mkdirSync(path.join(base, name));
    for (const [f, content] of Object.entries(files)) fs.writeFileSync(path.join(base, name, f), content);
  };
  // ln -s NAME new && mv -Tf new current
  const deploy = (name) => {
    fs.symlinkSync(name, path.join(base, 'new'));
    fs.renameSync(path.join(base, 'new'), path.join(base, 'current'));
  };
  version('v1', { '10-set.yaml': blockSet('alphaword', 'v1') });
  fs.symlinkSync('v1', path.join(base, 'current'));
  const cacheDir = path.join(h.tempDir({}, 'smsfw-itest-cache-'), 'db');  // created by smsfw

  const current = path.join(base, 'current');
  const proxy = await h.startSmsfw([up], ['--patterns', current, '--watch-patterns', '--pattern-cache', cacheDir]);
  const log = () => proxy.child.stderr;
  check(log().includes(`pattern database cache: ${cacheDir}`), `the cache directory is not named in the log:\n${log()}`);
  check(log().includes(`watching the pattern directory ${current}`), `no "watching the pattern directory" line:\n${log()}`);
  check(/pattern sets loaded from .*: 1 rules \[itest-swap@v1\]/.test(log()), `no "pattern sets loaded ... v1":\n${log()}`);
  check(fs.existsSync(cacheDir) && fs.readdirSync(cacheDir).length > 0, `${cacheDir}: no compiled database cached`);

  const esme = new Esme(await h.connect(proxy), 'esme-t15', 0x000f0000);
  await esme.bind('bind_transmitter', 'esme-t15');
  let passed = 0;
  // Sends A and B; returns {a, b}: true when blocked (and the SMSC never saw it).
  const probe = async () => {
    const out = {};
    for (const [k, text] of [['a', 'hello ALPHAWORD here'], ['b', 'hello BRAVOWORD here']]) {
      const r = await esme.submit({ registered_delivery: 0, short_message: gsm7(text) });
      const st = r.resp.command_status;
      check(st === 0 || st === 0x45, `${text}: unexpected command_status 0x${st.toString(16)}`);
      out[k] = st === 0x45;
      if (!out[k]) passed++;
      checkEq((rec.bySeq.get(r.seq) || []).length, out[k] ? 0 : 1, `${text}: copies at the SMSC (blocked: ${out[k]})`);
    }
    return out;
  };
  const expectState = async (a, b, what) => {
    const p = await probe();
    checkEq(JSON.stringify(p), JSON.stringify({ a, b }), `${what}: blocked {A, B}`);
  };
  // Probes until the state is {a, b}; returns the milliseconds since t0.
  const waitState = async (a, b, t0, what) => {
    for (;;) {
      const p = await probe();
      if (p.a === a && p.b === b) return Date.now() - t0;
      if (Date.now() - t0 > DEADLINE_MS)
        fail(`${what}: ${DEADLINE_MS} ms later blocked A=${p.a}, B=${p.b} (expected A=${a}, B=${b})`);
      await sleep(50);
    }
  };

  await expectState(true, false, 'v1');

  // v2 by symlink swap.
  version('v2', { '10-set.yaml': blockSet('bravoword', 'v2') });
  let mark = log().length;
  let t0 = Date.now();
  deploy('v2');
  const swapMs = await waitState(false, true, t0, 'after the swap to v2');
  console.log(`t15: v2 in force ${swapMs} ms after the symlink swap (debounce 500 ms + reload)`);
  await waitLog(proxy.child, /pattern directory changed: reloading pattern sets from /, 3000, 'the trigger', mark);
  await waitLog(proxy.child, /pattern sets reloaded: 1 rules \[itest-swap@v2\]/, 3000, '"pattern sets reloaded" for v2', mark);

  // A broken v3 by symlink swap: refused, v2 stays.
  version('v3', { '10-set.yaml': BROKEN });
  mark = log().length;
  deploy('v3');
  await waitLog(proxy.child, /reload refused/, DEADLINE_MS, '"reload refused" for v3', mark);
  const tail = log().slice(mark);
  check(tail.includes(`${current}/10-set.yaml:8: rule BAD-REGEX: `),
    `no "${current}/10-set.yaml:8: rule BAD-REGEX: ..." error in smsfw's log:\n${tail}`);
  check(/reload refused \(1 error\): the previous pattern sets stay in force \[itest-swap@v2\]/.test(tail),
    `"reload refused" does not name the set in force: ${tail.split('\n').filter((l) => l.includes('refused')).join(' | ')}`);
  await expectState(false, true, 'after the refused v3');

  // v3 (the active target) fixed in place: not an atomic rename, a plain rewrite.
  mark = log().length;
  t0 = Date.now();
  fs.writeFileSync(path.join(base, 'v3', '10-set.yaml'), blockSet('alphaword|bravoword', 'v3-fixed'));
  const editMs = await waitState(true, true, t0, 'after fixing v3 in place');
  console.log(`t15: the in-place fix in force ${editMs} ms after the write`);
  await waitLog(proxy.child, /pattern sets reloaded: 1 rules \[itest-swap@v3-fixed\]/, 3000, 'the v3-fixed reload', mark);

  // An editor's swap file: reloaded, found unchanged, nothing published.
  mark = log().length;
  fs.writeFileSync(path.join(base, 'v3', '.10-set.yaml.swp'), 'editor state');
  await waitLog(proxy.child, /pattern sets unchanged \(hash [0-9a-f]+\): nothing to reload/, DEADLINE_MS,
    '"pattern sets unchanged" after a swap file', mark);
  await expectState(true, true, 'after the swap file');

  // Writes to v1 and v2, no longer deployed, do nothing.
  mark = log().length;
  fs.writeFileSync(path.join(base, 'v1', '10-set.yaml'), blockSet('nothing', 'stale'));
  fs.writeFileSync(path.join(base, 'v2', '20-more.yaml'), blockSet('nothing', 'stale'));
  await sleep(1500);  // three debounce periods
  check(!/reloading pattern sets/.test(log().slice(mark)), `a write to an old version triggered a reload:\n${log().slice(mark)}`);
  await expectState(true, true, 'after writes to old versions');

  const u = await esme.send('unbind', {});
  checkEq(u.resp.command, 'unbind_resp', 'unbind response');
  esme.checkOneResponseEach();
  const atSmsc = rec.all.filter((e) => e.command === 'submit_sm').length;
  checkEq(atSmsc, passed, 'submit_sm at the SMSC (exactly the ones not blocked)');
  await h.stopSmsfwClean(proxy);
}, { timeoutMs: 60000 });
