// Shared by the Node scripts that drive headless Chromium (the demo
// walkthrough, the bundle, host and package checks, the soak and the
// benchmark): how Chromium is started, and a list of printed checks.

import {chromium} from 'playwright-core';

/**
 * Flags for Chromium on a machine whose network is closed: without the
 * background-networking ones it keeps trying to reach Google's hosts.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts headless Chromium from `CHROME_PATH`, default /usr/bin/chromium. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Returns `check(description, passed, figures)`, which prints one check
 * with the figures it compared, and `finish()`, which prints the count line
 * and sets a failing exit code when any check failed.
 */
export function createCheckList() {
  const failures = [];
  let count = 0;

  return {
    check(description, passed, figures = '') {
      count++;
      const suffix = figures ? ` (${figures})` : '';
      console.log(`${passed ? 'ok  ' : 'FAIL'} ${description}${suffix}`);
      if (!passed) failures.push(description);
    },
    finish() {
      console.log(
        `${count - failures.length} passed, ${failures.length} failed`,
      );
      if (failures.length > 0) process.exitCode = 1;
    },
  };
}
