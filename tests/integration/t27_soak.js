'use strict';
// Soak: SOAK_MESSAGES submit_sm (default 100,000; the full run uses 1,000,000) from four
// node-smpp ESMEs (window 50 each) through smsfw with a pattern directory, while the pattern set
// is reloaded (SIGHUP) three times and the SMSC (node-smpp) restarts once, halfway. ESMEs whose
// session ends rebind and go on with new messages (nothing is resent). Accounting, per message
// (each text is unique):
//   - sent = answered: every submit_sm got exactly one submit_sm_resp;
//   - answered 0 (allowed) => arrived at the SMSC, exactly once; no text arrived twice;
//   - answered 0x45 (blocked by the rule) => never arrived;
//   - answered 0x08 (in flight when the SMSC went away, or sent before smsfw's unbind reached
//     the ESME) => arrived at most once, and at most a window per ESME had arrived;
//   - nothing arrived that was not answered 0 or 0x08.
// Memory: smsfw's resident set, sampled every 250 ms, peaks no higher in the last third of the
// run than in the second third plus 8 MiB (flat after warm-up).

const fs = require('fs');
const path = require('path');
const { run, check, checkEq, sleep, waitUntil, PDU, smpp } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');

const TOTAL = Number(process.env.SOAK_MESSAGES || 100000);
const LANES = 4;
const WINDOW = 50;
const rules = (version) => `set: soak
version: ${version}
rules:
  - id: SOAK-BLOCK
    pattern: 'lottery\\s+winner'
    action: block
    description: the blocked share of the soak traffic
  - id: SOAK-MONITOR
    pattern: 'parcel\\s+held'
    action: monitor
    description: a monitored share
`;

const rssKiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

run('t27_soak', async (h) => {
  const arrived = new Map();  // text -> times it reached the SMSC
  const makeSmsc = () => {
    const s = new NodeSmsc({ systemId: 'SOAK' });
    s.on('submit_sm', (session, pdu) => {
      const t = Buffer.from(pdu.short_message.message).toString('latin1');
      arrived.set(t, (arrived.get(t) || 0) + 1);
    });
    return s;
  };
  let smsc = makeSmsc();
  const up = await h.listen(smsc.server);
  const dir = h.patternDir({ 'soak.yaml': rules(1) });
  const proxy = await h.startSmsfw([up], ['--patterns', dir, '--pattern-cache', 'none']);
  const pid = proxy.child.proc.pid;

  const answers = new Map();  // text -> [status, ...]
  let sent = 0;
  let next = 0;               // next message number, shared by the lanes
  let smscDown = false;
  const text = (n) => `soak ${n} ${n % 20 === 7 ? 'lottery winner' : n % 20 === 3 ? 'parcel held' : 'hello there'}`;

  // One ESME lane: binds, keeps WINDOW submit_sm in flight, rebinds when its session ends.
  const lane = async (id) => {
    while (next < TOTAL) {
      const s = smpp.connect({ host: proxy.host, port: proxy.port });
      h.sessions.push(s);
      s.on('error', () => {});
      let closed = false;
      let resolveEnded;
      const closedP = new Promise((resolve) => { resolveEnded = resolve; });
      s.on('close', () => { closed = true; resolveEnded(); });
      await new Promise((resolve) => s.on('connect', resolve));
      // Unbound by smsfw (the SMSC went away): answer, and send nothing more on this session.
      s.on('pdu', (p) => { if (p.command === 'unbind') { closed = true; s.send(p.response()); } });
      const bound = await new Promise((resolve) => {
        s.send(new PDU('bind_transceiver', { system_id: `soak${id}`, password: 'pw' }), (r) => resolve(r.command_status === 0));
        closedP.then(() => resolve(false));
      });
      if (!bound) {
        s.destroy();
        await sleep(100);  // the SMSC is restarting
        continue;
      }
      let inFlight = 0;
      await new Promise((resolve) => {
        const pump = () => {
          while (!closed && inFlight < WINDOW && next < TOTAL) {
            const t = text(next++);
            inFlight++;
            sent++;
            s.send(new PDU('submit_sm', { destination_addr: '66899990000', short_message: t }), (r) => {
              inFlight--;
              const list = answers.get(t) || [];
              list.push(r.command_status);
              answers.set(t, list);
              if (!closed) pump();
              if (inFlight === 0 && (closed || next >= TOTAL)) resolve();
            });
          }
          if (inFlight === 0 && next >= TOTAL) resolve();
        };
        closedP.then(() => { if (inFlight === 0) resolve(); else setTimeout(resolve, 3000); });
        pump();
      });
      if (next >= TOTAL) {
        if (!closed) {
          s.send(new PDU('unbind', {}));
          await Promise.race([closedP, sleep(3000)]);
        }
        return;
      }
    }
  };

  // RSS samples; reloads at 20/40/80 %, SMSC restart at 50 %.
  const rss = [];
  const sampler = setInterval(() => rss.push(rssKiB(pid)), 250);
  const t0 = Date.now();
  const events = (async () => {
    let reloads = 0;
    for (const [at, what] of [[0.2, 'reload'], [0.4, 'reload'], [0.5, 'restart'], [0.8, 'reload']]) {
      await waitUntil(() => next >= TOTAL * at, 600000, `${Math.round(at * 100)} % of the messages sent`);
      if (what === 'reload') {
        const staged = path.join(dir, '.soak.yaml.tmp');
        fs.writeFileSync(staged, rules(2 + reloads));
        fs.renameSync(staged, path.join(dir, 'soak.yaml'));
        proxy.child.proc.kill('SIGHUP');
        reloads++;
        await waitUntil(() => (proxy.child.stderr.match(/pattern sets reloaded/g) || []).length >= reloads, 30000,
          `reload ${reloads} applied`);
      } else {
        smscDown = true;
        smsc.close();
        await sleep(500);
        smsc = makeSmsc();
        await new Promise((resolve, reject) => {
          smsc.server.once('error', reject);
          smsc.server.listen(up.port, '127.0.0.1', resolve);
        });
        h.servers.push(smsc.server);
        smscDown = false;
      }
    }
  })();
  await Promise.all([...Array(LANES).keys()].map((id) => lane(id)));
  await events;
  clearInterval(sampler);
  const seconds = (Date.now() - t0) / 1000;
  check(!smscDown, 'the SMSC restart did not finish');

  // Accounting.
  let allowed = 0; let blocked = 0; let unavailable = 0; let other = 0;
  for (const [t, list] of answers) {
    checkEq(list.length, 1, `answers to "${t}"`);
    const got = arrived.get(t) || 0;
    switch (list[0]) {
      case 0: allowed++; checkEq(got, 1, `arrivals of allowed "${t}"`); break;
      case 0x45: blocked++; checkEq(got, 0, `arrivals of blocked "${t}"`); check(/lottery/.test(t), `"${t}" blocked`); break;
      case 0x08: unavailable++; check(got <= 1, `"${t}" arrived ${got} times`); break;
      default: other++;
    }
  }
  checkEq(answers.size, sent, 'messages answered (each exactly once) against messages sent');
  checkEq(sent, TOTAL, 'messages sent');
  checkEq(other, 0, 'answers other than 0, 0x45 and 0x08');
  for (const [t, n] of arrived) {
    check(n === 1, `"${t}" arrived ${n} times`);
    const a = answers.get(t);
    check(a && (a[0] === 0 || a[0] === 0x08), `"${t}" arrived but was answered ${a ? a[0] : 'never'}`);
  }
  // Only those in flight at the SMSC when it went away can have arrived (the others were sent
  // while smsfw was winding the session down and got 0x08 at once).
  const unavailableArrived = [...answers].filter(([t, l]) => l[0] === 0x08 && arrived.get(t)).length;
  check(unavailableArrived <= LANES * WINDOW, `${unavailableArrived} answered 0x08 had arrived: more than a window per ESME`);
  // Every 20th message is for the block rule: blocked, unless smsfw was winding its session down.
  const lotteryUnavailable = [...answers].filter(([t, l]) => /lottery/.test(t) && l[0] === 0x08).length;
  checkEq(blocked + lotteryUnavailable, Math.floor((TOTAL - 8) / 20) + 1, 'blocked messages (every 20th)');

  // Memory: flat after warm-up.
  const third = Math.floor(rss.length / 3);
  const mid = Math.max(...rss.slice(third, 2 * third));
  const last = Math.max(...rss.slice(2 * third));
  check(last <= mid + 8192, `smsfw's resident set peaked at ${last} KiB in the last third, ${mid} KiB in the second`);
  check(proxy.child.exited === null, 'smsfw exited during the soak');
  await h.stopSmsfwClean(proxy);
  console.log(`soak: ${TOTAL} messages in ${seconds.toFixed(1)} s (${Math.round(TOTAL / seconds)} msg/s), ` +
    `3 reloads, 1 SMSC restart: ${allowed} allowed = arrived, ${blocked} blocked, ${unavailable} answered 0x08 ` +
    `at the restart (${unavailableArrived} of them had arrived), ` +
    `no duplicates; RSS ${rss[0]} -> peak ${Math.max(...rss)} KiB (second third ${mid}, last third ${last})`);
}, { timeoutMs: Number(process.env.SOAK_TIMEOUT_MS || 240000) });
