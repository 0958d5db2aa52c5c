// The browser half of the `web` benchmark (bench/ActionItems.Bench/WebBenchmark.cs starts it as a child process and
// reads its last stdout line, one JSON object). Drives Debian's Chromium through playwright-core from web/node_modules
// (a browser is never downloaded), with the flags of web/e2e/browser.ts.
//
// Environment: ACTIONITEMS_WEB_URL (the host), ACTIONITEMS_WEB_TOKEN (a triager token), ACTIONITEMS_WEB_ITERATIONS
// (measured rounds, default 20), ACTIONITEMS_WEB_WARMUP (default 3), CHROMIUM_PATH (default /usr/bin/chromium).
//
// Each round: a full navigation to the triage page (/) measured from the navigation's start (performance.timeOrigin)
// to the moment the table holds 50 rows; then "Select all on this page", an existing person as the owner, and the
// click on "Assign 50 selected" measured to the moment all 50 rows show that owner (the optimistic update) and to the
// moment the "50 items updated" notice shows (the server has committed). "The moment" is the DOM change that
// React commits (seen by a MutationObserver); the paint follows in the next frame.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const baseUrl = required('ACTIONITEMS_WEB_URL');
const token = required('ACTIONITEMS_WEB_TOKEN');
const iterations = positive('ACTIONITEMS_WEB_ITERATIONS', 20);
const warmUp = positive('ACTIONITEMS_WEB_WARMUP', 3);
const rowsWanted = 50;

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Runs in the page before its own scripts on every navigation: records each GraphQL request (operation name, start,
// end of body, both on the navigation's clock) and the moment the table holds 50 rows.
const INSTRUMENT = `(() => {
  window.__bench = { fetches: [], firstRows: null };
  const original = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    const named = /"operationName":"(\\w+)"/.exec(body) ?? /(?:query|mutation)\\s+(\\w+)/.exec(body);
    const entry = { name: named ? named[1] : '?', body, start: performance.now(), headers: null, failed: false };
    window.__bench.fetches.push(entry);
    try {
      const response = await original(input, init);
      entry.headers = performance.now();
      return response;
    } catch (error) {
      entry.failed = true;
      throw error;
    }
  };
  // Each request with its end (body received) from Resource Timing: an entry starts just after its fetch() call, so it
  // belongs to the latest call started before it. Requests urql aborted (a re-render may cancel one) get no end.
  window.__bench.requests = (since = 0) => {
    const resources = performance.getEntriesByType('resource').filter((r) => r.initiatorType === 'fetch' && r.name.endsWith('/graphql'));
    const requests = window.__bench.fetches.map((f) => ({ ...f, end: null }));
    for (const r of resources) {
      const owner = requests.filter((f) => f.start <= r.startTime).at(-1);
      if (owner) owner.end = r.responseEnd;
    }
    return requests
      .filter((f) => f.start >= since)
      .map(({ body, ...f }) => ({ ...f, start: f.start - since, end: f.end === null ? null : f.end - since }));
  };
  // Checked after every change of the DOM (a MutationObserver runs right after React commits, even when the busy
  // renderer paints late or skips a frame): the time the rows are in the document.
  const observer = new MutationObserver(() => {
    const rows = document.querySelectorAll('table[aria-label="Unassigned items"] tbody tr').length;
    if (rows >= ${rowsWanted}) {
      window.__bench.firstRows = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

const userDataDir = mkdtempSync(join(tmpdir(), 'actionitems-bench-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: FLAGS,
  viewport: { width: 1280, height: 800 },
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.addInitScript(INSTRUMENT);

  // The initial route's JavaScript: every script the first navigation to / loads, gzipped at level 9.
  const scripts = new Map();
  const collect = async (response) => {
    if (response.request().resourceType() === 'script' && response.ok()) {
      const body = await response.body().catch(() => null);
      if (body) scripts.set(new URL(response.url()).pathname, { bytes: body.length, gzip: gzipSync(body, { level: 9 }).length });
    }
  };
  page.on('response', collect);
  await page.goto(baseUrl + '/');
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('table', { name: 'Unassigned items' }).waitFor({ timeout: 120_000 });
  page.off('response', collect);

  const navigation = [];
  const bulks = [];
  const loads = [];
  let cold = null;
  let queries = {};
  for (let round = 0; round < warmUp + iterations; round++) {
    const measured = round >= warmUp;
    const nav = await navigate(page);
    if (round === 0) {
      cold = nav;
      // The app's own requests, for WebBenchmark.cs to send again without a browser (server time vs browser time).
      queries = await page.evaluate(() =>
        Object.fromEntries(
          window.__bench.fetches.filter((f) => f.name === 'TriageItems' || f.name === 'TriageChoices').map((f) => [f.name, f.body]),
        ),
      );
    }
    const bulk = await bulkAssign(page, `Person ${(round % 300) + 1}`);
    if (measured) {
      navigation.push(nav);
      bulks.push(bulk);
      loads.push(loadavg()[0]);
    }
    process.stderr.write(
      `  round ${round + 1}/${warmUp + iterations}${measured ? '' : ' (warm-up)'}: 50 rows at ${nav.firstRows.toFixed(0)} ms ` +
        `(TriageItems ${nav.triageItems.start.toFixed(0)}–${nav.triageItems.end.toFixed(0)} ms), ` +
        `bulk assign shown ${bulk.shown.toFixed(0)} ms, saved ${bulk.saved.toFixed(0)} ms ` +
        `(${[bulk.peopleSearch && `PeopleSearch ${span(bulk.peopleSearch)}`, bulk.assign && `TriageAssignItems ${span(bulk.assign)}`].filter(Boolean).join(', ')}), load ${loadavg()[0].toFixed(1)}\n`,
    );
  }

  console.log(JSON.stringify({ scripts: Object.fromEntries(scripts), cold, navigation, bulks, loads, queries }));
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

/** A full navigation to /; the times of its GraphQL requests and of the moment 50 rows are in the table, from its start. */
async function navigate(page) {
  await page.goto(baseUrl + '/');
  const firstRows = await page
    .waitForFunction(() => window.__bench.firstRows, null, { timeout: 120_000 })
    .then((handle) => handle.jsonValue());
  const fetches = await page
    .waitForFunction(
      (names) => {
        const requests = window.__bench.requests();
        return names.every((name) => requests.some((f) => f.name === name && f.end !== null)) && requests;
      },
      ['Viewer', 'TriageItems', 'TriageChoices'],
      { timeout: 120_000 },
    )
    .then((handle) => handle.jsonValue())
    .catch(async (error) => {
      throw new Error(`${error.message}; requests: ${JSON.stringify(await page.evaluate(() => window.__bench.fetches))}`);
    });
  const named = (name) => {
    const found = fetches.find((f) => f.name === name && f.end !== null);
    if (!found) throw new Error(`the navigation completed no ${name} query (sent: ${JSON.stringify(fetches)})`);
    return found;
  };
  const timing = await page.evaluate(() => {
    const entry = performance.getEntriesByType('navigation')[0];
    return { documentEnd: entry.responseEnd, domContentLoaded: entry.domContentLoadedEventEnd, load: entry.loadEventEnd };
  });
  return { firstRows, viewer: named('Viewer'), triageItems: named('TriageItems'), triageChoices: named('TriageChoices'), ...timing };
}

/**
 * Selects the page's 50 rows, types an existing person as the owner and clicks Assign; the click happens in the page
 * so that its time and the DOM changes after it are on one clock.
 */
async function bulkAssign(page, owner) {
  await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
  const form = page.getByRole('form', { name: 'Bulk assign' });
  await form.getByLabel('Owner').fill(owner);
  const button = form.getByRole('button', { name: `Assign ${rowsWanted} selected` });
  await button.waitFor();
  return await page.evaluate(
    ({ owner, rowsWanted }) =>
      new Promise((resolve, reject) => {
        const form = document.querySelector('form[aria-label="Bulk assign"]');
        const button = [...form.querySelectorAll('button[type="submit"]')].find((b) => b.textContent.startsWith('Assign'));
        const ownerColumn = [...document.querySelectorAll('table[aria-label="Unassigned items"] thead th')].findIndex(
          (th) => th.textContent === 'Owner',
        );
        const rowsShowingOwner = () =>
          [...document.querySelectorAll('table[aria-label="Unassigned items"] tbody tr')].filter(
            (tr) => tr.children[ownerColumn]?.textContent === owner,
          ).length;
        const savedNotice = () =>
          [...document.querySelectorAll('[role="status"]')].some((e) => e.textContent.includes(`${rowsWanted} items updated`));
        const failed = () => document.querySelector('[role="alert"]')?.textContent;
        const result = { shown: null, saved: null };
        const started = performance.now();
        const watch = () => {
          const now = performance.now();
          if (result.shown === null && rowsShowingOwner() >= rowsWanted) result.shown = now - started;
          if (result.saved === null && savedNotice()) result.saved = now - started;
          const failure = failed();
          if (failure) {
            finish();
            return reject(new Error(`bulk assign failed: ${failure}`));
          }
          if (result.shown !== null && result.saved !== null) {
            finish();
            const requests = window.__bench.requests(started);
            const named = (name) => requests.find((f) => f.name === name && f.end !== null) ?? null;
            return resolve({ ...result, peopleSearch: named('PeopleSearch'), assign: named('TriageAssignItems') });
          }
        };
        // After every change of the DOM, as for the first rows: the optimistic rows are replaced by the next page's
        // once the list is read again, so a check per frame can miss them on a busy machine.
        const observer = new MutationObserver(watch);
        const timeout = setTimeout(() => {
          finish();
          reject(new Error(`bulk assign not shown within 120 s: ${JSON.stringify(result)}`));
        }, 120_000);
        const finish = () => {
          observer.disconnect();
          clearTimeout(timeout);
        };
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        button.click();
      }),
    { owner, rowsWanted },
  );
}

function span(request) {
  return `${request.start.toFixed(0)}–${request.end.toFixed(0)} ms`;
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set (bench/ActionItems.Bench/WebBenchmark.cs sets it)`);
    process.exit(2);
  }
  return value;
}

function positive(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number.parseInt(value, 10);
  if (!(parsed > 0)) {
    console.error(`${name} must be a positive number, not ${value}`);
    process.exit(2);
  }
  return parsed;
}
