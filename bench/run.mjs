/**
 * `npm run bench`: times this package against `@turnkey/core` 2.8.1 in one
 * headless Chromium run, measures bundle sizes, prints a Markdown table and
 * the targets, and writes `bench/results.json`. `--quick` runs only N = 10
 * and 100 with fewer repetitions, to try a change to the bench itself.
 */

import {execFileSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {cpus, loadavg} from 'node:os';
import {join} from 'node:path';

import {launchChromium} from '../test/node-checks.mjs';
import * as prettier from 'prettier';

import {buildPages, PAGES_OUT} from './build.mjs';
import {evaluateTargets, formatReport} from './report.mjs';
import {startStaticServer} from './server.mjs';
import {ROOT, measureSizes} from './sizes.mjs';
import {fitLine, mean, summarize, sum} from './stats.mjs';

/** Database of this package's core on the bench pages. */
const OURS_DB_NAME = 'bench-ours';

/**
 * How long one call into a page may take before the run fails. Storing
 * 10,000 sessions is the longest call, about a minute on 2 busy cores.
 */
const CALL_TIME_LIMIT_MS = 600_000;

/** How long a clear may take to empty storage before it counts as failed. */
const CLEAR_TIME_LIMIT_MS = 120_000;

/**
 * Repetitions per session count. `store` is per contender; `@turnkey/core`
 * is not timed storing 10,000 sessions, which would take minutes (see
 * `estimateStoring`), but seeded instead. `repeat` applies to listing,
 * clearing and, unless `elementRepeat` is set, the element.
 */
const FULL_PLAN = [
  {count: 10, store: {ours: 5, theirs: 5}, repeat: 7},
  {count: 100, store: {ours: 5, theirs: 5}, repeat: 7},
  {count: 1000, store: {ours: 3, theirs: 3}, repeat: 7},
  {count: 10000, store: {ours: 1, theirs: 0}, repeat: 5, elementRepeat: 3},
];
const QUICK_PLAN = [
  {count: 10, store: {ours: 2, theirs: 2}, repeat: 3},
  {count: 100, store: {ours: 2, theirs: 2}, repeat: 3},
];

/**
 * Stores 11–20, compared with the last 10 to see whether storing slows
 * down as the store fills. The first 10 are left out because they include
 * opening the database and the JIT warming up. Medians, not means, so one
 * garbage-collection pause does not decide the ratio.
 */
const EARLY_STORES = [10, 20];
const LATE_STORES = 10;

const quick = process.argv.includes('--quick');
const plan = quick ? QUICK_PLAN : FULL_PLAN;
const startedAt = new Date();
const loadBefore = uptime();

log(`building bundles and bench pages`);
let sizes;
let curveChunks;
try {
  sizes = await measureSizes();
  ({curveChunks} = await buildPages());
} catch (error) {
  // esbuild has printed what failed to compile.
  log(`bundling failed: ${error.message.split('\n')[0]}`);
  process.exit(1);
}

const server = await startStaticServer(PAGES_OUT);
const browser = await launchChromium();
let results;
try {
  results = await runInBrowser(browser, server.origin, curveChunks);
} finally {
  await browser.close();
  await server.close();
}

const report = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  quick,
  machine: describeMachine(results.chromiumVersion, loadBefore),
  source: describeSource(),
  plan,
  sizes,
  ...results.measured,
};
report.targets = evaluateTargets(report);
console.log(formatReport(report));
if (report.blockedRequests.length > 0) {
  log(`aborted requests to other hosts: ${report.blockedRequests.join(', ')}`);
  process.exitCode = 1;
}
if (report.pageErrors.length > 0) {
  log(`${report.pageErrors.length} uncaught errors on the bench pages`);
  process.exitCode = 1;
}
if (!quick) {
  // Formatted by Prettier, so the committed file passes `prettier --check`.
  const path = join(ROOT, 'bench/results.json');
  const options = await prettier.resolveConfig(path);
  const json = JSON.stringify(report, roundNumbers);
  writeFileSync(
    path,
    await prettier.format(json, {...options, filepath: path}),
  );
  log('wrote bench/results.json');
}

/** Runs every timed operation and the chunk check in one browser. */
async function runInBrowser(browser, origin, curveChunks) {
  const context = await browser.newContext();
  context.setDefaultTimeout(CALL_TIME_LIMIT_MS);
  const blocked = await keepRequestsLocal(context, origin);
  const pageErrors = [];
  context.on('weberror', (webError) => {
    pageErrors.push(String(webError.error()));
    log(`uncaught error on a page: ${webError.error()}`);
  });
  const page = await openBenchPage(context, origin);

  const counts = {};
  for (const step of plan) {
    counts[step.count] = {
      count: step.count,
      ...(await measureCount(page, step)),
    };
    // A fresh page per count, so that one count's garbage and saved copies
    // do not weigh on the next.
    await page.reload();
    await initBenchPage(page);
  }
  for (const step of plan) {
    const basis = counts[1000];
    if (step.store.theirs === 0 && basis?.storing.theirs.length > 0) {
      counts[step.count].theirStoringEstimate = estimateStoring(
        step.count,
        basis,
      );
    }
  }
  compactStoring(counts);
  const chunkCheck = await checkChunks(context, page, origin, curveChunks);
  await context.close();

  return {
    chromiumVersion: browser.version(),
    measured: {counts, chunkCheck, pageErrors, blockedRequests: blocked},
  };
}

/**
 * Aborts every request that does not go to `origin`, and returns the list
 * of those URLs, which make the run fail once its results are written.
 */
async function keepRequestsLocal(context, origin) {
  const blocked = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  return blocked;
}

async function openBenchPage(context, origin) {
  const page = await context.newPage();
  await page.goto(`${origin}/bench.html`);
  await initBenchPage(page);
  return page;
}

async function initBenchPage(page) {
  await page.waitForFunction(() => window.bench !== undefined);
  await page.evaluate(() => window.bench.init());
}

/** Runs every measurement at one session count, ours and theirs in turn. */
async function measureCount(page, step) {
  const {count} = step;
  const call = (method, ...args) =>
    page.evaluate(([m, a]) => window.bench[m](...a), [method, args]);

  log(`N = ${count}: storing`);
  const storing = {ours: [], theirs: []};
  const maxStoreRuns = Math.max(step.store.ours, step.store.theirs);
  for (let run = 0; run < maxStoreRuns; run++) {
    for (const name of alternate(run)) {
      if (run >= step.store[name]) continue;
      storing[name].push(summarizeStoring(await call('store', name, count)));
    }
  }

  // The last storing run left `count` sessions; `seed` fills in where
  // storing was not timed. Both are saved, to restore before each clear.
  const available = {ours: true, theirs: true};
  const unavailable = {};
  for (const name of ['ours', 'theirs']) {
    if (step.store[name] === 0) {
      log(`N = ${count}: seeding ${name}`);
      const seeding = await call('seed', name, count);
      if (seeding.error) {
        available[name] = false;
        unavailable[name] = seeding;
        log(
          `N = ${count}: ${name} stored ${seeding.stored} sessions, ` +
            `then failed: ${seeding.error}`,
        );
        await call('reset', name);
        continue;
      }
    }
    await call('save', name);
  }

  log(`N = ${count}: listing and clearing`);
  const listing = {ours: [], theirs: []};
  const clearing = {ours: [], theirs: []};
  for (let run = 0; run < step.repeat; run++) {
    for (const name of alternate(run)) {
      if (!available[name]) continue;
      listing[name].push(await call('list', name, count));
    }
  }
  for (let run = 0; run < step.repeat; run++) {
    for (const name of alternate(run)) {
      if (!available[name]) continue;
      await call('restore', name);
      clearing[name].push(
        await call('clear', name, count, CLEAR_TIME_LIMIT_MS),
      );
    }
  }

  log(`N = ${count}: element`);
  const element = [];
  for (let run = 0; run < (step.elementRepeat ?? step.repeat); run++) {
    await call('restore', 'ours');
    element.push(await call('element', count));
  }
  for (const name of ['ours', 'theirs']) await call('reset', name);

  return {
    storing,
    unavailable,
    listing,
    clearing,
    element,
  };
}

/** Even runs go ours first, odd runs theirs first. */
function alternate(run) {
  return run % 2 === 0 ? ['ours', 'theirs'] : ['theirs', 'ours'];
}

/** Reduces one storing run's per-session times to what the report uses. */
function summarizeStoring({keyPairMs, storeMs}) {
  const perSession = keyPairMs.map((ms, i) => ms + storeMs[i]);
  const summary = {
    totalMs: sum(perSession),
    keyPairMeanMs: mean(keyPairMs),
    storeMeanMs: mean(storeMs),
    storeMs,
  };
  if (storeMs.length >= EARLY_STORES[1] + LATE_STORES) {
    summary.earlyStoreMs = summarize(storeMs.slice(...EARLY_STORES)).median;
    summary.lateStoreMs = summarize(storeMs.slice(-LATE_STORES)).median;
    summary.lateToEarly = summary.lateStoreMs / summary.earlyStoreMs;
  }
  return summary;
}

/**
 * Estimates how long `@turnkey/core` would take to store `count` sessions,
 * from its runs at `basis.count`. Each of its `storeSession()` calls scans
 * every stored session, so the cost of one call is fitted as a line over
 * the number already stored and summed up to `count`. The mean
 * `createApiKeyPair()` time is added for each session.
 */
function estimateStoring(count, basis) {
  const runs = basis.storing.theirs;
  const fits = runs.map((run) => fitLine(run.storeMs));
  const intercept = mean(fits.map((fit) => fit.intercept));
  const slope = mean(fits.map((fit) => fit.slope));
  const keyPairMs = mean(runs.map((run) => run.keyPairMeanMs));
  const storeMs = count * intercept + (slope * count * (count - 1)) / 2;
  return {
    count,
    basedOnCount: basis.count,
    storeMsPerSessionAtZero: intercept,
    storeMsAddedPerStoredSession: slope,
    totalMs: storeMs + count * keyPairMs,
  };
}

/**
 * Replaces each run's per-session store times, which the estimate needed,
 * by the mean of each tenth of the run, small enough to keep.
 */
function compactStoring(measured) {
  for (const {storing} of Object.values(measured)) {
    for (const runs of Object.values(storing)) {
      for (const run of runs) {
        const tenth = Math.max(1, Math.floor(run.storeMs.length / 10));
        run.storeProfileMs = [];
        for (let i = 0; i < run.storeMs.length; i += tenth) {
          run.storeProfileMs.push(mean(run.storeMs.slice(i, i + tenth)));
        }
        delete run.storeMs;
      }
    }
  }
}

/**
 * Checks, on a page that only lists and clears with the element, that none
 * of `curveChunks` is requested, then creates a key pair there to see that
 * the check does notice the chunk once it is loaded.
 */
async function checkChunks(context, benchPage, origin, curveChunks) {
  log('checking which chunks listing and clearing load');
  const count = 10;
  await benchPage.evaluate((n) => window.bench.seed('ours', n), count);

  const page = await context.newPage();
  const requested = [];
  page.on('request', (request) => {
    requested.push(new URL(request.url()).pathname.slice(1));
  });
  await page.goto(`${origin}/list-clear.html`);
  await page.waitForFunction(() => window.listClear !== undefined);
  await page.evaluate(
    ([db, n]) => window.listClear.listAndClear(db, n),
    [OURS_DB_NAME, count],
  );
  const loadedForListing = requested.filter((file) =>
    curveChunks.includes(file),
  );
  const listingRequests = [...requested];

  await page.evaluate(
    (db) => window.listClear.createApiKeyPair(db),
    OURS_DB_NAME,
  );
  const loadedForKeyPair = requested.filter((file) =>
    curveChunks.includes(file),
  );
  await page.close();
  await benchPage.evaluate(() => window.bench.reset('ours'));
  return {
    curveChunks,
    listingRequests,
    curveChunksLoadedForListing: loadedForListing,
    curveChunksLoadedForKeyPair: loadedForKeyPair,
  };
}

function describeMachine(chromiumVersion, loadBefore) {
  return {
    cpuModel: cpuModel(),
    logicalCpus: Number(execFileSync('nproc', {encoding: 'utf8'}).trim()),
    chromium: chromiumVersion,
    node: process.version,
    uptimeBefore: loadBefore,
    uptimeAfter: uptime(),
    loadAverageAfter: loadavg(),
  };
}

/**
 * Returns the commit that was measured and whether tracked files differed
 * from it. `--no-optional-locks` keeps `git status` from rewriting the index.
 */
function describeSource() {
  const git = (...args) =>
    execFileSync('git', args, {cwd: ROOT, encoding: 'utf8'}).trim();
  return {
    commit: git('rev-parse', 'HEAD'),
    uncommittedChanges:
      git('--no-optional-locks', 'status', '--porcelain', '-uno') !== '',
  };
}

function cpuModel() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const line = cpuinfo.split('\n').find((l) => l.startsWith('model name'));
  return line ? line.split(':')[1].trim() : cpus()[0]?.model;
}

function uptime() {
  return execFileSync('uptime', {encoding: 'utf8'}).trim();
}

/**
 * Rounds measured numbers for the results file: to 0.1 from 100 up, and
 * to four significant digits below, which keeps small fitted slopes.
 */
function roundNumbers(_key, value) {
  if (typeof value !== 'number' || Number.isInteger(value)) return value;
  if (Math.abs(value) >= 100) return Math.round(value * 10) / 10;
  return Number(value.toPrecision(4));
}

function log(message) {
  console.error(`bench: ${message}`);
}
