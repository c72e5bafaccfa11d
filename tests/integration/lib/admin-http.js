'use strict';
// The admin HTTP API from a test: one request with Node's own http client, and the Prometheus
// text exposition parsed into samples (t21, t23).
const http = require('node:http');
const { fail } = require('./harness');

// One HTTP request to the admin port. Resolves {status, headers, body}.
function httpRequest(port, method, urlPath, { token = null, body = null, ms = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    const headers = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== null) headers['Content-Type'] = 'text/plain';
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent: false }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { data += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: data }));
      res.on('error', reject);
    });
    req.setTimeout(ms, () => req.destroy(new Error(`${method} ${urlPath}: no answer within ${ms} ms`)));
    req.on('error', reject);
    if (body !== null) req.write(body);
    req.end();
  });
}

// Prometheus text exposition -> [{name, labels, value}].
function parseMetrics(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$/.exec(line);
    if (!m) fail(`unparsable metrics line: ${line}`);
    const labels = {};
    if (m[3]) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/g;
      let l;
      while ((l = re.exec(m[3])) !== null) labels[l[1]] = l[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    }
    out.push({ name: m[1], labels, value: Number(m[4]) });
  }
  return out;
}

// The sum of the samples named `name` whose labels include `want` (0 when none).
function metricSum(samples, name, want = {}) {
  let sum = 0;
  for (const s of samples) {
    if (s.name !== name) continue;
    if (Object.entries(want).every(([k, v]) => s.labels[k] === v)) sum += s.value;
  }
  return sum;
}

module.exports = { httpRequest, parseMetrics, metricSum };
