// Per-page latency of `policygraph serve` (scripts/bench runs it): one client,
// one request at a time on a keep-alive connection, --runs requests of each
// page type cycling over the subject documents, after one unmeasured request
// of each; the median and p90 of each type printed beside issue 12's target
// (every page but the full lists under 100 ms). Figures only: the exit status
// says whether every request was answered as expected (1 if not), never
// whether a figure met the target.
//
//   node tests/browser/page_bench.mjs --exe build-bench/policygraph
//       [--db STORE --subjects 'NO1,NO2,...' --draft FILE --asof YYYY-MM-DD --words W]
//       [--hub NO] [--runs 20] [--label NAME]
// --hub names the corpus's most-cited document: its page and api/impact
// (the first rows, issue 12) are measured apart, and its whole impact list
// (a full list) beside them.
// Without --db: the sample corpus in a temporary store, with its own subjects.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { ingestSample, percentile, startServe, tempDir, testData } from './harness.mjs';

const { values: opt } = parseArgs({
  options: {
    exe: { type: 'string', default: process.env.POLICYGRAPH_EXE },
    db: { type: 'string' },
    subjects: { type: 'string' },
    draft: { type: 'string' },
    asof: { type: 'string' },
    words: { type: 'string' },
    issuer: { type: 'string' },
    hub: { type: 'string' },
    runs: { type: 'string', default: '20' },
    label: { type: 'string' },
  },
});
if (!opt.exe) {
  console.error('page_bench: --exe (or POLICYGRAPH_EXE) names the policygraph to serve');
  process.exit(2);
}
const runs = Math.max(1, Number(opt.runs));
const sample = !opt.db;
// The sample's subjects: a city document with a chain to the State Council, one
// that expired, one repealed, a provincial one in the middle of a chain.
const subjects = (opt.subjects ||
  (sample ? '济政发〔2017〕24号,济政办发〔2017〕54号,济政发〔2019〕2号,鲁政发〔2016〕26号' : ''))
  .split(',').filter(Boolean);
if (!subjects.length) {
  console.error('page_bench: --subjects is required with --db');
  process.exit(2);
}
const asof = opt.asof || (sample ? '2020-03-01' : '2026-06-01');
const words = opt.words || '救助供养';
const issuer = opt.issuer || '济南市人民政府办公厅';
const draft = readFileSync(opt.draft || path.join(testData, 'drafts', 'cites_repealed.txt'), 'utf8');

const db = opt.db || ingestSample(tempDir('pg-page-bench-'), opt.exe);
const server = await startServe({ db, exe: opt.exe, timeoutMs: 120_000 });
const base = server.url;
const enc = encodeURIComponent;
// A number as a person may type it: 〔〕 printed as [].
const variant = (n) => n.replace('〔', '[').replace('〕', ']');

let errors = 0;
async function request(p, init = {}) {
  const t0 = performance.now();
  const res = await fetch(new URL(p, base), { redirect: 'manual', ...init });
  const body = await res.text();
  return { ms: performance.now() - t0, status: res.status, body };
}

// The source page of the first evidence on a subject's document page.
async function sourceOf(subject) {
  const r = await request(`/doc/${enc(subject)}?asof=${asof}`);
  const m = /href="(\/source\?[^"]+)"/.exec(r.body);
  return m ? m[1].replaceAll('&amp;', '&') : null;
}
const sources = (await Promise.all(subjects.map(sourceOf))).filter(Boolean);

const checkBody = () => {
  const form = new FormData();
  form.set('text', draft);
  form.set('asof', asof);
  return { method: 'POST', body: form };
};

// [name, path of run i, expected status, init, full list?]
const kFast = 100;
const pages = [
  ['home', () => `/?asof=${asof}`, 200],
  ['search: a number (redirect)', (s) => `/search?q=${enc(variant(s))}&asof=${asof}`, 302],
  ['search: words', () => `/search?q=${enc(words)}&asof=${asof}`, 200],
  ['document', (s) => `/doc/${enc(s)}?asof=${asof}`, 200],
  ['graph (depth 2)', (s) => `/graph/${enc(s)}?asof=${asof}&depth=2`, 200],
  ['source', (_, i) => sources[i % sources.length], 200],
  ['check (POST a draft)', () => '/check', 200, checkBody],
  ['api/search', () => `/api/search?q=${enc(words)}&asof=${asof}`, 200],
  ['api/doc', (s) => `/api/doc/${enc(s)}?asof=${asof}`, 200],
  ['api/chain', (s) => `/api/chain/${enc(s)}?asof=${asof}`, 200],
  ['api/impact', (s) => `/api/impact/${enc(s)}?asof=${asof}`, 200],
  ['api/graph', (s) => `/api/graph/${enc(s)}?asof=${asof}`, 200],
  ['worksheet (one issuer)', () => `/worksheet?issuer=${enc(issuer)}&asof=${asof}`, 200, null, true],
  ['lists/superseded', () => `/lists/superseded?asof=${asof}`, 200, null, true],
  ['lists/orphans', () => `/lists/orphans?asof=${asof}`, 200, null, true],
  ['lists/expiring (6m)', () => `/lists/expiring?asof=${asof}&within=6m`, 200, null, true],
  ['lists/unresolved', () => `/lists/unresolved?asof=${asof}`, 200, null, true],
  ['lists/findings', () => `/lists/findings?asof=${asof}`, 200, null, true],
];

const label = opt.label || (sample ? 'sample corpus' : db);
console.log(`serve pages, ${label}: ${runs} requests of each, one client, keep-alive, as of ${asof}; ` +
  `subjects ${subjects.join(' ')}${opt.hub ? `; hub ${opt.hub}` : ''}`);
const pad = (s, n) => String(s).padStart(n);
console.log(`${'page'.padEnd(30)} ${pad('n', 4)} ${pad('median ms', 10)} ${pad('p90 ms', 8)} ` +
  `${pad('max ms', 8)} ${pad('bytes', 9)}  target`);
// The hub's pages: what a document page and the API answer by default (the
// first rows and the counts), and the whole list behind the page's link.
if (opt.hub) {
  const hub = opt.hub;
  pages.push(
    ['document (hub)', () => `/doc/${enc(hub)}?asof=${asof}`, 200],
    ['api/impact (hub)', () => `/api/impact/${enc(hub)}?asof=${asof}`, 200],
    ['api/cited-by (hub)', () => `/api/cited-by/${enc(hub)}?asof=${asof}`, 200],
    ['document (hub, all=impact)', () => `/doc/${enc(hub)}?asof=${asof}&all=impact`, 200, null, true],
    ['api/impact (hub, limit=all)', () => `/api/impact/${enc(hub)}?asof=${asof}&limit=all`, 200, null,
      true],
  );
}
for (const [name, pathOf, status, init, full] of pages) {
  const times = [];
  let bytes = 0;
  let problem = '';
  for (let i = -1; i < runs && !problem; ++i) {
    const p = pathOf(subjects[(i + subjects.length) % subjects.length], Math.max(i, 0));
    if (!p) {
      problem = 'no URL (no source link on the subjects\' pages)';
      break;
    }
    try {
      const r = await request(p, init ? init() : {});
      if (r.status !== status) problem = `answered ${r.status}, expected ${status}: ${decodeURIComponent(p)}`;
      else if (i >= 0) times.push(r.ms);
      bytes = Buffer.byteLength(r.body);
    } catch (e) {
      problem = `${e.message}: ${decodeURIComponent(p)}`;
    }
  }
  if (problem) {
    ++errors;
    console.log(`${name.padEnd(30)} ERROR ${problem}`);
    continue;
  }
  times.sort((a, b) => a - b);
  const med = percentile(times, 50);
  const p90 = percentile(times, 90);
  const verdict = (x) => (x < kFast ? 'under' : 'OVER');
  const target = full ? '(a full list: no target)' :
    `< ${kFast} ms: median ${verdict(med)}, p90 ${verdict(p90)}`;
  console.log(`${name.padEnd(30)} ${pad(times.length, 4)} ${pad(med.toFixed(1), 10)} ` +
    `${pad(p90.toFixed(1), 8)} ${pad(times[times.length - 1].toFixed(1), 8)} ` +
    `${pad(bytes, 9)}  ${target}`);
}
const code = await server.stop();
if (code !== 0) {
  console.log(`serve exited ${code} on SIGTERM; stderr: ${server.stderr().slice(0, 500)}`);
  ++errors;
}
process.exit(errors ? 1 : 0);
