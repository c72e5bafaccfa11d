'use strict';
// The pattern-directory life cycle through the real binary.
// (a) SIGHUP reload, node-smpp ESMEs -> smsfw (2 worker threads) -> node-smpp SMSC, sessions
//     that stay bound throughout: a set blocking word A; the file is rewritten to block word B
//     and smsfw gets SIGHUP: within a few seconds A passes and B is blocked (on both worker
//     threads, and on a new session); a broken set (bad regex) + SIGHUP is refused: the old set
//     stays in force and stderr shows the `FILE:LINE: rule ID: message` error and
//     "reload refused ... [itest-reload@v2]"; the directory renamed away + SIGHUP is refused too;
//     a directory emptied of YAML reloads to "no rule"; smsfw exits 0 on SIGTERM.
// (b) `smsfw run --patterns BADDIR` exits 1 before listening and prints every error as
//     FILE:LINE: rule ID: message (7 errors in 3 files), plus the count; a missing directory
//     exits 1 naming it.
// (c) `smsfw scan --patterns DIR [--account X] [--data-coding N]`: one JSON object per TSV line
//     with "action" and "rules" (block with block_status, tag, monitor, allow by rule, allow with
//     no rule, sender registry outcomes per account); a line without a TAB gives an error object
//     and exit status 1 while the other lines are still judged; --data-coding 8 with Thai;
//     --help exits 0; no --patterns exits 2; a broken directory exits 1.
const fs = require('node:fs');
const { run, skip, check, checkEq, sleep, fail, writeFiles } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');
const { Esme, SmscRecorder, raw } = require('./lib/filter-peers');

const { gsm7 } = raw;

const blockSet = (word, version) => `set: itest-reload
version: ${version}
rules:
  - id: BLK-WORD
    pattern: '${word}'
    flags: [caseless]
    action: block
    description: blocks the word ${word}
`;
const BROKEN = `set: itest-reload
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

// Waits for a line in smsfw's stderr.
async function waitLog(child, re, ms, what) {
  const end = Date.now() + ms;
  while (!re.test(child.stderr)) {
    if (Date.now() > end) fail(`timeout after ${ms} ms waiting for ${what} in smsfw's log`);
    await sleep(20);
  }
}

async function reloadPart(h) {
  const smsc = new NodeSmsc({ systemId: 'SMSC10', idPrefix: 'h10-' });
  const rec = new SmscRecorder(smsc);
  const up = await h.listen(smsc.server);
  const dir = h.patternDir({ '10-set.yaml': blockSet('alphaword', 'v1') });
  // Two worker threads: the two sessions bound below live on different threads (round robin),
  // and each thread judges with its own Classifier.
  const proxy = await h.startSmsfw([up], ['--patterns', dir, '--threads', '2']);
  const hup = () => proxy.child.proc.kill('SIGHUP');

  const esme = new Esme(await h.connect(proxy), 'esme-t10', 0x000a0000);
  await esme.bind('bind_transmitter', 'esme-t10');
  const other = new Esme(await h.connect(proxy), 'esme-t10-other', 0x000a4000);
  await other.bind('bind_transmitter', 'esme-t10-other');
  // Sends A and B; returns {a, b}: true when the message was blocked (and the SMSC never saw it).
  const probe = async (e = esme) => {
    const out = {};
    for (const [k, text] of [['a', 'hello ALPHAWORD here'], ['b', 'hello BRAVOWORD here']]) {
      const r = await e.submit({ registered_delivery: 0, short_message: gsm7(text) });
      const st = r.resp.command_status;
      check(st === 0 || st === 0x45, `${text}: unexpected command_status 0x${st.toString(16)}`);
      out[k] = st === 0x45;
      checkEq((rec.bySeq.get(r.seq) || []).length, out[k] ? 0 : 1, `${text}: copies at the SMSC (blocked: ${out[k]})`);
    }
    return out;
  };
  const expectState = async (a, b, what, e) => {
    const p = await probe(e);
    checkEq(JSON.stringify(p), JSON.stringify({ a, b }), `${what}: blocked {A, B}`);
  };

  await expectState(true, false, 'initial set blocks A');
  await expectState(true, false, 'initial set blocks A, other session', other);

  // Rewrite to block B, SIGHUP, poll until the new set answers.
  writeFiles(dir, { '10-set.yaml': blockSet('bravoword', 'v2') });
  const t0 = Date.now();
  hup();
  for (;;) {
    const p = await probe();
    if (!p.a && p.b) break;
    if (Date.now() - t0 > 5000) fail(`5 s after SIGHUP the new set is not in force (blocked A=${p.a}, B=${p.b})`);
    await sleep(50);
  }
  h.log(`reload took effect after ${Date.now() - t0} ms`);
  await waitLog(proxy.child, /pattern sets reloaded: 1 rules \[itest-reload@v2\]/, 3000, '"pattern sets reloaded" for v2');
  await expectState(false, true, 'after the reload, the session on the other worker thread', other);
  const fresh = new Esme(await h.connect(proxy), 'esme-t10-new', 0x000a8000);
  await fresh.bind('bind_transmitter', 'esme-t10-new');
  await expectState(false, true, 'new session after the reload', fresh);

  // A broken set is refused: the v2 set stays in force.
  writeFiles(dir, { '10-set.yaml': BROKEN });
  hup();
  await waitLog(proxy.child, /reload refused/, 5000, '"reload refused"');
  const err = proxy.child.stderr;
  check(err.includes(`${dir}/10-set.yaml:8: rule BAD-REGEX: `),
    `no "${dir}/10-set.yaml:8: rule BAD-REGEX: ..." error in smsfw's log:\n${err.split('\n').slice(-6).join('\n')}`);
  check(/reload refused \(1 error\): the previous pattern sets stay in force \[itest-reload@v2\]/.test(err),
    `"reload refused" line does not name the set in force: ${err.split('\n').filter((l) => l.includes('refused')).join(' | ')}`);
  await expectState(false, true, 'after a refused reload (old set stays)');
  await expectState(false, true, 'after a refused reload, new session', fresh);
  await expectState(false, true, 'after a refused reload, other thread', other);

  // The directory itself gone: refused too, the v2 set stays.
  const refusals = () => (proxy.child.stderr.match(/reload refused/g) || []).length;
  const before = refusals();
  fs.renameSync(dir, `${dir}.moved`);
  h.tempDirs.push(`${dir}.moved`);
  hup();
  await waitLog(proxy.child, { test: () => refusals() > before }, 5000, 'a second "reload refused" (directory gone)');
  await expectState(false, true, 'after a refused reload of a missing directory');
  fs.renameSync(`${dir}.moved`, dir);

  // A directory with no YAML is valid: no rule, everything passes.
  writeFiles(dir, { '10-set.yaml': null, 'README.txt': 'not a pattern file' });
  const reloads = (proxy.child.stderr.match(/pattern sets reloaded/g) || []).length;
  hup();
  await waitLog(proxy.child, { test: (s) => (s.match(/pattern sets reloaded/g) || []).length > reloads }, 5000,
    'the reload of the emptied directory');
  await expectState(false, false, 'emptied directory: no rule');

  for (const e of [esme, other, fresh]) {
    const u = await e.send('unbind', {});
    checkEq(u.resp.command, 'unbind_resp', `${e.name}: unbind response`);
    e.checkOneResponseEach();
  }
  await h.stopSmsfwClean(proxy);
}

const BAD_A = `set: bad-a
version: 1
rules:
  - id: BAD-REGEX
    pattern: '(unclosed'
    action: block
    description: Hyperscan refuses it
  - id: BAD-KEY
    pattern: 'ok'
    action: block
    description: unknown key below
    colour: red
  - id: NO-DESC
    pattern: 'fine'
    action: block
  - id: BAD-ACTION
    pattern: 'fine2'
    action: drop
    description: no such action
`;
const BAD_B = `set: bad-b
version: 1
rules:
  - id: BAD-REGEX
    pattern: 'dup'
    action: block
    description: duplicate id
  - id: EMPTY-MATCH
    pattern: 'a*'
    action: block
    description: matches the empty string
`;
const BAD_ACCOUNTS = `accounts:
  default: {sets: [no-such-set]}
`;

async function badDirPart(h) {
  const dir = h.patternDir({ '10-a.yaml': BAD_A, '20-b.yaml': BAD_B, '30-accounts.yaml': BAD_ACCOUNTS });
  const r = await h.runSmsfw(['run', '--listen', '127.0.0.1:0', '--upstream', '127.0.0.1:9', '--patterns', dir]);
  checkEq(r.code, 1, `smsfw run --patterns BADDIR exit code (stderr: ${r.stderr.slice(-300)})`);
  check(!/listening on/.test(r.stdout), 'smsfw run --patterns BADDIR must not start listening');
  const want = [
    [`${dir}/10-a.yaml:4: rule BAD-REGEX: `, /parenthes/i],
    [`${dir}/10-a.yaml:12: rule BAD-KEY: `, /colour/],
    [`${dir}/10-a.yaml:13: rule NO-DESC: `, /description/],
    [`${dir}/10-a.yaml:18: rule BAD-ACTION: `, /drop/],
    [`${dir}/20-b.yaml:4: rule BAD-REGEX: `, /duplicate/],
    [`${dir}/20-b.yaml:8: rule EMPTY-MATCH: `, /empty/i],
    [`${dir}/30-accounts.yaml:2: `, /no-such-set/],
  ];
  const lines = r.stderr.split('\n');
  for (const [prefix, re] of want) {
    check(lines.some((l) => l.startsWith(prefix) && re.test(l.slice(prefix.length))),
      `smsfw run --patterns BADDIR: no error line "${prefix}... ${re}" in:\n${r.stderr}`);
  }
  check(lines.some((l) => l === `smsfw run: --patterns ${dir}: 7 errors, not started`),
    `no "7 errors, not started" line in:\n${r.stderr}`);

  const missing = `${dir}/does-not-exist`;
  const m = await h.runSmsfw(['run', '--listen', '127.0.0.1:0', '--upstream', '127.0.0.1:9', '--patterns', missing]);
  checkEq(m.code, 1, 'smsfw run --patterns MISSING exit code');
  check(m.stderr.includes(missing), `smsfw run --patterns MISSING does not name the directory: ${m.stderr}`);

  // smsfw scan refuses the same directory the same way.
  const s = await h.runSmsfw(['scan', '--patterns', dir], { input: 'X\thello\n' });
  checkEq(s.code, 1, 'smsfw scan --patterns BADDIR exit code');
  check(s.stderr.includes(`${dir}/20-b.yaml:8: rule EMPTY-MATCH: `), `smsfw scan --patterns BADDIR errors:\n${s.stderr}`);
  checkEq(s.stdout, '', 'smsfw scan --patterns BADDIR stdout');
}

const SCAN_RULES = `set: itest-scan
version: s1
rules:
  - id: ALLOW-OTP
    pattern: 'your\\s+otp\\s+code\\s+is\\s+\\d{6}'
    action: allow
    description: known-good template
  - id: BLK-PARCEL
    pattern: 'parcel\\s+is\\s+held'
    action: block
    status: 0x66
    description: parcel scam
  - id: TAG-CRYPTO
    pattern: 'crypto\\s+bonus|โบนัสคริปโต'
    action: tag
    tag: {mark: prefix}
    description: crypto
  - id: MON-SURVEY
    pattern: 'survey\\s+reward'
    action: monitor
    description: survey
`;
const SCAN_REGISTRY = `sender_registry:
  unauthorized: block
  lookalike: block
  senders:
    - id: KBANK
      accounts: [kbank-a2p]
`;

async function scanPart(h) {
  const dir = h.patternDir({ '10-rules.yaml': SCAN_RULES, '20-registry.yaml': SCAN_REGISTRY });
  const input = [
    '66811112222\tYour parcel is held at the depot',          // 1 block 0x66
    '66811112222\tGet your crypto bonus now',                 // 2 tag
    '66811112222\tSurvey reward inside',                      // 3 monitor
    '66811112222\tYour OTP code is 123456, parcel is held',   // 4 allow by rule over block
    '66811112222\tSee you at seven',                          // 5 allow, no rule
    'no tab on this line',                                    // 6 error
    'KBANK\tYour statement is ready',                         // 7 registry (per account)
    'K-BANK\tYour statement is ready',                        // 8 lookalike
    '',                                                       // 9 empty line: no TAB either
  ].join('\n') + '\n';
  const parse = (out, what) => out.trimEnd().split('\n').map((l, i) => {
    try { return JSON.parse(l); } catch (e) { return fail(`${what}: stdout line ${i + 1} is not JSON: ${l}`); }
  });

  const r = await h.runSmsfw(['scan', '--patterns', dir, '--account', 'aggregator-x'], { input });
  checkEq(r.code, 1, `smsfw scan exit status with a line without TAB (stderr: ${r.stderr})`);
  const o = parse(r.stdout, 'scan');
  checkEq(o.length, 9, 'scan: one JSON object per input line');
  const expect = (i, action, rules, extra = {}) => {
    const j = o[i - 1];
    checkEq(j.action, action, `scan line ${i} action (${JSON.stringify(j)})`);
    checkEq(JSON.stringify(j.rules), JSON.stringify(rules), `scan line ${i} rules`);
    for (const [k, v] of Object.entries(extra)) checkEq(JSON.stringify(j[k]), JSON.stringify(v), `scan line ${i} ${k}`);
  };
  expect(1, 'block', ['BLK-PARCEL'], { block_status: 0x66 });
  expect(2, 'tag', ['TAG-CRYPTO'], { data_coding: 0 });
  expect(3, 'monitor', ['MON-SURVEY']);
  expect(4, 'allow', ['ALLOW-OTP'], { matched: ['ALLOW-OTP', 'BLK-PARCEL'] });
  expect(5, 'allow', []);
  check(o[5].error && !('action' in o[5]), `scan line 6 (no TAB) must be an error object: ${JSON.stringify(o[5])}`);
  expect(7, 'block', ['SENDER-UNAUTHORIZED'], { block_status: 0x45 });
  expect(8, 'block', ['SENDER-LOOKALIKE']);
  check(o[8].error, `scan line 9 (empty) must be an error object: ${JSON.stringify(o[8])}`);
  check(/stdin:6: /.test(r.stderr), `scan: no "stdin:6:" message on stderr: ${r.stderr}`);

  // The registered account may use KBANK.
  const k = await h.runSmsfw(['scan', '--patterns', dir, '--account', 'kbank-a2p'],
    { input: 'KBANK\tYour statement is ready\nK-BANK\tYour statement is ready\n' });
  checkEq(k.code, 0, `scan --account kbank-a2p exit status (stderr: ${k.stderr})`);
  const ko = parse(k.stdout, 'scan --account kbank-a2p');
  checkEq(ko[0].action, 'allow', 'scan --account kbank-a2p: KBANK action');
  checkEq(ko[1].action, 'block', 'scan --account kbank-a2p: K-BANK action');

  // --data-coding 8 with Thai text.
  const t = await h.runSmsfw(['scan', '--patterns', dir, '--data-coding', '8'],
    { input: '66811112222\tรับโบนัสคริปโตวันนี้\n66811112222\tสวัสดีครับ\n' });
  checkEq(t.code, 0, `scan --data-coding 8 exit status (stderr: ${t.stderr})`);
  const to = parse(t.stdout, 'scan --data-coding 8');
  checkEq(to[0].action, 'tag', 'scan --data-coding 8: Thai crypto bonus action');
  checkEq(JSON.stringify(to[0].rules), '["TAG-CRYPTO"]', 'scan --data-coding 8: Thai rules');
  checkEq(to[0].data_coding, 8, 'scan --data-coding 8: data_coding');
  checkEq(to[1].action, 'allow', 'scan --data-coding 8: Thai greeting action');

  const help = await h.runSmsfw(['scan', '--help']);
  checkEq(help.code, 0, 'smsfw scan --help exit status');
  check(/Usage: smsfw scan/.test(help.stdout), `smsfw scan --help prints the usage on stdout: ${help.stdout.slice(0, 200)}`);
  const nop = await h.runSmsfw(['scan'], { input: 'X\thello\n' });
  checkEq(nop.code, 2, 'smsfw scan without --patterns exit status');
  check(/--patterns/.test(nop.stderr), `smsfw scan without --patterns names the flag: ${nop.stderr}`);
  const bad = await h.runSmsfw(['scan', '--patterns', dir, '--data-coding', 'utf8'], { input: 'X\thello\n' });
  checkEq(bad.code, 1, 'smsfw scan --data-coding utf8 exit status');
}

run('t10_reload_and_scan', async (h) => {
  if (h.opts.direct) skip('judging needs the proxy');
  await reloadPart(h);
  await badDirPart(h);
  await scanPart(h);
}, { timeoutMs: 50000 });
