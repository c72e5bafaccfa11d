'use strict';
// Shared harness for the node-smpp integration tests: command line, process spawning (smsfw,
// smsc-sim, peer scripts), "listening on HOST:PORT" parsing, cleanup on every exit path, a
// watchdog, and small promise helpers around node-smpp sessions.
//
// Command line understood by every node test:
//   --smsfw PATH       the proxy binary (ctest passes $<TARGET_FILE:smsfw>)
//   --smsc-sim PATH    our SMSC simulator (ctest passes $<TARGET_FILE:smsc-sim>)
//   --direct           no proxy: ESMEs connect straight to the SMSC peer (peer development only;
//                      also SMSFW_DIRECT=1). Proxy-only assertions are skipped, tests that only
//                      make sense through the proxy report SKIP.
//   --verbose          log progress (also SMSFW_ITEST_VERBOSE=1)

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const HERE = path.resolve(__dirname, '..');

// ---------------------------------------------------------------------------------------------
// node-smpp: fail (not skip) when missing, with a hint.

function loadSmpp() {
  try {
    return require(path.join(HERE, 'node_modules', 'smpp'));
  } catch (e) {
    process.stderr.write(
      'FAIL: node-smpp is not installed in tests/integration/node_modules.\n' +
      '      Install it with:  (cd tests/integration && npm ci --no-audit --no-fund)\n' +
      '      or run deploy/install-deps.sh.  (' + e.message.split('\n')[0] + ')\n');
    process.exit(1);
  }
}
const smpp = loadSmpp();
const { PDU } = smpp;

// Keep the exact bytes of every PDU a node-smpp session reads (pdu._raw), so that tests can
// compare what arrived with what was sent. Same logic as PDU.fromStream in node-smpp 0.5.1.
PDU.fromStream = function fromStreamWithRaw(stream, commandLength) {
  const body = stream.read(commandLength - 4);
  if (!body) return false;
  const head = Buffer.alloc(4);
  head.writeUInt32BE(commandLength, 0);
  const raw = Buffer.concat([head, body]);
  const pdu = new PDU(raw);
  Object.defineProperty(pdu, '_raw', { value: raw, enumerable: false });
  return pdu;
};

// A vendor-specific TLV that node-smpp does not know; registering it lets us send it.
const VENDOR_TLV_TAG = 0x1401;
smpp.addTLV('vendor_1401', { id: VENDOR_TLV_TAG, type: smpp.types.tlv.buffer });

// ---------------------------------------------------------------------------------------------
// Command line and logging.

function parseArgs(argv) {
  const opts = {
    smsfw: null, smscSim: null, tls: false,
    direct: process.env.SMSFW_DIRECT === '1',
    verbose: process.env.SMSFW_ITEST_VERBOSE === '1',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--smsfw') opts.smsfw = argv[++i];
    else if (a === '--smsc-sim') opts.smscSim = argv[++i];
    else if (a === '--direct') opts.direct = true;
    else if (a === '--verbose') opts.verbose = true;
    else if (a === '--tls') opts.tls = true;  // tests that have a TLS variant (t07)
    else throw new Error('unknown argument ' + a);
  }
  return opts;
}

class TestFailure extends Error {}
class TestSkip extends Error {}

function fail(msg) { throw new TestFailure(msg); }
function check(cond, msg) { if (!cond) fail(msg); }
function checkEq(got, want, what) {
  if (got !== want) fail(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Resolves with the first (emitter, event) occurrence accepted by pred, rejects after ms.
function waitEvent(emitter, event, ms, what, pred = () => true) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      emitter.removeListener(event, on);
      reject(new TestFailure(`timeout after ${ms} ms waiting for ${what || event}`));
    }, ms);
    function on(...args) {
      if (!pred(...args)) return;
      clearTimeout(t);
      emitter.removeListener(event, on);
      resolve(args[0]);
    }
    emitter.on(event, on);
  });
}

// Polls cond() until true or ms elapse.
async function waitUntil(cond, ms, what) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) fail(`timeout after ${ms} ms waiting for ${what}`);
    await sleep(10);
  }
}

// A TCP port on 127.0.0.1 that nobody listens on (bound, then released).
function closedPort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Processes.

class Child {
  constructor(name, cmd, args) {
    this.name = name;
    this.cmd = cmd;
    this.args = args;
    this.stdout = '';
    this.stderr = '';
    this.exited = null; // {code, signal}
    this.proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stderr.setEncoding('utf8');
    this.proc.stdout.on('data', (d) => { this.stdout += d; });
    this.proc.stderr.on('data', (d) => {
      this.stderr += d;
      if (this.stderr.length > 200000) this.stderr = this.stderr.slice(-100000);
    });
    this.exitPromise = new Promise((resolve) => {
      this.proc.on('exit', (code, signal) => { this.exited = { code, signal }; resolve(this.exited); });
      this.proc.on('error', (e) => {
        this.stderr += `\n[spawn error: ${e.message}]`;
        this.exited = { code: -1, signal: null };
        resolve(this.exited);
      });
    });
  }

  // Waits for "... listening on HOST:PORT" on stdout.
  async listening(ms = 15000) {
    const re = /listening on ([0-9.]+):(\d+)/;
    const end = Date.now() + ms;
    for (;;) {
      const m = re.exec(this.stdout);
      if (m) { this.host = m[1]; this.port = Number(m[2]); return { host: this.host, port: this.port }; }
      if (this.exited) fail(`${this.name} exited (${JSON.stringify(this.exited)}) before listening`);
      if (Date.now() > end) fail(`${this.name} printed no "listening on" line within ${ms} ms`);
      await sleep(10);
    }
  }

  // SIGTERM, then SIGKILL after ms. Resolves with {code, signal}.
  async stop(ms = 10000) {
    if (this.exited) return this.exited;
    this.proc.kill('SIGTERM');
    const t = setTimeout(() => { if (!this.exited) this.proc.kill('SIGKILL'); }, ms);
    const r = await this.exitPromise;
    clearTimeout(t);
    return r;
  }

  kill() { if (!this.exited) { try { this.proc.kill('SIGKILL'); } catch (_) { /* gone */ } } }

  tail(n = 40) {
    const lines = this.stderr.trimEnd().split('\n');
    return lines.slice(-n).join('\n');
  }
}

class Harness {
  constructor(opts) {
    this.opts = opts;
    this.children = [];
    this.sessions = [];
    this.servers = [];
    this.tempDirs = [];
  }

  log(...a) { if (this.opts.verbose) console.error('[test]', ...a); }

  spawn(name, cmd, args) {
    this.log('spawn', name, cmd, args.join(' '));
    const c = new Child(name, cmd, args);
    this.children.push(c);
    return c;
  }

  // A fresh temporary directory holding `files` ({name: content}), e.g. a pattern directory for
  // `--patterns`. Removed by cleanup().
  tempDir(files = {}, prefix = 'smsfw-itest-') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    this.tempDirs.push(dir);
    writeFiles(dir, files);
    return dir;
  }

  patternDir(files = {}) { return this.tempDir(files, 'smsfw-itest-patterns-'); }

  // Runs a program to completion with `input` on stdin. Resolves {code, signal, stdout, stderr};
  // killed (and reported as a timeout failure) after timeoutMs.
  runToEnd(name, cmd, args, { input = '', timeoutMs = 20000 } = {}) {
    this.log('run', name, cmd, args.join(' '));
    const proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const c = { name, cmd, args, proc, stdout: '', stderr: '', exited: null,
      kill() { if (!this.exited) { try { proc.kill('SIGKILL'); } catch (_) { /* gone */ } } },
      tail(n = 40) { return this.stderr.trimEnd().split('\n').slice(-n).join('\n'); } };
    this.children.push(c);
    proc.stdout.setEncoding('utf8');
    proc.stderr.setEncoding('utf8');
    proc.stdout.on('data', (d) => { c.stdout += d; });
    proc.stderr.on('data', (d) => { c.stderr += d; });
    proc.stdin.on('error', () => { /* the program may exit before reading everything */ });
    proc.stdin.end(input);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => { c.kill(); reject(new TestFailure(`${name} did not finish within ${timeoutMs} ms`)); }, timeoutMs);
      proc.on('error', (e) => { clearTimeout(t); c.exited = { code: -1, signal: null }; reject(new TestFailure(`${name}: ${e.message}`)); });
      proc.on('close', (code, signal) => {
        clearTimeout(t);
        c.exited = { code, signal };
        resolve({ code, signal, stdout: c.stdout, stderr: c.stderr });
      });
    });
  }

  // `smsfw ARGS...` (a subcommand such as scan) run to completion; see runToEnd.
  runSmsfw(args, opts = {}) {
    check(this.opts.smsfw, '--smsfw PATH is required');
    return this.runToEnd(`smsfw ${args[0]}`, this.opts.smsfw, args, opts);
  }

  // smsfw in front of the given upstreams ([{host, port}] or "host:port" strings), with extra
  // arguments such as ['--patterns', dir]. Returns {host, port, child}. In direct mode returns
  // the first upstream itself (no proxy).
  async startSmsfw(upstreams, extra = []) {
    const ups = upstreams.map((u) => (typeof u === 'string' ? u : `${u.host}:${u.port}`));
    if (this.opts.direct) {
      const [host, port] = ups[0].split(':');
      return { host, port: Number(port), child: null };
    }
    check(this.opts.smsfw, '--smsfw PATH is required (or --direct)');
    const args = ['run', '--listen', '127.0.0.1:0'];
    for (const u of ups) args.push('--upstream', u);
    if (!extra.includes('--threads')) args.push('--threads', '1');
    args.push(...extra);
    const child = this.spawn('smsfw', this.opts.smsfw, args);
    const addr = await child.listening();
    return { ...addr, child };
  }

  async startSmscSim(extra = []) {
    check(this.opts.smscSim, '--smsc-sim PATH is required');
    const child = this.spawn('smsc-sim', this.opts.smscSim, ['--listen', '127.0.0.1:0', ...extra]);
    const addr = await child.listening();
    return { ...addr, child };
  }

  // Stops smsfw and asserts a graceful exit 0 (no-op in direct mode).
  async stopSmsfwClean(proxy) {
    if (!proxy.child) return;
    const r = await proxy.child.stop();
    check(r.code === 0, `smsfw did not exit 0 on SIGTERM: ${JSON.stringify(r)}`);
  }

  // node-smpp server on 127.0.0.1:0. Resolves with {server, host, port}.
  listen(server) {
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { address, port } = server.address();
        resolve({ server, host: address, port });
      });
    });
  }

  // node-smpp client session, connected. Records 'close' and errors on the session.
  async connect(addr, ms = 5000) {
    const s = smpp.connect({ host: addr.host, port: addr.port });
    this.sessions.push(s);
    trackSession(s);
    await Promise.race([
      waitEvent(s, 'connect', ms, `TCP connect to ${addr.host}:${addr.port}`),
      s.closed.then(() => fail(`connection to ${addr.host}:${addr.port} closed before connect ` +
        `(${s.lastError ? s.lastError.message : 'no error'})`)),
    ]);
    return s;
  }

  // node-smpp client session over TLS (`tlsOptions`: ca, cert, key, servername... as for
  // tls.connect), handshake done. Rejects when the handshake fails or the connection closes.
  async connectTls(addr, tlsOptions = {}, ms = 5000) {
    const s = smpp.connect({ host: addr.host, port: addr.port, tls: true, ...tlsOptions });
    this.sessions.push(s);
    trackSession(s);
    await Promise.race([
      waitEvent(s, 'secureConnect', ms, `TLS handshake with ${addr.host}:${addr.port}`),
      s.closed.then(() => fail(`TLS connection to ${addr.host}:${addr.port} closed before the handshake ` +
        `completed (${s.lastError ? s.lastError.message : 'no error'})`)),
    ]);
    return s;
  }

  cleanup() {
    for (const s of this.sessions) { try { s.destroy(); } catch (_) { /* ignore */ } }
    for (const srv of this.servers) {
      try { for (const s of srv.sessions || []) s.destroy(); srv.close(); } catch (_) { /* ignore */ }
    }
    for (const c of this.children) c.kill();
    for (const d of this.tempDirs.splice(0)) {
      try { fs.rmSync(d, { recursive: true, force: true }); } catch (_) { /* ignore */ }
    }
  }

  dumpChildren() {
    for (const c of this.children) {
      console.error(`----- ${c.name} (${c.cmd} ${c.args.join(' ')}) exit=${JSON.stringify(c.exited)}`);
      if (c.stdout.trim()) console.error(`stdout:\n${c.stdout.trimEnd().split('\n').slice(-20).join('\n')}`);
      console.error(`stderr (tail):\n${c.tail()}`);
    }
  }
}

// Writes {name: content} into dir. Each file is written to a hidden temporary name and renamed,
// so a reader (smsfw reloading on SIGHUP) never sees half a file; hidden files are ignored by
// the pattern loader anyway. A null content removes the file.
function writeFiles(dir, files) {
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(dir, name);
    if (content === null) { fs.rmSync(target, { force: true }); continue; }
    const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, target);
  }
}

// Adds s.closed (promise), s.isClosed, s.lastError and a log of received PDUs (s.received).
function trackSession(s) {
  s.isClosed = false;
  s.received = [];
  s.on('error', (e) => { s.lastError = e; });
  s.on('pdu', (pdu) => { s.received.push(pdu); });
  s.closed = new Promise((resolve) => s.on('close', () => { s.isClosed = true; resolve(); }));
  return s;
}

// Sends a request and resolves with its response (rejects after ms).
function request(session, command, params = {}, ms = 10000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new TestFailure(`no response to ${command} within ${ms} ms`)), ms);
    const ok = session.send(new PDU(command, params), (resp) => { clearTimeout(t); resolve(resp); });
    if (!ok) { clearTimeout(t); reject(new TestFailure(`cannot send ${command}: socket not writable`)); }
  });
}

// Sends count submit_sm (params from make(i)) keeping at most window unanswered; sequence
// numbers come from seqOf(i). Resolves with [{i, seq, resp}] in send order.
function submitMany(session, count, window, make, seqOf = () => 0, ms = 45000) {
  return new Promise((resolve, reject) => {
    const results = new Array(count);
    let sent = 0; let done = 0; let failed = false;
    const t = setTimeout(() => {
      failed = true;
      reject(new TestFailure(`submitMany: ${done}/${count} submit_sm_resp after ${ms} ms ` +
        `(${sent} sent, window ${window})`));
    }, ms);
    // A response nobody asked for (wrong or repeated sequence number) fails at once.
    const outstanding = new Set();
    const onPdu = (p) => {
      if (p.command !== 'submit_sm_resp' || failed) return;
      if (!outstanding.delete(p.sequence_number)) {
        failed = true; clearTimeout(t); session.removeListener('pdu', onPdu);
        reject(new TestFailure(`submit_sm_resp with unexpected sequence_number ${p.sequence_number} ` +
          `(${done}/${count} answered so far)`));
      }
    };
    session.on('pdu', onPdu);
    const pump = () => {
      while (!failed && sent < count && sent - done < window) {
        const i = sent++;
        const pdu = new PDU('submit_sm', make(i));
        const seq = seqOf(i);
        if (seq) pdu.sequence_number = seq;
        const ok = session.send(pdu, (resp) => {
          results[i] = { i, seq: pdu.sequence_number, resp };
          done++;
          if (done === count) { clearTimeout(t); session.removeListener('pdu', onPdu); resolve(results); } else pump();
        });
        outstanding.add(pdu.sequence_number);
        if (!ok) { failed = true; clearTimeout(t); reject(new TestFailure(`submit_sm #${i}: socket not writable`)); }
      }
    };
    pump();
  });
}

// Waits for the session to close (rejects after ms).
async function expectClose(session, ms, what) {
  await Promise.race([
    session.closed,
    sleep(ms).then(() => fail(`${what}: connection still open after ${ms} ms`)),
  ]);
}

// Runs one test: watchdog, PASS/FAIL/SKIP line, cleanup on every path, exit code.
function run(name, body, { timeoutMs = 90000 } = {}) {
  let opts;
  try { opts = parseArgs(process.argv.slice(2)); } catch (e) {
    console.error(`FAIL ${name}: ${e.message}`);
    process.exit(2);
  }
  const h = new Harness(opts);
  let finished = false;
  const finish = (code, line) => {
    if (finished) return;
    finished = true;
    (code === 0 ? console.log : console.error)(line);
    if (code === 1) h.dumpChildren();
    h.cleanup();
    // Let kill signals go out, then leave even if a socket or timer is still referenced.
    setTimeout(() => process.exit(code), 50);
  };
  process.on('exit', () => h.cleanup());
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => finish(1, `FAIL ${name}: got ${sig}`));
  process.on('uncaughtException', (e) => finish(1, `FAIL ${name}: uncaught ${e.stack || e}`));
  const wd = setTimeout(() => finish(1, `FAIL ${name}: watchdog fired after ${timeoutMs} ms`), timeoutMs);
  wd.unref();
  const t0 = Date.now();
  Promise.resolve()
    .then(() => body(h, opts))
    .then(() => finish(0, `PASS ${name}${opts.direct ? ' (direct, no proxy)' : ''} in ${Date.now() - t0} ms`))
    .catch((e) => {
      if (e instanceof TestSkip) finish(0, `SKIP ${name}: ${e.message}`);
      else finish(1, `FAIL ${name}: ${e instanceof TestFailure ? e.message : e.stack || e}`);
    });
}

function skip(msg) { throw new TestSkip(msg); }

// True when the binaries under test are a sanitizer build (deploy/sanitize.sh exports these):
// slower, and ASan keeps freed memory in its quarantine, so resident-memory checks do not apply
// (LeakSanitizer checks for leaks at exit instead).
function sanitized() { return Boolean(process.env.ASAN_OPTIONS || process.env.TSAN_OPTIONS); }

module.exports = {
  smpp, PDU, VENDOR_TLV_TAG,
  run, skip, sanitized, fail, check, checkEq, sleep, waitEvent, waitUntil, closedPort,
  request, submitMany, expectClose, trackSession, Harness, TestFailure, writeFiles,
};
