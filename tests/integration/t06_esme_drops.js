'use strict';
// ESME drops its socket mid-session with messages in flight (node-smpp ESME and SMSC).
// Proves: the SMSC receives an unbind from smsfw and, after answering, the connection is closed
// by smsfw (the SMSC does not close it); late submit_sm_resp for the vanished ESME do not hurt;
// smsfw keeps running and serves a new bind and traffic afterwards.
const {
  run, check, checkEq, request, expectClose, waitEvent, waitUntil, sleep, PDU,
} = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');

const DELAY_MS = 300;

run('t06_esme_drops', async (h, opts) => {
  const smscUnbinds = []; // system_id of the bind each unbind arrived on
  const smsc = new NodeSmsc({
    systemId: 'STAYS',
    closeAfterUnbind: false, // smsfw must close the connection itself
    // Answer submit_sm late, so that some are in flight when the ESME vanishes.
    // The unbind smsfw sends on behalf of the vanished ESME is answered by the test itself.
    intercept: (session, pdu) => {
      if (pdu.command === 'unbind') smscUnbinds.push(session.bound && session.bound.system_id);
      if (pdu.command === 'unbind') return session.bound && session.bound.system_id === 'vanish';
      if (pdu.command !== 'submit_sm') return false;
      setTimeout(() => { if (!session.socket.destroyed) session.send(pdu.response({ message_id: `late${pdu.sequence_number}` })); }, DELAY_MS);
      return true;
    },
  });
  const up = await h.listen(smsc.server);
  const proxy = await h.startSmsfw([up]);

  const s = await h.connect(proxy);
  const boundP = waitEvent(smsc, 'bound', 5000, 'bind at the SMSC');
  const b = await request(s, 'bind_transceiver', { system_id: 'vanish', password: 'pw' });
  checkEq(b.command_status, 0, 'bind_transceiver_resp command_status');
  const smscSession = await boundP;
  const smscPdus = [];
  smscSession.on('pdu', (p) => smscPdus.push(p));
  const smscClosed = new Promise((r) => smscSession.on('close', r));

  for (let i = 0; i < 50; i++) {
    s.send(new PDU('submit_sm', { destination_addr: `6683333${i}`, short_message: Buffer.from(`inflight ${i}`) }));
  }
  await waitUntil(() => smscPdus.filter((p) => p.command === 'submit_sm').length >= 10, 5000, 'submit_sm at the SMSC');
  const unbindP = waitEvent(smscSession, 'unbind', 8000, 'unbind from smsfw after the ESME dropped');
  s.destroy();

  if (opts.direct) {
    await Promise.race([smscClosed, sleep(5000).then(() => check(false, 'SMSC side still open (direct)'))]);
  } else {
    const unbind = await unbindP;
    const t0 = Date.now();
    smscSession.send(unbind.response());
    await Promise.race([smscClosed,
      sleep(5000).then(() => check(false, 'smsfw did not close the SMSC connection within 5 s of unbind_resp'))]);
    const odd = smscPdus.filter((p) => !['submit_sm', 'unbind'].includes(p.command)).map((p) => p.command);
    check(odd.length === 0, `unexpected PDUs at the SMSC: ${odd.join(',')}`);
    checkEq(smscPdus.filter((p) => p.command === 'unbind').length, 1, 'unbinds at the SMSC');
    console.log(`note: SMSC connection closed ${Date.now() - t0} ms after unbind_resp; ` +
      `${smscPdus.filter((p) => p.command === 'submit_sm').length}/50 submit_sm reached the SMSC`);
  }
  await sleep(DELAY_MS + 100); // late responses have been sent into the void by now
  check(!proxy.child || !proxy.child.exited, 'smsfw exited after the ESME dropped');

  // smsfw still serves new binds.
  const s2 = await h.connect(proxy);
  const b2 = await request(s2, 'bind_transceiver', { system_id: 'next', password: 'pw' });
  checkEq(b2.command_status, 0, 'bind after the drop');
  checkEq(b2.system_id, 'STAYS', 'system_id after the drop');
  const sub = await request(s2, 'submit_sm', { sequence_number: 4242, destination_addr: '66844444444', short_message: Buffer.from('after') });
  checkEq(sub.command_status, 0, 'submit_sm after the drop');
  checkEq(sub.message_id, 'late4242', 'submit_sm_resp message_id after the drop');
  const u = await request(s2, 'unbind');
  checkEq(u.command, 'unbind_resp', 'unbind after the drop');
  // closeAfterUnbind is off, so the ESME closes after unbind_resp, as ESMEs do.
  s2.close();
  await expectClose(s2, 5000, 'after unbind_resp');
  await waitUntil(() => smsc.sessions.size === 0, 5000, 'SMSC side connections to close');
  // An ESME that unbinds properly and then closes must not cause a second unbind upstream.
  const unbindsNext = smscUnbinds.filter((id) => id === 'next').length;
  checkEq(unbindsNext, 1, 'unbinds at the SMSC for a clean unbind + close');
  await h.stopSmsfwClean(proxy);
}, { timeoutMs: 50000 });
