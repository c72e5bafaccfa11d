'use strict';
// The limits an operator sets, against real clients (node-smpp ESMEs and SMSC, a raw socket):
// each refusal is a clear answer to the client and a warning in smsfw's log naming the limit.
//
//  1. limits.max_sessions 2: two ESMEs bound; a third one's bind gets bind_transceiver_resp
//     responses.session_limit (0x0D) and its connection closes, with no upstream connection
//     reaching the SMSC; the two bound ESMEs keep working; once one unbinds, a new bind goes through.
//  2. limits.max_inflight 3, at an SMSC holding its answers: of 6 submit_sm sent at once, 3
//     reach the SMSC and 3 get 0x58 from smsfw at once; when the SMSC answers, each of the 6
//     has exactly one answer.
//  3. limits.max_pdu_size 4096: a client declaring command_length 100000 gets generic_nack
//     0x02 ESME_RINVCMDLEN and is disconnected.
//  1b. with the two slots taken, 100 raw connections that send nothing wait for their bind to
//     be refused; the 101st is closed at accept without a byte, logged and counted in
//     smsfw_connections_closed_at_accept_total.
// The refused bind is counted in smsfw_binds_total{result="refused"} on the admin API.

const net = require('net');
const { run, check, checkEq, sleep, waitUntil, expectClose, closedPort } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');
const { Esme } = require('./lib/filter-peers');
const { httpRequest, parseMetrics, metricSum } = require('./lib/admin-http');

async function stderrLine(child, re, what) {
  await waitUntil(() => re.test(child.stderr), 3000, `smsfw logging ${what}`);
}

run('t24_limits', async (h) => {
  // The SMSC holds submit_sm answers while `hold` is set (released by releaseHeld()).
  const held = [];
  let hold = false;
  const smsc = new NodeSmsc({
    intercept(session, pdu) {
      if (pdu.command !== 'submit_sm' || !hold) return false;
      held.push({ session, pdu });
      return true;
    },
  });
  const releaseHeld = () => {
    for (const { session, pdu } of held.splice(0)) session.send(pdu.response({ message_id: smsc.newMessageId() }));
  };
  let upstreamBinds = 0;  // (the admin API's readiness probe also connects, without binding)
  smsc.on('bound', () => { upstreamBinds++; });
  const up = await h.listen(smsc.server);
  const conf = h.tempDir({ 'smsfw.yaml': 'limits:\n  max_sessions: 2\n  max_inflight: 3\n  max_pdu_size: 4096\n' });
  const adminPort = await closedPort();
  const proxy = await h.startSmsfw([up], ['--config', `${conf}/smsfw.yaml`, '--admin', `127.0.0.1:${adminPort}`]);

  // --- 1. max_sessions ---------------------------------------------------------------------------
  const a = new Esme(await h.connect(proxy), 'esme-a', 0x00240000);
  await a.bind('bind_transceiver', 't24-a');
  const b = new Esme(await h.connect(proxy), 'esme-b', 0x00241000);
  await b.bind('bind_transceiver', 't24-b');
  checkEq(upstreamBinds, 2, 'binds reaching the SMSC');
  const overSession = await h.connect(proxy);
  const over = new Esme(overSession, 'esme-over', 0x00242000);
  const refused = await over.send('bind_transceiver', { system_id: 't24-over', password: 'pw', system_type: 'itest' });
  checkEq(refused.resp.command_status, 0x0d, 'bind over limits.max_sessions: bind_transceiver_resp status');
  await expectClose(overSession, 3000, 'the connection over limits.max_sessions');
  checkEq(upstreamBinds, 2, 'binds reaching the SMSC after the refused bind');
  await stderrLine(proxy.child, /session limit reached \(2 ESME connections, limits\.max_sessions\)/,
    'the session limit warning');
  for (const e of [a, b]) checkEq((await e.submit({ short_message: 'still here' })).resp.command_status, 0,
    `${e.name}: submit_sm after the refusal`);
  // 1b. Past the limit, 100 connections may wait for their bind to be refused; the next one is
  // closed as soon as accepted, without a word, and counted.
  const rawConnect = () => new Promise((resolve, reject) => {
    const sock = net.connect(proxy.port, proxy.host);
    sock.once('connect', () => resolve(sock));
    sock.once('error', reject);
  });
  const waiting = [];
  for (let i = 0; i < 100; i++) waiting.push(await rawConnect());
  const flood = await rawConnect();
  let floodBytes = 0;
  flood.on('data', (d) => { floodBytes += d.length; });
  const floodClosed = new Promise((resolve) => flood.once('close', resolve));
  await Promise.race([floodClosed, sleep(3000).then(() => { throw new Error('the 101st connection over ' +
    'limits.max_sessions: still open after 3000 ms'); })]);
  checkEq(floodBytes, 0, 'bytes sent to the connection closed at accept');
  await stderrLine(proxy.child, /100 connections over it already wait for their bind to be refused: a connection from 127\.0\.0\.1:\d+ is closed at once/,
    'the warning for a connection closed at accept');
  for (const sock of waiting) sock.destroy();
  checkEq(upstreamBinds, 2, 'binds reaching the SMSC after the flood');

  // One goes away: its slot is free again.
  await a.send('unbind', {});
  await expectClose(a.s, 3000, 'esme-a after its unbind');
  // (its slot is given back when the session is destroyed, a moment after the close)
  let c = null;
  for (const deadline = Date.now() + 3000; !c && Date.now() < deadline; await sleep(20)) {
    const e = new Esme(await h.connect(proxy), 'esme-c', 0x00243000);
    const r = await e.send('bind_transceiver', { system_id: 't24-c', password: 'pw', system_type: 'itest' });
    if (r.resp.command_status === 0) c = e;
  }
  check(c, 'no bind fitted within 3 s of esme-a leaving');
  checkEq((await c.submit({ short_message: 'new slot' })).resp.command_status, 0, 'esme-c: submit_sm');

  // --- 2. max_inflight ---------------------------------------------------------------------------
  hold = true;
  const sends = [1, 2, 3, 4, 5, 6].map((i) => b.submit({ short_message: `inflight ${i}` }));
  await waitUntil(() => held.length === 3, 3000, 'three submit_sm held at the SMSC');
  // The three over the limit are answered by smsfw while the SMSC still holds the first three.
  const early = await Promise.race([Promise.all(sends.slice(3)), new Promise((r) => setTimeout(() => r(null), 2000))]);
  check(early !== null, 'the submit_sm over limits.max_inflight were not answered at once');
  for (const r of early) checkEq(r.resp.command_status, 0x58, `submit_sm seq ${r.seq} over limits.max_inflight`);
  checkEq(held.length, 3, 'submit_sm that reached the SMSC');
  releaseHeld();
  hold = false;
  for (const r of await Promise.all(sends.slice(0, 3))) checkEq(r.resp.command_status, 0, `held submit_sm seq ${r.seq}`);
  await stderrLine(proxy.child, /has 3 requests awaiting answers \(limits\.max_inflight\)/, 'the max_inflight warning');
  b.checkOneResponseEach();
  c.checkOneResponseEach();

  // --- 3. max_pdu_size ---------------------------------------------------------------------------
  const raw = net.connect(proxy.port, proxy.host);
  await new Promise((resolve, reject) => { raw.once('connect', resolve); raw.once('error', reject); });
  const got = [];
  raw.on('data', (d) => got.push(d));
  const closed = new Promise((resolve) => raw.once('close', resolve));
  const header = Buffer.alloc(16);
  header.writeUInt32BE(100000, 0);      // command_length, over limits.max_pdu_size
  header.writeUInt32BE(0x00000009, 4);  // bind_transceiver
  header.writeUInt32BE(0, 8);
  header.writeUInt32BE(77, 12);
  raw.write(header);
  await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error(
    'smsfw did not close a connection declaring command_length 100000')), 3000))]);
  const nack = Buffer.concat(got);
  checkEq(nack.length, 16, 'bytes before the close (one generic_nack)');
  checkEq(nack.readUInt32BE(4), 0x80000000, 'generic_nack command_id');
  checkEq(nack.readUInt32BE(8), 0x02, 'generic_nack status (ESME_RINVCMDLEN)');
  checkEq(nack.readUInt32BE(12), 77, 'generic_nack sequence_number');
  await stderrLine(proxy.child, /command_length 100000 \(allowed 16\.\.4096\)/, 'the max_pdu_size warning');

  // The refused bind on the admin API.
  const metrics = parseMetrics((await httpRequest(adminPort, 'GET', '/metrics')).body);
  checkEq(metricSum(metrics, 'smsfw_binds_total', { account: 't24-over', result: 'refused' }), 1,
    'smsfw_binds_total{account="t24-over",result="refused"}');
  checkEq(metricSum(metrics, 'smsfw_connections_closed_at_accept_total', {}), 1,
    'smsfw_connections_closed_at_accept_total');
  await h.stopSmsfwClean(proxy);
  console.log('max_sessions (and the connections waiting past it), max_inflight and max_pdu_size: refused with 0x0D, ' +
    'a close at accept, 0x58 and generic_nack 0x02, each logged');
});
