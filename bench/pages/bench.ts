/**
 * The bench page. It exposes `window.bench`, which the runner calls through
 * Playwright, one operation per call, so that the runner decides the order
 * and repetitions and the page only times.
 */

import {timeElement} from './element-timing.js';
import {
  seedSessions,
  timeClearing,
  timeListing,
  timeStoring,
} from './measure.js';
import {createOurs} from './ours.js';
import {createTheirs} from './theirs.js';

import type {Contender} from './contender.js';

/** Database that this package's core uses on the bench page. */
const OURS_DB_NAME = 'bench-ours';

const contenders = new Map<string, Contender>();

function contender(name: string): Contender {
  const found = contenders.get(name);
  if (!found) throw new Error(`unknown contender "${name}"`);
  return found;
}

const bench = {
  /** Creates both contenders; call once after the page has loaded. */
  async init() {
    contenders.set('ours', createOurs(OURS_DB_NAME));
    contenders.set('theirs', await createTheirs(location.origin));
  },
  store: (name: string, count: number) => timeStoring(contender(name), count),
  seed: (name: string, count: number) => seedSessions(contender(name), count),
  save: (name: string) => contender(name).saveStorage(),
  restore: (name: string) => contender(name).restoreStorage(),
  reset: (name: string) => contender(name).reset(),
  contents: (name: string) => contender(name).readStorage(),
  list: (name: string, count: number) => timeListing(contender(name), count),
  clear: (name: string, count: number, timeLimitMs: number) =>
    timeClearing(contender(name), count, timeLimitMs),
  element: (count: number) => timeElement(OURS_DB_NAME, count),
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}

window.bench = bench;
