'use strict';
// Proxy-side access control of binds (`access:` in the run configuration), with node-smpp ESMEs
// and SMSC. The password hashes are made by `smsfw hash-password` (password on stdin).
//
//  - t25-a (password, max_binds 1): binds through with its password; a second bind while the
//    first is bound gets 0x0D; once the first unbinds, a new one goes through.
//  - a wrong password and an unknown system_id both get 0x0E ESME_RINVPASWD (no enumeration);
//    t25-b from an address outside its allow_from gets 0x0D; none of them reaches the SMSC.
//  - after access.failed_binds.max (3) failures from 127.0.0.1, even t25-c's right password is
//    refused (0x0D) without a check, and the block is logged; refusals are logged too.

const { run, check, checkEq, sleep, expectClose } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');
const { Esme } = require('./lib/filter-peers');

run('t25_access_control', async (h) => {
  const hash = async (pw) => {
    const r = await h.runSmsfw(['hash-password'], { input: `${pw}\n` });
    checkEq(r.code, 0, `smsfw hash-password exit code (${r.stderr.trim()})`);
    return r.stdout.trim();
  };
  const smsc = new NodeSmsc({});
  const upstreamBinds = [];
  smsc.on('bound', (s, b) => upstreamBinds.push(b.system_id));
  const up = await h.listen(smsc.server);
  const conf = h.tempDir({ 'smsfw.yaml': `access:
  failed_binds: {max: 3, window: 60s}
  accounts:
    t25-a:
      password_hash: "${await hash('pw-a')}"
      max_binds: 1
    t25-b:
      password_hash: "${await hash('pw-b')}"
      allow_from: [192.0.2.0/24]
    t25-c:
      password_hash: "${await hash('pw-c')}"
      allow_from: [127.0.0.0/8, "::1"]
` });
  const proxy = await h.startSmsfw([up], ['--config', `${conf}/smsfw.yaml`]);
  let seq = 0x00250000;
  const bindStatus = async (systemId, password) => {
    const s = await h.connect(proxy);
    const e = new Esme(s, systemId, seq += 0x100);
    const r = await e.send('bind_transceiver', { system_id: systemId, password, system_type: 'itest' });
    return { e, s, status: r.resp.command_status };
  };

  // max_binds, and the first bind going through as sent.
  const a1 = await bindStatus('t25-a', 'pw-a');
  checkEq(a1.status, 0, 't25-a bind with its password');
  checkEq(upstreamBinds.join(','), 't25-a', 'binds at the SMSC');
  const a2 = await bindStatus('t25-a', 'pw-a');
  checkEq(a2.status, 0x0d, 't25-a second bind over max_binds 1');
  await expectClose(a2.s, 3000, 'the refused second t25-a');
  checkEq((await a1.e.submit({ short_message: 'hello' })).resp.command_status, 0, 't25-a submit_sm');
  await a1.e.send('unbind', {});
  await expectClose(a1.s, 3000, 't25-a after its unbind');
  let a3 = null;
  for (const deadline = Date.now() + 3000; Date.now() < deadline; await sleep(20)) {
    a3 = await bindStatus('t25-a', 'pw-a');  // its slot comes back once the old session is gone
    if (a3.status === 0) break;
  }
  checkEq(a3.status, 0, 't25-a bind after the first one left');

  // Refusals: each answered, none reaching the SMSC.
  const before = upstreamBinds.length;
  checkEq((await bindStatus('t25-c', 'wrong')).status, 0x0e, 'wrong password');
  checkEq((await bindStatus('t25-zz', 'pw-a')).status, 0x0e, 'unknown system_id');
  checkEq((await bindStatus('t25-b', 'pw-b')).status, 0x0d, 't25-b from outside allow_from');
  // Three failures from 127.0.0.1: blocked now, even with the right password.
  checkEq((await bindStatus('t25-c', 'pw-c')).status, 0x0d, 't25-c with its password from a blocked address');
  checkEq(upstreamBinds.length, before, 'binds at the SMSC after the refusals');
  check(/access: bind of '.*' from 127\.0\.0\.1:\d+ refused: /.test(proxy.child.stderr), 'no refusal logged');
  check(/access: 3 failed binds from 127\.0\.0\.1 within 60 s/.test(proxy.child.stderr), 'the block is not logged');
  checkEq((await a3.e.submit({ short_message: 'still bound' })).resp.command_status, 0,
    't25-a submit_sm while its address is blocked for new binds');
  await h.stopSmsfwClean(proxy);
  console.log('access control: password, max_binds, allow_from, unknown accounts and failed-bind blocking enforced');
});
