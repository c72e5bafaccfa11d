'use strict';
// node-smpp ESME -> smsfw -> node-smpp SMSC.
// Proves: the three bind kinds pass through with credentials in and the SMSC's system_id out;
// 1,000 submit_sm on a transceiver are each answered with the SMSC's message id and the ESME's
// untouched sequence number; 1,000 delivery receipts come back with the right ids and their
// deliver_sm_resp reach the SMSC; enquire_link is forwarded to the SMSC and answered, and one
// from the SMSC reaches the ESME and is answered; an unknown command_id gets exactly one
// generic_nack 0x03; unbind gets unbind_resp and then the connection closes.
const {
  run, check, checkEq, request, submitMany, expectClose, waitUntil, sleep,
} = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');

const N = 1000;
const WINDOW = 50;
const SEQ_BASE = 0x00100000; // far from node-smpp's own counter, so relaying must keep them

run('t01_node_esme_node_smsc', async (h) => {
  const smsc = new NodeSmsc({ systemId: 'NODESMSC1', dlr: true, idPrefix: 'nx' });
  const up = await h.listen(smsc.server);
  const proxy = await h.startSmsfw([up]);

  // --- the three bind kinds ----------------------------------------------------------------
  for (const kind of ['transmitter', 'receiver', 'transceiver']) {
    const sysId = { transmitter: "esme_tx", receiver: "esme_rx", transceiver: "esme_trx" }[kind];
    const password = `pw${kind.length}x`;
    const s = await h.connect(proxy);
    const resp = await request(s, `bind_${kind}`, { system_id: sysId, password, system_type: 'itest' });
    checkEq(resp.command, `bind_${kind}_resp`, `${kind} bind response command`);
    checkEq(resp.command_status, 0, `bind_${kind}_resp command_status`);
    checkEq(resp.system_id, 'NODESMSC1', `bind_${kind}_resp system_id seen by the ESME`);
    const b = smsc.binds.find((x) => x.system_id === sysId);
    check(b, `SMSC never saw bind with system_id ${sysId} (saw ${JSON.stringify(smsc.binds.map((x) => x.system_id))})`);
    checkEq(b.command, `bind_${kind}`, 'bind command seen by the SMSC');
    checkEq(b.password, password, 'password seen by the SMSC');
    checkEq(b.system_type, 'itest', 'system_type seen by the SMSC');
    if (kind !== 'transceiver') {
      const u = await request(s, 'unbind');
      checkEq(u.command, 'unbind_resp', `${kind}: unbind response`);
      await expectClose(s, 5000, `${kind} after unbind_resp`);
    } else {
      h.trx = s;
    }
  }
  checkEq(smsc.binds.length, 3, 'binds seen by the SMSC');

  // --- 1,000 submit_sm with receipts on the transceiver -------------------------------------
  const s = h.trx;
  const smscSeen = new Map(); // seq -> {id, text} as the SMSC saw it
  smsc.on('submit_sm', (sess, pdu, id) => {
    smscSeen.set(pdu.sequence_number, { id, text: Buffer.from(pdu.short_message.message).toString('latin1') });
  });
  const receipts = new Map(); // receipted_message_id -> count
  const badReceipts = [];
  s.on('deliver_sm', (pdu) => {
    s.send(pdu.response({ message_id: '' }));
    const rid = pdu.receipted_message_id;
    const text = Buffer.from(pdu.short_message.message).toString('latin1');
    if (pdu.esm_class !== 0x04 || !rid || !text.startsWith(`id:${rid} `) || pdu.message_state !== 2) {
      badReceipts.push({ esm_class: pdu.esm_class, rid, text, message_state: pdu.message_state });
    }
    receipts.set(rid, (receipts.get(rid) || 0) + 1);
  });
  const results = await submitMany(s, N, WINDOW, (i) => ({
    source_addr_ton: 5, source_addr: 'ITEST', dest_addr_ton: 1, dest_addr_npi: 1,
    destination_addr: `6681000${String(i).padStart(4, '0')}`, registered_delivery: 1,
    data_coding: 1, short_message: Buffer.from(`integration message ${i}`, 'latin1'),
  }), (i) => SEQ_BASE + i * 3);

  const ids = new Set();
  for (const r of results) {
    const { resp, seq, i } = r;
    checkEq(resp.command, 'submit_sm_resp', `response #${i}`);
    checkEq(resp.sequence_number, seq, `submit_sm_resp #${i} sequence_number`);
    checkEq(resp.command_status, 0, `submit_sm_resp #${i} command_status`);
    const seen = smscSeen.get(seq);
    check(seen, `SMSC never saw submit_sm #${i} with sequence_number ${seq}`);
    checkEq(resp.message_id, seen.id, `submit_sm_resp #${i} message_id`);
    checkEq(seen.text, `integration message ${i}`, `short_message #${i} at the SMSC`);
    ids.add(resp.message_id);
  }
  checkEq(ids.size, N, 'distinct message ids');
  // Every submit_sm_resp arrived exactly once (no duplicates, nothing extra).
  const resps = s.received.filter((p) => p.command === 'submit_sm_resp');
  checkEq(resps.length, N, 'submit_sm_resp PDUs received');

  await waitUntil(() => receipts.size >= N, 30000, `${N} receipts (have ${receipts.size})`);
  check(badReceipts.length === 0, `malformed receipts: ${JSON.stringify(badReceipts.slice(0, 3))}`);
  for (const id of ids) checkEq(receipts.get(id), 1, `receipts for message id ${id}`);
  checkEq(receipts.size, N, 'distinct receipted ids');
  await waitUntil(() => (smsc.counters.receipts_acked || 0) >= N, 10000,
    `deliver_sm_resp at the SMSC (have ${smsc.counters.receipts_acked || 0})`);

  // --- enquire_link round trip (forwarded to the SMSC) --------------------------------------
  const el0 = smsc.counters.enquire_link || 0;
  const el = await request(s, 'enquire_link', { sequence_number: 0x7ffffff0 });
  checkEq(el.command, 'enquire_link_resp', 'enquire_link response');
  checkEq(el.command_status, 0, 'enquire_link_resp command_status');
  checkEq(el.sequence_number, 0x7ffffff0, 'enquire_link_resp sequence_number');
  checkEq((smsc.counters.enquire_link || 0) - el0, 1, 'enquire_link seen by the SMSC');

  // --- enquire_link from the SMSC side reaches the ESME and its answer goes back ---------------
  s.on('enquire_link', (p) => s.send(p.response()));
  const smscSide = [...smsc.sessions].find((x) => x.bound && x.bound.system_id === 'esme_trx');
  check(smscSide, 'SMSC-side session of the transceiver');
  const rel = await request(smscSide, 'enquire_link', { sequence_number: 0x00abcdef });
  checkEq(rel.command, 'enquire_link_resp', 'SMSC-originated enquire_link response');
  checkEq(rel.sequence_number, 0x00abcdef, 'SMSC-originated enquire_link_resp sequence_number');

  // --- an unknown command_id gets exactly one generic_nack (0x03) with its sequence number ----
  const unk = Buffer.alloc(16);
  unk.writeUInt32BE(16, 0); unk.writeUInt32BE(0x00000099, 4); unk.writeUInt32BE(0, 8); unk.writeUInt32BE(0x00c0ffee, 12);
  s.socket.write(unk);
  await waitUntil(() => s.received.some((p) => p.command === 'generic_nack'), 5000, 'generic_nack for command_id 0x99');
  await sleep(100);
  const nacks = s.received.filter((p) => p.command === 'generic_nack');
  checkEq(nacks.length, 1, 'generic_nack PDUs for one unknown command');
  checkEq(nacks[0].sequence_number, 0x00c0ffee, 'generic_nack sequence_number');
  checkEq(nacks[0].command_status, 0x03, 'generic_nack command_status (ESME_RINVCMDID)');

  // --- unbind round trip --------------------------------------------------------------------
  const u = await request(s, 'unbind');
  checkEq(u.command, 'unbind_resp', 'unbind response');
  checkEq(u.command_status, 0, 'unbind_resp command_status');
  checkEq(smsc.counters.unbind, 3, 'unbinds seen by the SMSC');
  await expectClose(s, 5000, 'transceiver after unbind_resp');
  await waitUntil(() => smsc.sessions.size === 0, 5000, 'SMSC side connections to close');
  // Nothing unexpected reached the ESME (only responses, receipts).
  const odd = s.received.filter((p) => !['submit_sm_resp', 'deliver_sm', 'enquire_link_resp',
    'unbind_resp', 'bind_transceiver_resp', 'enquire_link', 'generic_nack'].includes(p.command));
  check(odd.length === 0, `unexpected PDUs at the ESME: ${odd.map((p) => p.command).join(',')}`);

  await h.stopSmsfwClean(proxy);
});
