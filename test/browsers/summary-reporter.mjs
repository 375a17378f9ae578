/**
 * A wtr reporter that ends the run with one plain line per engine, such as
 * `Firefox: 40 passed, 0 failed, 1 skipped`, then a `Total:` line when more
 * than one engine ran, so the counts read the same in a CI log as on a
 * terminal.
 */

import {SESSION_STATUS} from '@web/test-runner';

/**
 * Returns the reporter. A test file that failed to load or run counts as one
 * failure, so that a red run never prints "0 failed".
 */
export function engineSummaryReporter() {
  let browserNames = [];

  return {
    start({browserNames: names}) {
      browserNames = names;
    },

    // wtr prints progress reports below the test results, and its last one
    // after every other reporter has stopped, so the summary goes there.
    getTestProgress({sessions, testRun}) {
      const finished = sessions.every(
        (session) => session.status === SESSION_STATUS.FINISHED,
      );
      if (testRun === -1 || !finished) return [];
      return summarize(browserNames, sessions);
    },
  };
}

function summarize(browserNames, sessions) {
  const total = {passed: 0, failed: 0, skipped: 0};
  const lines = [''];
  for (const name of browserNames) {
    const counts = {passed: 0, failed: 0, skipped: 0};
    for (const session of sessions) {
      if (session.browser.name === name) addSession(counts, session);
    }
    lines.push(`${name}: ${formatCounts(counts)}`);
    for (const key of Object.keys(total)) total[key] += counts[key];
  }
  if (browserNames.length > 1) lines.push(`Total: ${formatCounts(total)}`);
  return lines;
}

function formatCounts({passed, failed, skipped}) {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}

function addSession(counts, session) {
  const before = counts.failed;
  if (session.testResults) addSuite(counts, session.testResults);
  if (!session.passed && counts.failed === before) counts.failed++;
}

function addSuite(counts, suite) {
  for (const test of suite.tests) {
    if (test.skipped) counts.skipped++;
    else if (test.passed) counts.passed++;
    else counts.failed++;
  }
  for (const child of suite.suites) addSuite(counts, child);
}
