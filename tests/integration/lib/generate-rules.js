'use strict';
// Writes a pattern directory of N generated, realistic rules (patterns/README.md format) for
// load and reload tests: the shape of a large operator rule base, where most rules name one
// brand (a bank, a courier, a telco) inside a scam template. Deterministic from a seed.
//
// Families (share of the rules):
//   literal      BRAND bank card has been blocked (spaces as ' ' or \s+)         normalized  62%
//   alternation  (claim|collect|redeem)\s+your\s+BRAND\s+(prize|reward|...)       normalized   8%
//   gap          phrase .{0,30} phrase (bounded gap; the costly kind to compile)  normalized   1%
//   thai         Thai wording around a Latin brand, \s* between words           normalized   8%
//   squeezed     letters only: BRAND(account|card)(suspended|locked)             squeezed     8%
//   raw          case-sensitive "[BRAND] Your card ..." header / OTP template    raw         10%
//   url          ^BRAND-secure\.com$ phishing hosts                               url          2%
//   sender       ^BRAND(bank|info)?$ sender IDs                                   sender       1%
// Actions: block, tag and monitor in about equal parts, and allow for the raw OTP templates (as
// real sets exempt known-good templates). Every rule has an `example:` that `smsfw check` verifies.
//
// Compile cost (Hyperscan 5.4, this 2-core VM, `smsfw check`): 10,000 rules 13.5-21 s of CPU
// depending on what else the machine runs (30 s of wall time seen), 25-90 s of wall time for a
// reload while smsfw carries saturating traffic (t16); 1,000 rules about 1 s.
// Measured while choosing the mix (1,000 rules of one template unless said): what costs is the
// normalized view (UTF8 | CASELESS, so every k and s of a literal becomes a class with U+212A
// and U+017F: 5,000 plain literals 11.5 s, the same without k/s 1.2 s, in the raw view 1.5 s),
// alternations with optional groups, bounded gaps (26 s), anchored url rules (11 s), and
// \d{6} (raw "BRAND-OTP: \d{6}": 57 s; [0-9]+ instead: 0.8 s). Superlinear in the size of one
// (field, view) database. A leading literal shared by all patterns is far slower than a
// brand-first pattern ('zz\s+BRAND\s+bank...' 40 s, 'BRAND\s+bank...' 2 s), so the templates
// start with the brand.
// Every brand is made of 2-3 syllables from a list chosen not to form English words, so no rule
// matches ordinary text; rule ids are GEN-<FAMILY>-<n>, unique.
//
// `block: WORD` adds the file 00-marker.yaml with one rule, MARKER-<WORD>, that blocks WORD
// (normalized view, so any case) — the switch a reload test flips; `status: N` gives that rule
// its own block status (default: none, so the account's 0x45), which tells which marker
// blocked a message.
//
// Library:  const { generateRules, writeRuleDir } = require('./generate-rules');
//           generateRules({rules, block, status, seed}) -> {files: {name: yaml}, rules, byFamily}
//           writeRuleDir(dir, opts) writes them (each file via a hidden temp name + rename) after
//           removing the *.yaml files already there; returns what generateRules returned.
// CLI:      node lib/generate-rules.js DIR [--rules 10000] [--block WORD [--status 0x66]] [--seed 1]

const fs = require('node:fs');
const path = require('node:path');

// mulberry32: small, fast, deterministic.
function prng(seed) {
  let a = (seed >>> 0) || 1;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Syllables for brand names: 32^2 + 32^3 names, none of them an English word in the test texts.
const SYLLABLES = ['zor', 'vex', 'qua', 'lum', 'kri', 'dax', 'nor', 'bel', 'zin', 'drak', 'mox', 'tek',
  'fyn', 'pax', 'gro', 'vel', 'kor', 'sam', 'thu', 'pri', 'zen', 'rox', 'quo', 'cor', 'dal', 'mir',
  'ost', 'pel', 'ryn', 'sul', 'xan', 'wey'];

function brandName(n) {
  // n -> a unique name: 2 syllables for the first 1024, then 3.
  const k = SYLLABLES.length;
  if (n < k * k) return SYLLABLES[Math.floor(n / k)] + SYLLABLES[n % k];
  const m = n - k * k;
  return SYLLABLES[Math.floor(m / (k * k)) % k] + SYLLABLES[Math.floor(m / k) % k] + SYLLABLES[m % k];
}

const cap = (s) => s[0].toUpperCase() + s.slice(1);
const pick = (rnd, a) => a[Math.floor(rnd() * a.length)];
// A phrase as a pattern (\s+ between words) and as text.
const phrase = (words) => words.join('\\s+');
// Hyperscan/PCRE-escape a literal word (brands and words here are letters, digits, '-', '.').
const esc = (s) => s.replace(/[.\-[\]()|*+?{}^$\\]/g, (c) => `\\${c}`);

const KIND = { bank: 'Bank', parcel: 'Express', telco: 'Mobile', shop: 'Shop', pay: 'Pay', energy: 'Energy' };

// Each family returns {set, pattern, example, action, description, view?, field?, flags?}.
const FAMILIES = {
  literal(rnd, b) {
    const B = cap(b);
    const t = pick(rnd, [
      () => ({ set: 'gen-en-bank', w: [b, 'bank', 'card', 'has', 'been', 'blocked'], a: 'tag',
        d: `${B} Bank card blocked notice` }),
      () => ({ set: 'gen-en-bank', w: [b, 'bank', 'security', 'alert', 'verify', 'now'], a: 'block',
        d: `${B} Bank security alert asking to verify` }),
      () => ({ set: 'gen-en-parcel', w: [b, 'express', 'parcel', 'on', 'hold'], a: 'tag',
        d: `${B} Express parcel held` }),
      () => ({ set: 'gen-en-parcel', w: [b, 'express', 'redelivery', 'fee', 'unpaid'], a: 'block',
        d: `${B} Express redelivery fee` }),
      () => ({ set: 'gen-en-telco', w: [b, 'mobile', 'bill', 'overdue', 'pay', 'today'], a: 'tag',
        d: `${B} Mobile overdue bill` }),
      () => ({ set: 'gen-en-telco', w: [b, 'mobile', 'points', 'expire', 'tonight'], a: 'monitor',
        d: `${B} Mobile points expiring` }),
      () => ({ set: 'gen-en-prize', w: [b, 'lucky', 'draw', 'winner', 'notification'], a: 'tag',
        d: `${B} lucky draw winner` }),
      () => ({ set: 'gen-en-job', w: [b, 'recruitment', 'team', 'daily', 'salary'], a: 'monitor',
        d: `${B} recruitment with a daily salary` }),
    ])();
    // Half the authors write the spaces as they are, half as \s+.
    const sep = rnd() < 0.5 ? ' ' : '\\s+';
    return { set: t.set, pattern: t.w.map(esc).join(sep), example: `Dear customer, ${cap(t.w.join(' '))} ${b.length % 2 ? '!' : 'ref 88'}`,
      action: t.a, description: t.d };
  },

  alternation(rnd, b) {
    const B = cap(b);
    const t = pick(rnd, [
      () => ({ set: 'gen-en-prize', p: `(claim|collect|redeem)\\s+your\\s+${b}\\s+(prize|reward|voucher|gift\\s+card)`,
        e: `Claim your ${b} voucher before Friday`, a: 'tag', d: `claim your ${B} prize/reward` }),
      () => ({ set: 'gen-en-bank', p: `${b}\\s*(bank|pay)\\s+(account|card|wallet)\\s+(is\\s+|has\\s+been\\s+)?(suspended|locked|frozen|restricted)`,
        e: `${B} Pay wallet has been frozen`, a: 'tag', d: `${B} account suspended/locked` }),
      () => ({ set: 'gen-en-bank', p: `(verify|confirm|update)\\s+your\\s+${b}\\s*(bank|pay)?\\s+(details|identity|account)\\s+(at|via|on)`,
        e: `Please confirm your ${b} identity at the link`, a: 'block', d: `verify your ${B} details at a link` }),
      () => ({ set: 'gen-en-parcel', p: `${b}\\s*(express|post|logistics)\\s*:?\\s+(your\\s+)?(parcel|package|shipment)\\s+(is\\s+)?(held|delayed|returned|on\\s+hold)`,
        e: `${B} Logistics: your package is delayed`, a: 'tag', d: `${B} courier parcel held/delayed` }),
      () => ({ set: 'gen-en-telco', p: `${b}\\s*mobile\\s+(sim|number|line)\\s+(will\\s+be\\s+)?(deactivated|suspended|blocked)`,
        e: `${B} mobile sim will be deactivated`, a: 'block', d: `${B} Mobile SIM deactivation threat` }),
      () => ({ set: 'gen-en-shop', p: `${b}\\s*shop\\s+(order|refund|cashback)\\s+(of|for)\\s+(\\$|£|€|rm|thb)?\\s*\\d+`,
        e: `${B} Shop refund of $45 ready`, a: 'monitor', d: `${B} Shop refund/cashback amount` }),
    ])();
    return { set: t.set, pattern: t.p, example: t.e, action: t.a, description: t.d };
  },

  gap(rnd, b) {
    const B = cap(b);
    const t = pick(rnd, [
      () => ({ set: 'gen-en-bank', p: `${b}\\s*bank.{0,30}(verify|unlock)\\s+(now|here|today)`,
        e: `${B} Bank: unusual login seen, verify now`, a: 'block', d: `${B} Bank ... verify now` }),
      () => ({ set: 'gen-en-parcel', p: `${b}\\s*express.{0,30}(customs|redelivery)\\s+fee`,
        e: `${B} Express could not deliver, customs fee due`, a: 'block', d: `${B} Express ... customs fee` }),
      () => ({ set: 'gen-en-job', p: `${b}\\s+(hiring|recruit).{0,30}(whatsapp|telegram)`,
        e: `${B} hiring part-time staff, write on Telegram`, a: 'tag', d: `${B} job offer ... messaging app` }),
    ])();
    return { set: t.set, pattern: t.p, example: t.e, action: t.a, description: t.d };
  },

  thai(rnd, b) {
    const B = cap(b);
    const t = pick(rnd, [
      () => ({ p: `บัญชี\\s*${b}\\s*ถูก(ระงับ|อายัด)`, e: `บัญชี ${B} ถูกระงับ`,
        a: 'tag', d: `${B} account suspended (Thai)` }),
      () => ({ p: `${b}\\s*(bank|ธนาคาร)\\s*แจ้ง\\s*ยืนยันตัวตน`, e: `${B} ธนาคาร แจ้ง ยืนยันตัวตน`,
        a: 'block', d: `${B} bank asks to verify identity (Thai)` }),
      () => ({ p: `พัสดุ\\s*${b}\\s*ตกค้าง`, e: `พัสดุ ${B} ตกค้าง`,
        a: 'tag', d: `${B} parcel held (Thai)` }),
      () => ({ p: `${b}\\s*(คืนเงิน|เงินคืน)\\s*\\d+\\s*บาท`, e: `${B} คืนเงิน 500 บาท`,
        a: 'monitor', d: `${B} refund amount (Thai)` }),
    ])();
    return { set: 'gen-th', pattern: t.p, example: t.e, action: t.a, description: t.d };
  },

  squeezed(rnd, b) {
    const B = cap(b);
    const t = pick(rnd, [
      () => ({ p: `${b}(account|card)(suspended|locked)`, e: `${B.split('').join('.')} a.c.c.o.u.n.t s-u-s-p-e-n-d-e-d`,
        a: 'block', d: `${B} account suspended, spelled with separators` }),
      () => ({ p: `${b}(prize|reward)claim`, e: `${B} p-r-i-z-e c.l.a.i.m`, a: 'tag',
        d: `${B} prize claim, spelled with separators` }),
    ])();
    return { set: 'gen-squeezed', view: 'squeezed', pattern: t.p, example: t.e, action: t.a, description: t.d };
  },

  raw(rnd, b) {
    const U = b.toUpperCase();
    const t = pick(rnd, [
      () => ({ p: `\\[${U}\\] Your (card|account) will be (closed|suspended)`, e: `[${U}] Your card will be closed today`,
        a: 'block', d: `[${U}] header with a closure threat, exact case` }),
      () => ({ p: `${U}-OTP: [0-9]+ is your code`, e: `${U}-OTP: 123456 is your code. Do not share it`,
        a: 'allow', d: `${U} genuine OTP template (exempted)` }),
    ])();
    return { set: 'gen-raw', view: 'raw', pattern: t.p, example: t.e, action: t.a, description: t.d };
  },

  url(rnd, b) {
    const tld = pick(rnd, ['com', 'net', 'xyz', 'top', 'info', 'online']);
    const kind = pick(rnd, ['secure', 'verify', 'login', 'refund']);
    return { set: 'gen-urls', field: 'url',
      pattern: rnd() < 0.7 ? `^${b}-${kind}\\.${tld}$` : `^(${b}-${kind}|${b}pay-${kind}|${b}\\.${kind}-help)\\.${tld}$`,
      example: `Go to https://${b}-${kind}.${tld}/a1 today`, action: rnd() < 0.5 ? 'block' : 'tag',
      description: `${cap(b)} phishing hosts (${kind}, .${tld})` };
  },

  sender(rnd, b) {
    const k = pick(rnd, Object.values(KIND));
    return { set: 'gen-senders', field: 'sender', pattern: `^${b}(${k.toLowerCase()}|info)?$`,
      example: `${cap(b)}${k}`.length <= 11 ? `${cap(b)}${k}` : cap(b), action: rnd() < 0.5 ? 'monitor' : 'tag',
      description: `${cap(b)} ${k} sender ID (unregistered lookalike brand)` };
  },
};

const WEIGHTS = [['literal', 0.62], ['alternation', 0.08], ['gap', 0.01], ['thai', 0.08],
  ['squeezed', 0.08], ['raw', 0.10], ['url', 0.02], ['sender', 0.01]];

const yq = (s) => `'${String(s).replace(/'/g, "''")}'`;   // YAML single-quoted
const yd = (s) => JSON.stringify(String(s));               // YAML double-quoted (JSON is valid YAML)

// weights: [[family, share], ...] (shares summing to 1), to try other mixes.
function generateRules({ rules = 10000, block = null, status = null, seed = 1, weights = WEIGHTS } = {}) {
  const rnd = prng(seed);
  // Brands in a seeded order, one per rule: no two rules share a brand.
  const brandIdx = Array.from({ length: rules }, (_, i) => i);
  for (let i = brandIdx.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [brandIdx[i], brandIdx[j]] = [brandIdx[j], brandIdx[i]];
  }
  const sets = new Map();     // set name -> [rule yaml]
  const byFamily = {};
  const counters = {};
  for (let i = 0; i < rules; i++) {
    let x = rnd();
    let fam = weights[weights.length - 1][0];
    for (const [f, w] of weights) { if (x < w) { fam = f; break; } x -= w; }
    const r = FAMILIES[fam](rnd, brandName(brandIdx[i]));
    byFamily[fam] = (byFamily[fam] || 0) + 1;
    counters[fam] = (counters[fam] || 0) + 1;
    const id = `GEN-${fam.toUpperCase()}-${String(counters[fam]).padStart(5, '0')}`;
    let y = `  - id: ${id}\n`;
    if (r.field) y += `    field: ${r.field}\n`;
    if (r.view) y += `    view: ${r.view}\n`;
    y += `    pattern: ${yq(r.pattern)}\n`;
    if (r.flags) y += `    flags: [${r.flags.join(', ')}]\n`;
    y += `    action: ${r.action}\n    description: ${yd(r.description)}\n    example: ${yd(r.example)}\n`;
    if (!sets.has(r.set)) sets.set(r.set, []);
    sets.get(r.set).push(y);
  }
  const version = `seed${seed}-n${rules}`;
  const files = {};
  let n = 10;
  for (const name of [...sets.keys()].sort()) {
    files[`${String(n).padStart(3, '0')}-${name}.yaml`] = `# Generated by tests/integration/lib/generate-rules.js (seed ${seed}, ${rules} rules).\n` +
      `set: ${name}\nversion: ${version}\nrules:\n${sets.get(name).join('')}`;
    n += 10;
  }
  let total = rules;
  if (block) {
    const w = String(block);
    if (!/^[A-Za-z0-9]+$/.test(w)) throw new Error(`--block: letters and digits only: ${w}`);
    files['00-marker.yaml'] = `set: marker\nversion: ${w}\nrules:\n  - id: MARKER-${w.toUpperCase()}\n` +
      `    pattern: ${yq(w)}\n    action: block\n${status ? `    status: 0x${status.toString(16)}\n` : ''}` +
      `    description: ${yd(`blocks the word ${w}`)}\n` +
      `    example: ${yd(`this text contains ${w} once`)}\n`;
    total++;
  }
  return { files, rules: total, byFamily, version };
}

function writeRuleDir(dir, opts = {}) {
  const g = generateRules(opts);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) {
    if (/\.ya?ml$/.test(f) && !f.startsWith('.') && !(f in g.files)) fs.rmSync(path.join(dir, f), { force: true });
  }
  for (const [name, content] of Object.entries(g.files)) {
    const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, path.join(dir, name));
  }
  return g;
}

module.exports = { generateRules, writeRuleDir, brandName };

if (require.main === module) {
  const argv = process.argv.slice(2);
  const usage = 'usage: node generate-rules.js DIR [--rules N] [--block WORD [--status N]] [--seed S]';
  const opts = {};
  let dir = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rules') opts.rules = Number(argv[++i]);
    else if (a === '--block') opts.block = argv[++i];
    else if (a === '--seed') opts.seed = Number(argv[++i]);
    else if (a === '--status') opts.status = Number(argv[++i]);
    else if (a === '-h' || a === '--help') { console.log(usage); process.exit(0); }
    else if (a.startsWith('-') || dir) { console.error(usage); process.exit(2); }
    else dir = a;
  }
  if (!dir || (opts.rules !== undefined && !(Number.isInteger(opts.rules) && opts.rules >= 0)) ||
      (opts.seed !== undefined && !Number.isInteger(opts.seed)) ||
      (opts.status !== undefined && !(Number.isInteger(opts.status) && opts.status > 0))) { console.error(usage); process.exit(2); }
  const g = writeRuleDir(dir, opts);
  console.log(`${dir}: ${g.rules} rules in ${Object.keys(g.files).length} files ` +
    `(${Object.entries(g.byFamily).map(([k, v]) => `${k} ${v}`).join(', ')})`);
}
