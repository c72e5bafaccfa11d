'use strict';
// The real HAProxy (Debian `haproxy`, /usr/sbin/haproxy) in front of two smsfw instances, with
// the shipped deploy/haproxy/haproxy.cfg: only what ties it to a host is rewritten (the process
// settings for a test run in the foreground, the listening address, the two instances' SMPP and
// admin ports, the runtime API socket path); the balancing, retries, health checks against
// /readyz, their timings and on-marked-down are the shipped ones.
//
//  1. `haproxy -c` accepts the rewritten file; HAProxy starts and its runtime API (`show stat`)
//     shows both instances UP.
//  2. Four resilient node-smpp ESMEs (transceivers esme1..4) connect through HAProxy: leastconn
//     spreads them over both instances (checked with each instance's GET /status). Each keeps 10
//     submit_sm in flight, every text unique.
//  3. Once every ESME has had 300 answered, instance A is SIGKILLed mid-stream. The ESMEs that
//     were on A see their connection close, reconnect through HAProxy, bind again, resend what
//     was left unanswered and go on; the ESMEs on B are never disconnected. Every ESME gets 300
//     more answered after the kill.
//  4. HAProxy marks A DOWN (within inter 2s x fall 3 plus a check timeout); B stays UP.
//  5. A restarted on the same ports is marked UP again (rise 2), and two new ESMEs land on it
//     (leastconn: B holds four sessions) and relay through it.
//  6. Accounting: every submit_sm sent got exactly one answer on its connection or its connection
//     closed; every text was answered 0 in the end; the SMSC received every text at least once,
//     and more than once only texts resent because their answer was lost with A.

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { run, skip, check, checkEq, fail, sleep, waitUntil, closedPort, smpp, PDU } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');
const { httpRequest } = require('./lib/admin-http');

const HAPROXY = '/usr/sbin/haproxy';
const SHIPPED = path.resolve(__dirname, '..', '..', 'deploy', 'haproxy', 'haproxy.cfg');

const RULES = `# written by t23_haproxy_pair.js
set: itest-haproxy
version: t23
rules:
  - id: BLK-WINNER
    pattern: 'you\\s+are\\s+a\\s+winner'
    action: block
    description: prize scam
`;

// The shipped configuration with only the host-specific parts rewritten. Every replacement
// must apply exactly: a change in the shipped file's shape fails here rather than testing
// something else.
function rewriteShipped(ports, socketPath) {
  let cfg = fs.readFileSync(SHIPPED, 'utf8');
  const replace = (from, to) => {
    const n = cfg.split(from).length - 1;
    if (n !== 1) fail(`${SHIPPED}: expected "${from.trim()}" once, found ${n} times`);
    cfg = cfg.replace(from, to);
  };
  // Process settings: foreground (-db), the test's user, no chroot, connection logs on stderr
  // (kept with the test's output), and a connection limit whose file descriptors (about twice
  // maxconn) fit a test runner's limit.
  for (const line of ['    chroot /var/lib/haproxy\n', '    user haproxy\n', '    group haproxy\n', '    daemon\n']) replace(line, '');
  replace('    log /dev/log local0\n', '    log stderr format short local0 info\n');
  replace('    maxconn 20000\n    # Runtime API', '    maxconn 2000\n    # Runtime API');
  replace('stats socket /run/haproxy/admin.sock mode 660 level admin', `stats socket ${socketPath} mode 600 level admin`);
  replace('    bind :2775\n', `    bind 127.0.0.1:${ports.front}\n`);
  replace('server smsfw1 127.0.0.1:12775 check port 9775', `server smsfw1 127.0.0.1:${ports.a} check port ${ports.adminA}`);
  replace('server smsfw2 127.0.0.1:12776 check port 9776', `server smsfw2 127.0.0.1:${ports.b} check port ${ports.adminB}`);
  return cfg;
}

// One runtime API command over the unix socket; resolves with the whole answer.
function haproxyCommand(socketPath, command) {
  return new Promise((resolve, reject) => {
    const s = net.createConnection(socketPath);
    let out = '';
    s.setEncoding('utf8');
    s.setTimeout(3000, () => { s.destroy(); reject(new Error(`runtime API: no answer to "${command}"`)); });
    s.on('connect', () => s.write(`${command}\n`));
    s.on('data', (d) => { out += d; });
    s.on('end', () => resolve(out));
    s.on('error', reject);
  });
}

// {smsfw1: 'UP', smsfw2: 'DOWN', ...} from `show stat`.
async function serverStates(socketPath) {
  const text = await haproxyCommand(socketPath, 'show stat');
  const lines = text.split('\n').filter((l) => l.trim());
  const header = lines[0].replace(/^# /, '').split(',');
  const col = (name) => header.indexOf(name);
  const states = {};
  for (const l of lines.slice(1)) {
    const f = l.split(',');
    if (f[col('pxname')] === 'smsfw' && /^smsfw\d$/.test(f[col('svname')])) states[f[col('svname')]] = f[col('status')];
  }
  return states;
}

// An ESME that keeps `window` submit_sm in flight through a load balancer, and on a lost
// connection reconnects, binds again and resends what was left unanswered (at-least-once, as
// SMPP clients do). Texts are `${name} message ${i}`.
class ResilientEsme {
  constructor(h, front, name, window = 10) {
    Object.assign(this, { h, front, name, window });
    this.next = 0;              // next new message index
    this.resend = [];           // indices whose answer was lost with a connection
    this.resent = new Set();
    this.answered = new Map();  // index -> status (the last answer)
    this.answerCount = 0;       // answers received, all connections
    this.connections = 0;
    this.stray = [];            // answers to sequence numbers not in flight on that connection
    this.running = true;
    this.session = null;
    this.bindFailures = 0;
  }

  async start() {
    while (this.running) {
      try {
        await this.connectAndBind();
        return;
      } catch (e) {
        this.bindFailures++;
        await sleep(200);
      }
    }
  }

  connectAndBind() {
    return new Promise((resolve, reject) => {
      const s = smpp.connect({ host: this.front.host, port: this.front.port });
      this.h.sessions.push(s);
      const inflight = new Map();  // seq -> index
      let bound = false;
      s.on('error', () => { /* 'close' follows */ });
      s.on('close', () => {
        if (!bound) { reject(new Error('closed before bound')); return; }
        // Whatever was in flight on this connection lost its answer: send it again.
        for (const i of inflight.values()) { this.resend.push(i); this.resent.add(i); }
        inflight.clear();
        if (this.session === s) this.session = null;
        if (this.running) this.start();
      });
      s.on('pdu', (p) => {
        if (p.command === 'submit_sm_resp') {
          const i = inflight.get(p.sequence_number);
          if (i === undefined) { this.stray.push(p.sequence_number); return; }
          inflight.delete(p.sequence_number);
          this.answered.set(i, p.command_status);
          this.answerCount++;
          this.pump(s, inflight);
        } else if (p.command === 'enquire_link' || p.command === 'unbind') {
          s.send(p.response());
        }
      });
      s.on('connect', () => {
        s.send(new PDU('bind_transceiver', { system_id: this.name, password: 'pw', system_type: 't23' }), (r) => {
          if (r.command_status !== 0) { s.destroy(); return; }  // 'close' rejects
          bound = true;
          this.connections++;
          this.session = s;
          this.inflight = inflight;
          resolve();
          this.pump(s, inflight);
        });
      });
      setTimeout(() => { if (!bound) s.destroy(); }, 5000);
    });
  }

  pump(s, inflight) {
    while (this.running && inflight.size < this.window && this.session === s) {
      const i = this.resend.length ? this.resend.shift() : this.next++;
      const pdu = new PDU('submit_sm', {
        source_addr_ton: 1, source_addr_npi: 1, source_addr: '66811112222',
        dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: `6689${String(i).padStart(7, '0')}`,
        short_message: Buffer.from(`${this.name} message ${i}`),
      });
      if (!s.send(pdu)) { this.resend.unshift(i); return; }
      inflight.set(pdu.sequence_number, i);
    }
  }

  // Stops sending, waits for what is in flight, unbinds.
  async stop(ms = 10000) {
    this.running = false;
    await waitUntil(() => !this.session || !this.inflight || this.inflight.size === 0, ms, `${this.name}: in-flight answers at the end`);
    if (this.session) {
      const s = this.session;
      await new Promise((resolve) => s.send(new PDU('unbind'), resolve));
      s.destroy();
    }
  }

  answeredOk() { return [...this.answered.values()].filter((st) => st === 0).length; }
}

// Polls an asynchronous condition every 100 ms until true or ms elapse.
async function waitFor(cond, ms, what) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) fail(`timeout after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

async function instanceSessions(adminPort) {
  const r = await httpRequest(adminPort, 'GET', '/status');
  checkEq(r.status, 200, `GET /status on admin port ${adminPort}`);
  return JSON.parse(r.body).sessions.filter((s) => s.bound).map((s) => s.system_id);
}

run('haproxy_pair', async (h) => {
  if (h.opts.direct) skip('HAProxy sits in front of smsfw instances');
  check(fs.existsSync(HAPROXY), `${HAPROXY} is missing: this test needs the real HAProxy (apt-get install haproxy)`);

  // SMSC: answers at once with an id; counts each text.
  const smsc = new NodeSmsc({ systemId: 'SMSC23', idPrefix: 't23-' });
  const atSmsc = new Map();  // text -> times received
  smsc.on('submit_sm', (session, pdu) => {
    const t = Buffer.from(pdu.short_message.message).toString('latin1');
    atSmsc.set(t, (atSmsc.get(t) || 0) + 1);
  });
  const up = await h.listen(smsc.server);
  const dir = h.patternDir({ '10-rules.yaml': RULES });
  const ports = { front: await closedPort(), a: await closedPort(), b: await closedPort(),
    adminA: await closedPort(), adminB: await closedPort() };

  const startInstance = async (name, port, adminPort) => {
    const child = h.spawn(name, h.opts.smsfw, ['run', '--listen', `127.0.0.1:${port}`, '--upstream', `${up.host}:${up.port}`,
      '--threads', '1', '--patterns', dir, '--admin', `127.0.0.1:${adminPort}`]);
    await child.listening();
    return child;
  };
  let a = await startInstance('smsfw A', ports.a, ports.adminA);
  const b = await startInstance('smsfw B', ports.b, ports.adminB);

  // --- 1. HAProxy with the shipped configuration -------------------------------------------------
  const work = h.tempDir({}, 'smsfw-itest-haproxy-');
  const sock = path.join(work, 'admin.sock');
  const cfgPath = path.join(work, 'haproxy.cfg');
  fs.writeFileSync(cfgPath, rewriteShipped(ports, sock));
  const checkRun = await h.runToEnd('haproxy -c', HAPROXY, ['-c', '-f', cfgPath]);
  checkEq(checkRun.code, 0, `haproxy -c on the rewritten ${SHIPPED} (${(checkRun.stdout + checkRun.stderr).trim()})`);
  const haproxy = h.spawn('haproxy', HAPROXY, ['-db', '-f', cfgPath]);
  await waitUntil(() => fs.existsSync(sock) || haproxy.exited, 10000, 'HAProxy runtime API socket');
  check(!haproxy.exited, `haproxy exited: ${JSON.stringify(haproxy.exited)} ${haproxy.tail()}`);
  let states = {};
  await waitFor(async () => {
    states = await serverStates(sock).catch(() => ({}));
    return states.smsfw1 === 'UP' && states.smsfw2 === 'UP';
  }, 10000, 'HAProxy showing both instances UP');
  const front = { host: '127.0.0.1', port: ports.front };

  // --- 2. four ESMEs through HAProxy --------------------------------------------------------------
  const esmes = [1, 2, 3, 4].map((k) => new ResilientEsme(h, front, `esme${k}`));
  for (const e of esmes) await e.start();
  const onA = await instanceSessions(ports.adminA);
  const onB = await instanceSessions(ports.adminB);
  checkEq(onA.length + onB.length, 4, `sessions bound on A (${onA}) and B (${onB})`);
  check(onA.length >= 1 && onB.length >= 1, `leastconn spread the ESMEs over both instances: A ${onA}, B ${onB}`);

  // --- 3. A killed mid-stream ---------------------------------------------------------------------
  const PER = 300;
  await waitUntil(() => esmes.every((e) => e.answeredOk() >= PER), 30000, `every ESME answered ${PER} times`);
  const tKill = Date.now();
  a.proc.kill('SIGKILL');
  await a.exitPromise;
  const connectionsAtKill = new Map(esmes.map((e) => [e.name, e.connections]));
  const answersAtKill = new Map(esmes.map((e) => [e.name, e.answerCount]));
  await waitUntil(() => esmes.every((e) => e.answerCount - answersAtKill.get(e.name) >= PER), 40000,
    `every ESME answered ${PER} more times after A was killed`);
  const recovered = Date.now() - tKill;
  for (const e of esmes) {
    const reconnects = e.connections - connectionsAtKill.get(e.name);
    if (onA.includes(e.name)) check(reconnects >= 1, `${e.name} was on A but never reconnected`);
    else checkEq(reconnects, 0, `${e.name} (on B): reconnections after A was killed`);
  }
  const nowOnB = await instanceSessions(ports.adminB);
  checkEq(nowOnB.slice().sort().join(','), esmes.map((e) => e.name).sort().join(','), 'sessions on B after the kill');

  // --- 4. HAProxy marks A down ---------------------------------------------------------------------
  await waitFor(async () => (await serverStates(sock)).smsfw1 === 'DOWN', 15000, 'HAProxy marking A DOWN');
  const markedDown = Date.now() - tKill;
  checkEq((await serverStates(sock)).smsfw2, 'UP', 'B state in HAProxy');

  // --- 5. A back: marked UP, new sessions land on it ------------------------------------------------
  const tRestart = Date.now();
  a = await startInstance('smsfw A (restarted)', ports.a, ports.adminA);
  await waitFor(async () => (await serverStates(sock)).smsfw1 === 'UP', 15000, 'HAProxy marking the restarted A UP');
  const markedUp = Date.now() - tRestart;
  const late = [5, 6].map((k) => new ResilientEsme(h, front, `esme${k}`, 2));
  for (const e of late) await e.start();
  await waitUntil(() => late.every((e) => e.answeredOk() >= 20), 10000, 'the two new ESMEs answered 20 times each');
  const onA2 = await instanceSessions(ports.adminA);
  checkEq(onA2.slice().sort().join(','), 'esme5,esme6', 'sessions on the restarted A (leastconn: B holds four)');

  // --- 6. accounting ---------------------------------------------------------------------------------
  for (const e of [...esmes, ...late]) await e.stop();
  let resentTotal = 0; let duplicates = 0; let total = 0;
  for (const e of [...esmes, ...late]) {
    checkEq(e.stray.length, 0, `${e.name}: answers to nothing in flight`);
    resentTotal += e.resent.size;
    for (let i = 0; i < e.next; i++) {
      total++;
      const text = `${e.name} message ${i}`;
      checkEq(e.answered.get(i), 0, `${e.name} #${i}: final status`);
      const n = atSmsc.get(text) || 0;
      check(n >= 1, `${e.name} #${i}: never reached the SMSC`);
      if (n > 1) {
        duplicates++;
        check(e.resent.has(i), `${e.name} #${i}: reached the SMSC ${n} times but was never resent`);
      }
    }
  }
  checkEq(atSmsc.size, total, 'distinct texts at the SMSC');
  console.log(`HAProxy ${(checkRun.stdout + checkRun.stderr).trim() || 'config valid'}; ESMEs on A ${onA.join(',')}, on B ${onB.join(',')}; ` +
    `A SIGKILLed: ${PER} more answers each after ${recovered} ms, reconnects ${esmes.map((e) => e.connections - 1).join('/')}, ` +
    `${resentTotal} resent (${duplicates} of them had reached the SMSC before), ` +
    `${esmes.reduce((n, e) => n + e.bindFailures, 0)} failed reconnect attempts; HAProxy marked A DOWN after ${markedDown} ms, ` +
    `the restarted A UP after ${markedUp} ms; ${total} messages, every one answered 0 and at the SMSC`);

  await h.stopSmsfwClean({ child: a });
  await h.stopSmsfwClean({ child: b });
}, { timeoutMs: 110000 });
