/**
 * The page that `npm run soak` drives. Each call runs one round of the
 * seeded random run, the two-tab run, or the bad-input corpus with a token
 * fuzzer, on a fresh database, and resolves with counts and violations.
 */

import {getSessionStore} from '../../src/core/index.js';
import '../../src/define.js';
import {RECORD_CASES, putRecord} from '../fixtures/bad-records.js';
import {TOKEN_CASES} from '../fixtures/bad-tokens.js';
import {createRandom, runRandomOperations} from '../fixtures/random-run.js';
import {openFrame, openTab, runTwoTabs} from '../fixtures/two-tab-run.js';
import {deleteDatabase, signIn, signToken} from '../helpers.js';
import {
  checkInvariants,
  describeStoredState,
  findElementViolations,
  readStoredState,
} from '../invariants.js';

import type {SessionStore} from '../../src/core/index.js';
import type {TurnkeySessionManager} from '../../src/index.js';

/** What one round did. Every count adds up across rounds. */
export interface RoundReport {
  operations: number;
  faultsInjected: number;
  faultsFired: number;
  inputsTried: number;
  violations: string[];
}

declare global {
  interface Window {
    soak?: typeof soak;
  }
}

let databases = 0;

/** Returns the store of a database that no round has used. */
function freshStore(): SessionStore {
  databases += 1;
  return getSessionStore(`soak-${Date.now()}-${databases}`);
}

async function addElement(dbName: string): Promise<TurnkeySessionManager> {
  const element = document.createElement('turnkey-session-manager');
  element.dbName = dbName;
  document.body.append(element);
  await element.updateComplete;
  return element;
}

/** Rejections that a fuzzed token may meet. */
const FUZZ_CODES = new Set([
  'INVALID_SESSION_TOKEN',
  'SESSION_EXPIRED',
  'KEY_PAIR_NOT_FOUND',
  'KEY_PAIR_IN_USE',
]);

const soak = {
  /** Runs `operations` random core operations with faults and an element. */
  async randomRound(seed: number, operations: number): Promise<RoundReport> {
    const store = freshStore();
    const element = await addElement(store.dbName);
    try {
      const report = await runRandomOperations({
        store,
        seed,
        operations,
        faultRate: 0.3,
        elements: [element],
      });
      return {
        operations: report.operations,
        faultsInjected: report.faultsArmed,
        faultsFired: report.faultsFired,
        inputsTried: 0,
        violations: report.violations,
      };
    } finally {
      element.remove();
      await deleteDatabase(store.dbName);
    }
  },

  /** Runs `steps` steps of two tabs, this page and a frame. */
  async twoTabRound(seed: number, steps: number): Promise<RoundReport> {
    const {dbName} = freshStore();
    const frame = await openFrame();
    const first = await openTab(dbName);
    const second = await frame.tab.openTab(dbName);
    try {
      const report = await runTwoTabs({
        dbName,
        tabs: [first, second],
        seed,
        steps,
      });
      return {
        operations: report.operations,
        faultsInjected: 0,
        faultsFired: 0,
        inputsTried: 0,
        violations: report.violations,
      };
    } finally {
      first.close();
      second.close();
      frame.iframe.remove();
      await deleteDatabase(dbName);
    }
  },

  /**
   * Stores every token case and every record case once, then `fuzzed`
   * tokens made by damaging a valid one at random.
   */
  async inputRound(seed: number, fuzzed: number): Promise<RoundReport> {
    const store = freshStore();
    const element = await addElement(store.dbName);
    const violations: string[] = [];
    let inputsTried = 0;
    try {
      for (const testCase of TOKEN_CASES) {
        inputsTried += 1;
        const message = await tryTokenCase(store, testCase);
        if (message)
          violations.push(`token case "${testCase.name}": ${message}`);
      }
      for (const testCase of RECORD_CASES) {
        inputsTried += 1;
        const message = await tryRecordCase(store, element, testCase);
        if (message) violations.push(`record "${testCase.name}": ${message}`);
      }
      const random = createRandom(seed);
      for (let i = 0; i < fuzzed; i++) {
        inputsTried += 1;
        const message = await tryFuzzedToken(store, random);
        if (message) violations.push(`seed ${seed}, token ${i}: ${message}`);
      }
      violations.push(...(await checkInvariants(store.dbName, element)));
      return {
        operations: 0,
        faultsInjected: 0,
        faultsFired: 0,
        inputsTried,
        violations,
      };
    } finally {
      element.remove();
      await deleteDatabase(store.dbName);
    }
  },
};

/** Stores one token case and returns what went wrong, if anything. */
async function tryTokenCase(
  store: SessionStore,
  testCase: (typeof TOKEN_CASES)[number],
): Promise<string | undefined> {
  const publicKey = await store.createApiKeyPair();
  const before = describeStoredState(await readStoredState(store.dbName));
  const sessionKey = 'sessionKey' in testCase ? testCase.sessionKey : 'case';
  const params = {
    sessionToken: testCase.token(publicKey),
    sessionKey,
    ...('allowExpired' in testCase
      ? {allowExpired: testCase.allowExpired}
      : {}),
  } as unknown as Parameters<SessionStore['storeSession']>[0];
  try {
    await store.storeSession(params);
  } catch (error) {
    const {code, message} = error as {code?: string; message?: string};
    if (!('code' in testCase.expected)) return `rejected: ${message}`;
    if (code !== testCase.expected.code) return `rejected with ${code}`;
    if (!testCase.expected.message.test(message ?? '')) {
      return `message "${message}" does not match`;
    }
    const after = describeStoredState(await readStoredState(store.dbName));
    return after === before ? undefined : 'storage changed';
  }
  if ('code' in testCase.expected) return 'stored, expected a rejection';
  await store.clearSession({sessionKey: sessionKey as string});
  return undefined;
}

/**
 * Writes one record case next to a valid session, then checks that the
 * element lists both and that clearing the record works.
 */
async function tryRecordCase(
  store: SessionStore,
  element: TurnkeySessionManager,
  testCase: (typeof RECORD_CASES)[number],
): Promise<string | undefined> {
  await signIn(store, 'good');
  await signIn(store, 'odd');
  const valid = (await store.getSession({sessionKey: 'odd'}))!;
  await putRecord(store.dbName, ['session', 'odd'], testCase.record(valid));
  await element.refresh();
  await element.updateComplete;
  // The record breaks the storage invariants on purpose, so only what the
  // element shows is checked before the clear, and everything after it.
  const state = await readStoredState(store.dbName);
  const violations = findElementViolations(state, element);
  await store.clearAllSessions();
  violations.push(...(await checkInvariants(store.dbName, element)));
  return violations.length > 0 ? violations.join('; ') : undefined;
}

/** Stores a randomly damaged token and returns what went wrong, if anything. */
async function tryFuzzedToken(
  store: SessionStore,
  random: () => number,
): Promise<string | undefined> {
  const publicKey = await store.createApiKeyPair();
  const token = damage(await signToken({public_key: publicKey}), random);
  const before = describeStoredState(await readStoredState(store.dbName));
  try {
    await store.storeSession({sessionToken: token, sessionKey: 'fuzzed'});
  } catch (error) {
    const code = (error as {code?: string}).code ?? 'untyped';
    if (!FUZZ_CODES.has(code)) {
      return `rejected with ${code}: ${(error as Error).message}`;
    }
    const after = describeStoredState(await readStoredState(store.dbName));
    if (after !== before) return `rejected with ${code} but changed storage`;
    await store.deleteApiKeyPair({publicKey});
    return undefined;
  }
  await store.clearSession({sessionKey: 'fuzzed'});
  return undefined;
}

/** Characters that a damaged token may gain. */
const ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';

/** Applies one to three random edits to `token`. */
function damage(token: string, random: () => number): string {
  let result = token;
  const edits = 1 + Math.floor(random() * 3);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (result.length + 1));
    const char = ALPHABET[Math.floor(random() * ALPHABET.length)];
    const kind = random();
    if (kind < 0.3) {
      result = result.slice(0, at) + char + result.slice(at + 1);
    } else if (kind < 0.5) {
      result = result.slice(0, at) + result.slice(at + 1);
    } else if (kind < 0.7) {
      result = result.slice(0, at) + char + result.slice(at);
    } else if (kind < 0.85) {
      result = result.slice(0, at);
    } else {
      const parts = result.split('.');
      result = [...parts, ...parts.slice(0, 1)].reverse().join('.');
    }
  }
  return result;
}

window.soak = soak;
