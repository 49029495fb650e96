// End-to-end test of the dashboard in a real browser: Debian's Chromium driven by playwright-core,
// against a running `rewind demo` (REWIND_URL, default http://localhost:8000). It creates the
// sample archives, runs the six-month ERROR query and sees rows before the job finishes, scrolls
// 10,000 rows and on into the next page, cancels a long query and checks Flink stopped its job,
// finds the incident spikes in the error analysis view, checks the error messages, and saves
// screenshots to docs/screenshots/.
//
//   npm run e2e                                   # against http://localhost:8000
//   REWIND_URL=http://localhost:8100 npm run e2e
//
// Environment: REWIND_URL, CHROMIUM (default /usr/bin/chromium), REWIND_SCREENSHOTS (default
// <repo>/docs/screenshots), REWIND_GROUND_TRUTH (default <repo>/data/archives/ground-truth.json:
// the incident days the sample generator planted; when it is readable the spikes must match them).

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const BASE = (process.env.REWIND_URL ?? 'http://localhost:8000').replace(/\/+$/, '');
const BROWSER = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = process.env.REWIND_SCREENSHOTS ?? join(repo, 'docs/screenshots');
const TRUTH = process.env.REWIND_GROUND_TRUTH ?? join(repo, 'data/archives/ground-truth.json');
// With a token, the server refuses every call but health without it: the dashboard must ask for it once.
const TOKEN = process.env.REWIND_TOKEN || null;
const api = (path) => fetch(`${BASE}${path}`, TOKEN ? { headers: { Authorization: `Bearer ${TOKEN}` } } : {});
const RANGE = { start: '2024-01-01', end: '2024-06-30' };
const SCROLL_ROWS = 10_000;
const ROW_HEIGHT = 26;

const started = Date.now();

async function step(name, fn) {
  const t0 = Date.now();
  process.stdout.write(`• ${name} … `);
  try {
    const note = await fn();
    console.log(`ok (${((Date.now() - t0) / 1000).toFixed(1)} s)${note ? ` — ${note}` : ''}`);
  } catch (e) {
    console.log(`FAILED (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    throw e;
  }
}

async function preflight() {
  let health;
  try {
    health = await fetch(`${BASE}/api/health`);
  } catch (e) {
    throw new Error(`Cannot reach ${BASE} (${e.message}). Start the demo first: ./rewind demo (or set REWIND_URL).`);
  }
  if (health.status !== 200 && health.status !== 503) throw new Error(`${BASE}/api/health answered ${health.status}`);
  const index = await fetch(`${BASE}/`);
  const html = await index.text();
  if (!html.includes('id="root"')) {
    throw new Error(`${BASE}/ does not serve the dashboard; build the jar with the web module (mvn package without -Dskip.web=true).`);
  }
  if (!existsSync(BROWSER)) {
    throw new Error(`${BROWSER} is missing: apt-get install -y chromium (the test never downloads a browser).`);
  }
}

async function main() {
  await preflight();
  await mkdir(SHOTS, { recursive: true });
  const profile = await mkdtemp(join(tmpdir(), 'rewind-e2e-chromium-'));
  // A new, empty profile each run (Playwright's persistent context is how a user-data-dir is given).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: BROWSER,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(60_000);
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await run(page);
    // A failed request shows up as a console error in Chromium; the offline step causes some on purpose.
    const unexpected = pageErrors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED|ERR_FAILED/.test(e));
    assert.deepEqual(unexpected, [], `the page logged errors:\n${unexpected.join('\n')}`);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

async function run(page) {
  if (TOKEN) {
    await step('token: the dashboard asks for the access token once, and keeps it', async () => {
      const refused = await fetch(`${BASE}/api/stats`);
      assert.equal(refused.status, 401, 'the server refuses a call without the token');
      await page.goto(`${BASE}/`);
      const prompt = page.getByTestId('token-prompt');
      await prompt.waitFor({ timeout: 30_000 });
      await page.getByLabel('Access token').fill(TOKEN);
      await page.getByRole('button', { name: 'Use token' }).click();
      await prompt.waitFor({ state: 'detached', timeout: 30_000 });
      await page.reload();
      await page.getByRole('link', { name: 'Archives' }).waitFor();
      await page.waitForTimeout(2_000);
      assert.equal(await prompt.count(), 0, 'not asked again after a reload');
      return 'asked once, then kept';
    });
  }
  await step('archives: create the sample archives and see their coverage', async () => {
    await page.goto(`${BASE}/archives`);
    // The first time the demo writes six months of archives (about a minute); then it is instant.
    // Waiting on the response too says, if this step ever times out, whether the server answered.
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/demo/create-sample-archives'),
      { timeout: 15 * 60_000 });
    const button = page.getByRole('button', { name: 'Create sample archives' });
    await button.click();
    // The button says it is working while the request runs; a click that did not register (the
    // page still settling) is clicked again, once.
    const started = await page.getByRole('button', { name: /Creating sample archives/ })
      .or(page.getByTestId('sample-result')).first().waitFor({ timeout: 10_000 }).then(() => true, () => false);
    if (!started) await button.click();
    const response = await answered;
    assert.equal(response.status(), 200, `POST /api/demo/create-sample-archives: ${await response.text()}`);
    await page.getByTestId('sample-result').waitFor({ timeout: 30_000 });
    const result = await page.getByTestId('sample-result').textContent();
    await page.waitForFunction(() => document.querySelectorAll('.archive-table tbody tr').length >= 180, null, { timeout: 60_000 });
    const services = await page.locator('[data-testid=coverage-timeline] [data-service]').count();
    assert.ok(services >= 5, `the timeline has a track for every service (found ${services - 1})`);
    await page.screenshot({ path: join(SHOTS, 'archives.png') });
    return `${result?.trim()}; ${services - 1} services on the timeline`;
  });

  await step('stats: clear the results cache, so the query really runs a Flink job', async () => {
    await page.getByRole('button', { name: 'Clear cache' }).click();
    await page.getByText('cleared', { exact: true }).waitFor();
  });

  await step('query: six months of ERROR, first rows before the job finishes', async () => {
    await page.getByRole('link', { name: 'Query' }).click();
    await page.getByLabel('Start').fill(RANGE.start);
    await page.getByLabel('End').fill(RANGE.end);
    await page.getByRole('checkbox', { name: 'ERROR' }).check();
    await page.getByLabel('Rows per page').selectOption('10000');
    // Watch the DOM from inside the page: the moment the first row appears, and the query's state then.
    await page.evaluate(() => {
      const seen = { firstRowAt: null, stateAtFirstRow: null, doneAt: null, provisionalSeen: false };
      window.__rewindE2E = seen;
      new MutationObserver(() => {
        const state = document.querySelector('[data-testid=progress]')?.getAttribute('data-state') ?? null;
        if (seen.firstRowAt === null && document.querySelector('[data-row]')) {
          seen.firstRowAt = performance.now();
          seen.stateAtFirstRow = state;
          seen.provisionalSeen = document.querySelector('.results.provisional') !== null;
        }
        if (seen.doneAt === null && state === 'done') seen.doneAt = performance.now();
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
    });
    await page.getByRole('button', { name: /Run (query|again)/ }).click();
    await page.locator('[data-testid=progress][data-state=done]').waitFor({ timeout: 5 * 60_000 });
    const seen = await page.evaluate(() => window.__rewindE2E);
    assert.ok(seen.firstRowAt !== null, 'rows appeared');
    assert.notEqual(seen.stateAtFirstRow, 'done', `the first rows appeared while the query was still running (state then: ${seen.stateAtFirstRow})`);
    assert.ok(seen.firstRowAt < seen.doneAt, 'the first rows appeared before the job finished');
    assert.ok(seen.provisionalSeen, 'the first rows were marked as the streamed preview');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('start'), RANGE.start);
    assert.equal(url.searchParams.get('end'), RANGE.end);
    assert.equal(url.searchParams.get('level'), 'ERROR');
    const levels = await page.locator('[data-row] .c-level').allTextContents();
    assert.ok(levels.length > 0 && levels.every((l) => l === 'ERROR'), `only ERROR rows (saw ${[...new Set(levels)]})`);
    const loaded = Number((await page.getByTestId('rows-loaded').textContent()).replace(/,/g, ''));
    assert.equal(loaded, 10_000, 'the first page holds 10,000 rows');
    return `first rows ${(seen.doneAt - seen.firstRowAt).toFixed(0)} ms before done, in state "${seen.stateAtFirstRow}"`;
  });

  await step(`results: scroll ${SCROLL_ROWS.toLocaleString('en-US')} rows and on into the next page (cursor)`, async () => {
    const scroller = page.getByTestId('results-scroll');
    // Frame times while scrolling, measured in the page: long frames are what jank is.
    await page.evaluate(() => {
      const frames = [];
      let last = performance.now();
      window.__rewindFrames = frames;
      window.__rewindFramesOn = true;
      const tick = (t) => {
        frames.push(t - last);
        last = t;
        if (window.__rewindFramesOn) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const rowsByIndex = new Map();
    let maxDom = 0;
    const collect = async () => {
      const visible = await page.$$eval('.vrow', (els) =>
        els
          .map((e) => {
            const row = e.querySelector('[data-row]');
            return row ? { index: Number(e.getAttribute('data-index')), id: row.getAttribute('data-row'), ts: row.getAttribute('data-ts'), level: row.querySelector('.c-level')?.textContent } : null;
          })
          .filter((r) => r !== null),
      );
      maxDom = Math.max(maxDom, visible.length);
      for (const r of visible) rowsByIndex.set(r.index, r);
    };
    const target = SCROLL_ROWS + 500; // past the first page: the next one must load by cursor
    const stepPx = 40 * ROW_HEIGHT;
    const deadline = Date.now() + 5 * 60_000;
    for (;;) {
      await collect();
      const maxIndex = Math.max(...rowsByIndex.keys());
      if (maxIndex >= target) break;
      assert.ok(Date.now() < deadline, `scrolling stalled at row ${maxIndex}`);
      await scroller.evaluate((el, px) => {
        el.scrollTop += px;
      }, stepPx);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const loaded = Number((await page.getByTestId('rows-loaded').textContent()).replace(/,/g, ''));
      if (maxIndex >= loaded - 60) {
        // at the end of what is loaded: wait for the next page rather than spin
        await page.waitForFunction((n) => Number(document.querySelector('[data-testid=rows-loaded]').textContent.replace(/,/g, '')) > n, loaded, { timeout: 120_000 });
      }
    }
    const frames = await page.evaluate(() => {
      window.__rewindFramesOn = false;
      return window.__rewindFrames.slice(1);
    });
    const sorted = [...frames].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
    const indexes = [...rowsByIndex.keys()].sort((a, b) => a - b);
    const seen = indexes.map((i) => rowsByIndex.get(i));
    assert.ok(indexes.length >= SCROLL_ROWS * 0.9, `rows were rendered all along the way (${indexes.length} distinct rows seen)`);
    assert.equal(new Set(seen.map((r) => r.id)).size, seen.length, 'no row appears twice, across the page boundary too');
    for (let k = 1; k < seen.length; k++) {
      assert.ok(Date.parse(seen[k].ts) <= Date.parse(seen[k - 1].ts), `newest first at row ${indexes[k]}: ${seen[k - 1].ts} then ${seen[k].ts}`);
    }
    assert.ok(seen.every((r) => r.level === 'ERROR'), 'every row is ERROR');
    assert.ok(maxDom < 150, `the DOM holds only the rows in view (at most ${maxDom})`);
    assert.ok(p95 < 100, `scrolling stays smooth: 95th percentile frame ${p95.toFixed(0)} ms`);
    return `${indexes.length} rows seen up to #${indexes[indexes.length - 1]}, ≤ ${maxDom} in the DOM, frames p95 ${p95.toFixed(0)} ms, max ${sorted[sorted.length - 1]?.toFixed(0)} ms`;
  });

  await step('results: a row expands to its record and its source; screenshot', async () => {
    await page.getByTestId('results-scroll').evaluate((el) => {
      el.scrollTop = 0;
    });
    const first = page.locator('[data-row]').first();
    await first.click();
    const source = page.getByTestId('row-source').first();
    await source.waitFor();
    const text = await source.textContent();
    assert.match(text, /^archive .+, frame \d+$|^live topic, partition \d+, offset \d+$/);
    await page.screenshot({ path: join(SHOTS, 'results.png') });
    return text;
  });

  await step('query: cancel a long scan, and Flink stops its job', async () => {
    // A regex no line matches, over every level: the job must read all six months (the token
    // bloom filters cannot prune a regex), which leaves seconds to cancel it.
    await page.getByRole('checkbox', { name: 'ERROR' }).uncheck();
    await page.getByLabel('Regex').fill('zq[0-9]{3}x');
    await page.getByLabel('Rows per page').selectOption('100');
    await page.getByRole('button', { name: /Run (query|again)/ }).click();
    const link = page.getByRole('link', { name: /Flink job/ });
    await link.waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=progress][data-state=processing]').waitFor({ timeout: 60_000 });
    const jobId = /\/job\/running\/([0-9a-f]+)\//.exec(await link.getAttribute('href'))?.[1];
    assert.ok(jobId, 'the progress links the running Flink job');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-testid=progress][data-state=cancelled]').waitFor();
    await page.getByText(/Cancelled: the server stopped the Flink job/).waitFor({ timeout: 10_000 });
    const stats = await (await api('/api/stats')).json();
    const flink = stats.jobs.web_ui.replace(/\/+$/, '');
    let status = '';
    for (let i = 0; i < 40 && !['CANCELED', 'FINISHED', 'FAILED'].includes(status); i++) {
      status = (await (await fetch(`${flink}/jobs/${jobId}`)).json()).state;
      if (status !== 'CANCELED') await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(status, 'CANCELED', `Flink job ${jobId} is cancelled`);
    return `job ${jobId.slice(0, 8)}… ${status}`;
  });

  await step('error analysis: the incident spikes of the six months; screenshot', async () => {
    const endpoint = await api(`/api/analysis/errors?start_time=${RANGE.start}&end_time=${RANGE.end}&bucket=day`);
    const hasEndpoint = endpoint.ok && (endpoint.headers.get('content-type') ?? '').includes('json');
    await page.getByRole('link', { name: 'Error analysis' }).click();
    const form = page.getByRole('form', { name: 'Analysis range' });
    await form.getByLabel('Start').fill(RANGE.start);
    await form.getByLabel('End').fill(RANGE.end);
    await form.getByLabel('Bucket').selectOption('day');
    await form.getByRole('button', { name: 'Analyse' }).click();
    await page.getByTestId('spikes').waitFor({ timeout: 5 * 60_000 });
    if (!hasEndpoint) {
      const notice = await page.getByTestId('analysis-availability').textContent();
      assert.match(notice, /not available yet/);
    }
    await page.locator('[data-testid=trend-chart] canvas').waitFor();
    const spikeDays = await page.$$eval('[data-spike]', (rows) => rows.map((r) => r.getAttribute('data-spike')));
    let note = `${spikeDays.length} spikes: ${spikeDays.join(', ')}`;
    if (existsSync(TRUTH)) {
      const incidents = JSON.parse(await readFile(TRUTH, 'utf8')).incidents.map((i) => i.day);
      assert.deepEqual([...spikeDays].sort(), [...incidents].sort(), 'the spikes are exactly the incident days the generator planted');
      note += ' (= the planted incidents)';
    } else {
      assert.ok(spikeDays.length >= 4, `the sample's four to six incidents show as spikes (found ${spikeDays.length})`);
      note += ` (no ground truth at ${TRUTH} to compare)`;
    }
    // The recurring patterns take a Flink job over the whole range; wait for them for the screenshot.
    await page
      .getByTestId('patterns')
      .waitFor({ timeout: 4 * 60_000 })
      .catch(() => (note += '; patterns still running at the screenshot'));
    // A type whose variable is a word (a peer service, a topic, a cache node) expands into its words.
    const expand = page.getByTestId('patterns').locator('button.expand').first();
    if (hasEndpoint && (await expand.count()) > 0) {
      const row = expand.locator('xpath=ancestor::tr');
      const typeId = await row.getAttribute('data-type');
      await expand.click();
      const words = await page.locator(`[data-values-of="${typeId}"] li`).allTextContents();
      assert.ok(words.length >= 5, `an expanded type lists its words with counts: ${words.join(', ')}`);
      assert.ok(words.every((w) => /\S+ [\d,]+$/.test(w.trim())), `each word has its count: ${words.join(', ')}`);
      note += `; a type expands into ${words.length} words`;
    } else if (hasEndpoint) {
      assert.fail('no error type with word-valued variables to expand');
    }
    await page.screenshot({ path: join(SHOTS, 'error-analysis.png'), fullPage: true });
    return note;
  });

  await step('errors: an inverted range is refused before sending', async () => {
    const posted = [];
    const onRequest = (r) => {
      if (r.url().endsWith('/api/query') && r.method() === 'POST') posted.push(r.url());
    };
    page.on('request', onRequest);
    await page.goto(`${BASE}/?start=2024-06-30&end=2024-01-01&level=ERROR`);
    await page.getByText('End is before start').waitFor();
    await page.waitForTimeout(500);
    page.off('request', onRequest);
    assert.deepEqual(posted, [], 'no query was sent');
  });

  await step('errors: an unreachable server says so, the page stays', async () => {
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.goto(`${BASE}/?start=2024-01-01&end=2024-06-30&level=ERROR`);
    await page.getByTestId('server-down').waitFor({ timeout: 30_000 });
    await page.getByText(/The query failed: Cannot reach the Rewind server/).waitFor();
    assert.ok(await page.getByRole('form', { name: 'Query' }).isVisible(), 'the form is still there');
    await page.screenshot({ path: join(SHOTS, 'server-unreachable.png') });
    await page.unroute('**/api/**');
  });
}

main()
  .then(() => console.log(`\nall steps passed in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in ${SHOTS}`))
  .catch((e) => {
    console.error(`\n${e.stack ?? e}`);
    process.exit(1);
  });
