/**
 * Time formatting for the session list: an expiry as a localized relative
 * time, how long that text stays the same, and dates in a locale.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The units of a relative time, largest first, with their lengths in
 * milliseconds. A duration is shown in the largest unit that fits it.
 */
const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * DAY],
  ['month', 30 * DAY],
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
  ['second', SECOND],
];

/** Expiry of a session as seen at one moment. */
export interface ExpiryDescription {
  expired: boolean;
  /** Localized, such as "in 14 minutes" or "3 days ago". */
  relativeTime: string;
}

/**
 * Describes an expiry relative to `now` in `locale` (the runtime's default
 * when `undefined`). `expiry` is in seconds since the epoch (the JWT `exp`
 * claim) and `now` in milliseconds. A session counts as expired from its
 * `exp` second on.
 */
export function describeExpiry(
  expiry: number,
  now: number,
  locale?: string,
): ExpiryDescription {
  const remaining = expiry * SECOND - now;
  const expired = remaining <= 0;
  const [unit, size] = UNITS[pickUnit(Math.abs(remaining))];
  const count = Math.trunc(remaining / size);

  // Truncating never shows more time left than there is, and never reads
  // "in 60 minutes" where "in 1 hour" fits. Under one second the count is
  // zero, and "in 1 second" reads better than "in 0 seconds".
  let shownCount = count;
  if (count === 0) shownCount = expired ? -1 : 1;
  const relativeTime = relativeTimeFormat(locale).format(shownCount, unit);
  return {expired, relativeTime};
}

/**
 * Returns the milliseconds from `now` until `describeExpiry(expiry, …)`
 * returns a different text, at least 1. Units and rounding are those of
 * `describeExpiry`, so the two must change together.
 */
export function msUntilExpiryTextChanges(expiry: number, now: number): number {
  const remaining = expiry * SECOND - now;

  // Before expiry the count drops once less than `count` units remain, and
  // at zero the session expires. The extra millisecond lands after the
  // boundary, not on it.
  if (remaining > 0) {
    const size = UNITS[pickUnit(remaining)][1];
    const count = Math.trunc(remaining / size);
    // A count of zero reads "in 1 second" too, so the last change before
    // expiry is at 2 seconds.
    if (size === SECOND && count <= 1) return remaining + 1;
    return remaining - count * size + 1;
  }

  // After expiry the count grows by one unit, or the next larger unit takes
  // over, such as "12 months ago" turning into "1 year ago" at 365 days.
  const elapsed = -remaining;
  const index = pickUnit(elapsed);
  const size = UNITS[index][1];
  let next = (Math.max(1, Math.trunc(elapsed / size)) + 1) * size;
  if (index > 0) next = Math.min(next, UNITS[index - 1][1]);
  return Math.max(1, next - elapsed);
}

/** Returns the index in `UNITS` of the largest unit that fits `duration`. */
function pickUnit(duration: number): number {
  const index = UNITS.findIndex(([, size]) => duration >= size);
  return index === -1 ? UNITS.length - 1 : index;
}

/**
 * Formats a time in milliseconds since the epoch as a medium date and a
 * short time of day in `locale`.
 */
export function formatDateTime(time: number, locale?: string): string {
  return dateTimeFormat(locale).format(time);
}

// Formatters are cached per locale, because each render formats every row
// and constructing an Intl formatter costs far more than using one.
const relativeTimeFormats = new Map<string, Intl.RelativeTimeFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function relativeTimeFormat(locale: string | undefined) {
  const key = locale ?? '';
  let format = relativeTimeFormats.get(key);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, {numeric: 'always'});
    relativeTimeFormats.set(key, format);
  }
  return format;
}

function dateTimeFormat(locale: string | undefined) {
  const key = locale ?? '';
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    dateTimeFormats.set(key, format);
  }
  return format;
}
