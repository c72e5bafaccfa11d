'use strict';
// SMSC drops its socket mid-session (node-smpp ESME and SMSC).
// Proves: after a bind and traffic, when the SMSC destroys the connection the ESME receives an
// unbind from smsfw and, once it answers, the connection is closed; an ESME that does not answer
// that unbind is still disconnected within a few seconds; smsfw keeps running and serves a new
// bind afterwards. Each submit_sm in flight at the moment of the drop is answered once, with
// ESME_RSYSERR (0x08), before the unbind.
const {
  run, check, checkEq, request, submitMany, expectClose, waitEvent, waitUntil, sleep, PDU,
} = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');

run('t05_smsc_drops', async (h, opts) => {
  const held = [];
  const smsc = new NodeSmsc({
    systemId: 'DROPPY',
    // submit_sm to "hold" are never answered: they are in flight when the SMSC drops.
    intercept: (session, pdu) => {
      if (pdu.command === 'submit_sm' && pdu.destination_addr === 'hold') { held.push(pdu.sequence_number); return true; }
      return false;
    },
  });
  const up = await h.listen(smsc.server);
  const proxy = await h.startSmsfw([up]);

  const notes = [];
  for (const answerUnbind of [true, false]) {
    const label = answerUnbind ? 'ESME answers the unbind' : 'ESME ignores the unbind';
    const s = await h.connect(proxy);
    const boundP = waitEvent(smsc, 'bound', 5000, 'bind at the SMSC');
    const b = await request(s, 'bind_transceiver', { system_id: 'drop_me', password: 'pw' });
    checkEq(b.command_status, 0, `${label}: bind_transceiver_resp command_status`);
    const smscSession = await boundP;
    const results = await submitMany(s, 20, 5, (i) => ({ destination_addr: `6680000${i}`, short_message: Buffer.from(`m${i}`) }));
    check(results.every((r) => r.resp.command_status === 0 && r.resp.message_id), `${label}: traffic before the drop`);

    // Three requests in flight, then the SMSC vanishes.
    held.length = 0;
    const inflight = [];
    for (let i = 0; i < 3; i++) {
      const pdu = new PDU('submit_sm', { destination_addr: 'hold', short_message: Buffer.from('x') });
      s.send(pdu, (resp) => inflight.push(resp));
    }
    await waitUntil(() => held.length === 3, 5000, `${label}: in-flight submit_sm at the SMSC`);
    const unbindP = waitEvent(s, 'unbind', 8000, `${label}: unbind from smsfw after the SMSC dropped`);
    smscSession.destroy();

    if (opts.direct) {
      await expectClose(s, 5000, `${label} (direct)`);
      continue;
    }
    const t0 = Date.now();
    const unbind = await unbindP;
    if (answerUnbind) {
      s.send(unbind.response());
      await expectClose(s, 5000, `${label}: after the ESME's unbind_resp`);
    } else {
      await expectClose(s, 15000, `${label}: smsfw never gave up waiting for unbind_resp`);
    }
    notes.push(`${label}: closed ${Date.now() - t0} ms after the unbind`);
    // Each request in flight got exactly one answer from smsfw (upstream_unavailable, 0x08),
    // before the unbind.
    checkEq(inflight.length, 3, `${label}: in-flight submit_sm answered`);
    check(inflight.every((r) => r.command === 'submit_sm_resp' && r.command_status === 0x08),
      `${label}: in-flight answers: ${inflight.map((r) => `${r.command}:0x${r.command_status.toString(16)}`).join(' ')}`);
    const order = s.received.map((p) => p.command);
    check(order.lastIndexOf('submit_sm_resp') < order.indexOf('unbind'), `${label}: answers came before the unbind`);
    const odd = s.received.filter((p) => !['bind_transceiver_resp', 'submit_sm_resp', 'unbind', 'generic_nack']
      .includes(p.command)).map((p) => p.command);
    check(odd.length === 0, `${label}: unexpected PDUs at the ESME: ${odd.join(',')}`);
    checkEq(s.received.filter((p) => p.command === 'unbind').length, 1, `${label}: unbinds received`);
    check(!proxy.child.exited, `smsfw exited after the SMSC dropped (${label})`);
  }

  // smsfw still serves new binds.
  await sleep(100);
  const s = await h.connect(proxy);
  const b = await request(s, 'bind_transceiver', { system_id: 'after_drop', password: 'pw' });
  checkEq(b.command_status, 0, 'bind after the drops');
  checkEq(b.system_id, 'DROPPY', 'system_id after the drops');
  const sub = await request(s, 'submit_sm', { destination_addr: '66811111111', short_message: Buffer.from('again') });
  checkEq(sub.command_status, 0, 'submit_sm after the drops');
  const u = await request(s, 'unbind');
  checkEq(u.command, 'unbind_resp', 'unbind after the drops');
  await expectClose(s, 5000, 'after unbind_resp');
  for (const n of notes) console.log(`note: ${n}`);
  await h.stopSmsfwClean(proxy);
}, { timeoutMs: 55000 });
