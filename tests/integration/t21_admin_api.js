'use strict';
// The admin HTTP API (`--admin HOST:PORT`, `admin_token` in the --config file) and the audit log
// (`audit: {sink: file, ...}`): node-smpp ESME -> smsfw --patterns DIR -> node-smpp SMSC, with the
// test talking HTTP to smsfw's admin port (Node's http module) on a port it picked (bound to 0,
// read, released).
//  1. GET /healthz without a token: 200 "ok"; GET /metrics without a token (and with a wrong
//     one): 401; with `Authorization: Bearer TOKEN`: 200, and the real `promtool check metrics`
//     (/usr/bin/promtool; FAIL without it) accepts it (exit 0); /status, /loglevel and POST
//     /reload need the token as well, /readyz does not;
//  2. GET /readyz: 200 "ready" once the first upstream probe ran (polled, up to 3 s);
//  3. known traffic as account `esme1`: 10 clean, 5 blocked (BLK-PRIZE, 0x45), 3 tagged
//     (TAG-LOAN, sender relabel), interleaved: /metrics shows exactly allow 10, block 5, tag 3
//     for esme1 (monitor, throttled 0), rule matches 5 and 3, responses with status 0x00000045: 5,
//     binds ok 1, and the decision-time histogram counted every judged message;
//  4. the audit file: exactly 8 lines, each one JSON object with the documented fields, 5 block
//     (status 69, rule BLK-PRIZE) + 3 tag (rule TAG-LOAN), the destination masked (country code +
//     last 2 digits: 66*******NN) with no full destination number and no message text anywhere
//     in the file, no `body` field; then one blocked message as account `audited` (`audit_body:
//     true` in the accounts document): its line carries `body` with the text;
//  5. POST /reload after the rules file was rewritten with a new version: 200, ok, versions
//     changed, smsfw_reloads_total{result="applied"} 1 and smsfw_pattern_set_info shows the new
//     version (and not the old one); the new rule set in force; a broken rules file: 409 with the
//     errors, refused 1, the previous set still in force; an unchanged POST: unchanged;
//  6. GET /status: JSON with both bound sessions (esme1, audited), the accounts and their
//     message counts, the pattern sets, rules, hash, upstreams, draining false; GET/PUT /loglevel;
//  7. readiness follows the upstream: the SMSC listener closed (connections refused) -> /readyz
//     503 "not ready: ..." within 7.5 s (probe every 5 s), smsfw_upstream_up 0; the SMSC listening
//     again on the same port -> 200 "ready" within 7.5 s; the bound sessions are unaffected;
//  8. SIGTERM with the ESMEs bound: /readyz polled meanwhile (503 "not ready: draining" is
//     reported when caught, not required), smsfw exits 0;
//  9. a second smsfw without --patterns (no admin token): /healthz 200, the upstream probed up,
//     but /readyz 503 "not ready: no pattern set ..." and POST /reload refused.
// Prints the timings (readiness after start, after the SMSC went away and came back).
const fs = require('fs');
const path = require('path');
const { run, skip, check, checkEq, sleep, closedPort, fail, writeFiles, TestFailure } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');
const { Esme, SmscRecorder, checkBlockedResp } = require('./lib/filter-peers');
const { httpRequest, parseMetrics, metricSum } = require('./lib/admin-http');

const PROMTOOL = '/usr/bin/promtool';
const TOKEN = 't21-secret-token';
const BLOCK_STATUS = 0x45;

const rules = (version, extra = '') => `# written by t21_admin_api.js
set: itest-admin
version: ${version}
rules:
  - id: BLK-PRIZE
    pattern: 'prize\\s+waiting'
    action: block
    description: prize scam
  - id: TAG-LOAN
    pattern: 'cheap\\s+loan'
    action: tag
    tag: {mark: sender}
    description: loan spam
${extra}`;
// A rule that fails to compile (unbalanced parenthesis).
const BROKEN = `  - id: BAD-REGEX
    pattern: 'broken(regex'
    action: block
    description: does not compile
`;
// The reloaded set also blocks this.
const NEW_RULE = `  - id: BLK-NEWWORD
    pattern: 'zebrafish\\s+offer'
    action: block
    description: added by the reload
`;

const ACCOUNTS = `# written by t21_admin_api.js
accounts:
  audited: {audit_body: true}
`;

const config = (auditPath) => `# written by t21_admin_api.js
admin_token: ${TOKEN}
audit:
  sink: file
  path: ${auditPath}
  flush_interval: 100ms
`;

run('t21_admin_api', async (h) => {
  if (h.opts.direct) skip('the admin API is the proxy\'s');
  check(fs.existsSync(PROMTOOL), `${PROMTOOL} is missing: install Prometheus' promtool (Debian package ` +
    '`prometheus`, or the promtool binary from a Prometheus release) to run this test');

  let smsc = new NodeSmsc({ systemId: 'SMSC21', idPrefix: 't21-' });
  let rec = new SmscRecorder(smsc);
  const up = await h.listen(smsc.server);
  const dir = h.patternDir({ '10-rules.yaml': rules('t21-1'), '20-accounts.yaml': ACCOUNTS });
  const conf = h.tempDir({}, 'smsfw-itest-admin-');
  const auditPath = path.join(conf, 'audit', 'audit.jsonl');
  writeFiles(conf, { 'smsfw.yaml': config(auditPath) });
  const adminPort = await closedPort();
  const tStart = Date.now();
  const proxy = await h.startSmsfw([up], ['--config', `${conf}/smsfw.yaml`, '--patterns', dir,
    '--admin', `127.0.0.1:${adminPort}`]);

  const get = (p, token = TOKEN) => httpRequest(adminPort, 'GET', p, { token });
  const metrics = async () => {
    const r = await get('/metrics');
    checkEq(r.status, 200, 'GET /metrics with the token: status');
    return parseMetrics(r.body);
  };
  const readyz = () => httpRequest(adminPort, 'GET', '/readyz');

  // --- 1. /healthz, authorisation, /metrics + promtool -----------------------------------------
  // The admin port may open a moment after the SMPP listener: retry the first request briefly.
  let health;
  for (let i = 0; ; i++) {
    try { health = await httpRequest(adminPort, 'GET', '/healthz'); break; } catch (e) {
      if (i >= 50) fail(`admin port ${adminPort} does not answer: ${e.message}`);
      await sleep(100);
    }
  }
  checkEq(health.status, 200, 'GET /healthz without a token: status');
  checkEq(health.body.trim(), 'ok', 'GET /healthz body');
  const noToken = await httpRequest(adminPort, 'GET', '/metrics');
  checkEq(noToken.status, 401, 'GET /metrics without a token: status');
  check(/bearer/i.test(noToken.headers['www-authenticate'] || ''), `401 without WWW-Authenticate: Bearer (${JSON.stringify(noToken.headers)})`);
  checkEq((await get('/metrics', 'wrong-token')).status, 401, 'GET /metrics with a wrong token: status');
  checkEq((await get('/status', null)).status, 401, 'GET /status without a token: status');
  checkEq((await get('/loglevel', null)).status, 401, 'GET /loglevel without a token: status');
  checkEq((await httpRequest(adminPort, 'POST', '/reload')).status, 401, 'POST /reload without a token: status');
  const m0 = await get('/metrics');
  checkEq(m0.status, 200, 'GET /metrics with the token: status');
  check(/^text\/plain/.test(m0.headers['content-type'] || ''), `/metrics content-type ${m0.headers['content-type']}`);
  const prom = await h.runToEnd('promtool', PROMTOOL, ['check', 'metrics'], { input: m0.body });
  if (prom.code !== 0) fail(`promtool check metrics exited ${prom.code}: ${(prom.stdout + prom.stderr).trim().slice(0, 2000)}`);
  console.log(`(1) /healthz 200 without a token, /metrics 401 without / 200 with it; promtool check metrics: exit 0 ` +
    `(${m0.body.split('\n').length} lines)`);

  // --- 2. /readyz after the first probe ----------------------------------------------------------
  let ready = null;
  const readyEnd = Date.now() + 3000;
  for (;;) {
    const r = await readyz();
    if (r.status === 200) { ready = r; break; }
    check(r.status === 503 && /^not ready: /.test(r.body), `/readyz before ready: ${r.status} ${r.body}`);
    if (Date.now() > readyEnd) fail(`/readyz not 200 within 3 s of the first admin answer: ${r.status} ${r.body.trim()}`);
    await sleep(50);
  }
  checkEq(ready.body.trim(), 'ready', '/readyz body');
  const readyAfter = Date.now() - tStart;
  console.log(`(2) /readyz 200 "ready" ${readyAfter} ms after smsfw was started`);
  checkEq(metricSum(await metrics(), 'smsfw_upstream_up', { upstream: `${up.host}:${up.port}` }), 1, 'smsfw_upstream_up after the probe');

  // /status with nothing bound yet.
  const s0 = await get('/status');
  checkEq(s0.status, 200, `GET /status (no session bound): status (${s0.body.trim()})`);
  const status0 = JSON.parse(s0.body);
  checkEq(status0.draining, false, '/status (no session bound) draining');
  checkEq(JSON.stringify(status0.sessions), '[]', '/status (no session bound) sessions');
  checkEq(status0.rules, 2, '/status (no session bound) rules');
  check(status0.pattern_sets.some((p) => p.name === 'itest-admin' && p.version === 't21-1'),
    `/status (no session bound) pattern_sets ${JSON.stringify(status0.pattern_sets)}`);

  // --- 3. known traffic as esme1 -----------------------------------------------------------------
  const esmes = [];
  const bind = async (systemId, seqBase) => {
    const e = new Esme(await h.connect(proxy), `${systemId}@${seqBase.toString(16)}`, seqBase);
    await e.bind('bind_transceiver', systemId);
    esmes.push(e);
    return e;
  };
  const esme1 = await bind('esme1', 0x00210000);
  const dests = [];
  const texts = [];
  const msg = (kind, i) => {
    const dest = `668${kind === 'clean' ? 1 : kind === 'block' ? 2 : 3}${String(4000000 + i * 7919).padStart(7, '0')}`;
    const text = kind === 'clean' ? `Dinner at seven tonight, table ${i} booked under Somchai`
      : kind === 'block' ? `Your prize waiting for you, claim code QX${7000 + i} today`
        : `Cheap loan approved for you, reference LN${8000 + i}`;
    dests.push(dest);
    texts.push(text);
    return { source_addr_ton: 5, source_addr_npi: 0, source_addr: 'SHOP21', destination_addr: dest,
      registered_delivery: 0, short_message: Buffer.from(text) };
  };
  const plan = [];
  for (let i = 0; i < 10; i++) plan.push(['clean', i]);
  for (let i = 0; i < 5; i++) plan.splice(1 + i * 3, 0, ['block', i]);
  for (let i = 0; i < 3; i++) plan.splice(2 + i * 5, 0, ['tag', i]);
  const sentKinds = { clean: [], block: [], tag: [] };
  for (const [kind, i] of plan) {
    const r = await esme1.submit(msg(kind, i));
    sentKinds[kind].push(r);
    if (kind === 'block') {
      checkBlockedResp(r, 'submit_sm', BLOCK_STATUS, `blocked #${i}`);
      rec.none(r.seq, `blocked #${i}`);
    } else {
      checkEq(r.resp.command_status, 0, `${kind} #${i}: status`);
      const got = rec.one(r.seq, `${kind} #${i}`);
      if (kind === 'tag') checkEq(got.pdu.source_addr, 'Likely-SCAM', `tagged #${i}: source_addr at the SMSC`);
      else checkEq(got.pdu.source_addr, 'SHOP21', `clean #${i}: source_addr at the SMSC`);
    }
  }
  const m3 = await metrics();
  const mt = (action) => metricSum(m3, 'smsfw_messages_total', { direction: 'mt', account: 'esme1', action });
  checkEq(mt('allow'), 10, 'smsfw_messages_total{direction="mt",account="esme1",action="allow"}');
  checkEq(mt('block'), 5, 'smsfw_messages_total{...,action="block"}');
  checkEq(mt('tag'), 3, 'smsfw_messages_total{...,action="tag"}');
  checkEq(mt('monitor'), 0, 'smsfw_messages_total{...,action="monitor"}');
  checkEq(mt('throttled'), 0, 'smsfw_messages_total{...,action="throttled"}');
  checkEq(metricSum(m3, 'smsfw_rule_matches_total', { rule: 'BLK-PRIZE', action: 'block' }), 5, 'smsfw_rule_matches_total{rule="BLK-PRIZE",action="block"}');
  checkEq(metricSum(m3, 'smsfw_rule_matches_total', { rule: 'TAG-LOAN', action: 'tag' }), 3, 'smsfw_rule_matches_total{rule="TAG-LOAN",action="tag"}');
  checkEq(metricSum(m3, 'smsfw_responses_total', { status: '0x00000045' }), 5, 'smsfw_responses_total{status="0x00000045"} (all commands)');
  checkEq(metricSum(m3, 'smsfw_responses_total', { command: 'submit_sm_resp', status: '0x00000045' }), 5, 'smsfw_responses_total{command="submit_sm_resp",status="0x00000045"}');
  checkEq(metricSum(m3, 'smsfw_binds_total', { account: 'esme1', result: 'ok' }), 1, 'smsfw_binds_total{account="esme1",result="ok"}');
  checkEq(metricSum(m3, 'smsfw_binds_total', { account: 'esme1', result: 'failed' }), 0, 'smsfw_binds_total{account="esme1",result="failed"}');
  const decisions = metricSum(m3, 'smsfw_filter_decision_seconds_count');
  check(decisions >= 18, `smsfw_filter_decision_seconds_count ${decisions}, expected >= 18`);
  check(metricSum(m3, 'process_resident_memory_bytes') > 0, 'process_resident_memory_bytes missing or 0');
  check(m3.some((s) => s.name === 'smsfw_pdus_total'), 'no smsfw_pdus_total samples');
  const prom3 = await h.runToEnd('promtool', PROMTOOL, ['check', 'metrics'], { input: (await get('/metrics')).body });
  if (prom3.code !== 0) fail(`promtool check metrics (after traffic) exited ${prom3.code}: ${(prom3.stdout + prom3.stderr).trim().slice(0, 2000)}`);
  console.log('(3) esme1: 10 clean, 5 blocked, 3 tagged: metrics allow 10 / block 5 / tag 3, rules 5 / 3, ' +
    `0x45 responses 5, binds ok 1, decisions counted ${decisions}; promtool exit 0 again`);

  // --- 4. the audit file -------------------------------------------------------------------------
  const auditLines = () => (fs.existsSync(auditPath) ? fs.readFileSync(auditPath, 'utf8').split('\n').filter((l) => l) : []);
  const waitLines = async (n, ms, what) => {
    const end = Date.now() + ms;
    while (auditLines().length < n) {
      if (Date.now() > end) fail(`${what}: ${auditLines().length} audit lines after ${ms} ms, expected ${n}`);
      await sleep(50);
    }
    await sleep(300); // nothing more may come
    return auditLines();
  };
  let lines = await waitLines(8, 5000, 'audit file');
  checkEq(lines.length, 8, 'audit lines after the esme1 traffic');
  const FIELDS = ['time', 'session', 'account', 'dir', 'cmd', 'seq', 'action', 'rules', 'status', 'src', 'dst',
    'dst_count', 'dcs', 'parts', 'body_hash'];
  const records = lines.map((l, k) => {
    let j;
    try { j = JSON.parse(l); } catch (e) { fail(`audit line ${k + 1} is not JSON (${e.message}): ${l}`); }
    check(j && typeof j === 'object' && !Array.isArray(j), `audit line ${k + 1} is not an object: ${l}`);
    for (const f of FIELDS) check(f in j, `audit line ${k + 1} has no "${f}": ${l}`);
    check(!('body' in j), `audit line ${k + 1} has a body for an account without audit_body: ${l}`);
    checkEq(j.account, 'esme1', `audit line ${k + 1} account`);
    check(/^mt$/i.test(j.dir), `audit line ${k + 1} dir ${j.dir}`);
    checkEq(j.cmd, 'submit_sm', `audit line ${k + 1} cmd`);
    check(/^66\*+\d\d$/.test(j.dst) && j.dst.length === 11, `audit line ${k + 1}: dst not masked as 66*******NN: ${j.dst}`);
    return j;
  });
  const blocks = records.filter((j) => j.action === 'block');
  const tags = records.filter((j) => j.action === 'tag');
  checkEq(blocks.length, 5, 'audit lines with action block');
  checkEq(tags.length, 3, 'audit lines with action tag');
  const bySeq = new Map(records.map((j) => [j.seq, j]));
  for (const [kind, list, rule] of [['block', sentKinds.block, 'BLK-PRIZE'], ['tag', sentKinds.tag, 'TAG-LOAN']]) {
    for (const r of list) {
      const j = bySeq.get(r.seq);
      check(j, `no audit line for the ${kind} message seq ${r.seq}`);
      checkEq(j.action, kind, `audit seq ${r.seq} action`);
      checkEq(JSON.stringify(j.rules), JSON.stringify([rule]), `audit seq ${r.seq} rules`);
      const destination = r.raw && dests.find((d) => r.raw.includes(Buffer.from(d)));
      checkEq(j.dst, `66${'*'.repeat(7)}${destination.slice(-2)}`, `audit seq ${r.seq} dst`);
      if (kind === 'block') check(j.status === BLOCK_STATUS || j.status === '0x00000045' || j.status === '0x45',
        `audit seq ${r.seq} status ${JSON.stringify(j.status)}, expected 0x45`);
    }
  }
  for (const r of sentKinds.clean) check(!bySeq.has(r.seq), `a clean message (seq ${r.seq}) was audited`);
  const file = fs.readFileSync(auditPath, 'utf8');
  for (const d of dests) check(!file.includes(d), `the audit file contains the destination ${d}`);
  for (const d of dests) check(!file.includes(d.slice(2)), `the audit file contains the national number ${d.slice(2)}`);
  for (const t of texts) check(!file.includes(t), `the audit file contains the text "${t}"`);
  // (case-insensitive fragments of the texts; the rule ids BLK-PRIZE / TAG-LOAN are allowed)
  for (const w of ['prize waiting', 'claim code', 'cheap loan', 'loan approved', 'dinner', 'somchai', 'qx700', 'ln800'])
    check(!file.toLowerCase().includes(w), `the audit file contains "${w}"`);
  const auditMetrics = await metrics();
  checkEq(metricSum(auditMetrics, 'smsfw_audit_records_total', { result: 'written' }), 8, 'smsfw_audit_records_total{result="written"}');
  checkEq(metricSum(auditMetrics, 'smsfw_audit_records_total', { result: 'dropped' }), 0, 'smsfw_audit_records_total{result="dropped"}');
  console.log(`(4) audit: 8 lines, 5 block + 3 tag, dst masked (${blocks[0].dst}), no number or text in the file; ` +
    'smsfw_audit_records_total written 8, dropped 0');

  const audited = await bind('audited', 0x00220000);
  const auditedText = 'Your prize waiting for audited review, code AUD42';
  const ra = await audited.submit({ source_addr_ton: 5, source_addr_npi: 0, source_addr: 'SHOP21',
    destination_addr: '66899887766', registered_delivery: 0, short_message: Buffer.from(auditedText) });
  checkBlockedResp(ra, 'submit_sm', BLOCK_STATUS, 'audited blocked');
  lines = await waitLines(9, 5000, 'audit file (audited)');
  checkEq(lines.length, 9, 'audit lines after the audited account\'s message');
  const ja = JSON.parse(lines[8]);
  checkEq(ja.account, 'audited', 'last audit line account');
  checkEq(ja.action, 'block', 'last audit line action');
  checkEq(ja.body, auditedText, 'last audit line body (audit_body: true)');
  checkEq(ja.dst, '66*******66', 'last audit line dst');
  check(!fs.readFileSync(auditPath, 'utf8').includes('66899887766'), 'the audit file contains the audited destination');
  console.log('(4) account audited (audit_body: true): its line has "body" with the text');

  // --- 5. POST /reload ---------------------------------------------------------------------------
  writeFiles(dir, { '10-rules.yaml': rules('t21-2', NEW_RULE) });
  const post = (token = TOKEN) => httpRequest(adminPort, 'POST', '/reload', { token, ms: 30000 });
  const r5 = await post();
  checkEq(r5.status, 200, `POST /reload (new version): status (${r5.body.trim()})`);
  const j5 = JSON.parse(r5.body);
  checkEq(j5.ok, true, 'POST /reload ok');
  checkEq(j5.unchanged, false, 'POST /reload unchanged');
  check(Array.isArray(j5.errors) && j5.errors.length === 0, `POST /reload errors: ${JSON.stringify(j5.errors)}`);
  check(/t21-2/.test(JSON.stringify(j5.versions)) && !/t21-1/.test(JSON.stringify(j5.versions)),
    `POST /reload versions ${JSON.stringify(j5.versions)}, expected t21-2`);
  check(j5.hash !== status0.hash, 'POST /reload: hash unchanged');
  checkEq(j5.rules, 3, 'POST /reload rules');
  let m5 = await metrics();
  checkEq(metricSum(m5, 'smsfw_reloads_total', { result: 'applied' }), 1, 'smsfw_reloads_total{result="applied"}');
  checkEq(metricSum(m5, 'smsfw_reloads_total', { result: 'refused' }), 0, 'smsfw_reloads_total{result="refused"}');
  checkEq(metricSum(m5, 'smsfw_pattern_set_info', { set: 'itest-admin', version: 't21-2' }), 1, 'smsfw_pattern_set_info{set="itest-admin",version="t21-2"}');
  check(!m5.some((s) => s.name === 'smsfw_pattern_set_info' && s.labels.version === 't21-1'), 'smsfw_pattern_set_info still shows t21-1');
  const rNew = await esme1.submit({ source_addr_ton: 5, source_addr_npi: 0, source_addr: 'SHOP21',
    destination_addr: '66811110000', registered_delivery: 0, short_message: Buffer.from('A zebrafish offer for you') });
  checkBlockedResp(rNew, 'submit_sm', BLOCK_STATUS, 'the reloaded rule');
  writeFiles(dir, { '10-rules.yaml': rules('t21-3', BROKEN) });
  const r5b = await post();
  checkEq(r5b.status, 409, `POST /reload (broken rule): status (${r5b.body.trim()})`);
  const j5b = JSON.parse(r5b.body);
  checkEq(j5b.ok, false, 'POST /reload (broken) ok');
  check(Array.isArray(j5b.errors) && j5b.errors.length > 0 && /BAD-REGEX/.test(JSON.stringify(j5b.errors)),
    `POST /reload (broken) errors: ${JSON.stringify(j5b.errors)}`);
  check(/t21-2/.test(JSON.stringify(j5b.versions)), `POST /reload (broken): versions ${JSON.stringify(j5b.versions)}, expected the previous t21-2`);
  m5 = await metrics();
  checkEq(metricSum(m5, 'smsfw_reloads_total', { result: 'applied' }), 1, 'smsfw_reloads_total{result="applied"} after the refusal');
  checkEq(metricSum(m5, 'smsfw_reloads_total', { result: 'refused' }), 1, 'smsfw_reloads_total{result="refused"}');
  checkEq(metricSum(m5, 'smsfw_pattern_set_info', { set: 'itest-admin', version: 't21-2' }), 1, 'smsfw_pattern_set_info after the refusal');
  checkBlockedResp(await esme1.submit({ source_addr_ton: 5, source_addr_npi: 0, source_addr: 'SHOP21',
    destination_addr: '66811110001', registered_delivery: 0, short_message: Buffer.from('zebrafish offer again') }),
  'submit_sm', BLOCK_STATUS, 'the t21-2 set after the refused reload');
  writeFiles(dir, { '10-rules.yaml': rules('t21-2', NEW_RULE) });
  const r5c = await post();
  checkEq(r5c.status, 200, `POST /reload (t21-2 again): status (${r5c.body.trim()})`);
  checkEq(JSON.parse(r5c.body).unchanged, true, 'POST /reload (t21-2 again) unchanged');
  m5 = await metrics();
  checkEq(metricSum(m5, 'smsfw_reloads_total', { result: 'unchanged' }), 1, 'smsfw_reloads_total{result="unchanged"}');
  console.log(`(5) POST /reload: 200 applied (${JSON.stringify(j5.versions)}), broken file 409 ` +
    `(${JSON.stringify(j5b.errors).slice(0, 160)}), unchanged 200; reloads applied 1 / refused 1 / unchanged 1`);

  // --- 6. /status, /loglevel ---------------------------------------------------------------------
  // A /status failure is kept and reported at the end, so the readiness and drain steps still run.
  let statusFailure = null;
  let bound = [];
  let st = {};
  try {
    const r6 = await get('/status');
    checkEq(r6.status, 200, `GET /status (esme1 and audited bound): status (${r6.body.trim()})`);
    check(/json/.test(r6.headers['content-type'] || ''), `/status content-type ${r6.headers['content-type']}`);
    st = JSON.parse(r6.body);
    checkEq(st.draining, false, '/status draining');
    check(Array.isArray(st.pattern_sets) && st.pattern_sets.some((s) => s.name === 'itest-admin' && s.version === 't21-2'),
      `/status pattern_sets ${JSON.stringify(st.pattern_sets)}`);
    checkEq(st.rules, 3, '/status rules');
    checkEq(st.hash, j5.hash, '/status hash');
    bound = (st.sessions || []).filter((s) => s.bound);
    checkEq(bound.map((s) => s.system_id).sort().join(','), 'audited,esme1', '/status bound sessions');
    checkEq(st.accounts.esme1.bound_sessions, 1, '/status accounts.esme1.bound_sessions');
    checkEq(st.accounts.esme1.messages.block, 7, '/status accounts.esme1.messages.block (5 + 2 after the reload)');
    checkEq(st.accounts.esme1.messages.tag, 3, '/status accounts.esme1.messages.tag');
    checkEq(st.accounts.audited.messages.block, 1, '/status accounts.audited.messages.block');
    check(Array.isArray(st.upstreams) && st.upstreams.length === 1 && st.upstreams[0].up === true,
      `/status upstreams ${JSON.stringify(st.upstreams)}`);
  } catch (e) {
    if (!(e instanceof TestFailure)) throw e;
    statusFailure = e.message;
    console.log(`(6) /status FAILED (reported at the end): ${e.message}`);
  }
  const ll = await get('/loglevel');
  checkEq(ll.status, 200, 'GET /loglevel: status');
  const level0 = JSON.parse(ll.body).level;
  const put = await httpRequest(adminPort, 'PUT', '/loglevel', { token: TOKEN, body: 'debug' });
  checkEq(put.status, 200, `PUT /loglevel debug: status (${put.body.trim()})`);
  checkEq(JSON.parse((await get('/loglevel')).body).level, 'debug', 'GET /loglevel after PUT');
  checkEq((await httpRequest(adminPort, 'PUT', '/loglevel', { token: TOKEN, body: 'loud' })).status, 400, 'PUT /loglevel loud: status');
  checkEq((await httpRequest(adminPort, 'PUT', '/loglevel', { body: 'info' })).status, 401, 'PUT /loglevel without a token: status');
  checkEq((await httpRequest(adminPort, 'PUT', '/loglevel', { token: TOKEN, body: JSON.stringify({ level: level0 }) })).status, 200, 'PUT /loglevel back');
  console.log(statusFailure ? `(6) /loglevel ${level0} -> debug -> ${level0}`
    : `(6) /status: sessions ${bound.map((s) => s.system_id).join(', ')}, sets ${JSON.stringify(st.pattern_sets)}; ` +
      `/loglevel ${level0} -> debug -> ${level0}`);

  // --- 7. readiness follows the upstream ---------------------------------------------------------
  const waitReady = async (want, ms, what) => {
    const t0 = Date.now();
    for (;;) {
      const r = await readyz();
      if (r.status === want) return { r, ms: Date.now() - t0 };
      if (Date.now() - t0 > ms) fail(`${what}: /readyz still ${r.status} ${r.body.trim()} after ${ms} ms`);
      await sleep(100);
    }
  };
  // close() stops accepting at once; its callback would wait for the bound sessions to end.
  smsc.server.close();
  const down = await waitReady(503, 7500, 'SMSC listener closed');
  check(/^not ready: .*upstream/i.test(down.r.body), `/readyz with the SMSC down: ${down.r.body.trim()}`);
  checkEq(metricSum(await metrics(), 'smsfw_upstream_up', { upstream: `${up.host}:${up.port}` }), 0, 'smsfw_upstream_up with the SMSC down');
  console.log(`(7) SMSC listener closed: /readyz 503 "${down.r.body.trim()}" after ${down.ms} ms`);
  smsc = new NodeSmsc({ systemId: 'SMSC21', idPrefix: 't21b-' });
  rec = new SmscRecorder(smsc);
  h.servers.push(smsc.server);
  await new Promise((resolve, reject) => {
    smsc.server.once('error', reject);
    smsc.server.listen(up.port, '127.0.0.1', resolve);
  });
  const back = await waitReady(200, 7500, 'SMSC listening again');
  checkEq(back.r.body.trim(), 'ready', '/readyz body after the SMSC came back');
  checkEq(metricSum(await metrics(), 'smsfw_upstream_up', { upstream: `${up.host}:${up.port}` }), 1, 'smsfw_upstream_up after the SMSC came back');
  console.log(`(7) SMSC listening again on ${up.port}: /readyz 200 after ${back.ms} ms`);
  // The bound session still works (its upstream connection was never closed).
  const r7 = await esme1.submit({ source_addr_ton: 5, source_addr_npi: 0, source_addr: 'SHOP21',
    destination_addr: '66811110002', registered_delivery: 0, short_message: Buffer.from('Still there after the outage?') });
  checkEq(r7.resp.command_status, 0, 'esme1 after the outage: status');
  for (const e of esmes) e.checkOneResponseEach();

  // --- 8. SIGTERM with the ESMEs bound -----------------------------------------------------------
  const seen = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      try {
        const r = await httpRequest(adminPort, 'GET', '/readyz', { ms: 1000 });
        seen.push(`${r.status} ${r.body.trim()}`);
      } catch (e) {
        seen.push(`error ${e.code || e.message}`);
      }
      await sleep(20);
    }
  })();
  await sleep(100);
  const tTerm = Date.now();
  const r8 = await proxy.child.stop();
  polling = false;
  await poller;
  const draining = seen.filter((s) => /^503 not ready: draining/.test(s));
  console.log(`(8) SIGTERM: smsfw exited ${JSON.stringify(r8)} after ${Date.now() - tTerm} ms; /readyz during the drain: ` +
    `${draining.length ? `503 "not ready: draining" caught ${draining.length}x` : 'draining not caught'} ` +
    `(answers: ${[...new Set(seen)].join(' | ')})`);
  check(r8.code === 0, `smsfw did not exit 0 on SIGTERM: ${JSON.stringify(r8)}`);
  const firstDraining = seen.findIndex((x) => /draining/.test(x));
  if (firstDraining >= 0) check(!seen.slice(firstDraining).some((x) => /^200/.test(x)), `/readyz 200 after draining began: ${seen.join(' | ')}`);
  if (statusFailure) fail(statusFailure);

  // --- 9. no pattern set: alive, never ready ------------------------------------------------------
  // The SMSC is up and probed, but without --patterns every message would pass unfiltered: a
  // load balancer must not send it traffic.
  const adminPort9 = await closedPort();
  const bare = await h.startSmsfw([up], ['--admin', `127.0.0.1:${adminPort9}`]);
  await sleep(1000);  // well past the first upstream probe (~0.2-0.3 s after start)
  const ready9 = await httpRequest(adminPort9, 'GET', '/readyz');
  checkEq(ready9.status, 503, '/readyz without a pattern set: status');
  checkEq(ready9.body.trim(), 'not ready: no pattern set (--patterns): messages would pass unfiltered',
    '/readyz without a pattern set: body');
  checkEq((await httpRequest(adminPort9, 'GET', '/healthz')).status, 200, '/healthz without a pattern set');
  checkEq(metricSum(parseMetrics((await httpRequest(adminPort9, 'GET', '/metrics')).body), 'smsfw_upstream_up',
    { upstream: `${up.host}:${up.port}` }), 1, 'smsfw_upstream_up without a pattern set (so only the set keeps it unready)');
  const reload9 = await httpRequest(adminPort9, 'POST', '/reload');
  check(reload9.status >= 400 && /no pattern directory/.test(reload9.body), `POST /reload without --patterns: ${reload9.status} ${reload9.body.trim()}`);
  console.log(`(9) no --patterns: /readyz 503 "${ready9.body.trim()}", /healthz 200, POST /reload ${reload9.status}`);
  await h.stopSmsfwClean(bare);
});
