#!/usr/bin/env node
'use strict';
// A deliberately naive stand-in for `smsfw run`, used only to exercise the harness's proxy
// path while developing the tests (never registered with ctest). Same command line and
// "smsfw listening on" line as smsfw; raw byte relay with the documented bind/drop behaviour:
//   - ESME bind -> connect to the first reachable --upstream, relay everything both ways;
//     none reachable -> bind_*_resp 0x0D, close;
//   - SMSC drops -> unbind to the ESME, wait up to 3 s for unbind_resp, close;
//   - ESME drops -> unbind to the SMSC, wait up to 3 s for unbind_resp, close.
//   node tools/fake-smsfw.js run --listen 127.0.0.1:0 --upstream H:P [--upstream H:P] --threads 1
// FAKE_SMSFW_BUG=seq|dropresp|nounbind|tlv injects a known proxy bug, to check that the tests
// catch it.
const net = require('node:net');

const BUG = process.env.FAKE_SMSFW_BUG || '';
let respCount = 0;
// Applied to every PDU relayed ESME -> SMSC (toSmsc) or SMSC -> ESME; returns null to drop.
function mutate(pdu, toSmsc) {
  const cmd = pdu.readUInt32BE(4);
  if (BUG === 'seq' && cmd === 4) { pdu = Buffer.from(pdu); pdu.writeUInt32BE(pdu.readUInt32BE(12) + 1, 12); }
  if (BUG === 'dropresp' && !toSmsc && cmd === 0x80000004 && ++respCount % 100 === 0) return null;
  if (BUG === 'tlv' && toSmsc && cmd === 4 && pdu.length > 24) {
    pdu = Buffer.from(pdu); pdu[pdu.length - 1] ^= 0x01;
  }
  return pdu;
}

const args = process.argv.slice(2);
if (args[0] !== 'run') { console.error('usage: fake-smsfw run ...'); process.exit(2); }
let listen = '127.0.0.1:0';
const ups = [];
for (let i = 1; i < args.length; i++) {
  if (args[i] === '--listen') listen = args[++i];
  else if (args[i] === '--upstream') ups.push(args[++i]);
  else if (args[i] === '--threads') i++;
}

function frames(sock, onPdu) {
  let buf = Buffer.alloc(0);
  sock.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 16) {
      const len = buf.readUInt32BE(0);
      if (buf.length < len) break;
      onPdu(buf.subarray(0, len));
      buf = buf.subarray(len);
    }
  });
}
const header = (cmd, status, seq) => {
  const b = Buffer.alloc(16);
  b.writeUInt32BE(16, 0); b.writeUInt32BE(cmd >>> 0, 4); b.writeUInt32BE(status, 8); b.writeUInt32BE(seq, 12);
  return b;
};

function connectFirst(list, cb, i = 0) {
  if (i >= list.length) return cb(null);
  const [h, p] = list[i].split(':');
  const s = net.connect(Number(p), h);
  s.once('connect', () => { s.removeAllListeners('error'); cb(s); });
  s.once('error', () => connectFirst(list, cb, i + 1));
}

// Sends unbind on sock, waits up to 3 s for unbind_resp, then closes it.
function unbindAndClose(sock, state) {
  if (sock.destroyed) return;
  state.unbinding = true;
  sock.write(header(0x00000006, 0, 0x7fff0000));
  state.timer = setTimeout(() => sock.destroy(), 3000);
}

const server = net.createServer((esme) => {
  let up = null; let pending = []; const eState = {}; const uState = {};
  esme.on('error', () => {});
  frames(esme, (pdu) => {
    const cmd = pdu.readUInt32BE(4);
    if (eState.unbinding && cmd === 0x80000006) { clearTimeout(eState.timer); esme.destroy(); return; }
    if (up === null && [1, 2, 9].includes(cmd)) {
      up = 'connecting';
      pending.push(pdu);
      connectFirst(ups, (s) => {
        if (!s) { esme.end(header(0x80000000 | cmd, 0x0D, pdu.readUInt32BE(12))); return; }
        up = s;
        s.on('error', () => {});
        for (const p of pending) s.write(p);
        pending = [];
        frames(s, (p) => {
          if (uState.unbinding && p.readUInt32BE(4) === 0x80000006) { clearTimeout(uState.timer); s.destroy(); return; }
          p = mutate(p, false);
          if (p && !esme.destroyed) esme.write(p);
        });
        s.on('close', () => {
          if (eState.sentUnbind) { setTimeout(() => esme.end(), 50); return; }
          if (BUG === 'nounbind') { esme.destroy(); return; }
          if (!uState.unbinding && !esme.destroyed && !esme.ended) unbindAndClose(esme, eState);
        });
      });
      return;
    }
    if (cmd === 0x00000006) eState.sentUnbind = true;
    pdu = mutate(pdu, true);
    if (!pdu) return;
    if (up === 'connecting') pending.push(pdu); else if (up) up.write(pdu);
  });
  esme.on('end', () => { esme.ended = true; });
  esme.on('close', () => { if (up && typeof up === 'object' && !up.destroyed && !eState.unbinding) unbindAndClose(up, uState); });
});
const [h, p] = listen.split(':');
server.listen(Number(p), h, () => {
  const a = server.address();
  process.stdout.write(`smsfw listening on ${a.address}:${a.port}\n`);
});
const stop = () => { server.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
