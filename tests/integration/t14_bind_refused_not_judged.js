'use strict';
// Nothing is judged before the SMSC accepted the bind. An ESME that pipelines a submit_sm behind
// a bind the SMSC refuses (wrong password, 0x0E) gets its bind_transceiver_resp first, and the
// submit_sm is relayed for the SMSC to refuse: smsfw's block answer never reaches a client that
// did not authenticate, so the rules cannot be probed without credentials.
const { run, PDU, sleep, check } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');

const RULES = `set: repro
version: 1
rules:
  - id: BLK
    pattern: 'lottery\\s+winner'
    action: block
    description: x
`;

run('t14_bind_refused_not_judged', async (h) => {
  const smsc = new NodeSmsc({ systemId: 'S', intercept: (s, pdu) => {
    if (pdu.command === 'bind_transceiver' && pdu.password === 'bad') {
      s.send(pdu.response({ command_status: 0x0e }));
      return true;
    }
    return false;
  } });
  const up = await h.listen(smsc.server);
  const dir = h.patternDir({ '10.yaml': RULES });
  const proxy = await h.startSmsfw([up], ['--patterns', dir]);
  const s = await h.connect(proxy);
  const bind = new PDU('bind_transceiver', { system_id: 'x', password: 'bad' });
  bind.sequence_number = 1;
  const sub = new PDU('submit_sm', { source_addr: '1', destination_addr: '2', short_message: Buffer.from('lottery winner') });
  sub.sequence_number = 2;
  s.socket.write(Buffer.concat([bind.toBuffer(), sub.toBuffer()])); // one TCP write
  await sleep(800);
  const got = s.received.map((p) => `${p.command} seq ${p.sequence_number} status 0x${p.command_status.toString(16)}`);
  console.log(`ESME got ${got.join(' | ')}`);
  check(got.length > 0 && got[0].startsWith('bind_transceiver_resp'), 'a response arrived before the bind_transceiver_resp');
  check(!got.some((g) => g === 'submit_sm_resp seq 2 status 0x45'), 'the message was judged (blocked) on a refused bind');
});
