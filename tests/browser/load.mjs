// The load test of `policygraph serve` (issue 12: 50 concurrent clients served
// without errors): the sample corpus in a temporary store, the server on a
// free loopback port, and CLIENTS clients, each on its own keep-alive
// connection, asking for a mix of pages and API answers back to back for
// SECONDS seconds. Any answer other than the one expected (status, type) or a
// connection error fails the run; latency percentiles (p50/p90/p99/max) per
// URL and in all are printed, never judged (the machine is shared).
//
// Why Node and not a C++ client on cpp-httplib: it shares the harness of the
// browser test (serve started, its URL read, SIGTERM at the end), adds no
// binary to build on the 2 shared cores, and node:http with one keep-alive
// agent per client makes each client a real connection of its own, reused
// (as a browser tab does); the event loop's own cost per answer (tens of
// microseconds on loopback) is small beside a page.
//
//   POLICYGRAPH_EXE=build/policygraph node tests/browser/load.mjs [--clients 50] [--seconds 10]
//   node tests/browser/load.mjs --url http://127.0.0.1:8080/   (a server already running)
// Exit status: 0 no errors, 1 errors (or nothing answered).
import { parseArgs } from 'node:util';
import http, { Agent } from 'node:http';
import { ingestSample, percentile, startServe, tempDir } from './harness.mjs';

const { values: opt } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    url: { type: 'string' },
  },
});
const clients = Number(opt.clients);
const seconds = Number(opt.seconds);
if (!(clients >= 1 && clients <= 500 && seconds > 0 && seconds <= 120)) {
  console.error('load: --clients 1..500, --seconds up to 120');
  process.exit(2);
}

// Pages a person opens most and the API answers a script asks for, on the
// sample corpus as of one day; and what each must answer.
const asof = '2020-03-01';
const enc = encodeURIComponent;
const kRequests = [
  ['/', 200, 'text/html'],
  [`/search?q=${enc('特困人员救助供养')}&asof=${asof}`, 200, 'text/html'],
  [`/search?q=${enc('济政办发[2017]54号')}&asof=${asof}`, 302, ''],
  [`/doc/${enc('济政办发〔2017〕54号')}?asof=${asof}`, 200, 'text/html'],
  [`/doc/${enc('济政发〔2017〕24号')}?asof=${asof}`, 200, 'text/html'],
  [`/graph/${enc('济政发〔2017〕24号')}?asof=${asof}&depth=2`, 200, 'text/html'],
  [`/lists/superseded?asof=${asof}`, 200, 'text/html'],
  [`/api/doc/${enc('济政发〔2019〕2号')}?asof=${asof}`, 200, 'application/json'],
  [`/api/search?q=${enc('救助')}&asof=${asof}`, 200, 'application/json'],
  [`/api/chain/${enc('济政发〔2017〕24号')}?asof=${asof}`, 200, 'application/json'],
  [`/api/lists/expiring.csv?asof=${asof}&within=6m`, 200, 'text/csv'],
];

// One keep-alive connection per client: node:http with an agent of its own,
// so that the 50 clients are 50 connections, each reused.
function get(agent, url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (d) => {
        bytes += d.length;
      });
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'] || '', bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
  });
}

let server;
let base = opt.url;
if (!base) {
  const db = ingestSample(tempDir('pg-load-'));
  server = await startServe({ db });
  base = server.url;
}

const latencies = new Map(kRequests.map(([p]) => [p, []]));
const errors = [];
let errorCount = 0;
const fail = (msg) => {
  ++errorCount;
  if (errors.length < 20) errors.push(msg);
};

async function ask(agent, [p, status, type]) {
  const t0 = performance.now();
  try {
    const r = await get(agent, new URL(p, base));
    const ms = performance.now() - t0;
    if (r.status !== status || !r.type.startsWith(type)) {
      fail(`${decodeURIComponent(p)}: ${r.status} ${r.type} (expected ${status} ${type})`);
    } else {
      latencies.get(p).push(ms);
    }
  } catch (e) {
    fail(`${decodeURIComponent(p)}: ${e.message}`);
  }
}

// Each URL once first: a broken route is named before the load hides it.
const probe = new Agent({ keepAlive: true, maxSockets: 1 });
for (const r of kRequests) await ask(probe, r);
probe.destroy();
for (const l of latencies.values()) l.length = 0;
if (errorCount) {
  console.error(`load: ${errorCount} request(s) failed before the load:\n  ${errors.join('\n  ')}`);
  if (server) await server.stop();
  process.exit(1);
}

const started = performance.now();
const end = started + seconds * 1000;
await Promise.all(
  Array.from({ length: clients }, async (_, c) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = c; performance.now() < end; ++i) await ask(agent, kRequests[i % kRequests.length]);
    agent.destroy();
  }),
);
const elapsed = (performance.now() - started) / 1000;

const fmt = (x) => x.toFixed(1).padStart(8);
const row = (name, list) => {
  const s = [...list].sort((a, b) => a - b);
  return `${String(s.length).padStart(7)} ${fmt(percentile(s, 50))} ${fmt(percentile(s, 90))} ` +
    `${fmt(percentile(s, 99))} ${fmt(s[s.length - 1] ?? NaN)}  ${name}`;
};
console.log(`load: ${clients} clients for ${seconds} s on ${base} (keep-alive, loopback)`);
console.log(`${'answers'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p90 ms'.padStart(8)} ` +
  `${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}  request`);
const all = [];
for (const [p, list] of latencies) {
  console.log(row(decodeURIComponent(p), list));
  all.push(...list);
}
console.log(row('all', all));
console.log(`load: ${all.length} answers in ${elapsed.toFixed(1)} s (${(all.length / elapsed).toFixed(0)}/s), ` +
  `${errorCount} error(s)`);

let stopped = 0;
if (server) {
  stopped = await server.stop();
  if (stopped !== 0) fail(`serve exited ${stopped} on SIGTERM after the load; stderr: ${server.stderr()}`);
}
if (errorCount || all.length === 0) {
  console.error(`load: FAILED: ${errorCount} error(s)${all.length ? '' : ', nothing answered'}`);
  for (const e of errors) console.error(`  ${e}`);
  process.exit(1);
}
