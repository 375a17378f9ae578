/**
 * Times `<turnkey-session-manager>`: from connecting it to the first render
 * that lists every stored session, and from a click on "Clear all" to the
 * render that shows the store empty.
 */

import '../../src/index.js';
import {getSessionStore} from '../../src/core/index.js';

/** One run of the element on `count` stored sessions. */
export interface ElementTimes {
  /**
   * From `append()` until the element's first read of the store resolved,
   * or `null` if it did not read through `getSessionState()`.
   */
  dataMs: number | null;
  /** From `append()` until `updateComplete` with every row rendered. */
  renderedMs: number;
  /** From `append()` until the frame after that render. */
  paintedMs: number;
  /** From the click on "Clear all" until the `sessions-cleared` event. */
  clearedMs: number;
  /** From the click until the frame after the empty render. */
  clearPaintedMs: number;
  /** Maximum main-thread task duration in the run; 0 if none was over 50 ms. */
  longestTaskMs: number;
  /** Elements in the shadow root when every row was rendered. */
  shadowElements: number;
}

/**
 * Connects an element for database `dbName`, which must hold `count`
 * sessions, waits for it to list them all, clicks "Clear all" and waits for
 * it to show none. Throws if the element does not show what is stored.
 */
export async function timeElement(
  dbName: string,
  count: number,
): Promise<ElementTimes> {
  const firstRead = instrumentFirstRead(dbName);
  const element = document.createElement('turnkey-session-manager');
  element.dbName = dbName;
  const root = () => element.shadowRoot!;
  await nextFrame();
  const longTasks = observeLongTasks();

  const start = performance.now();
  document.body.append(element);
  try {
    await element.updateComplete;
    const renderedMs = performance.now() - start;
    expectRows(root(), count);
    const shadowElements = root().querySelectorAll('*').length;
    await nextFrame();
    const paintedMs = performance.now() - start;
    const dataMs =
      firstRead.resolvedAt === undefined ? null : firstRead.resolvedAt - start;

    const cleared = new Promise((resolve) =>
      element.addEventListener('sessions-cleared', resolve, {once: true}),
    );
    const button = root().querySelector<HTMLButtonElement>(
      '[part~="clear-all-button"]',
    )!;
    const clickedAt = performance.now();
    button.click();
    await cleared;
    const clearedMs = performance.now() - clickedAt;
    expectRows(root(), 0);
    if (!root().querySelector('[part~="empty"]')) {
      throw new Error('element shows no "empty" message after Clear all');
    }
    await nextFrame();
    const clearPaintedMs = performance.now() - clickedAt;

    return {
      dataMs,
      renderedMs,
      paintedMs,
      clearedMs,
      clearPaintedMs,
      longestTaskMs: longTasks.longest(),
      shadowElements,
    };
  } finally {
    firstRead.remove();
    longTasks.stop();
    element.remove();
  }
}

/**
 * Records when the next `getSessionState()` of the store resolves. The
 * store object is shared with the element, so the element's first read
 * goes through this wrapper, which then removes itself. `resolvedAt` stays
 * `undefined` if the element read the store some other way.
 */
function instrumentFirstRead(dbName: string) {
  const store = getSessionStore(dbName);
  const original = store.getSessionState;
  const probe = {
    resolvedAt: undefined as number | undefined,
    remove() {
      store.getSessionState = original;
    },
  };
  store.getSessionState = async () => {
    probe.remove();
    const state = await original();
    probe.resolvedAt = performance.now();
    return state;
  };
  return probe;
}

/** Records tasks over 50 ms, which Chromium reports as long tasks. */
function observeLongTasks() {
  const durations: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) durations.push(entry.duration);
  });
  observer.observe({type: 'longtask'});
  return {
    /** Returns the longest task so far, or 0 when there was none. */
    longest() {
      // Entries are delivered to the callback later, so take any pending.
      for (const entry of observer.takeRecords()) {
        durations.push(entry.duration);
      }
      return Math.max(0, ...durations);
    },
    stop: () => observer.disconnect(),
  };
}

function expectRows(root: ShadowRoot, count: number) {
  const rows = root.querySelectorAll('[part~="session"]').length;
  if (rows !== count) {
    throw new Error(`element shows ${rows} sessions, expected ${count}`);
  }
}

/** Resolves after the next frame has been produced. */
function nextFrame(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => setTimeout(resolve, 0)),
  );
}
