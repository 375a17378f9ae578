/**
 * Tests of the time formatting that the session list uses.
 */

import {expect} from '@esm-bundle/chai';

import {
  describeExpiry,
  formatDateTime,
  msUntilExpiryTextChanges,
} from '../src/relative-time.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const NOW_SECONDS = NOW / 1000;
const SECOND_MS = 1000;
const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('describeExpiry', () => {
  const cases: Array<
    [offsetSeconds: number, relativeTime: string, expired: boolean]
  > = [
    [14 * MINUTE + 59, 'in 14 minutes', false],
    [59, 'in 59 seconds', false],
    [1, 'in 1 second', false],
    [HOUR, 'in 1 hour', false],
    [HOUR - 1, 'in 59 minutes', false],
    [2 * DAY + HOUR, 'in 2 days', false],
    [45 * DAY, 'in 1 month', false],
    [400 * DAY, 'in 1 year', false],
    [0, '1 second ago', true],
    [-1, '1 second ago', true],
    [-5 * MINUTE - 30, '5 minutes ago', true],
    [-3 * DAY, '3 days ago', true],
    [-362 * DAY, '12 months ago', true],
  ];

  for (const [offset, relativeTime, expired] of cases) {
    it(`reads "${relativeTime}" at ${offset} s`, () => {
      const description = describeExpiry(NOW_SECONDS + offset, NOW, 'en');
      expect(description.relativeTime, 'relative time').to.equal(relativeTime);
      expect(description.expired, 'expired').to.equal(expired);
    });
  }

  it('rounds a sub-second wait up', () => {
    const description = describeExpiry(NOW_SECONDS + 0.4, NOW, 'en');
    expect(description.relativeTime).to.equal('in 1 second');
    expect(description.expired).to.be.false;
  });

  it('formats in the given locale', () => {
    const future = describeExpiry(NOW_SECONDS + 14 * MINUTE + 5, NOW, 'de');
    expect(future.relativeTime).to.equal('in 14 Minuten');
    const past = describeExpiry(NOW_SECONDS - 3 * DAY, NOW, 'de');
    expect(past.relativeTime).to.equal('vor 3 Tagen');
  });
});

describe('msUntilExpiryTextChanges', () => {
  const cases: Array<[name: string, offsetMs: number, untilMs: number]> = [
    // Before expiry: the count drops when less than it remains.
    ['14 min 30 s before', (14 * MINUTE + 30) * SECOND_MS, 30 * SECOND_MS + 1],
    ['exactly 14 min before', 14 * MINUTE * SECOND_MS, 1],
    ['1.5 s before, at expiry', 1500, 1501],
    ['2.5 s before', 2500, 501],
    ['0.4 s before, at expiry', 400, 401],
    ['1 h 0.5 s before', HOUR * SECOND_MS + 500, 501],
    ['400 days before', 400 * DAY * SECOND_MS, 35 * DAY * SECOND_MS + 1],
    // After expiry: the count grows, or a larger unit takes over.
    ['at expiry', 0, 2 * SECOND_MS],
    ['0.5 s after', -500, 1500],
    ['59.5 s after', -59_500, 500],
    ['5 min 30 s after', -(5 * MINUTE + 30) * SECOND_MS, 30 * SECOND_MS],
    ['362 days after', -362 * DAY * SECOND_MS, 3 * DAY * SECOND_MS],
  ];

  for (const [name, offsetMs, untilMs] of cases) {
    it(`waits ${untilMs} ms at ${name}`, () => {
      const expiry = (NOW + offsetMs) / 1000;
      expect(msUntilExpiryTextChanges(expiry, NOW)).to.equal(untilMs);
    });
  }

  it('agrees with describeExpiry', () => {
    // Just before each computed change the text is the same as now, and
    // at it the text differs.
    const offsets = [
      (14 * MINUTE + 30) * SECOND_MS,
      1500,
      400,
      -500,
      -59_500,
      -362 * DAY * SECOND_MS,
      (2 * DAY + 7) * SECOND_MS,
    ];
    for (const offset of offsets) {
      const expiry = (NOW + offset) / 1000;
      const until = msUntilExpiryTextChanges(expiry, NOW);
      const text = (at: number) => describeExpiry(expiry, at, 'en');
      expect(
        text(NOW + until - 2),
        `before the change at ${offset}`,
      ).to.deep.equal(text(NOW));
      expect(text(NOW + until), `at the change at ${offset}`).not.to.deep.equal(
        text(NOW),
      );
    }
  });
});

describe('formatDateTime', () => {
  it('formats in the given locale', () => {
    // The time of day depends on the browser's time zone, the date and its
    // form do not.
    const time = Date.UTC(2026, 2, 9, 12, 0, 0);
    expect(formatDateTime(time, 'en-US')).to.match(/^Mar 9, 2026, /);
    expect(formatDateTime(time, 'de')).to.match(/^09\.03\.2026, /);
  });
});
