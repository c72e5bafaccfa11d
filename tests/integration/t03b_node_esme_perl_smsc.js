'use strict';
// node-smpp ESME -> smsfw -> Net::SMPP SMSC (peers/perl-smsc.pl, forking per connection):
// the other cross combination, neither end ours.
// Proves: bind credentials in / SMSC system_id out; submit_sm, data_sm, query_sm, replace_sm,
// cancel_sm, enquire_link and unbind relayed and answered; every request the ESME wrote
// (except the bind) reaches the SMSC byte-identical, including the vendor TLV 0x1401.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { run, check, checkEq, request, expectClose } = require('./lib/harness');

const VENDOR_VALUE = Buffer.from([0x01, 0x02, 0x76, 0x65, 0x6e, 0x00, 0xff, 0x7f, 0x80]);

run('t03b_node_esme_perl_smsc', async (h) => {
  const recDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smsfw-itest-rec-'));
  try {
    const smscChild = h.spawn('perl-smsc', 'perl',
      [path.join(__dirname, 'peers', 'perl-smsc.pl'), '--listen', '127.0.0.1:0', '--system-id', 'PERL_X',
        '--record', recDir]);
    const up = await smscChild.listening();
    const proxy = await h.startSmsfw([up]);

    const s = await h.connect(proxy);
    const b = await request(s, 'bind_transceiver', { system_id: 'node_x', password: 'nx7', system_type: 'xn' });
    checkEq(b.command_status, 0, 'bind_transceiver_resp command_status');
    checkEq(b.system_id, 'PERL_X', 'bind_transceiver_resp system_id');

    // Tap what the ESME writes from here on.
    const written = [];
    const write = s.socket.write.bind(s.socket);
    s.socket.write = (buf, ...rest) => { written.push(Buffer.from(buf)); return write(buf, ...rest); };

    const sub = await request(s, 'submit_sm', { sequence_number: 2001, source_addr_ton: 5,
      source_addr: 'NodeX', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '66898765432',
      data_coding: 1, short_message: Buffer.from('node to perl'), user_message_reference: 77,
      vendor_1401: VENDOR_VALUE });
    checkEq(sub.command_status, 0, 'submit_sm_resp command_status');
    const mid = sub.message_id;
    check(/^p\d+-\d{5}$/.test(mid), `submit_sm_resp message_id from the Perl SMSC (got ${mid})`);

    const ds = await request(s, 'data_sm', { sequence_number: 2002, source_addr: 'NodeX',
      destination_addr: '66898765433', data_coding: 1, message_payload: Buffer.from('data_sm payload'),
      vendor_1401: VENDOR_VALUE });
    checkEq(ds.command, 'data_sm_resp', 'data_sm response');
    checkEq(ds.command_status, 0, 'data_sm_resp command_status');
    check(/^pd\d+-\d{5}$/.test(ds.message_id), `data_sm_resp message_id (got ${ds.message_id})`);

    const q = await request(s, 'query_sm', { sequence_number: 2003, message_id: mid, source_addr: 'NodeX' });
    checkEq(q.command, 'query_sm_resp', 'query_sm response');
    checkEq(q.command_status, 0, 'query_sm_resp command_status');
    checkEq(q.message_id, mid, 'query_sm_resp message_id');
    checkEq(q.message_state, 2, 'query_sm_resp message_state');

    const r = await request(s, 'replace_sm', { sequence_number: 2004, message_id: mid, source_addr: 'NodeX',
      short_message: Buffer.from('replaced') });
    checkEq(r.command, 'replace_sm_resp', 'replace_sm response');
    checkEq(r.command_status, 0, 'replace_sm_resp command_status');

    const c = await request(s, 'cancel_sm', { sequence_number: 2005, message_id: mid, source_addr: 'NodeX',
      destination_addr: '66898765432' });
    checkEq(c.command, 'cancel_sm_resp', 'cancel_sm response');
    checkEq(c.command_status, 0, 'cancel_sm_resp command_status');

    const el = await request(s, 'enquire_link', { sequence_number: 2006 });
    checkEq(el.command, 'enquire_link_resp', 'enquire_link response');

    const u = await request(s, 'unbind', { sequence_number: 2007 });
    checkEq(u.command, 'unbind_resp', 'unbind response');
    await expectClose(s, 5000, 'after unbind_resp');

    await h.stopSmsfwClean(proxy);
    await smscChild.stop();

    const got = new Map();
    let binds = [];
    for (const f of fs.readdirSync(recDir)) {
      for (const line of fs.readFileSync(path.join(recDir, f), 'utf8').split('\n')) {
        if (!line) continue;
        const rec = JSON.parse(line);
        if ([1, 2, 9].includes(rec.cmd)) binds.push(rec); else got.set(rec.seq, rec);
      }
    }
    checkEq(binds.length, 1, 'binds at the SMSC');
    const bindBody = Buffer.from(binds[0].hex, 'hex').subarray(16);
    const fields = bindBody.toString('latin1').split('\0');
    checkEq(fields[0], 'node_x', 'system_id at the SMSC');
    checkEq(fields[1], 'nx7', 'password at the SMSC');
    checkEq(fields[2], 'xn', 'system_type at the SMSC');

    checkEq(written.length, 7, 'requests written by the ESME');
    for (const raw of written) {
      const seq = raw.readUInt32BE(12);
      const rec = got.get(seq);
      check(rec, `request 0x${raw.readUInt32BE(4).toString(16)} seq ${seq} never reached the SMSC`);
      checkEq(rec.hex, raw.toString('hex'), `bytes of request seq ${seq} at the SMSC`);
    }
    checkEq(got.size, 7, 'requests received by the SMSC besides the bind');
    const tlv = Buffer.concat([Buffer.from([0x14, 0x01, 0x00, VENDOR_VALUE.length]), VENDOR_VALUE]).toString('hex');
    for (const seq of [2001, 2002]) check(got.get(seq).hex.includes(tlv), `vendor TLV intact in seq ${seq}`);
  } finally {
    fs.rmSync(recDir, { recursive: true, force: true });
  }
}, { timeoutMs: 50000 });
