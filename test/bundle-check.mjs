#!/usr/bin/env node
// Checks that `dist/turnkey-session-manager.bundled.js` works on its own in a
// plain HTML page, as it would when loaded from a CDN. The page imports that
// one file and nothing else. The element in it must then list and clear the
// sessions that another copy of the core stores in the same database.
// Run `npm run build` first.
//
// Usage: node test/bundle-check.mjs
// CHROME_PATH overrides the browser binary (default /usr/bin/chromium).
// Exits 1 when a check fails or a step times out.

import {readFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

import {createCheckList, launchChromium} from './node-checks.mjs';

const BUNDLE_PATH = fileURLToPath(
  new URL('../dist/turnkey-session-manager.bundled.js', import.meta.url),
);
const DB_NAME = 'plain-page';
const SEEDED_KEYS = ['app/session-a', 'app/session-b'];
const STEP_TIMEOUT_MS = 10_000;

// The page as the README shows it: no import map, no build step.
const PLAIN_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <link rel="icon" href="data:," />
    <title>bundle check</title>
  </head>
  <body>
    <turnkey-session-manager db-name="${DB_NAME}"></turnkey-session-manager>
    <script type="module">
      import './turnkey-session-manager.bundled.js';

      window.clearedKeys = [];
      document.addEventListener('sessions-cleared', (event) => {
        window.clearedKeys.push(event.detail.sessionKeys);
      });
    </script>
  </body>
</html>
`;

// Stores sessions the way a host app would, through its own copy of the
// core, bundled here because the element bundle does not export the core.
const SEED_ENTRY = `
import {getSessionStore} from './dist/core/index.js';
import {createSessionIssuer} from './demo/session-issuer.ts';

export async function seed(dbName, sessionKeys) {
  const store = getSessionStore(dbName);
  const issuer = await createSessionIssuer();
  for (const sessionKey of sessionKeys) {
    const publicKey = await store.createApiKeyPair();
    const sessionToken = await issuer.sign({
      exp: Math.floor(Date.now() / 1000) + 3600,
      public_key: publicKey,
      session_type: 'SESSION_TYPE_READ_ONLY',
      user_id: 'user-' + sessionKey,
      organization_id: 'organization-1',
    });
    await store.storeSession({sessionToken, sessionKey});
  }
}
`;

const {check, finish} = createCheckList();

async function bundleSeedScript() {
  const result = await build({
    stdin: {
      contents: SEED_ENTRY,
      resolveDir: fileURLToPath(new URL('..', import.meta.url)),
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** Serves the plain page, the bundle and the seed script on loopback. */
async function startServer(files) {
  const server = createServer((request, response) => {
    const file = files.get(new URL(request.url, 'http://x').pathname);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {'content-type': file.type}).end(file.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function runChecks(browser, baseUrl) {
  const page = await browser.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) {
      errors.push(`HTTP ${response.status()} for ${response.url()}`);
    }
  });

  await page.goto(baseUrl);
  const emptyMessage = page.locator('turnkey-session-manager [part~="empty"]');
  await emptyMessage.waitFor({timeout: STEP_TIMEOUT_MS});
  const loaded = requests.map((url) => new URL(url).pathname);
  check(
    'page loads the bundle and no other file',
    loaded.length === 2 && loaded[1] === '/turnkey-session-manager.bundled.js',
    loaded.join(', '),
  );
  check('element shows an empty list', await emptyMessage.isVisible());

  // Sessions stored by another copy of the core reach the element through
  // the BroadcastChannel named after the database.
  await page.evaluate(
    async ({dbName, sessionKeys}) => {
      const {seed} = await import('./seed.js');
      await seed(dbName, sessionKeys);
    },
    {dbName: DB_NAME, sessionKeys: SEEDED_KEYS},
  );
  const rows = page.locator('turnkey-session-manager [part~="session"]');
  await rows.nth(SEEDED_KEYS.length - 1).waitFor({timeout: STEP_TIMEOUT_MS});
  const rowCount = await rows.count();
  const activeCount = await page
    .locator('turnkey-session-manager [part~="active-session"]')
    .count();
  check(
    'element lists the seeded sessions, one active',
    rowCount === SEEDED_KEYS.length && activeCount === 1,
    `${rowCount} rows, ${activeCount} active`,
  );

  await page
    .locator('turnkey-session-manager [part~="clear-all-button"]')
    .click();
  await emptyMessage.waitFor({timeout: STEP_TIMEOUT_MS});
  await page.waitForFunction(() => window.clearedKeys.length > 0, null, {
    timeout: STEP_TIMEOUT_MS,
  });
  const clearedKeys = await page.evaluate(() => window.clearedKeys);
  check(
    'sessions-cleared reaches document with the cleared keys',
    clearedKeys.length === 1 &&
      JSON.stringify([...clearedKeys[0]].sort()) ===
        JSON.stringify(SEEDED_KEYS),
    JSON.stringify(clearedKeys),
  );
  check(
    'no uncaught errors or failed requests',
    errors.length === 0,
    errors.join(' | ') || '0 errors',
  );
}

async function main() {
  const bundle = await readFile(BUNDLE_PATH, 'utf8').catch(() => {
    throw new Error(`${BUNDLE_PATH} is missing; run "npm run build" first`);
  });
  console.log(`bundle: ${bundle.length} bytes`);
  const files = new Map([
    ['/', {type: 'text/html', body: PLAIN_PAGE}],
    [
      '/turnkey-session-manager.bundled.js',
      {type: 'text/javascript', body: bundle},
    ],
    ['/seed.js', {type: 'text/javascript', body: await bundleSeedScript()}],
  ]);

  const server = await startServer(files);
  const baseUrl = `http://127.0.0.1:${server.address().port}/`;
  let browser;
  try {
    browser = await launchChromium();
    await runChecks(browser, baseUrl);
  } finally {
    await browser?.close();
    server.close();
  }

  finish();
}

main().catch((error) => {
  console.error(`bundle check failed: ${error.stack ?? error}`);
  process.exitCode = 1;
});
