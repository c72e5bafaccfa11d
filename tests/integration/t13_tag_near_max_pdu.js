'use strict';
// A message a `tag` rule matches always goes out visibly marked, even next to the PDU size
// limit (gateway/proxy/tag_marker.h): a prefix that would take the PDU past limits.max_pdu_size
// falls back to the sender relabel, and the sender and TLV marks are applied whatever the size:
//   1. mark prefix, text in message_payload, PDU of 65,527 octets (+16 for the prefix): relabelled;
//   2. mark tlv, PDU of 65,529 octets (+4+7 for the TLV): the TLV is added;
//   3. limits.max_pdu_size 1 MiB, mark sender, PDU of 69,974 octets: relabelled.
const { run, PDU, check } = require('./lib/harness');
const { NodeSmsc } = require('./lib/node-smsc');
const { Esme, SmscRecorder, raw } = require('./lib/filter-peers');

const { gsm7, parseMessage } = raw;
PDU.maxLength = 1 << 20; // let node-smpp read and write PDUs above its 16 KiB default

const RULES = `set: repro
version: 1
rules:
  - id: TAG-PREFIX
    pattern: 'crypto\\s+bonus'
    action: tag
    tag: {mark: prefix}
    description: prefix mark
  - id: TAG-TLV
    pattern: 'casino\\s+jackpot'
    action: tag
    tag: {mark: tlv}
    description: tlv mark
  - id: TAG-SENDER
    pattern: 'cheap\\s+loan'
    action: tag
    tag: {mark: sender}
    description: sender mark
`;

run('t13_tag_near_max_pdu', async (h) => {
  const smsc = new NodeSmsc({ systemId: 'S', idPrefix: 'p-' });
  const rec = new SmscRecorder(smsc);
  const up = await h.listen(smsc.server);
  const dir = h.patternDir({ '10.yaml': RULES });
  const conf = h.tempDir({ 'smsfw.yaml': 'limits: {max_pdu_size: 1048576, max_buffered_bytes: 4194304}\n' });
  const results = [];
  const probe = async (extra, what, params) => {
    const proxy = await h.startSmsfw([up], ['--patterns', dir, ...extra]);
    const e = new Esme(await h.connect(proxy), 'e', 0x100 * (results.length + 1));
    await e.bind('bind_transceiver', 'e');
    const r = await e.submit({ registered_delivery: 0, short_message: Buffer.alloc(0), ...params });
    const got = rec.one(r.seq, what).raw;
    const m = parseMessage(got);
    const marked = !got.equals(r.raw);
    results.push(`${what}: sent ${r.raw.length} octets, SMSC got ${got.length} octets, source '${m.source.addr}', ` +
      `${marked ? 'marked' : 'UNMARKED (original bytes)'}`);
    await h.stopSmsfwClean(proxy);
  };
  await probe([], 'prefix mark, message_payload near 64 KiB',
    { message_payload: gsm7(`crypto bonus ${'z'.repeat(65455)}`) });
  await probe([], 'tlv mark, PDU near 64 KiB', { message_payload: gsm7(`casino jackpot ${'z'.repeat(65455)}`) });
  await probe(['--config', `${conf}/smsfw.yaml`], 'sender mark, limits.max_pdu_size 1 MiB, 69,974-octet PDU',
    { message_payload: gsm7(`cheap loan ${'z'.repeat(60000)}`), vendor_1401: Buffer.alloc(9900, 0x41) });
  for (const l of results) console.log(l);
  check(!results.some((l) => l.includes('UNMARKED')), 'tagged messages forwarded unmarked (see above)');
});
