#!/usr/bin/env node
// Builds the host examples under demo/ (Vue, Angular, React 19, React 18)
// with their frameworks' own build tools, serves them and the plain HTML
// example on loopback, and uses each in headless Chromium as a person
// would: signs in twice through the app's button, presses "Clear all" in
// the element, and checks that the app's own state shows the event. It
// also checks that each app set `db-name` and `heading-level` as
// attributes and `strings` as a property, and that IndexedDB is empty
// afterwards.
//
// Usage: node test/hosts/run.mjs [HOST...]
// HOST is vue, angular, react, react18 or plain (default: all). Needs
// `npm run build` first, and `npm ci --prefix demo/react18` for React 18.
// CHROME_PATH overrides the browser binary (default /usr/bin/chromium).
// Exits 1 when a build or check fails or a step times out.

import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import {extname, join, normalize, sep} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

import {createCheckList, launchChromium} from '../node-checks.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STEP_TIMEOUT_MS = 10_000;
const BUILD_TIMEOUT_MS = 180_000;
const SIGN_IN_COUNT = 2;
const EXPECTED_HEADING_LEVEL = '3';

const VITE_BIN = join(ROOT, 'node_modules/vite/bin/vite.js');
const NG_BIN = join(ROOT, 'node_modules/@angular/cli/bin/ng.js');

/**
 * The examples: how each is built, the page to open, the database it
 * lists, and the heading that its `strings` property sets.
 */
const HOSTS = [
  {
    name: 'vue',
    build: [VITE_BIN, 'build', '--config', 'demo/vue/vite.config.ts'],
    buildDirectory: ROOT,
    page: 'demo/vue/dist/index.html',
    dbName: 'vue-example',
    heading: 'Sessions of the Vue app',
  },
  {
    name: 'angular',
    build: [NG_BIN, 'build'],
    buildDirectory: join(ROOT, 'demo/angular'),
    page: 'demo/angular/dist/browser/index.html',
    dbName: 'angular-example',
    heading: 'Sessions of the Angular app',
  },
  {
    name: 'react',
    build: [VITE_BIN, 'build', '--config', 'demo/react/vite.config.ts'],
    buildDirectory: ROOT,
    page: 'demo/react/dist/index.html',
    dbName: 'react-example',
    heading: 'Sessions of the React 19 app',
  },
  {
    name: 'react18',
    build: [VITE_BIN, 'build', '--config', 'demo/react18/vite.config.ts'],
    buildDirectory: ROOT,
    requires: {
      path: 'demo/react18/node_modules/react-dom/package.json',
      fix: 'npm ci --prefix demo/react18',
    },
    page: 'demo/react18/dist/index.html',
    dbName: 'react18-example',
    heading: 'Sessions of the React 18 app',
    reactMajorVersion: '18',
  },
  {
    name: 'plain',
    page: 'demo/plain/index.html',
    dbName: 'plain-example',
    heading: 'Sessions of the plain page',
  },
];

const REQUIRED_BUILD_FILES = [
  'dist/index.js',
  'dist/core/index.js',
  'dist/react.js',
  'dist/turnkey-session-manager.bundled.js',
  'dist/core.bundled.js',
];

const CONTENT_TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
};

const {check, finish} = createCheckList();

/** Runs a host's build and returns how long it took, in seconds. */
async function buildHost(host) {
  if (host.requires && !existsSync(join(ROOT, host.requires.path))) {
    throw new Error(
      `${host.requires.path} is missing; run "${host.requires.fix}" first`,
    );
  }
  const started = performance.now();
  try {
    await promisify(execFile)(process.execPath, host.build, {
      cwd: host.buildDirectory,
      timeout: BUILD_TIMEOUT_MS,
      // Without CI set, the Angular CLI prompts for analytics consent when
      // it runs in a terminal.
      env: {...process.env, CI: 'true', NG_CLI_ANALYTICS: 'false'},
    });
  } catch (error) {
    throw new Error(
      `building the ${host.name} example failed: ${error.message}\n` +
        `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
  }
  return (performance.now() - started) / 1000;
}

/** Serves the files of the repository, read-only, on loopback. */
async function startServer() {
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(
      new URL(request.url, 'http://localhost').pathname,
    );
    const path = normalize(join(ROOT, pathname));
    if (!path.startsWith(ROOT) || path.split(sep).includes('node_modules')) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(path);
      const type = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';
      response.writeHead(200, {'content-type': type}).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Counts the records of each kind in the core's object store. */
function countStoredRecords(dbName) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(dbName);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const keysRequest = db
        .transaction('sessions', 'readonly')
        .objectStore('sessions')
        .getAllKeys();
      keysRequest.onerror = () => reject(keysRequest.error);
      keysRequest.onsuccess = () => {
        const counts = {};
        for (const key of keysRequest.result) {
          const kind = Array.isArray(key) ? key[0] : String(key);
          counts[kind] = (counts[kind] ?? 0) + 1;
        }
        db.close();
        resolve(counts);
      };
    };
  });
}

async function exerciseHost(browser, baseUrl, host) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      errors.push(`HTTP ${response.status()} for ${response.url()}`);
    }
  });

  try {
    await page.goto(new URL(host.page, baseUrl).href);
    const manager = page.locator('turnkey-session-manager');
    await manager
      .locator('[part~="empty"]')
      .waitFor({timeout: STEP_TIMEOUT_MS});

    // Arrange: the bindings as the app set them.
    const bindings = await manager.evaluate((element) => ({
      dbNameAttribute: element.getAttribute('db-name'),
      dbNameProperty: element.dbName,
      headingLevelAttribute: element.getAttribute('heading-level'),
      stringsAttribute: element.getAttribute('strings'),
      upgraded:
        element instanceof
        (customElements.get('turnkey-session-manager') ?? Object),
    }));
    check(
      `${host.name}: db-name set as an attribute`,
      bindings.dbNameAttribute === host.dbName &&
        bindings.dbNameProperty === host.dbName,
      `attribute ${bindings.dbNameAttribute}, ` +
        `property ${bindings.dbNameProperty}`,
    );
    check(`${host.name}: element is upgraded`, bindings.upgraded);
    const heading = manager.locator('[part~="heading"]');
    const headingText = (await heading.textContent())?.trim();
    const headingLevel = await heading.getAttribute('aria-level');
    check(
      `${host.name}: strings set as a property`,
      headingText === host.heading && bindings.stringsAttribute === null,
      `heading "${headingText}", attribute ${bindings.stringsAttribute}`,
    );
    check(
      `${host.name}: heading-level reaches the heading`,
      headingLevel === EXPECTED_HEADING_LEVEL,
      `aria-level ${headingLevel}`,
    );
    if (host.reactMajorVersion) {
      const version = await page.locator('#react-version').textContent();
      check(
        `${host.name}: app runs React ${host.reactMajorVersion}`,
        version?.split('.')[0] === host.reactMajorVersion,
        `React ${version}`,
      );
    }

    // Act: sign in through the app, then clear all in the element.
    const signInButton = page.getByRole('button', {name: 'Sign in'});
    const signInCount = page.locator('#sign-in-count');
    for (let count = 1; count <= SIGN_IN_COUNT; count++) {
      await signInButton.click();
      await signInCount
        .getByText(`Signed in ${count} times`)
        .waitFor({timeout: STEP_TIMEOUT_MS});
    }
    const rows = manager.locator('[part~="session"]');
    await rows.nth(SIGN_IN_COUNT - 1).waitFor({timeout: STEP_TIMEOUT_MS});
    const listed = await rows.count();
    check(
      `${host.name}: element lists the app's sessions`,
      listed === SIGN_IN_COUNT,
      `${listed} rows`,
    );
    const clearedMessage = page.locator('#cleared-message');
    const messageBefore = (await clearedMessage.textContent())?.trim();
    await manager.locator('[part~="clear-all-button"]').click();

    // Assert: the app's own state changed on the event.
    const expectedMessage = `Cleared ${SIGN_IN_COUNT} sessions`;
    await clearedMessage
      .getByText(expectedMessage)
      .waitFor({timeout: STEP_TIMEOUT_MS})
      .catch(() => {});
    const messageAfter = (await clearedMessage.textContent())?.trim();
    check(
      `${host.name}: app shows sessions-cleared`,
      messageAfter === expectedMessage,
      `"${messageBefore}" became "${messageAfter}"`,
    );
    await manager
      .locator('[part~="empty"]')
      .waitFor({timeout: STEP_TIMEOUT_MS});
    const records = await page.evaluate(countStoredRecords, host.dbName);
    check(
      `${host.name}: no session or key pair left`,
      !records.session && !records['key-pair'],
      JSON.stringify(records),
    );
    check(
      `${host.name}: no uncaught errors or failed requests`,
      errors.length === 0,
      errors.join(' | ') || '0 errors',
    );
  } finally {
    await context.close();
  }
}

async function main() {
  const selected = process.argv.slice(2);
  const unknown = selected.filter(
    (name) => !HOSTS.some((h) => h.name === name),
  );
  if (unknown.length > 0) {
    throw new Error(
      `unknown host ${unknown.join(', ')}; expected one of ` +
        HOSTS.map((host) => host.name).join(', '),
    );
  }
  const hosts = HOSTS.filter(
    (host) => selected.length === 0 || selected.includes(host.name),
  );
  const missing = REQUIRED_BUILD_FILES.filter(
    (path) => !existsSync(join(ROOT, path)),
  );
  if (missing.length > 0) {
    throw new Error(`${missing.join(', ')} missing; run "npm run build" first`);
  }

  // One build at a time, because the machine has two cores.
  for (const host of hosts) {
    if (!host.build) continue;
    const seconds = await buildHost(host);
    console.log(`built ${host.name} in ${seconds.toFixed(1)} s`);
  }

  const server = await startServer();
  const baseUrl = `http://127.0.0.1:${server.address().port}/`;
  let browser;
  try {
    browser = await launchChromium();
    for (const host of hosts) {
      const started = performance.now();
      await exerciseHost(browser, baseUrl, host);
      const seconds = (performance.now() - started) / 1000;
      console.log(`exercised ${host.name} in ${seconds.toFixed(1)} s`);
    }
  } finally {
    await browser?.close();
    server.close();
  }

  finish();
}

main().catch((error) => {
  console.error(`host examples failed: ${error.stack ?? error}`);
  process.exitCode = 1;
});
