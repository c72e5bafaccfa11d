'use strict';
// A real redis-server for the tests that share state between smsfw instances (t19, t20): started
// without persistence on a loopback port, killed with the test's other children.
const fs = require('fs');
const net = require('net');
const { check, sleep, closedPort, fail } = require('./harness');

const REDIS = '/usr/bin/redis-server';

// FAILs (not SKIPs) without it: redis-server is a declared test prerequisite (install-deps).
function requireRedis() {
  check(fs.existsSync(REDIS), `${REDIS} is missing: this test needs a real redis-server (apt-get install redis-server)`);
}

// One answer to PING on 127.0.0.1:port, or false.
function ping(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    const done = (ok) => { s.destroy(); resolve(ok); };
    s.setTimeout(500, () => done(false));
    s.on('error', () => done(false));
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => { got += d; if (got.includes('+PONG')) done(true); });
  });
}

// redis-server on `port` (a free one when null), ready to answer: {port, child}.
async function startRedis(h, port = null) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const p = port || await closedPort();
    const child = h.spawn('redis-server', REDIS,
      ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
    const end = Date.now() + 10000;
    while (Date.now() < end && !child.exited) {
      if (await ping(p)) return { port: p, child };
      await sleep(50);
    }
    child.kill();
    if (port) break; // a fixed port: no other to try
  }
  fail(`redis-server did not start${port ? ` on port ${port}` : ''}`);
}

module.exports = { REDIS, requireRedis, ping, startRedis };
