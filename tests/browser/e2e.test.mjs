// `policygraph serve` used as a person uses it, in headless Chromium: the
// sample corpus ingested into a temporary store, the server started on a free
// port, and each step of issue 12's "Done means" done through the pages —
// typing, clicking, going back, picking a date, pasting, downloading — with
// what the page then shows checked. Every page is watched for console errors,
// CSP violations, uncaught exceptions and requests leaving the server
// (harness.mjs); any of them fails the run.
//
//   POLICYGRAPH_EXE=build/policygraph node tests/browser/e2e.test.mjs
//   POLICYGRAPH_SCREENSHOTS=docs/screenshots   also saves search.png,
//                                              document.png and graph.png
// Exit status: 0 passed, 1 a step failed, 77 skipped (no chromium or no
// node_modules: scripts/setup.sh installs both).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import {
  ingestSample,
  launchBrowser,
  loadPlaywright,
  startServe,
  tempDir,
  testData,
  watchProblems,
} from './harness.mjs';

const playwright = await loadPlaywright(); // exits 77 when it cannot run

// The statuses of the contract's data-status (北大法宝's labels).
const kStatuses = ['现行有效', '已被修改', '部分失效', '已废止', '失效', '尚未生效'];

let server;
let context;
let problems;
const shots = process.env.POLICYGRAPH_SCREENSHOTS;

const at = (p) => new URL(p, server.url).href;
const docPath = (number) => `/doc/${encodeURIComponent(number)}`;
const decoded = (url) => decodeURIComponent(new URL(url).pathname);

async function screenshot(page, name) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

// The status a document page shows: its data-status, which must be one of the
// contract's and also be what the reader sees.
async function shownStatus(page) {
  const status = page.locator('#status');
  const value = await status.getAttribute('data-status');
  assert.ok(kStatuses.includes(value), `#status data-status ${value} is one of ${kStatuses}`);
  assert.ok((await status.innerText()).includes(value), `#status shows ${value}`);
  return value;
}

// A person picks the day in the date control of the page and submits the form
// it is in: a script of the page may submit on change; else its button; else
// Enter. Resolves once the page for that day has loaded.
async function setAsOf(page, date) {
  const onDay = (url) => url.searchParams.get('asof') === date;
  const asof = page.locator('#asof');
  assert.equal(await asof.getAttribute('type'), 'date', '#asof is a date control');
  await asof.fill(date);
  if (await page.waitForURL(onDay, { timeout: 1500 }).then(() => true, () => false)) return;
  const button = page.locator(
    'form:has(#asof) button:not([type=button]):not([type=reset]), form:has(#asof) input[type=submit]');
  if (await button.count()) {
    await Promise.all([page.waitForURL(onDay), button.first().click()]);
  } else {
    await Promise.all([page.waitForURL(onDay), asof.press('Enter')]);
  }
  assert.equal(await asof.inputValue(), date, 'the date control keeps the day chosen');
}

// Every link a page makes to another page keeps the day (the contract: asof
// is part of every URL, so that a link sent to a colleague shows the same).
async function linksKeepAsOf(page, date) {
  const hrefs = await page.locator('a.doc-link, a#graph-link, a.source-link').evaluateAll((as) =>
    as.map((a) => a.href));
  assert.ok(hrefs.length > 0, 'the page links to something');
  for (const href of hrefs) {
    assert.equal(new URL(href).searchParams.get('asof'), date, `${href} keeps asof=${date}`);
  }
}

// The problems seen since the test began (each test reports its own; the last
// test, all of them).
let seen = 0;
function assertNoProblems(step, from = seen) {
  assert.deepEqual(problems.slice(from), [],
    `no console error, CSP violation or outside request (${step})`);
}

before(async () => {
  const dir = tempDir('pg-e2e-');
  const db = ingestSample(dir);
  server = await startServe({ db });
  context = await launchBrowser(playwright, { profileDir: path.join(dir, 'profile') });
  problems = watchProblems(context, server.url);
});

beforeEach(() => {
  seen = problems.length;
});

after(async () => {
  await context?.close();
  if (server) {
    const code = await server.stop();
    assert.equal(code, 0, `serve stops cleanly on SIGTERM; stderr: ${server.stderr()}`);
  }
});

test('a number typed in a printed variant opens its document page', async () => {
  const page = await context.newPage();
  await page.goto(at('/'));
  await page.locator('#search-form #q').fill('济政办发[2017]54号');
  await Promise.all([
    page.waitForURL((u) => u.pathname.startsWith('/doc/')),
    page.locator('#q').press('Enter'),
  ]);
  assert.match(await page.locator('h1#title').innerText(), /社会救助工作责任追究办法/);
  assert.ok((await page.locator('body').innerText()).includes('济政办发〔2017〕54号'),
    'the page shows the canonical number');
  // Today (the default day) it has long expired: 有效期至2019年12月19日.
  assert.equal(await shownStatus(page), '失效');
  for (const id of ['timeline', 'basis', 'impact', 'cites', 'cited-by']) {
    assert.equal(await page.locator(`section#${id}`).count(), 1, `section #${id}`);
  }
  await page.close();
  assertNoProblems('search by number');
});

test('words of a title list hits, and a hit opens its document', async () => {
  const page = await context.newPage();
  await page.goto(at('/'));
  await page.locator('#q').fill('特困人员救助供养');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/search'),
    page.locator('#q').press('Enter'),
  ]);
  const hits = page.locator('#results li.hit');
  assert.ok((await hits.count()) >= 1, 'at least one hit');
  const hit = hits.filter({ hasText: '济政发〔2017〕24号' });
  assert.equal(await hit.count(), 1, '济政发〔2017〕24号 is among the hits');
  await screenshot(page, 'search');
  await Promise.all([
    page.waitForURL((u) => u.pathname.startsWith('/doc/')),
    hit.locator('a.hit-link').click(),
  ]);
  assert.match(await page.locator('#title').innerText(), /特困人员救助供养办法/);
  await page.close();
  assertNoProblems('search by words');
});

test('the as-of date changes the status (济政办发〔2017〕54号)', async () => {
  const page = await context.newPage();
  await page.goto(at(docPath('济政办发〔2017〕54号')));
  await setAsOf(page, '2018-06-01');
  assert.equal(await shownStatus(page), '现行有效', 'in force on 2018-06-01');
  await linksKeepAsOf(page, '2018-06-01');
  await setAsOf(page, '2020-01-01');
  assert.equal(await shownStatus(page), '失效', 'expired on 2020-01-01 (有效期至2019年12月19日)');
  await linksKeepAsOf(page, '2020-01-01');
  await page.close();
  assertNoProblems('as-of date');
});

test('the basis of a document is one click away, with its evidence, and back returns', async () => {
  const page = await context.newPage();
  await page.goto(at('/?asof=2020-03-01'));
  await page.locator('#q').fill('济政发[2017]24号');
  await Promise.all([
    page.waitForURL((u) => u.pathname.startsWith('/doc/')),
    page.locator('#q').press('Enter'),
  ]);
  const docUrl = page.url();
  assert.match(await page.locator('#title').innerText(), /特困人员救助供养办法/);
  // 根据《山东省人民政府关于贯彻国发〔2016〕14号…》(鲁政发〔2016〕26号), gazette 000 line 22.
  const basis = page.locator('#basis a.doc-link').filter({ hasText: '鲁政发〔2016〕26号' });
  assert.ok((await basis.count()) >= 1, '#basis links to 鲁政发〔2016〕26号');
  assert.ok((await page.locator('#basis blockquote.evidence').count()) >= 1, 'quoted evidence');
  assert.match(await page.locator('#basis').innerText(), /000_1a218bf28652ce10\.txt:22/,
    'the evidence names its file and line');
  await screenshot(page, 'document');

  await Promise.all([page.waitForURL((u) => u.href !== docUrl), basis.first().click()]);
  assert.ok(decoded(page.url()).startsWith('/doc/'), `a document page: ${page.url()}`);
  assert.ok((await page.locator('body').innerText()).includes('鲁政发〔2016〕26号'));
  await page.locator('#title').waitFor();
  await page.goBack();
  assert.equal(page.url(), docUrl, 'back returns to the document');
  assert.match(await page.locator('#title').innerText(), /特困人员救助供养办法/);

  // The evidence's source link shows the text around that line.
  const source = page.locator('#basis a.source-link').first();
  assert.match(await source.getAttribute('href'), /^\/source\?.*line=22/);
  await Promise.all([page.waitForURL((u) => u.pathname === '/source'), source.click()]);
  // Line 22 as printed: 「和改善民生，根据 《山东省人民政府关」 (the quote is mended from lines 22-23).
  const line22 = readFileSync(path.join(testData, 'gazettes', '000_1a218bf28652ce10.txt'), 'utf8')
    .split('\n')[21].trim();
  assert.ok(line22.includes('根据'));
  assert.ok((await page.locator('body').innerText()).includes(line22),
    `the source page shows line 22 of the gazette as printed: ${line22}`);
  await page.close();
  assertNoProblems('basis and back');
});

test('the graph opens from a document, and a click on a node opens its page', async () => {
  const page = await context.newPage();
  await page.goto(at(`${docPath('济政发〔2017〕24号')}?asof=2020-03-01`));
  await Promise.all([
    page.waitForURL((u) => u.pathname.startsWith('/graph/')),
    page.locator('a#graph-link').click(),
  ]);
  assert.equal(new URL(page.url()).searchParams.get('asof'), '2020-03-01');
  const nodes = page.locator('#graph svg a');
  assert.ok((await nodes.count()) >= 2, 'the neighbourhood has the document and its basis');
  await screenshot(page, 'graph');
  const node = nodes.filter({ hasText: '鲁政发〔2016〕26号' }).first();
  const href = await node.evaluate(
    (a) => a.getAttribute('href') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href'));
  assert.ok(href && decodeURIComponent(href).startsWith('/doc/'), `node links to /doc/: ${href}`);
  await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/doc/')), node.click()]);
  assert.equal(decoded(page.url()), decodeURIComponent(new URL(href, server.url).pathname),
    'the page of the node clicked');
  assert.ok((await page.locator('body').innerText()).includes('鲁政发〔2016〕26号'));
  await page.close();
  assertNoProblems('graph');
});

test('a pasted draft citing a repealed document shows the finding', async () => {
  const page = await context.newPage();
  await page.goto(at('/check'));
  const draft = readFileSync(path.join(testData, 'drafts', 'cites_repealed.txt'), 'utf8');
  assert.ok(draft.includes('济政发〔2019〕2号'));
  await page.locator('#check-form textarea#draft').fill(draft);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/check'),
    page.waitForEvent('load'),
    page.locator('#check-submit').click(),
  ]);
  const finding = page.locator('#findings li.finding').filter({ hasText: '济政发〔2019〕2号' });
  assert.equal(await finding.count(), 1, 'one finding names 济政发〔2019〕2号');
  // Repealed by 济政发〔2019〕17号 from 2020-02-01 (gazette 002 line 101).
  assert.match(await finding.innerText(), /已废止/);
  await page.close();
  assertNoProblems('draft check');
});

// A small RFC 4180 reader: fields in quotes may hold commas, quotes and line
// breaks.
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        ++i;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') ++i;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

test('a list downloads as CSV: BOM, header, the rows of the table', async () => {
  const page = await context.newPage();
  await page.goto(at('/lists/superseded?asof=2020-03-01'));
  const rows = page.locator('table#list tbody tr');
  // 21 on the sample corpus as of 2020-03-01 (`policygraph superseded
  // --as-of 2020-03-01`: the five numbered documents of the gazettes and the
  // laws and rules cited by title that they repeal).
  const count = await rows.count();
  assert.equal(count, 21, 'as many rows as `policygraph superseded --as-of 2020-03-01`');
  // A click on a column's head sorts by it (a script file), a second click
  // the other way round; the rows stay the same.
  const firstColumn = () => rows.evaluateAll((trs) => trs.map((tr) => tr.cells[0].textContent.trim()));
  const before = await firstColumn();
  const head = page.locator('table#list thead th').first();
  await head.click();
  const once = await firstColumn();
  await head.click();
  const twice = await firstColumn();
  assert.deepEqual([...once].sort(), [...before].sort(), 'sorting keeps the rows');
  assert.equal(new Set(once).size, count, 'every row a different document');
  assert.deepEqual(twice, [...once].reverse(), 'a second click sorts the other way');

  const csvLink = page.locator('a#csv');
  assert.equal(new URL(await csvLink.evaluate((a) => a.href)).searchParams.get('asof'),
    '2020-03-01');
  const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
  const bytes = readFileSync(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
  const csv = parseCsv(bytes.subarray(3).toString('utf8'));
  const [header, ...data] = csv.filter((r) => r.some((f) => f !== ''));
  assert.ok(header.length >= 3 && header.every((h) => h.trim() !== ''), `header: ${header}`);
  assert.ok(!header.some((h) => h.includes('济政')), 'the first line is a header, not a row');
  assert.equal(data.length, count, 'as many rows as the table');
  const row = data.find((r) => r.includes('济政发〔2019〕2号'));
  assert.ok(row, 'a row for 济政发〔2019〕2号');
  assert.ok(row.some((f) => f.includes('已废止')), `济政发〔2019〕2号 is 已废止: ${row}`);
  assert.ok(row.some((f) => f.includes('济政发〔2019〕17号')), `repealed by 济政发〔2019〕17号: ${row}`);
  assert.ok(data.every((r) => r.length === header.length), 'every row has the header\'s columns');
  await page.close();
  assertNoProblems('CSV download');
});

test('no page logged a console error or CSP violation, nor asked another origin', () => {
  assertNoProblems('all pages', 0);
});
