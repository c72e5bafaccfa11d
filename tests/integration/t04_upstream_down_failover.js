'use strict';
// SMSC down at bind, and failover between --upstream entries (node-smpp ESME and SMSC).
// Proves: with no reachable upstream, each bind kind gets its matching bind_*_resp with
// command_status 0x0D (ESME_RBINDFAIL), same sequence number, and the connection is then
// closed by smsfw, which keeps running; with the first --upstream closed and the second live,
// the bind reaches the live SMSC and traffic flows; a bind the SMSC itself refuses (0x0E) comes
// back to the ESME with that status.
const {
  run, skip, check, checkEq, request, expectClose, closedPort, waitUntil,
} = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');

const ESME_RBINDFAIL = 0x0D;

run('t04_upstream_down_failover', async (h, opts) => {
  if (opts.direct) skip('needs the proxy (no upstream to fail over without it)');
  const dead1 = await closedPort();
  const dead2 = await closedPort();

  // --- no upstream reachable ----------------------------------------------------------------
  const proxyDown = await h.startSmsfw([`127.0.0.1:${dead1}`]);
  for (const [kind, seq] of [['transmitter', 11], ['receiver', 12], ['transceiver', 13]]) {
    const s = await h.connect(proxyDown);
    const r = await request(s, `bind_${kind}`, { sequence_number: seq, system_id: `down_${kind}`, password: 'pw' });
    checkEq(r.command, `bind_${kind}_resp`, `response to bind_${kind} with the SMSC down`);
    checkEq(r.command_status, ESME_RBINDFAIL, `bind_${kind}_resp command_status with the SMSC down`);
    checkEq(r.sequence_number, seq, `bind_${kind}_resp sequence_number`);
    await expectClose(s, 5000, `bind_${kind} refused`);
    const other = s.received.filter((p) => p.command !== `bind_${kind}_resp`).map((p) => p.command);
    check(other.length === 0, `unexpected PDUs after the refused bind: ${other.join(',')}`);
  }
  check(!proxyDown.child.exited, 'smsfw exited after refusing binds');
  await h.stopSmsfwClean(proxyDown);

  // --- failover: first upstream closed, second live -----------------------------------------
  const smsc = new NodeSmsc({
    systemId: 'LIVE2',
    // The SMSC refuses password "bad" with 0x0E (ESME_RINVPASWD): that answer must come back.
    intercept: (session, pdu) => {
      if (pdu.command !== 'bind_transceiver' || pdu.password !== 'bad') return false;
      session.send(pdu.response({ command_status: 0x0E }));
      return true;
    },
  });
  const live = await h.listen(smsc.server);
  const proxy = await h.startSmsfw([`127.0.0.1:${dead2}`, `${live.host}:${live.port}`]);
  for (let round = 0; round < 2; round++) {  // twice: the dead entry is retried or skipped, both fine
    const s = await h.connect(proxy);
    const b = await request(s, 'bind_transceiver', { system_id: `fo${round}`, password: 'fopw' });
    checkEq(b.command_status, 0, `failover bind #${round} command_status`);
    checkEq(b.system_id, 'LIVE2', `failover bind #${round} system_id`);
    checkEq(smsc.binds.length, round + 1, 'binds at the live SMSC');
    checkEq(smsc.binds[round].system_id, `fo${round}`, 'system_id at the live SMSC');
    checkEq(smsc.binds[round].password, 'fopw', 'password at the live SMSC');
    const sub = await request(s, 'submit_sm', { destination_addr: '66800000001', short_message: Buffer.from('fo') });
    checkEq(sub.command_status, 0, 'submit_sm_resp after failover');
    check(/^n\d+-/.test(sub.message_id), `message id from the live SMSC (got ${sub.message_id})`);
    const u = await request(s, 'unbind');
    checkEq(u.command, 'unbind_resp', 'unbind response after failover');
    await expectClose(s, 5000, 'after unbind_resp');
  }
  // The SMSC's own refusal is relayed as it is (not turned into 0x0D, not lost).
  const rs = await h.connect(proxy);
  const rb = await request(rs, 'bind_transceiver', { sequence_number: 77, system_id: 'fo_bad', password: 'bad' });
  checkEq(rb.command, 'bind_transceiver_resp', 'response to a bind the SMSC refuses');
  checkEq(rb.command_status, 0x0E, 'command_status of a bind the SMSC refuses');
  checkEq(rb.sequence_number, 77, 'sequence_number of a bind the SMSC refuses');
  rs.close();
  await expectClose(rs, 5000, 'after the refused bind');
  await waitUntil(() => smsc.sessions.size === 0, 5000, 'SMSC side connections to close');
  await h.stopSmsfwClean(proxy);
}, { timeoutMs: 50000 });
