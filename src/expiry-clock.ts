/**
 * The one timer that keeps an element's relative expiry times current. It
 * requests an update of the host when the next displayed text changes, and
 * stays off while the host is disconnected or the page is hidden.
 */

import {msUntilExpiryTextChanges} from './relative-time.js';

import type {ReactiveController, ReactiveControllerHost} from 'lit';

/**
 * The maximum delay of `setTimeout`, 2^31 - 1 ms (about 24.8 days). The HTML
 * standard takes the delay as a WebIDL `long`, a signed 32-bit integer, so
 * browsers wrap a longer one around and usually fire it at once.
 */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Returns the delay in milliseconds until the text of any of `expiries`
 * (JWT `exp` values, in seconds) changes, as seen from `now` (milliseconds),
 * clamped to {@link MAX_TIMEOUT_MS}. Returns `undefined` when `expiries`
 * contains no finite number, because then no text changes with time.
 */
export function nextTimerDelay(
  expiries: Iterable<number>,
  now: number,
): number | undefined {
  let delay: number | undefined;
  for (const expiry of expiries) {
    if (!Number.isFinite(expiry)) continue;
    const untilChange = msUntilExpiryTextChanges(expiry, now);
    if (delay === undefined || untilChange < delay) delay = untilChange;
  }
  if (delay === undefined || Number.isNaN(delay)) return undefined;

  // A timer that fires early only costs one render that changes nothing,
  // after which the next delay is scheduled.
  return Math.min(delay, MAX_TIMEOUT_MS);
}

/**
 * Renders its host again whenever a displayed expiry text changes. The host
 * supplies the expiries it displays, and after every update of the host the
 * clock schedules one timeout for the soonest change.
 */
export class ExpiryClock implements ReactiveController {
  private timeout: ReturnType<typeof setTimeout> | undefined;
  private dueAt: number | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly displayedExpiries: () => Iterable<number>,
  ) {
    host.addController(this);
  }

  /**
   * When the timer fires, in milliseconds since the epoch, or `undefined`
   * while none is scheduled.
   */
  get scheduledAt(): number | undefined {
    return this.dueAt;
  }

  hostConnected() {
    this.connected = true;
    document.addEventListener('visibilitychange', this.handleVisibility);
    this.schedule();
  }

  hostDisconnected() {
    this.connected = false;
    document.removeEventListener('visibilitychange', this.handleVisibility);
    this.cancel();
  }

  hostUpdated() {
    this.schedule();
  }

  private schedule() {
    this.cancel();
    if (!this.connected || document.visibilityState === 'hidden') return;
    const now = Date.now();
    const delay = nextTimerDelay(this.displayedExpiries(), now);
    if (delay === undefined) return;
    this.dueAt = now + delay;
    this.timeout = setTimeout(() => {
      this.timeout = undefined;
      this.dueAt = undefined;
      this.host.requestUpdate();
    }, delay);
  }

  private cancel() {
    clearTimeout(this.timeout);
    this.timeout = undefined;
    this.dueAt = undefined;
  }

  // While hidden the page shows nothing, so the timer stops. On return the
  // host renders at once, since any number of texts may have changed.
  private readonly handleVisibility = () => {
    if (document.visibilityState === 'hidden') {
      this.cancel();
    } else {
      this.host.requestUpdate();
    }
  };
}
