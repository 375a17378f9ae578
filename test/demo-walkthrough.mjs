#!/usr/bin/env node
// Walks through the demo as a new user would, in headless Chromium: signs in
// three times, clears all sessions in one tab, and checks the page, a second
// tab and the IndexedDB database itself. It starts the dev server on a free
// loopback port and stops it at the end.
//
// Usage: node test/demo-walkthrough.mjs [--screenshot FILE]
// CHROME_PATH overrides the browser binary (default /usr/bin/chromium).
// Exits 1 when a check fails or a step times out.

import {spawn} from 'node:child_process';
import {createServer} from 'node:net';
import {fileURLToPath} from 'node:url';

import {createCheckList, launchChromium} from './node-checks.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WDS_BIN = fileURLToPath(
  new URL('../node_modules/@web/dev-server/dist/bin.js', import.meta.url),
);
const DB_NAME = 'turnkey-session-manager';
const STORE_NAME = 'sessions';

// What the walkthrough picks in the form for each sign-in, and what the
// element should then show for that session. The expiry is truncated, so a
// 15-minute session reads "expires in 14 minutes" a moment later.
const SIGN_INS = [
  {
    sessionType: 'Read-write',
    lifetime: '15 minutes',
    sessionKey: '@turnkey/session/v3',
    shownType: 'read-write',
    shownExpiry: /expires in 1[45] minutes/,
  },
  {
    sessionType: 'Read-only',
    lifetime: '1 hour',
    sessionKey: '@turnkey/session/v3-2',
    shownType: 'read-only',
    shownExpiry: /expires in (59 minutes|1 hour)/,
  },
  {
    sessionType: 'Read-write',
    lifetime: '1 day',
    sessionKey: '@turnkey/session/v3-3',
    shownType: 'read-write',
    shownExpiry: /expires in (23 hours|1 day)/,
  },
];
const EXPECTED_KEYS = SIGN_INS.map((choice) => choice.sessionKey);
const SERVER_START_TIMEOUT_MS = 30_000;
const STEP_TIMEOUT_MS = 10_000;

const {check, finish} = createCheckList();

function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen({port: 0, host: '127.0.0.1'}, () => {
      const {port} = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the dev server with the repository's config on `port` and resolves
 * with the process and the demo URL that it prints.
 */
function startDevServer(port) {
  const child = spawn(
    process.execPath,
    [WDS_BIN, '--config', 'web-dev-server.config.mjs', '--port', String(port)],
    {cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe']},
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`dev server printed no demo URL in time:\n${output}`));
    }, SERVER_START_TIMEOUT_MS);
    const onData = (chunk) => {
      output += chunk;
      const match = /Demo page: (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({child, demoUrl: match[1]});
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dev server exited with code ${code}:\n${output}`));
    });
  });
}

function stopDevServer(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** Opens a tab on the demo and collects its errors and failed requests. */
async function openDemo(context, demoUrl, name) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`${name}: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) {
      errors.push(`${name}: HTTP ${response.status()} for ${response.url()}`);
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${name}: ${message.text()}`);
  });
  await page.goto(demoUrl);
  await clearAllButton(page).waitFor();
  return {page, errors};
}

// Playwright's CSS locators pierce open shadow roots, so these find the
// element's parts, which are its documented styling surface.
const sessionRows = (page) =>
  page.locator('turnkey-session-manager [part~="session"]');
const emptyMessage = (page) =>
  page.locator('turnkey-session-manager [part~="empty"]');
const clearAllButton = (page) =>
  page.locator('turnkey-session-manager [part~="clear-all-button"]');

/**
 * Waits until the element in `page` shows its empty message, or throws with
 * the text that it shows instead.
 */
async function waitForEmptyList(page, tabName) {
  try {
    await emptyMessage(page).waitFor({timeout: STEP_TIMEOUT_MS});
  } catch (error) {
    const elementText = await page
      .locator('turnkey-session-manager')
      .evaluate((element) =>
        element.shadowRoot?.textContent.replace(/\s+/g, ' ').trim(),
      );
    throw new Error(
      `${tabName} did not show an empty list within ${STEP_TIMEOUT_MS} ms; ` +
        `it shows: ${elementText}`,
      {cause: error},
    );
  }
}

/** Picks `choice`'s session type and lifetime, signs in, waits for the row. */
async function signIn(page, choice, expectedRows) {
  await page
    .getByLabel('Session type')
    .selectOption({label: choice.sessionType});
  await page.getByLabel('Lifetime').selectOption({label: choice.lifetime});
  await page.getByRole('button', {name: 'Sign in'}).click();
  await page
    .locator('#sign-in-status', {hasText: `"${choice.sessionKey}"`})
    .waitFor({timeout: STEP_TIMEOUT_MS});
  await sessionRows(page)
    .nth(expectedRows - 1)
    .waitFor({timeout: STEP_TIMEOUT_MS});
}

/** Lists what each row shows: key, active marker, type and expiry. */
function readRows(page) {
  return sessionRows(page).evaluateAll((rows) =>
    rows.map((row) => {
      const textOf = (part) =>
        row
          .querySelector(`[part~="${part}"]`)
          ?.textContent.replace(/\s+/g, ' ')
          .trim();
      return {
        sessionKey: textOf('session-key'),
        active: row.part.contains('active-session'),
        sessionType: textOf('session-type'),
        expiry: textOf('expiry'),
      };
    }),
  );
}

/**
 * Reads the database without the core: every record key of the one object
 * store, counted by the kind that is its first element.
 */
function countRecords(page) {
  return page.evaluate(
    ({dbName, storeName}) =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open(dbName);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const keys = db
            .transaction(storeName, 'readonly')
            .objectStore(storeName)
            .getAllKeys();
          keys.onerror = () => reject(keys.error);
          keys.onsuccess = () => {
            db.close();
            const byKind = {};
            for (const key of keys.result) {
              const kind = Array.isArray(key) ? key[0] : String(key);
              byKind[kind] = (byKind[kind] ?? 0) + 1;
            }
            resolve({total: keys.result.length, byKind});
          };
        };
      }),
    {dbName: DB_NAME, storeName: STORE_NAME},
  );
}

function readEventLog(page) {
  return page.locator('#event-log li').evaluateAll((entries) =>
    entries.map((entry) => ({
      type: entry.querySelector('code')?.textContent,
      detail: JSON.parse(entry.querySelector('pre')?.textContent ?? 'null'),
    })),
  );
}

const sameList = (a, b) =>
  JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

async function walkThrough(browser, demoUrl, screenshotPath) {
  const context = await browser.newContext({
    viewport: {width: 900, height: 900},
    colorScheme: 'light',
  });
  const first = await openDemo(context, demoUrl, 'first tab');
  const {page} = first;

  // Sign in three times, leaving the session key empty so the page picks it.
  for (const [index, choice] of SIGN_INS.entries()) {
    await signIn(page, choice, index + 1);
  }
  const rows = await readRows(page);
  check(
    'first tab lists one row per sign-in',
    rows.length === SIGN_INS.length,
    `${rows.length} rows after ${SIGN_INS.length} sign-ins`,
  );
  check(
    'session keys are numbered from the default key',
    sameList(
      rows.map((row) => row.sessionKey),
      EXPECTED_KEYS,
    ),
    rows.map((row) => row.sessionKey).join(', '),
  );
  const active = rows.filter((row) => row.active);
  check(
    'exactly one session is marked active, the latest',
    active.length === 1 && active[0].sessionKey === EXPECTED_KEYS.at(-1),
    `${active.length} active: ${active.map((r) => r.sessionKey).join(', ')}`,
  );
  for (const choice of SIGN_INS) {
    const row = rows.find((candidate) => {
      return candidate.sessionKey === choice.sessionKey;
    });
    check(
      `row ${choice.sessionKey} shows ${choice.shownType}, ${choice.lifetime}`,
      row?.sessionType === choice.shownType &&
        choice.shownExpiry.test(row?.expiry ?? ''),
      row ? `${row.sessionType}, ${row.expiry}` : 'no such row',
    );
  }
  const before = await countRecords(page);
  check(
    'IndexedDB holds 3 sessions, 3 key pairs, 1 active pointer',
    before.byKind.session === SIGN_INS.length &&
      before.byKind['key-pair'] === SIGN_INS.length &&
      before.byKind['active-session'] === 1 &&
      before.total === 2 * SIGN_INS.length + 1,
    `${before.total} records: ${JSON.stringify(before.byKind)}`,
  );

  if (screenshotPath) {
    await page.screenshot({path: screenshotPath, fullPage: true});
    console.log(`saved screenshot ${screenshotPath}`);
  }

  const verifiedRows = page
    .locator('turnkey-session-manager')
    .locator('li[data-verified="true"]');
  await verifiedRows
    .nth(SIGN_INS.length - 1)
    .waitFor({timeout: STEP_TIMEOUT_MS})
    .catch(() => {});
  const verifiedCount = await verifiedRows.count();
  check(
    "every token verifies with the demo issuer's notarizer key",
    verifiedCount === SIGN_INS.length,
    `${verifiedCount} of ${SIGN_INS.length} rows verified`,
  );

  // Stamp a request with the active session, as an app would before
  // sending it to Turnkey.
  await page.locator('#sample-request-button').click();
  const stampOutput = page.locator('#sample-request-output');
  await stampOutput
    .filter({hasText: 'Signature verifies'})
    .waitFor({timeout: STEP_TIMEOUT_MS});
  const stampText = await stampOutput.textContent();
  check(
    'sample request is stamped with a verifying signature',
    stampText.includes('X-Stamp: ') &&
      stampText.includes('SIGNATURE_SCHEME_TK_API_P256') &&
      stampText.includes('Signature verifies: yes'),
    stampText.split('\n')[2]?.slice(0, 40),
  );

  // A second tab on the same origin shares the database.
  const second = await openDemo(context, demoUrl, 'second tab');
  await sessionRows(second.page)
    .nth(SIGN_INS.length - 1)
    .waitFor({timeout: STEP_TIMEOUT_MS});
  const secondRows = await sessionRows(second.page).count();
  check(
    'second tab lists the same sessions',
    secondRows === SIGN_INS.length,
    `${secondRows} rows`,
  );

  // Clear all from the first tab.
  await page.bringToFront();
  const clickedAt = Date.now();
  await clearAllButton(page).click();
  // The demo's element has `confirm`, so "Clear all" requests confirmation.
  const confirmButton = page
    .locator('turnkey-session-manager')
    .locator('[part~="confirm-button"]');
  check('"Clear all" asks for confirmation', await confirmButton.isVisible());
  await confirmButton.click();
  await waitForEmptyList(page, 'first tab');
  const firstEmptyMs = Date.now() - clickedAt;
  const rowsAfter = await sessionRows(page).count();
  check(
    'first tab shows no sessions after "Clear all"',
    rowsAfter === 0,
    `${rowsAfter} rows, empty message after ${firstEmptyMs} ms`,
  );
  check(
    '"Clear all" is disabled with nothing to clear',
    await clearAllButton(page).isDisabled(),
  );

  // The element dispatches a cancelable request first, then the result.
  await page
    .locator('#event-log li', {hasText: 'sessions-cleared'})
    .waitFor({timeout: STEP_TIMEOUT_MS});
  const log = await readEventLog(page);
  const types = log.map((entry) => entry.type);
  check(
    'log shows the request, then sessions-cleared',
    JSON.stringify(types) ===
      JSON.stringify(['sessions-clear-requested', 'sessions-cleared']),
    `${log.length} entries: ${types.join(', ')}`,
  );
  const requested = log[0]?.detail;
  check(
    'request names clear-all and the 3 keys',
    requested?.action === 'clear-all' &&
      sameList(requested?.sessionKeys ?? [], EXPECTED_KEYS),
    JSON.stringify(requested),
  );
  const cleared = log[1]?.detail;
  check(
    'sessions-cleared lists the 3 cleared keys',
    sameList(cleared?.sessionKeys ?? [], EXPECTED_KEYS),
    JSON.stringify(cleared),
  );

  const after = await countRecords(page);
  check(
    'IndexedDB holds no session and no key pair',
    after.total === 0,
    `${after.total} records: ${JSON.stringify(after.byKind)}`,
  );

  // The second tab hears of the clear through the core's BroadcastChannel.
  await waitForEmptyList(second.page, 'second tab');
  const secondEmptyMs = Date.now() - clickedAt;
  const secondRowsAfter = await sessionRows(second.page).count();
  check(
    'second tab empties by itself',
    secondRowsAfter === 0,
    `${secondRowsAfter} rows, empty within ${secondEmptyMs} ms of the click`,
  );
  const secondLog = await readEventLog(second.page);
  check(
    'second tab logs no event, as it did not clear',
    secondLog.length === 0,
    `${secondLog.length} entries`,
  );

  const errors = [...first.errors, ...second.errors];
  check(
    'no uncaught errors, console errors or failed requests',
    errors.length === 0,
    errors.join(' | ') || '0 errors',
  );
  await context.close();
}

async function main() {
  const screenshotIndex = process.argv.indexOf('--screenshot');
  const screenshotPath =
    screenshotIndex > 0 ? process.argv[screenshotIndex + 1] : undefined;

  const port = await findFreePort();
  const {child, demoUrl} = await startDevServer(port);
  console.log(`dev server started: ${demoUrl}`);
  let browser;
  try {
    browser = await launchChromium();
    await walkThrough(browser, demoUrl, screenshotPath);
  } finally {
    await browser?.close();
    await stopDevServer(child);
  }

  finish();
}

main().catch((error) => {
  console.error(`walkthrough failed: ${error.stack ?? error}`);
  process.exitCode = 1;
});
