/**
 * Turns the bench results into the Markdown that `npm run bench` prints:
 * the machine, the timing table, the bundle sizes, the chunk check and the
 * targets with their measured figures.
 */

import {TARGETS} from './sizes.mjs';
import {summarize} from './stats.mjs';

/**
 * Maximum main-thread task, in ms, for the element to count as responsive
 * with 10,000 sessions. An input that arrives during a task waits for it.
 */
const RESPONSIVE_TASK_MS = 200;

/** Returns the whole report as Markdown. */
export function formatReport(report) {
  const text = [
    formatMachine(report),
    '',
    '### Times in ms, median (min–max) over runs',
    '',
    formatTimes(report),
    '',
    '### Bundle sizes in bytes',
    '',
    formatSizes(report.sizes),
    '',
    '### Chunks requested to list and clear',
    '',
    formatChunkCheck(report.chunkCheck),
    '',
    '### Targets',
    '',
    formatTargets(report.targets),
  ].join('\n');
  return text.split('\n').map(wrapLine).join('\n');
}

/**
 * Wraps a line of prose at 80 columns, indenting the rest of a list item.
 * Table rows and headings are left as they are.
 */
function wrapLine(line) {
  if (line.length <= 80 || line.startsWith('|') || line.startsWith('#')) {
    return line;
  }
  const indent = line.startsWith('- ') ? '  ' : '';
  const lines = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current && current.length + 1 + word.length > 80) {
      lines.push(current);
      current = indent + word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  lines.push(current);
  return lines.join('\n');
}

function formatMachine({machine, source, startedAt, quick}) {
  const changes = source.uncommittedChanges ? ' with uncommitted changes' : '';
  return [
    `Run of ${startedAt}${quick ? ' (--quick)' : ''}: ` +
      `${machine.cpuModel}, ${machine.logicalCpus} logical CPUs, ` +
      `Chromium ${machine.chromium} headless, Node ${machine.node}.`,
    `Source: commit ${source.commit.slice(0, 7)}${changes}.`,
    '',
    `Load before: \`${machine.uptimeBefore}\``,
    `Load after: \`${machine.uptimeAfter}\``,
  ].join('\n');
}

/** Formats the timing table, one row per measure and session count. */
function formatTimes(report) {
  const lines = [
    '| Measure | N | ours | @turnkey/core | ours / theirs |',
    '| --- | --: | --: | --: | --: |',
  ];
  for (const measure of MEASURES) {
    for (const result of Object.values(report.counts)) {
      const ours = summarize(measure.values(result, 'ours'));
      const theirs = summarize(measure.values(result, 'theirs') ?? []);
      if (!ours && !theirs) continue;
      const theirCell = theirs
        ? formatSummary(theirs, measure.unit)
        : theirGap(result, measure);
      lines.push(
        `| ${measure.label} | ${formatCount(result.count)} ` +
          `| ${ours ? formatSummary(ours, measure.unit) : '–'} ` +
          `| ${theirCell} | ${formatRatio(measure, ours, theirs)} |`,
      );
    }
  }
  const notes = formatNotes(report);
  return notes ? `${lines.join('\n')}\n\n${notes}` : lines.join('\n');
}

/**
 * The rows of the timing table. `values` returns one number per run, and
 * `undefined` for `theirs` where `@turnkey/core` has no such measure.
 */
const MEASURES = [
  {
    label: 'Store N sessions (createApiKeyPair + storeSession), total',
    unit: 'ms',
    values: (result, name) => result.storing[name].map((run) => run.totalMs),
    kind: 'storing',
  },
  {
    label: 'storeSession(): median of last 10 ÷ median of stores 11–20',
    unit: 'x',
    values: (result, name) =>
      result.storing[name]
        .map((run) => run.lateToEarly)
        .filter((ratio) => ratio !== undefined),
    kind: 'storing',
    noRatio: true,
  },
  {
    label: 'getAllSessions()',
    unit: 'ms',
    values: (result, name) => result.listing[name],
  },
  {
    label: 'clearAllSessions(): promise resolved',
    unit: 'ms',
    values: (result, name) => result.clearing[name].map((c) => c.resolvedMs),
  },
  {
    label: 'clearAllSessions(): no session and no key pair left',
    unit: 'ms',
    values: (result, name) =>
      result.clearing[name].map((c) => c.emptyMs ?? Infinity),
  },
  {
    label: 'Session-key pointers left after clearAllSessions()',
    unit: 'count',
    values: (result, name) =>
      result.clearing[name].map((c) => c.left.sessionPointers),
    noRatio: true,
  },
  {
    label: 'Element: append() → all N rows rendered',
    unit: 'ms',
    values: elementValues((run) => run.renderedMs),
  },
  {
    label: 'Element: sessions read → all N rows rendered',
    unit: 'ms',
    values: elementValues((run) =>
      run.dataMs === null ? NaN : run.renderedMs - run.dataMs,
    ),
  },
  {
    label: 'Element: append() → next frame',
    unit: 'ms',
    values: elementValues((run) => run.paintedMs),
  },
  {
    label: 'Element: "Clear all" click → sessions-cleared',
    unit: 'ms',
    values: elementValues((run) => run.clearedMs),
  },
  {
    label: 'Element: longest task over 50 ms (0 = none)',
    unit: 'ms',
    values: elementValues((run) => run.longestTaskMs),
  },
];

/**
 * Returns the `values` function of an element measure. The element is this
 * package's, so it returns `undefined` for `@turnkey/core`.
 */
function elementValues(pick) {
  return (result, name) =>
    name === 'ours'
      ? result.element.map(pick).filter((v) => !isNaN(v))
      : undefined;
}

/**
 * Returns the text for `@turnkey/core` where it has no measured value. The
 * notes under the table give the details.
 */
function theirGap(result, measure) {
  if (measure.values(result, 'theirs') === undefined) return '–';
  const estimate = result.theirStoringEstimate;
  if (measure.kind === 'storing' && estimate && measure.unit === 'ms') {
    return `not run, ≈ ${formatNumber(estimate.totalMs)} estimated`;
  }
  if (measure.kind !== 'storing' && result.unavailable.theirs) {
    return 'not possible, see notes';
  }
  return 'not run';
}

/** Formats the notes on what `@turnkey/core` was not timed doing. */
function formatNotes(report) {
  const notes = [];
  for (const result of Object.values(report.counts)) {
    const estimate = result.theirStoringEstimate;
    if (estimate) {
      notes.push(
        `- @turnkey/core storing ${formatCount(estimate.count)} sessions ` +
          `is an estimate: a line fitted to the cost of each of its ` +
          `storeSession() calls at N = ${formatCount(estimate.basedOnCount)} ` +
          `(${formatNumber(estimate.storeMsPerSessionAtZero)} ms plus ` +
          `${estimate.storeMsAddedPerStoredSession.toPrecision(2)} ms per ` +
          `session already stored), summed to ` +
          `${formatCount(estimate.count)}, plus its mean createApiKeyPair().`,
      );
    }
    const seeding = result.unavailable.theirs;
    if (seeding) {
      notes.push(
        `- Seeding @turnkey/core with ${formatCount(result.count)} ` +
          `sessions stopped after ${formatCount(seeding.stored)}: ` +
          `${seeding.error} So it could not store that many in this ` +
          'browser, and listing and clearing them were not possible.',
      );
    }
  }
  return notes.join('\n');
}

function formatRatio(measure, ours, theirs) {
  if (measure.noRatio || !ours || !theirs) return '–';
  // The page's clock counts in steps of 0.1 ms.
  if (theirs.median === 0) return 'theirs < 0.1 ms';
  return String(Number((ours.median / theirs.median).toPrecision(2)));
}

function formatSummary({median, min, max, runs}, unit) {
  const format = (value) => formatValue(value, unit);
  if (runs === 1) return `${format(median)} (1 run)`;
  return `${format(median)} (${format(min)}–${format(max)})`;
}

function formatValue(value, unit) {
  if (value === Infinity) return 'never';
  if (unit === 'x') return `${value.toFixed(2)}×`;
  if (unit === 'count') return formatCount(value);
  return formatNumber(value);
}

/** Formats a time in ms, to 0.1 ms below 100 ms, the page clock's step. */
function formatNumber(ms) {
  const digits = ms < 100 ? 1 : 0;
  return ms.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

function formatCount(count) {
  return count.toLocaleString('en-US');
}

function formatSizes(sizes) {
  const turnkey = sizes.turnkeyClient;
  const rows = [
    [
      'Element + core, loaded at once (listing and clearing)',
      sizes.element.initial,
      turnkey.initial,
    ],
    [
      'Element + core, with the curve chunk',
      sizes.element.total,
      turnkey.total,
    ],
    ['Core only, loaded at once', sizes.core.initial, turnkey.initial],
    ['Core only, with the curve chunk', sizes.core.total, turnkey.total],
    [
      'dist/turnkey-session-manager.bundled.js',
      sizes.selfContained,
      turnkey.total,
    ],
    ['@turnkey/core TurnkeyClient, loaded at once', turnkey.initial, null],
    ['@turnkey/core TurnkeyClient, all chunks', turnkey.total, null],
  ];
  const lines = [
    '| Bundle | Files | Minified | Gzip | Gzip, ours / TurnkeyClient |',
    '| --- | --: | --: | --: | --: |',
  ];
  for (const [label, size, theirs] of rows) {
    if (!size) {
      lines.push(`| ${label} | not built: run npm run build | | | |`);
      continue;
    }
    const ratio = theirs
      ? String(Number((size.gzipBytes / theirs.gzipBytes).toPrecision(2)))
      : '–';
    lines.push(
      `| ${label} | ${size.files} | ${formatCount(size.minBytes)} ` +
        `| ${formatCount(size.gzipBytes)} | ${ratio} |`,
    );
  }
  return lines.join('\n');
}

function formatChunkCheck(check) {
  return [
    `Curve chunks in the bench build: ${check.curveChunks.join(', ')}.`,
    `Requested while listing and clearing: ` +
      `${check.listingRequests.join(', ')}.`,
    `Curve chunks among them: ` +
      `${check.curveChunksLoadedForListing.join(', ') || 'none'}; ` +
      `requested once a key pair was created on the same page: ` +
      `${check.curveChunksLoadedForKeyPair.join(', ') || 'none'}.`,
  ].join('\n');
}

/**
 * Checks the measured figures against the targets. A target whose figure
 * was not measured in this run (with `--quick`, say) has `met: null`.
 */
export function evaluateTargets(report) {
  const at = (count) => report.counts[count];
  const median = (values) => summarize(values ?? [])?.median;
  const emptyAfter = (count, name) =>
    median(at(count)?.clearing[name].map((c) => c.emptyMs ?? Infinity));
  const element = (count, pick) =>
    median(at(count) && elementValues(pick)(at(count), 'ours'));

  // This package's clearAllSessions() resolves only after its transaction
  // has committed, so its promise marks the commit whenever the first direct
  // read after it already found storage empty.
  const committedAfter = (count) =>
    median(
      at(count)?.clearing.ours.map((c) =>
        c.reads === 1 ? c.resolvedMs : (c.emptyMs ?? Infinity),
      ),
    );
  const committedOrEmpty = (count) => (value) =>
    `${ms(value)} to commit; ${ms(emptyAfter(count, 'ours'))} ` +
    'with the direct read that found storage empty';

  const oursEmpty = emptyAfter(1000, 'ours');
  const theirsEmpty = emptyAfter(1000, 'theirs');
  const check = report.chunkCheck;
  const sizes = report.sizes;
  return [
    target(
      'clearAllSessions(), N = 1,000: committed, no session or key pair left',
      '≤ 10 ms',
      committedAfter(1000),
      (v) => v <= 10,
      committedOrEmpty(1000),
    ),
    target(
      'clearAllSessions(), N = 1,000: @turnkey/core ÷ ours, to storage empty',
      '≥ 50×',
      oursEmpty && theirsEmpty && theirsEmpty / oursEmpty,
      (v) => v >= 50,
      (v) => `${v.toFixed(0)}× (${ms(oursEmpty)} vs ${ms(theirsEmpty)})`,
    ),
    target(
      'clearAllSessions(), N = 10,000: committed, no session or key pair left',
      '≤ 50 ms',
      committedAfter(10000),
      (v) => v <= 50,
      committedOrEmpty(10000),
    ),
    target(
      'getAllSessions(), N = 1,000',
      '≤ 30 ms',
      median(at(1000)?.listing.ours),
      (v) => v <= 30,
      ms,
    ),
    target(
      'storeSession() stays flat, N = 1,000: last 10 ÷ stores 11–20',
      '≤ 2×',
      median(at(1000)?.storing.ours.map((run) => run.lateToEarly)),
      (v) => v <= 2,
      (v) => `${v.toFixed(2)}×`,
    ),
    target(
      'Element, N = 1,000: sessions read → all rows rendered',
      '≤ 50 ms',
      element(1000, (run) =>
        run.dataMs === null ? NaN : run.renderedMs - run.dataMs,
      ),
      (v) => v <= 50,
      ms,
    ),
    target(
      'Element, N = 10,000: longest main-thread task from append() to empty',
      `≤ ${RESPONSIVE_TASK_MS} ms`,
      element(10000, (run) => run.longestTaskMs),
      (v) => v <= RESPONSIVE_TASK_MS,
      ms,
    ),
    target(
      'Listing and clearing request no curve chunk',
      'none, and one once a key pair is created',
      check && {
        listing: check.curveChunksLoadedForListing.length,
        keyPair: check.curveChunksLoadedForKeyPair.length,
      },
      (v) => v.listing === 0 && v.keyPair > 0,
      (v) =>
        `${v.listing} while listing and clearing, ` +
        `${v.keyPair} after createApiKeyPair()`,
    ),
    target(
      'dist/turnkey-session-manager.bundled.js, gzip',
      `≤ ${formatCount(TARGETS.selfContainedGzip)} B`,
      sizes.selfContained?.gzipBytes,
      (v) => v <= TARGETS.selfContainedGzip,
      bytes,
    ),
    target(
      'Element + core loaded to list and clear, gzip',
      `≤ ${formatCount(TARGETS.listingAndClearingGzip)} B`,
      sizes.element.initial.gzipBytes,
      (v) => v <= TARGETS.listingAndClearingGzip,
      bytes,
    ),
  ];
}

function target(name, goal, value, test, format) {
  const measured = value !== undefined && value !== null && value !== false;
  return {
    name,
    goal,
    measured: measured ? format(value) : 'not measured',
    met: measured ? test(value) : null,
    why: WHY_MISSED[name] ?? '',
  };
}

/**
 * Reasons for missed targets, printed beside a target that is missed. Each
 * was found by taking the measured step apart on 2026-12-04, except where
 * it says otherwise.
 */
const WHY_MISSED = {
  'clearAllSessions(), N = 1,000: committed, no session or key pair left':
    'it reads the 1,000 session keys that it resolves with, then makes ' +
    'three range deletes and commits; runs on a loaded machine fall on ' +
    'either side of the goal',
  'clearAllSessions(), N = 10,000: committed, no session or key pair left':
    'reading the 10,000 keys takes about 28 ms and the range deletes about ' +
    '42 ms; a bare clear() of the store alone takes about 40 ms',
  'getAllSessions(), N = 1,000':
    'it reads 1,000 records of about 1 KB with getAll() and checks each; ' +
    'not taken apart further',
  'Element, N = 1,000: sessions read → all rows rendered':
    'the element renders every row, 19 elements each; rendering only the ' +
    'visible rows would fix it',
  'Element, N = 10,000: longest main-thread task from append() to empty':
    'the element renders all 10,000 rows in one task; rendering only the ' +
    'visible rows would fix it',
  'dist/turnkey-session-manager.bundled.js, gzip':
    'about 15 KB of it is the P-256 code of @noble/curves, inlined so that ' +
    'the file stands alone',
  'Element + core loaded to list and clear, gzip':
    "Lit, the element's strings, states and styles, and the stamping and " +
    'key import modules, which session-store.ts imports statically',
};

function ms(value) {
  return value === Infinity ? 'never' : `${formatNumber(value)} ms`;
}

function bytes(value) {
  return `${formatCount(value)} B`;
}

function formatTargets(targets) {
  const lines = [
    '| Target | Goal | Measured | Met | Why, if not met |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const {name, goal, measured, met, why} of targets) {
    let verdict = met ? 'met' : 'NOT MET';
    if (met === null) verdict = 'not measured';
    const reason = met === false ? why : '';
    lines.push(`| ${name} | ${goal} | ${measured} | ${verdict} | ${reason} |`);
  }
  return lines.join('\n');
}
