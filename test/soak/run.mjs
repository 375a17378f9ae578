/**
 * `npm run soak` runs the seeded random run with faults, the two-tab run,
 * and the bad-input corpus with a token fuzzer in headless Chromium. It
 * starts round after round for `--seconds` (60 by default), then prints the
 * totals. It exits with 1 if an invariant broke, a page threw or a page
 * requested another host. `--seed` sets the first seed, by default the
 * time, so that a run can be replayed.
 */

import {copyFile, mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import {dirname, extname, join, normalize, sep} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';

import {build} from 'esbuild';

import {launchChromium} from '../node-checks.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = join(ROOT, 'test/.artifacts/soak');

/** Size of each round, small enough that a run ends soon after `--seconds`. */
const RANDOM_OPERATIONS = 150;
const TWO_TAB_STEPS = 150;
const FUZZED_TOKENS = 100;

/** How long one round may take before the run counts it as hung. */
const ROUND_TIME_LIMIT_MS = 300_000;

const USAGE =
  'usage: npm run soak -- [--seconds N] [--seed N]\n' +
  '  --seconds  how long to start new rounds, in seconds (default 60)\n' +
  '  --seed     first seed of the random rounds (default: the time)';

const options = readOptions();
const startedAt = Date.now();

log(`building the soak pages into ${OUT}`);
await buildPages();
const server = await serve(OUT);
const browser = await launchChromium();
let totals;
try {
  totals = await soak(browser, server.origin);
} finally {
  await browser.close();
  await server.close();
}

const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
console.log('');
console.log(`soak finished after ${seconds} s, first seed ${options.seed}`);
console.log(`  rounds:               ${totals.rounds}`);
console.log(`  operations:           ${totals.operations}`);
console.log(
  `  faults injected:      ${totals.faultsInjected} ` +
    `(${totals.faultsFired} failed a write)`,
);
console.log(`  inputs tried:         ${totals.inputsTried}`);
console.log(`  invariant violations: ${totals.violations.length}`);
console.log(`  page errors:          ${totals.pageErrors.length}`);
console.log(`  blocked requests:     ${totals.blockedRequests.length}`);
for (const violation of totals.violations.slice(0, 20)) {
  console.log(`    - ${violation}`);
}
for (const error of totals.pageErrors.slice(0, 20)) {
  console.log(`    - page error: ${error}`);
}
const failed =
  totals.violations.length +
  totals.pageErrors.length +
  totals.blockedRequests.length;
process.exitCode = failed > 0 ? 1 : 0;

/** Starts rounds until `options.seconds` have passed and sums them. */
async function soak(browserToUse, origin) {
  const context = await browserToUse.newContext();
  context.setDefaultTimeout(ROUND_TIME_LIMIT_MS);
  const totals = {
    rounds: 0,
    operations: 0,
    faultsInjected: 0,
    faultsFired: 0,
    inputsTried: 0,
    violations: [],
    pageErrors: [],
    blockedRequests: [],
  };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    totals.blockedRequests.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('weberror', (webError) => {
    totals.pageErrors.push(String(webError.error()));
  });
  const page = await context.newPage();
  await page.goto(`${origin}/soak.html`);
  await page.waitForFunction(() => window.soak !== undefined);

  const rounds = [
    ['randomRound', RANDOM_OPERATIONS],
    ['twoTabRound', TWO_TAB_STEPS],
    ['inputRound', FUZZED_TOKENS],
  ];
  const deadline = startedAt + options.seconds * 1000;
  let seed = options.seed;
  while (Date.now() < deadline || totals.rounds < rounds.length) {
    const [name, size] = rounds[totals.rounds % rounds.length];
    const report = await runRound(page, name, seed, size);
    totals.rounds += 1;
    for (const key of [
      'operations',
      'faultsInjected',
      'faultsFired',
      'inputsTried',
    ]) {
      totals[key] += report[key];
    }
    totals.violations.push(...report.violations);
    log(
      `${name} seed ${seed}: ${report.operations} operations, ` +
        `${report.inputsTried} inputs, ${report.violations.length} violations`,
    );
    seed = (seed + 1) >>> 0;
  }
  await context.close();
  return totals;
}

/** Runs one round. A round that throws counts as one violation. */
async function runRound(page, name, seed, size) {
  try {
    return await page.evaluate(
      ([method, roundSeed, roundSize]) =>
        window.soak[method](roundSeed, roundSize),
      [name, seed, size],
    );
  } catch (error) {
    const message = error.message.split('\n')[0];
    return {
      operations: 0,
      faultsInjected: 0,
      faultsFired: 0,
      inputsTried: 0,
      violations: [`${name} seed ${seed} threw: ${message}`],
    };
  }
}

function readOptions() {
  let values;
  try {
    ({values} = parseArgs({
      options: {
        seconds: {type: 'string', default: '60'},
        seed: {type: 'string'},
        help: {type: 'boolean', default: false},
      },
    }));
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const seconds = Number(values.seconds);
  if (!Number.isFinite(seconds) || seconds < 0) {
    console.error(
      `--seconds expected a number of seconds, got "${values.seconds}"\n` +
        USAGE,
    );
    process.exit(2);
  }
  const seed =
    values.seed === undefined ? Date.now() >>> 0 : Number(values.seed) >>> 0;
  if (values.seed !== undefined && !/^\d+$/.test(values.seed)) {
    console.error(`--seed expected a whole number, got "${values.seed}"`);
    process.exit(2);
  }
  return {seconds, seed};
}

/**
 * Bundles the soak page and the second tab's module with esbuild, and
 * copies their HTML next to them. The frame's page is the test suite's,
 * pointed at the bundle instead of the TypeScript source.
 */
async function buildPages() {
  await rm(OUT, {recursive: true, force: true});
  await mkdir(OUT, {recursive: true});
  await build({
    entryPoints: [
      join(ROOT, 'test/soak/soak-page.ts'),
      join(ROOT, 'test/fixtures/robustness-tab.ts'),
    ],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: OUT,
    entryNames: '[name]',
    // package.json lists only the built files as having side effects, so
    // esbuild would drop the source module that defines the element.
    ignoreAnnotations: true,
    logLevel: 'error',
    // Named, because the decorators of the element need the tsconfig's
    // `experimentalDecorators`.
    tsconfig: join(ROOT, 'tsconfig.json'),
  });
  await copyFile(join(ROOT, 'test/soak/soak.html'), join(OUT, 'soak.html'));
  const tabPage = await readFile(
    join(ROOT, 'test/fixtures/robustness-tab.html'),
    'utf8',
  );
  await writeFile(
    join(OUT, 'robustness-tab.html'),
    tabPage.replace('./robustness-tab.ts', './robustness-tab.js'),
  );
}

/** Serves `root` on 127.0.0.1 only, on a port that the system picks. */
async function serve(root) {
  const types = {'.html': 'text/html', '.js': 'text/javascript'};
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://127.0.0.1').pathname;
    const file = normalize(join(root, decodeURIComponent(path)));
    if (!file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const type = types[extname(file)] ?? 'application/octet-stream';
      response.writeHead(200, {'Content-Type': `${type}; charset=utf-8`});
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function log(message) {
  console.error(`soak: ${message}`);
}
