/**
 * Tests of the wording helpers that the session list uses.
 */

import {expect} from '@esm-bundle/chai';

import {describeExpiry, describeSessionType} from '../src/relative-time.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const NOW_SECONDS = NOW / 1000;
const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('describeExpiry', () => {
  const cases: Array<[offsetSeconds: number, text: string, expired: boolean]> =
    [
      [14 * MINUTE + 59, 'expires in 14 minutes', false],
      [59, 'expires in 59 seconds', false],
      [1, 'expires in 1 second', false],
      [HOUR, 'expires in 1 hour', false],
      [HOUR - 1, 'expires in 59 minutes', false],
      [2 * DAY + HOUR, 'expires in 2 days', false],
      [45 * DAY, 'expires in 1 month', false],
      [400 * DAY, 'expires in 1 year', false],
      [0, 'expired 1 second ago', true],
      [-1, 'expired 1 second ago', true],
      [-5 * MINUTE - 30, 'expired 5 minutes ago', true],
      [-3 * DAY, 'expired 3 days ago', true],
    ];

  for (const [offset, text, expired] of cases) {
    it(`reads "${text}" at ${offset} s`, () => {
      const description = describeExpiry(NOW_SECONDS + offset, NOW);
      expect(description.text, 'text').to.equal(text);
      expect(description.expired, 'expired').to.equal(expired);
    });
  }

  it('rounds a sub-second wait up', () => {
    const description = describeExpiry(NOW_SECONDS + 0.4, NOW);
    expect(description.text).to.equal('expires in 1 second');
    expect(description.expired).to.be.false;
  });
});

describe('describeSessionType', () => {
  it('names the Turnkey types', () => {
    expect(describeSessionType('SESSION_TYPE_READ_WRITE')).to.equal(
      'read-write',
    );
    expect(describeSessionType('SESSION_TYPE_READ_ONLY')).to.equal('read-only');
  });

  it('keeps an unknown type as given', () => {
    expect(describeSessionType('SESSION_TYPE_OTHER')).to.equal(
      'SESSION_TYPE_OTHER',
    );
  });
});
