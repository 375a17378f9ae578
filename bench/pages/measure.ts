/**
 * The timed operations, the same for each contender. Times are
 * milliseconds from `performance.now()`, which counts in steps of 0.1 ms in
 * Chromium 156 on these pages, because they are not cross-origin isolated.
 */

import {issueSessionToken, sessionKeyOf} from './tokens.js';

import type {Contender, StorageContents} from './contender.js';

/** Per-session times of storing sessions one after another. */
export interface StoreTimes {
  /** Duration of each `createApiKeyPair()`. */
  keyPairMs: number[];
  /** Duration of each `storeSession()`. */
  storeMs: number[];
}

/** Outcome of one `clearAllSessions()`. */
export interface ClearTimes {
  /** Until the promise resolved. */
  resolvedMs: number;
  /**
   * Until a direct read found no session and no key pair, or `null` when
   * storage still had some at the time limit.
   */
  emptyMs: number | null;
  /** Direct reads made, including the one that found storage empty. */
  reads: number;
  /** Counts from the last direct read. */
  left: StorageContents;
}

/**
 * Empties storage, then signs in `count` sessions one after another. The
 * token is signed between the two timed calls, because a real issuer signs
 * it on a server, and that time is left out.
 */
export async function timeStoring(
  contender: Contender,
  count: number,
): Promise<StoreTimes> {
  await contender.reset();
  const times: StoreTimes = {keyPairMs: [], storeMs: []};
  for (let i = 0; i < count; i++) {
    const keyPairStart = performance.now();
    const publicKey = await contender.createApiKeyPair();
    times.keyPairMs.push(performance.now() - keyPairStart);

    const sessionToken = await issueSessionToken(publicKey);
    const storeStart = performance.now();
    await contender.storeSession(sessionToken, sessionKeyOf(i));
    times.storeMs.push(performance.now() - storeStart);
  }
  await expectContents(contender, count);
  return times;
}

/** Result of seeding: the number stored, and the failure that stopped it. */
export interface SeedOutcome {
  /** Sessions stored before seeding ended. */
  stored: number;
  /** `name: message` of the error that stopped seeding, if one did. */
  error?: string;
}

/**
 * Empties storage, then stores `count` sessions without timing them. It
 * stops at the first failure, such as a full `localStorage`, and returns it.
 */
export async function seedSessions(
  contender: Contender,
  count: number,
): Promise<SeedOutcome> {
  await contender.reset();
  for (let i = 0; i < count; i++) {
    const publicKey = await contender.createApiKeyPair();
    const sessionToken = await issueSessionToken(publicKey);
    try {
      await contender.seedSession(sessionToken, sessionKeyOf(i));
    } catch (error) {
      const {name, message} = error as Error;
      return {stored: i, error: `${name}: ${message}`};
    }
  }
  await expectContents(contender, count);
  return {stored: count};
}

/** Times `getAllSessions()` and checks that it listed `count` sessions. */
export async function timeListing(contender: Contender, count: number) {
  const start = performance.now();
  const listed = await contender.getAllSessions();
  const ms = performance.now() - start;
  if (listed !== count) {
    throw new Error(
      `${contender.name}: getAllSessions() listed ${listed} sessions, ` +
        `expected ${count}`,
    );
  }
  return ms;
}

/**
 * Times `clearAllSessions()` on `count` stored sessions: until its promise
 * resolves, and until a direct read of storage finds no session and no key
 * pair. The reads start once the promise has resolved and follow each other
 * with no pause. Each read opens a connection of its own, and IndexedDB
 * runs it only after the read-write transactions queued before it. The time
 * recorded is when the first empty result arrived, so it includes the cost
 * of one read and is late by at most one read.
 */
export async function timeClearing(
  contender: Contender,
  count: number,
  timeLimitMs: number,
): Promise<ClearTimes> {
  await expectContents(contender, count);

  const start = performance.now();
  await contender.clearAllSessions();
  const resolvedMs = performance.now() - start;

  let reads = 0;
  for (;;) {
    const left = await contender.readStorage();
    const readMs = performance.now() - start;
    reads++;
    if (left.sessions === 0 && left.keyPairs === 0) {
      return {resolvedMs, emptyMs: readMs, reads, left};
    }
    if (readMs > timeLimitMs) {
      return {resolvedMs, emptyMs: null, reads, left};
    }
  }
}

/** Throws unless storage contains `count` sessions and `count` key pairs. */
async function expectContents(contender: Contender, count: number) {
  const contents = await contender.readStorage();
  if (contents.sessions !== count || contents.keyPairs !== count) {
    throw new Error(
      `${contender.name}: storage contains ${contents.sessions} sessions and ` +
        `${contents.keyPairs} key pairs, expected ${count} of each`,
    );
  }
}
