#!/usr/bin/env node
'use strict';
// Standalone node-smpp SMSC for tests driven from another language (see lib/node-smsc.js).
//   node-smsc.js --listen 127.0.0.1:0 [--dlr] [--system-id ID] [--record]
// Prints "node-smsc listening on HOST:PORT"; on SIGTERM/SIGINT prints one JSON line (binds,
// counters and, with --record, the raw hex of every request received) and exits 0.
const { NodeSmsc } = require('../lib/node-smsc');

const opts = { listen: '127.0.0.1:0' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--listen') opts.listen = argv[++i];
  else if (a === '--dlr') opts.dlr = true;
  else if (a === '--system-id') opts.systemId = argv[++i];
  else if (a === '--record') opts.record = true;
  else { console.error(`node-smsc: unknown argument ${a}`); process.exit(2); }
}
const smsc = new NodeSmsc(opts);
const [host, port] = opts.listen.split(':');
smsc.server.listen(Number(port), host, () => {
  const a = smsc.server.address();
  process.stdout.write(`node-smsc listening on ${a.address}:${a.port}\n`);
});
const stop = () => {
  process.stdout.write(JSON.stringify(smsc.summary()) + '\n', () => {
    smsc.close();
    process.exit(0);
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
