'use strict';
// node-smpp ESMEs -> smsfw -> a slow node-smpp SMSC: SIGTERM while messages are in flight.
//
//  A. The SMSC answers every submit_sm 2 s after it arrived (timeouts.unbind 5s, drain 20s).
//     Three transceivers send 40 submit_sm each without waiting; once the SMSC holds all 120,
//     smsfw gets SIGTERM. Then:
//     - a submit_sm sent after "draining sessions" is logged gets responses.upstream_unavailable
//       (0x08) at once and never reaches the SMSC;
//     - every one of the 120 gets exactly one submit_sm_resp, status 0, with the message_id the
//       SMSC gave that very message (nothing lost, nothing answered by the proxy instead);
//     - each ESME gets smsfw's unbind only after its last answer; the SMSC sees one unbind per
//       session and each message exactly once;
//     - smsfw exits 0, after the SMSC's delay and well before the drain deadline.
//  B. A stalled SMSC answers only the even messages (after 300 ms) and never the odd ones
//     (timeouts.unbind 2s): the even ones get the SMSC's answers, the odd ones the proxy's 0x08
//     once the unbind timeout ran out, exactly one answer each; the ESME is unbound; exit 0.

const { run, check, checkEq, sleep, waitUntil } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');
const { Esme } = require('./lib/filter-peers');

const UNAVAILABLE = 0x08;

// A NodeSmsc whose submit_sm answers come from `answerAfter(text)`: milliseconds, or null for
// never. `ids` maps each received text to the message_id it was (or would have been) given.
function slowSmsc(answerAfter) {
  const texts = [];
  const ids = new Map();
  const smsc = new NodeSmsc({
    intercept(session, pdu) {
      if (pdu.command !== 'submit_sm') return false;
      const text = Buffer.from(pdu.short_message.message).toString('latin1');
      const id = smsc.newMessageId();
      texts.push(text);
      ids.set(text, id);
      const ms = answerAfter(text);
      if (ms !== null) {
        setTimeout(() => { if (!session.closed) session.send(pdu.response({ message_id: id })); }, ms);
      }
      return true;
    },
  });
  smsc.on('session_close', (s) => { s.closed = true; });
  return { smsc, texts, ids };
}

// An ESME that answers smsfw's unbind and remembers when it came (after how many answers).
async function boundEsme(h, proxy, name, seqBase) {
  const session = await h.connect(proxy);
  const e = new Esme(session, name, seqBase);
  e.unbinds = [];
  session.on('pdu', (p) => {
    if (p.command !== 'unbind') return;
    e.unbinds.push({ at: Date.now(), answeredBefore: [...e.responses.values()].length });
    session.send(p.response());
  });
  await e.bind('bind_transceiver', name);
  return e;
}

const submitText = (esme, i) => ({ short_message: Buffer.from(`${esme} message ${i}: your order has shipped`) });

async function stderrLine(child, re, ms, what) {
  await waitUntil(() => re.test(child.stderr), ms, what);
}

run('drain_slow_smsc', async (h) => {
  // --- A. slow SMSC, everything answered by it --------------------------------------------------
  const DELAY = 2000;
  const a = slowSmsc(() => DELAY);
  const upA = await h.listen(a.smsc.server);
  const confA = h.tempDir({ 'smsfw.yaml': 'timeouts:\n  unbind: 5s\n  drain: 20s\n' });
  const proxyA = await h.startSmsfw([upA], ['--config', `${confA}/smsfw.yaml`]);
  const esmes = [];
  for (let k = 1; k <= 3; k++) esmes.push(await boundEsme(h, proxyA, `esme${k}`, k * 1000));
  const PER = 40;
  const pending = [];
  for (const e of esmes) {
    for (let i = 0; i < PER; i++) pending.push(e.submit(submitText(e.name, i)).then((r) => ({ e, i, ...r })));
  }
  await waitUntil(() => a.texts.length === PER * esmes.length, 10000, `the SMSC receiving all ${PER * esmes.length} submit_sm`);
  const tTerm = Date.now();
  proxyA.child.proc.kill('SIGTERM');
  await stderrLine(proxyA.child, /draining sessions/, 3000, 'smsfw logging "draining sessions"');
  // A new request during the drain: refused at once, not forwarded.
  const late = await esmes[0].submit({ short_message: Buffer.from('sent after SIGTERM') });
  const lateMs = Date.now() - tTerm;
  checkEq(late.resp.command_status, UNAVAILABLE, 'a submit_sm sent while draining: status');
  check(lateMs < DELAY, `the submit_sm sent while draining was answered after ${lateMs} ms (expected before the SMSC's ${DELAY} ms)`);

  const answers = await Promise.all(pending);
  const lastAnswer = Date.now();
  for (const { e, i, resp } of answers) {
    const text = submitText(e.name, i).short_message.toString('latin1');
    checkEq(resp.command_status, 0, `${e.name} #${i}: status`);
    checkEq(resp.message_id, a.ids.get(text), `${e.name} #${i}: message_id (the SMSC's for this message)`);
  }
  const exitA = await proxyA.child.exitPromise;
  const exitMs = Date.now() - tTerm;
  checkEq(exitA.code, 0, 'smsfw exit code after the drain');
  check(exitMs >= DELAY - 200, `smsfw exited ${exitMs} ms after SIGTERM, before the SMSC answered (${DELAY} ms)`);
  check(exitMs < 15000, `smsfw took ${exitMs} ms to drain (the answers were there after ~${DELAY} ms)`);
  for (const e of esmes) {
    e.checkOneResponseEach();
    checkEq(e.unbinds.length, 1, `${e.name}: unbinds received from smsfw`);
    check(e.unbinds[0].at >= lastAnswer - 1000 && e.unbinds[0].answeredBefore === e.sent.size,
      `${e.name}: smsfw's unbind came before all ${e.sent.size} answers (${e.unbinds[0].answeredBefore} seen)`);
  }
  checkEq(a.texts.length, PER * esmes.length, 'submit_sm received by the SMSC (each exactly once, the late one not)');
  checkEq(new Set(a.texts).size, a.texts.length, 'distinct texts at the SMSC');
  check(!a.texts.includes('sent after SIGTERM'), 'the submit_sm sent while draining reached the SMSC');
  checkEq(a.smsc.counters.unbind || 0, esmes.length, 'unbinds the SMSC received');
  console.log(`(A) ${answers.length} submit_sm in flight at a ${DELAY} ms SMSC: all answered by the SMSC with its ids, ` +
    `the late one refused 0x08 after ${lateMs} ms, smsfw exited 0 ${exitMs} ms after SIGTERM`);

  // --- B. stalled SMSC: what it never answers gets the proxy's answer ---------------------------
  const b = slowSmsc((text) => (/ (\d+):/.exec(text)[1] % 2 === 0 ? 300 : null));
  const upB = await h.listen(b.smsc.server);
  const confB = h.tempDir({ 'smsfw.yaml': 'timeouts:\n  unbind: 2s\n  drain: 20s\n' });
  const proxyB = await h.startSmsfw([upB], ['--config', `${confB}/smsfw.yaml`]);
  const e = await boundEsme(h, proxyB, 'stalled', 5000);
  const N = 20;
  const pendingB = [];
  for (let i = 0; i < N; i++) pendingB.push(e.submit(submitText('stalled', i), 15000).then((r) => ({ i, ...r })));
  await waitUntil(() => b.texts.length === N, 10000, `the stalled SMSC receiving all ${N}`);
  await sleep(500);  // the even ones answered, the odd ones never will be
  const tTermB = Date.now();
  proxyB.child.proc.kill('SIGTERM');
  const answersB = await Promise.all(pendingB);
  for (const { i, resp } of answersB) {
    const text = submitText('stalled', i).short_message.toString('latin1');
    if (i % 2 === 0) {
      checkEq(resp.command_status, 0, `stalled #${i} (answered by the SMSC): status`);
      checkEq(resp.message_id, b.ids.get(text), `stalled #${i}: message_id`);
    } else {
      checkEq(resp.command_status, UNAVAILABLE, `stalled #${i} (never answered by the SMSC): status`);
    }
  }
  const exitB = await proxyB.child.exitPromise;
  const exitMsB = Date.now() - tTermB;
  checkEq(exitB.code, 0, 'smsfw exit code after the drain with a stalled SMSC');
  e.checkOneResponseEach();
  checkEq(e.unbinds.length, 1, 'the ESME of the stalled SMSC: unbinds received');
  checkEq(b.texts.length, N, 'submit_sm received by the stalled SMSC');
  console.log(`(B) stalled SMSC: ${N / 2} answered by it, ${N / 2} answered 0x08 by smsfw when timeouts.unbind (2 s) ran out; ` +
    `exit 0 after ${exitMsB} ms`);
}, { timeoutMs: 60000 });
