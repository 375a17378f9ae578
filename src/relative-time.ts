/**
 * Wording helpers for the session list: expiry as a relative time and
 * session types as short words.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The largest unit that fits a duration, with its length in milliseconds. */
const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * DAY],
  ['month', 30 * DAY],
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
  ['second', SECOND],
];

/** Expiry of a session, worded for one moment. */
export interface ExpiryDescription {
  expired: boolean;
  /** "expires in 14 minutes" or "expired 3 days ago". */
  text: string;
}

// The element's labels are English, so the relative time is too.
const relativeTimeFormat = new Intl.RelativeTimeFormat('en', {
  numeric: 'always',
});

/**
 * Describes an expiry relative to `now`. `expiry` is in seconds since the
 * epoch (the JWT `exp` claim), `now` in milliseconds. A session counts as
 * expired from its `exp` second on.
 */
export function describeExpiry(expiry: number, now: number): ExpiryDescription {
  const remaining = expiry * SECOND - now;
  const expired = remaining <= 0;
  const [unit, size] = pickUnit(Math.abs(remaining));
  // Truncating never shows more time left than there is, and never reads
  // "in 60 minutes" where "in 1 hour" fits.
  const count = Math.trunc(remaining / size);

  // Under one second the count is zero, and "in 1 second" reads better.
  let displayedCount = count;
  if (count === 0) displayedCount = expired ? -1 : 1;
  const phrase = relativeTimeFormat.format(displayedCount, unit);
  return {expired, text: `${expired ? 'expired' : 'expires'} ${phrase}`};
}

function pickUnit(duration: number): [Intl.RelativeTimeFormatUnit, number] {
  for (const entry of UNITS) {
    if (duration >= entry[1]) return entry;
  }
  return UNITS[UNITS.length - 1];
}

/**
 * Returns the words for a Turnkey session type: "read-write", "read-only",
 * or the raw value for a type this package does not know.
 */
export function describeSessionType(sessionType: string): string {
  switch (sessionType) {
    case 'SESSION_TYPE_READ_WRITE':
      return 'read-write';
    case 'SESSION_TYPE_READ_ONLY':
      return 'read-only';
    default:
      return sessionType;
  }
}
