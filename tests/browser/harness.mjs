// What the browser test, the load test and the page bench share: a store of
// the sample corpus made by the built policygraph, `policygraph serve` started
// on a free port (the URL read from its first stdout line, as the serve
// contract in the README promises) and stopped with SIGTERM, and headless
// Chromium (Debian's /usr/bin/chromium driven by playwright-core, never a
// downloaded browser) with a fresh profile and a watch on every page for
// console errors, CSP violations, uncaught exceptions and requests that leave
// the server's origin.
//
// Configuration comes from the environment, set by tests/CMakeLists.txt:
//   POLICYGRAPH_EXE        the built policygraph (required)
//   POLICYGRAPH_TEST_DATA  tests/data (default: ../data beside this folder)
//   POLICYGRAPH_CHROMIUM   the browser (default /usr/bin/chromium)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const testData = process.env.POLICYGRAPH_TEST_DATA || path.join(here, '..', 'data');
export const chromiumPath = process.env.POLICYGRAPH_CHROMIUM || '/usr/bin/chromium';

// ctest's SKIP_RETURN_CODE for these tests (tests/CMakeLists.txt).
export const kSkip = 77;

export function skip(why) {
  console.log(`SKIPPED: ${why}`);
  process.exit(kSkip);
}

export function policygraphExe() {
  const exe = process.env.POLICYGRAPH_EXE;
  if (!exe || !existsSync(exe)) {
    throw new Error(`POLICYGRAPH_EXE must name the built policygraph (got ${exe})`);
  }
  return exe;
}

// A temporary folder removed at process exit (also when a test fails).
export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// The sample corpus (three Jinan gazette issues, the judicial and the
// national documents) ingested into DIR/sample.db; returns the store's path.
export function ingestSample(dir, exe = policygraphExe()) {
  const db = path.join(dir, 'sample.db');
  const folders = ['gazettes', 'judicial', 'national'].map((f) => path.join(testData, f));
  const r = spawnSync(exe, ['ingest', '--db', db, ...folders], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) {
    throw new Error(`policygraph ingest exited ${r.status}: ${r.stderr}`);
  }
  return db;
}

// Starts `policygraph serve --db DB --port 0` (or ARGS instead) and resolves
// to { url, proc, stderr(), stop() } once its first stdout line
// `serving http://HOST:PORT/` has been read. Fails (rejects) when the process
// exits first, prints something else first, or says nothing within
// TIMEOUT_MS. stop() sends SIGTERM and resolves to the exit code (or the
// signal's name when it did not exit by itself); after STOP_MS it kills.
export function startServe({ db, args, timeoutMs = 30_000, exe = policygraphExe() } = {}) {
  const argv = args || ['serve', '--db', db, '--port', '0'];
  const proc = spawn(exe, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => {
    err += d;
  });
  const exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => resolve(code ?? signal));
  });
  // A server left running by a failing test would keep ctest waiting.
  const killAtExit = () => proc.exitCode === null && proc.kill('SIGKILL');
  process.on('exit', killAtExit);

  const stop = async (stopMs = 10_000) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), stopMs);
    const result = await exited;
    clearTimeout(timer);
    process.off('exit', killAtExit);
    return result;
  };

  return new Promise((resolve, reject) => {
    let out = '';
    const fail = (why) => {
      proc.kill('SIGKILL');
      reject(new Error(`${exe} ${argv.join(' ')}: ${why}; stderr: ${err.slice(0, 2000)}`));
    };
    const timer = setTimeout(() => fail(`no first line within ${timeoutMs} ms`), timeoutMs);
    proc.stdout.setEncoding('utf8');
    const onData = (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      proc.stdout.off('data', onData);
      proc.stdout.resume(); // anything later is drained, not buffered forever
      const line = out.slice(0, nl).replace(/\r$/, '');
      const m = /^serving (http:\/\/[^\s/]+:(\d+)\/)$/.exec(line);
      if (!m || Number(m[2]) === 0) {
        fail(`first stdout line is not "serving http://HOST:PORT/": ${JSON.stringify(line)}`);
        return;
      }
      resolve({ url: m[1], proc, stderr: () => err, stop });
    };
    proc.stdout.on('data', onData);
    exited.then((code) => {
      clearTimeout(timer);
      if (!out.includes('\n')) fail(`exited (${code}) before printing its URL`);
    });
  });
}

// The flags Debian's Chromium needs here (as root, on a closed network):
// no sandbox, no GPU, and none of the background connections that the
// network refuses.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// A laptop screen, for the pages and the README's screenshots.
export const kViewport = { width: 1280, height: 800 };

// Loads playwright-core from node_modules, or skips the test with the reason
// when it or the browser is missing (scripts/setup.sh installs both).
export async function loadPlaywright() {
  if (!existsSync(chromiumPath)) {
    skip(`${chromiumPath} is not installed (scripts/setup.sh installs Debian's chromium)`);
  }
  if (!existsSync(path.join(here, 'node_modules', 'playwright-core'))) {
    skip(`${path.join(here, 'node_modules')} has no playwright-core ` +
      '(scripts/setup.sh runs `npm ci` in tests/browser)');
  }
  return import('playwright-core');
}

// Headless Chromium with a new empty profile (--user-data-dir, removed at
// exit), downloads accepted. Returns the persistent context.
export async function launchBrowser(playwright, { profileDir } = {}) {
  const userDataDir = profileDir || tempDir('pg-chromium-');
  return playwright.chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: kViewport,
    acceptDownloads: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}

// Every problem a page reports, for the whole context: console messages of
// type error, uncaught exceptions, CSP violations (the securitypolicyviolation
// event, seen from a script Playwright injects before the page's own, which
// CSP does not govern), failed requests and requests to any origin but the
// server's (the pages must need no network).
export function watchProblems(context, serverUrl) {
  const origin = new URL(serverUrl).origin;
  const problems = [];
  const watch = (page) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error') {
        problems.push(`console error on ${page.url()}: ${msg.text()} (${msg.location().url})`);
      }
    });
    page.on('pageerror', (e) => problems.push(`uncaught exception on ${page.url()}: ${e.message}`));
    page.on('request', (req) => {
      const u = req.url();
      if (!u.startsWith(origin + '/') && !u.startsWith('data:') && u !== 'about:blank') {
        problems.push(`request outside the server from ${page.url()}: ${u}`);
      }
    });
    page.on('requestfailed', (req) => {
      const why = req.failure()?.errorText || '';
      // A download or a navigation replaced by the next one is not a failure.
      if (why.includes('ERR_ABORTED')) return;
      problems.push(`request failed on ${page.url()}: ${req.url()} ${why}`);
    });
  };
  context.on('page', watch);
  context.pages().forEach(watch);
  context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} ` +
        `at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return problems;
}

// Percentiles of a list of numbers (nearest rank).
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
