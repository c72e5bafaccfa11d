'use strict';
// TLS on both sides of smsfw (`tls:` in the run configuration), with node-smpp peers over
// Node.js's own TLS (OpenSSL in Node, not smsfw's code) and certificates this run makes
// (tests/gateway/tls/make-test-pki.sh).
//
//  - smsfw A: a TLS listener beside the plain one, TLS to its SMSCs with the test CA. Its first
//    upstream (127.0.0.1) shows a certificate for elsewhere.example: that handshake fails, is
//    logged and counted, and the bind goes to the second (named localhost, verified by name).
//    An ESME over TLS binds and its messages arrive; a plain ESME works beside it; plain SMPP
//    sent to the TLS port is closed without an answer and counted; a client that does not
//    trust the server's CA gives up.
//  - smsfw B: mutual TLS (tls.listen.client_ca) and min_version 1.3: no client certificate or
//    TLS 1.2 only gets no session; the client certificate from the CA binds.
//  - start-up: a key that does not match its certificate, or a missing file, stops smsfw with
//    exit status 1 and a message naming the key and the file.

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { run, check, checkEq, sleep, waitUntil, closedPort, PDU } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');
const { Esme } = require('./lib/filter-peers');
const { httpRequest, parseMetrics, metricSum } = require('./lib/admin-http');

run('t28_tls', async (h) => {
  const pki = h.tempDir({}, 'smsfw-itest-pki-');
  execFileSync('bash', [path.join(__dirname, '..', 'gateway', 'tls', 'make-test-pki.sh'), pki]);
  const pem = (name) => fs.readFileSync(path.join(pki, name));
  const file = (name) => path.join(pki, name);

  const good = new NodeSmsc({ systemId: 'TLSSMSC', tls: { key: pem('server.key'), cert: pem('server.pem') } });
  const wrong = new NodeSmsc({ systemId: 'WRONG', tls: { key: pem('wrong-name.key'), cert: pem('wrong-name.pem') } });
  const upGood = await h.listen(good.server);
  const upWrong = await h.listen(wrong.server);
  const adminPort = await closedPort();
  const conf = h.tempDir({ 'smsfw.yaml': `tls:
  listen:
    address: 127.0.0.1:0
    certificate: ${file('server.pem')}
    private_key: ${file('server.key')}
  upstream:
    ca: ${file('ca.pem')}
` });
  const a = await h.startSmsfw([`127.0.0.1:${upWrong.port}`, `localhost:${upGood.port}`],
    ['--config', `${conf}/smsfw.yaml`, '--admin', `127.0.0.1:${adminPort}`]);
  const m = /listening for TLS on ([0-9.]+):(\d+)/.exec(a.child.stdout);
  check(m, `no "listening for TLS on" line: ${a.child.stdout}`);
  const tlsAddr = { host: m[1], port: Number(m[2]) };
  const ca = pem('ca.pem');

  // An ESME over TLS, through to the SMSC whose certificate names it.
  let seq = 0x00280000;
  const s1 = await h.connectTls(tlsAddr, { ca, servername: 'localhost' });
  const e1 = new Esme(s1, 'tls-esme', seq += 0x1000);
  await e1.bind('bind_transceiver', 't28-tls');
  checkEq(good.binds.map((b) => b.system_id).join(','), 't28-tls', 'binds at the verified SMSC');
  checkEq(wrong.binds.length, 0, 'binds at the SMSC with the wrong certificate');
  for (let i = 0; i < 20; i++)
    checkEq((await e1.submit({ short_message: `over TLS ${i}` })).resp.command_status, 0, `submit_sm ${i} over TLS`);
  checkEq(good.counters.submit_sm, 20, 'submit_sm arrived at the SMSC over TLS');
  check(/TLS handshake with upstream 127\.0\.0\.1:\d+ failed: .*certificate verify failed/.test(a.child.stderr),
    'the failed upstream handshake is not logged');

  // A plain ESME beside it.
  const s2 = await h.connect(a);
  const e2 = new Esme(s2, 'plain-esme', seq += 0x1000);
  await e2.bind('bind_transceiver', 't28-plain');
  checkEq((await e2.submit({ short_message: 'plain' })).resp.command_status, 0, 'submit_sm over plain TCP');

  // Plain SMPP to the TLS port: no SMPP answer, the connection closed.
  const raw = await h.connect(tlsAddr);
  raw.send(new PDU('bind_transceiver', { system_id: 't28-raw', password: 'pw' }));
  await waitUntil(() => raw.isClosed, 5000, 'the TLS port to close a plain connection');
  checkEq(raw.received.length, 0, 'SMPP answers on the TLS port to a plain client');

  // A client that trusts another CA does not accept smsfw's certificate.
  let refused = null;
  try {
    await h.connectTls(tlsAddr, { ca: pem('other-ca.pem'), servername: 'localhost' }, 3000);
  } catch (e) {
    refused = e;
  }
  check(refused && /self-signed|unable to (verify|get)/i.test(String(refused.message)),
    `a client with another CA connected (${refused && refused.message})`);

  let metrics = null;
  for (const deadline = Date.now() + 5000; Date.now() < deadline; await sleep(100)) {
    metrics = parseMetrics((await httpRequest(adminPort, 'GET', '/metrics')).body);
    if (metricSum(metrics, 'smsfw_tls_handshake_failures_total', { side: 'esme' }) >= 2) break;
  }
  checkEq(metricSum(metrics, 'smsfw_tls_handshake_failures_total', { side: 'esme' }), 2,
    'ESME handshake failures (plain SMPP, untrusting client)');
  checkEq(metricSum(metrics, 'smsfw_tls_handshake_failures_total', { side: 'smsc' }), 2,
    'SMSC handshake failures (wrong name, tried first by each of the two binds)');
  // GET /status shows each side's TLS (protocol and cipher) or null for plain TCP.
  const status = JSON.parse((await httpRequest(adminPort, 'GET', '/status')).body);
  const tlsSession = status.sessions.find((x) => x.system_id === 't28-tls');
  const plainSession = status.sessions.find((x) => x.system_id === 't28-plain');
  check(tlsSession && /^TLSv1\.[23] /.test(tlsSession.esme_tls) && /^TLSv1\.[23] /.test(tlsSession.smsc_tls),
    `TLS session in /status: ${JSON.stringify(tlsSession)}`);
  check(plainSession && plainSession.esme_tls === null && /^TLSv1\.[23] /.test(plainSession.smsc_tls),
    `plain ESME session in /status: ${JSON.stringify(plainSession)}`);
  await e1.send('unbind', {});
  await h.stopSmsfwClean(a);

  // Mutual TLS, TLS 1.3 only, plain upstream.
  const plainSmsc = new NodeSmsc({});
  const upPlain = await h.listen(plainSmsc.server);
  const confB = h.tempDir({ 'smsfw.yaml': `tls:
  listen:
    address: 127.0.0.1:0
    certificate: ${file('server.pem')}
    private_key: ${file('server.key')}
    client_ca: ${file('ca.pem')}
    min_version: "1.3"
` });
  const b = await h.startSmsfw([upPlain], ['--config', `${confB}/smsfw.yaml`]);
  const mb = /listening for TLS on ([0-9.]+):(\d+)/.exec(b.child.stdout);
  const mtlsAddr = { host: mb[1], port: Number(mb[2]) };
  const noSession = async (opts, what) => {
    let s = null;
    try {
      s = await h.connectTls(mtlsAddr, { ca, servername: 'localhost', ...opts }, 3000);
    } catch (_) {
      return;  // refused during the handshake
    }
    // TLS 1.3: the client may finish first and learn of the refusal on its next read.
    const e = new Esme(s, what, seq += 0x1000);
    const r = await Promise.race([e.send('bind_transceiver', { system_id: 't28-x', password: 'pw' }, 3000)
      .then(() => 'answered', () => 'unanswered'), s.closed.then(() => 'closed')]);
    check(r !== 'answered', `${what}: a bind was answered`);
  };
  await noSession({}, 'no client certificate');
  await noSession({ cert: pem('stranger.pem'), key: pem('stranger.key') }, 'a certificate from another CA');
  await noSession({ cert: pem('client.pem'), key: pem('client.key'), maxVersion: 'TLSv1.2' }, 'TLS 1.2');
  checkEq(plainSmsc.binds.length, 0, 'binds at the SMSC from refused clients');
  const s3 = await h.connectTls(mtlsAddr, { ca, servername: 'localhost', cert: pem('client.pem'), key: pem('client.key') });
  const e3 = new Esme(s3, 'mtls-esme', seq += 0x1000);
  await e3.bind('bind_transmitter', 't28-mtls');
  checkEq((await e3.submit({ short_message: 'with a client certificate' })).resp.command_status, 0, 'submit_sm over mutual TLS');
  check(s3.socket.getProtocol() === 'TLSv1.3', `negotiated ${s3.socket.getProtocol()}`);
  await h.stopSmsfwClean(b);

  // Start-up errors.
  const startError = async (yaml) => {
    const dir = h.tempDir({ 'smsfw.yaml': yaml });
    const r = await h.runSmsfw(['run', '--listen', '127.0.0.1:0', '--upstream', `127.0.0.1:${upPlain.port}`,
      '--config', `${dir}/smsfw.yaml`]);
    checkEq(r.code, 1, `exit status (${r.stderr.trim()})`);
    return r.stderr;
  };
  const mismatch = await startError(`tls:\n  listen: {certificate: ${file('server.pem')}, private_key: ${file('client.key')}}\n`);
  check(mismatch.includes(`tls.listen.private_key: ${file('client.key')} does not belong to the certificate in ${file('server.pem')}`),
    `mismatched key: ${mismatch}`);
  const missing = await startError(`tls:\n  upstream: {ca: ${pki}/nowhere.pem}\n`);
  check(missing.includes(`tls.upstream.ca: cannot read ${pki}/nowhere.pem`), `missing CA file: ${missing}`);
  console.log('TLS: both sides, name verification with failover, mutual TLS, minimum version and start-up checks work');
});
