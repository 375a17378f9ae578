/**
 * Runs every test in Chromium, Firefox and WebKit, each found on this
 * machine (see test/browsers/engines.mjs). `BROWSERS=chromium,firefox`
 * selects a subset.
 */

import {defaultReporter} from '@web/test-runner';
import {esbuildPlugin} from '@web/dev-server-esbuild';

import {engineSummaryReporter} from './test/browsers/summary-reporter.mjs';
import {turnkeyTestServer} from './test/fixtures/turnkey-test-server.mjs';
import {turnkeyCoreBundle} from './test/turnkey-core-bundle.mjs';
import {
  EngineSetupError,
  createLaunchers,
  parseEngineList,
} from './test/browsers/engines.mjs';

let browsers;
try {
  browsers = createLaunchers(parseEngineList(process.env.BROWSERS));
} catch (error) {
  if (!(error instanceof EngineSetupError)) throw error;
  // wtr would print the stack of a thrown error, which adds nothing here.
  console.error(`Error: ${error.message}`);
  process.exit(1);
}

const SECOND_MS = 1000;

export default {
  // @web/dev-server-core 1.0 listens on every interface when the hostname is
  // exactly "localhost" or "127.0.0.1"; "127.1", which browsers read as
  // 127.0.0.1, keeps the test server on loopback.
  hostname: '127.1',
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  plugins: [
    esbuildPlugin({ts: true, tsconfig: 'tsconfig.json'}),
    // Turnkey's packages bundled for the browser, and an echo endpoint for
    // requests that TurnkeyClient sends, for the cross-check tests.
    turnkeyTestServer(),
    // @turnkey/core bundled for the browser, for the element's tests with
    // its TurnkeyClient.
    turnkeyCoreBundle(),
  ],
  browsers,
  // One test file at a time in each engine, with all three engines at once.
  // Measured on a shared 2-core machine with 130 tests per engine, running
  // the engines one after another took 36-38 s in place of 32-34 s.
  concurrency: 1,
  concurrentBrowsers: 3,
  // MiniBrowser under Xvfb can take several seconds to open its first page
  // on a busy machine.
  browserStartTimeout: 120 * SECOND_MS,
  testsStartTimeout: 60 * SECOND_MS,
  testsFinishTimeout: 180 * SECOND_MS,
  reporters: [defaultReporter(), engineSummaryReporter()],
  testFramework: {config: {timeout: 20 * SECOND_MS}},
};
