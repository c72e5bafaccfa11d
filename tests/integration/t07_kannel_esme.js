'use strict';
// Kannel (Debian `kannel` 1.4.5: bearerbox + smsbox, a real operator SMS gateway) as the ESME,
// smsfw in the middle, our `smsc-sim --dlr` as the SMSC.
// Proves: Kannel binds as a transceiver through smsfw and comes online; 100 HTTP sendsms (GSM
// English and single-part Thai UCS-2 with coding=2&charset=UTF-8, dlr-mask=31) are each accepted
// by Kannel, each becomes exactly one submit_sm at the SMSC, Kannel accepts every
// submit_sm_resp (one SMSC-success DLR, type 8, per message, carrying the SMSC's id) and matches
// every relayed delivery receipt to its message (one delivered DLR, type 1, per message, same
// SMSC id) — so ids, sequence numbers and the receipt's deliver_sm_resp all survive the proxy;
// no failure/buffered/rejected DLR; enquire_link (every 1 s idle) round-trips; one bind, no
// generic_nack; Kannel shuts down cleanly; smsfw exits 0 on SIGTERM.
// Fails with an install hint when the kannel package (bearerbox, smsbox) is missing.
// With --tls (integration.kannel_esme_tls): the same over TLS, Kannel's own OpenSSL client
// (use-ssl, trusting the test CA) connecting to smsfw's TLS listener with certificates this run
// makes (tests/gateway/tls/make-test-pki.sh).
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const {
  run, check, checkEq, fail, sleep, closedPort, TestFailure,
} = require('./lib/harness');

const N = 100;
const PW = 'adminpw';

function findBin(name) {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin',
    ...(process.env.PATH || '').split(':')]) {
    const p = path.join(dir, name);
    try { fs.accessSync(p, fs.constants.X_OK); return p; } catch (_) { /* next */ }
  }
  return null;
}

// GET http://127.0.0.1:port/pathAndQuery, resolves {status, body}; rejects on error/timeout.
function httpGet(port, pathAndQuery, ms = 5000) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathAndQuery, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.setTimeout(ms, () => req.destroy(new Error(`timeout after ${ms} ms`)));
    req.on('error', reject);
  });
}

// Polls fn() (async, may throw) until it returns a truthy value or ms elapse.
// note() adds context to the failure message.
async function poll(fn, ms, what, every = 100, note = () => '') {
  const end = Date.now() + ms;
  let last = '';
  for (;;) {
    try { const v = await fn(); if (v) return v; } catch (e) {
      if (e instanceof TestFailure) throw e;
      last = e.message;
    }
    if (Date.now() > end) {
      const extra = [last, note()].filter(Boolean).join('; ');
      fail(`timeout after ${ms} ms waiting for ${what}${extra ? ` (${extra})` : ''}`);
    }
    await sleep(every);
  }
}

function kannelConf(dir, p, pki) {
  return `group = core${pki ? `
ssl-trusted-ca-file = "${pki}/ca.pem"` : ''}
admin-port = ${p.admin}
admin-interface = 127.0.0.1
admin-password = ${PW}
status-password = ${PW}
admin-allow-ip = "127.0.0.1"
smsbox-port = ${p.smsbox}
box-allow-ip = "127.0.0.1"
log-file = "${dir}/bearerbox.log"
log-level = 3
access-log = "${dir}/bearerbox-access.log"
dlr-storage = internal

group = smsc
smsc = smpp
smsc-id = smsfw
host = 127.0.0.1
port = ${p.smsc}${pki ? `
use-ssl = true` : ''}
transceiver-mode = true
smsc-username = kannel
smsc-password = kpw
system-type = ""
source-addr-ton = 5
source-addr-npi = 0
dest-addr-ton = 1
dest-addr-npi = 1
max-pending-submits = 20
enquire-link-interval = 1
reconnect-delay = 1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${p.smsbox}
sendsms-port = ${p.sendsms}
sendsms-interface = 127.0.0.1
log-file = "${dir}/smsbox.log"
log-level = 3
access-log = "${dir}/smsbox-access.log"

group = sendsms-user
username = tester
password = testpw
concatenation = true
max-messages = 1

group = sms-service
keyword = default
text = "ok"
catch-all = true
`;
}

// Message i: even ones GSM English, odd ones Thai (UCS-2, at most 70 characters: one part).
function messageOf(i) {
  if (i % 2 === 0) return { text: `Hello from Kannel through smsfw, message ${i} @ 100% test!`, thai: false };
  return { text: `สวัสดีครับ ข้อความทดสอบภาษาไทยหมายเลข ${i}`, thai: true };
}

run('t07_kannel_esme', async (h, opts) => {
  const bearerbox = findBin('bearerbox');
  const smsbox = findBin('smsbox');
  // Like the other peers (node-smpp, Net::SMPP): missing means FAIL with a hint, not SKIP.
  if (!bearerbox || !smsbox) fail('Kannel (bearerbox, smsbox) is not installed: apt-get install -y kannel, or run deploy/install-deps.sh');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smsfw-t07-kannel-'));
  h.log('kannel dir', dir);
  let keepDir = true;
  const dumpLogs = () => {
    for (const f of ['bearerbox.log', 'smsbox.log']) {
      try {
        const lines = fs.readFileSync(path.join(dir, f), 'utf8').trimEnd().split('\n');
        console.error(`----- ${f} (tail)\n${lines.slice(-25).join('\n')}`);
      } catch (_) { /* none */ }
    }
  };

  // DLR callbacks: /dlr?n=INDEX&type=%d&fid=%F&smsc=%i&to=%p (%F: the SMSC's message id; in a
  // DLR %p is the original receiver, %P the original sender).
  const dlrs = [];
  const dlrServer = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (u.pathname === '/dlr') {
      dlrs.push({
        n: Number(u.searchParams.get('n')),
        type: Number(u.searchParams.get('type')),
        fid: u.searchParams.get('fid'),
        smsc: u.searchParams.get('smsc'),
        to: u.searchParams.get('to'),
      });
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok');
  });
  h.servers.push(dlrServer);
  const dlrPort = await new Promise((resolve, reject) => {
    dlrServer.once('error', reject);
    dlrServer.listen(0, '127.0.0.1', () => resolve(dlrServer.address().port));
  });

  try {
    const sim = await h.startSmscSim(['--dlr']);
    let pki = null;
    let extra = [];
    if (opts.tls) {
      pki = h.tempDir({}, 'smsfw-itest-pki-');
      execFileSync('bash', [path.join(__dirname, '..', 'gateway', 'tls', 'make-test-pki.sh'), pki]);
      const conf = h.tempDir({ 'smsfw.yaml': `tls:\n  listen:\n    address: 127.0.0.1:0\n` +
        `    certificate: ${pki}/server.pem\n    private_key: ${pki}/server.key\n` });
      extra = ['--config', `${conf}/smsfw.yaml`];
    }
    const proxy = await h.startSmsfw([sim], extra);
    let smsfwPort = proxy.port;
    if (opts.tls) {
      const m = /listening for TLS on [0-9.]+:(\d+)/.exec(proxy.child.stdout);
      check(m, `no TLS listener line: ${proxy.child.stdout}`);
      smsfwPort = Number(m[1]);
    }

    const ports = { smsc: smsfwPort };
    // Distinct free ports (bound to 0, then released).
    const seen = new Set([proxy.port, sim.port, dlrPort]);
    for (const k of ['admin', 'smsbox', 'sendsms']) {
      let p;
      do { p = await closedPort(); } while (seen.has(p));
      seen.add(p);
      ports[k] = p;
    }
    const conf = path.join(dir, 'kannel.conf');
    fs.writeFileSync(conf, kannelConf(dir, ports, pki));

    const bb = h.spawn('bearerbox', bearerbox, ['-v', '3', conf]);
    const status = () => httpGet(ports.admin, `/status.txt?password=${PW}`, 2000);
    // Online: the SMSC connection is bound (through smsfw).
    await poll(async () => {
      if (bb.exited) fail(`bearerbox exited ${JSON.stringify(bb.exited)}`);
      const r = await status();
      return r.status === 200 && /\bsmsfw\b[^\n]*\(online /.test(r.body);
    }, 15000, 'the Kannel SMSC connection to come online through smsfw');

    const sb = h.spawn('smsbox', smsbox, ['-v', '3', conf]);
    await poll(async () => {
      if (sb.exited) fail(`smsbox exited ${JSON.stringify(sb.exited)}`);
      const r = await status();
      return r.status === 200 && /Box connections:\s*\n\s*smsbox/.test(r.body);
    }, 15000, 'smsbox to connect to bearerbox');
    await poll(async () => (await httpGet(ports.sendsms, '/', 2000)).status > 0, 20000, 'smsbox sendsms port');

    // Send N messages, 5 HTTP requests at a time.
    const to = (i) => `6681${String(i).padStart(7, '0')}`;
    const answers = new Array(N);
    let next = 0;
    const worker = async () => {
      while (next < N) {
        const i = next++;
        const m = messageOf(i);
        const dlrUrl = `http://127.0.0.1:${dlrPort}/dlr?n=${i}&type=%d&fid=%F&smsc=%i&to=%p`;
        const q = new URLSearchParams({
          username: 'tester', password: 'testpw', from: 'MyBrand', to: to(i), text: m.text,
          'dlr-mask': '31', 'dlr-url': dlrUrl,
        });
        if (m.thai) { q.set('coding', '2'); q.set('charset', 'UTF-8'); }
        answers[i] = await httpGet(ports.sendsms, `/cgi-bin/sendsms?${q}`, 10000);
      }
    };
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 5 }, worker));
    for (let i = 0; i < N; i++) {
      check(answers[i].status === 202 || answers[i].status === 200,
        `sendsms #${i}: HTTP status ${answers[i].status} (${answers[i].body.trim()})`);
      checkEq(answers[i].body.trim(), '0: Accepted for delivery', `sendsms #${i} answer`);
    }

    // Every message: one type 8 (SMSC success: submit_sm_resp) and one type 1 (delivered).
    const dlrCounts = () => `have ${dlrs.filter((d) => d.type === 1).length} type 1, ` +
      `${dlrs.filter((d) => d.type === 8).length} type 8, ` +
      `${dlrs.filter((d) => d.type !== 1 && d.type !== 8).length} other`;
    await poll(() => dlrs.filter((d) => d.type === 1).length >= N, 30000,
      `${N} delivered DLR callbacks`, 100, dlrCounts);
    await poll(() => dlrs.filter((d) => d.type === 8).length >= N, 5000, `${N} SMSC-success DLR callbacks`,
      100, dlrCounts);
    const tSend = Date.now() - t0;
    // Idle a little: enquire_link every second, and late duplicates would show up.
    await sleep(2500);

    const byN = new Map();
    for (const d of dlrs) {
      check(Number.isInteger(d.n) && d.n >= 0 && d.n < N, `DLR callback with unknown n: ${JSON.stringify(d)}`);
      check(d.type === 1 || d.type === 8, `unexpected DLR type ${d.type} (want only 1 and 8): ${JSON.stringify(d)}`);
      checkEq(d.smsc, 'smsfw', `DLR #${d.n} smsc-id`);
      checkEq(d.to.replace(/^\+/, ''), to(d.n), `DLR #${d.n} receiver`);
      if (!byN.has(d.n)) byN.set(d.n, {});
      const e = byN.get(d.n);
      check(!e[d.type], `DLR #${d.n}: type ${d.type} delivered twice`);
      e[d.type] = d;
    }
    const fids = new Set();
    for (let i = 0; i < N; i++) {
      const e = byN.get(i);
      check(e && e[1] && e[8], `message #${i}: DLR types seen ${e ? Object.keys(e) : 'none'}`);
      check(e[8].fid, `message #${i}: no SMSC message id in the type 8 DLR`);
      checkEq(e[1].fid, e[8].fid, `message #${i}: SMSC id of the receipt vs submit_sm_resp`);
      check(!fids.has(e[1].fid), `message #${i}: SMSC id ${e[1].fid} seen twice`);
      fids.add(e[1].fid);
    }
    checkEq(dlrs.length, 2 * N, 'DLR callbacks in total');

    // Kannel down through its admin interface (it would otherwise wait for queues).
    const sd = await httpGet(ports.admin, `/shutdown?password=${PW}`, 5000);
    check(sd.status === 200, `admin /shutdown: HTTP ${sd.status} ${sd.body.trim()}`);
    const ex = await Promise.race([
      Promise.all([bb.exitPromise, sb.exitPromise]),
      sleep(20000).then(() => null),
    ]);
    check(ex, `Kannel still running 20 s after /shutdown (bearerbox ${JSON.stringify(bb.exited)}, smsbox ${JSON.stringify(sb.exited)})`);
    checkEq(bb.exited.code, 0, 'bearerbox exit code');
    checkEq(sb.exited.code, 0, 'smsbox exit code');

    if (opts.tls) check(!/TLS handshake with ESME/.test(proxy.child.stderr), 'a TLS handshake with Kannel failed');
    await h.stopSmsfwClean(proxy);
    const r = await sim.child.stop();
    checkEq(r.code, 0, 'smsc-sim exit code');
    const line = sim.child.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
    check(line, `smsc-sim printed no JSON summary (stdout: ${sim.child.stdout})`);
    const c = JSON.parse(line);
    checkEq(c.binds, 1, 'smsc-sim binds');
    checkEq(c.submit_sm, N, 'smsc-sim submit_sm');
    checkEq(c.receipts_sent, N, 'smsc-sim receipts_sent');
    checkEq(c.receipt_acks, N, 'smsc-sim receipt_acks (Kannel\'s deliver_sm_resp relayed back)');
    check(c.enquire_link >= 1, `smsc-sim enquire_link: ${c.enquire_link} (Kannel sends one per idle second)`);
    checkEq(c.generic_nacks_sent, 0, 'smsc-sim generic_nacks_sent');
    checkEq(c.unbind, 1, 'smsc-sim unbind (Kannel unbinds at shutdown)');
    h.log(`sendsms + DLRs for ${N} messages in ${tSend} ms; smsc-sim ${line}`);
    keepDir = false;
  } catch (e) {
    dumpLogs();
    console.error(`(Kannel config and logs kept in ${dir})`);
    throw e;
  } finally {
    if (!keepDir) fs.rmSync(dir, { recursive: true, force: true });
  }
}, { timeoutMs: 80000 });
