/**
 * The two sources that `<turnkey-session-manager>` reads and clears
 * sessions through: this package's own session store, or any client with
 * the session functions of `@turnkey/core`'s `TurnkeyClient`. Both are
 * called through {@link SessionClient}, because the store has that shape
 * too.
 */

/**
 * The fields of a session that the element reads. Sessions of this
 * package's core and of `@turnkey/core` both fit, and only the core records
 * `createdAt`. A record without a string `publicKey` and `token` is listed
 * as unreadable, because such a session cannot sign anything.
 */
export interface ListedSession {
  sessionType: string;
  userId: string;
  organizationId: string;
  /** Expiry time, in seconds since the Unix epoch (the JWT `exp` claim). */
  expiry: number;
  publicKey?: string;
  token?: string;
  /** When the session was stored, in milliseconds since the epoch. */
  createdAt?: number;
}

/**
 * The session functions that the element calls: those of `@turnkey/core`'s
 * `TurnkeyClient` (checked against version 2.8.1), which this package's
 * `SessionStore` also has.
 */
export interface SessionClient {
  /** Resolves with the sessions by session key, or `undefined` if none. */
  getAllSessions(): Promise<Record<string, ListedSession> | undefined>;
  getActiveSessionKey(): Promise<string | undefined>;
  clearSession(params: {sessionKey: string}): Promise<void>;
  /**
   * Clears every session. When it resolves with an array, the element takes
   * that as the cleared keys of a finished clear. Otherwise it reads again
   * until the sessions are gone.
   */
  clearAllSessions(): Promise<unknown>;
  /** Makes a session active. Without it there are no "Make active" buttons. */
  setActiveSession?(params: {sessionKey: string}): Promise<void>;
  /** Deletes the key pairs that no session uses. */
  clearUnusedKeyPairs?(): Promise<void>;
  /**
   * Calls `listener` after every change and returns an unsubscribe
   * function. Without it the element reads again after its own actions, on
   * `storage` events and on `refresh()`.
   */
  subscribe?(listener: () => void): () => void;
  /** Reads the sessions and the active key together, in one transaction. */
  getSessionState?(): Promise<SessionListState>;
  /**
   * Clears the stored ones of `sessionKeys` in one transaction and resolves
   * with those it cleared. Without it they are cleared one by one.
   */
  clearSessions?(params: {sessionKeys: string[]}): Promise<string[]>;
}

/** Every session and the active session key, as read at one time. */
export interface SessionListState {
  sessions: Record<string, ListedSession>;
  activeSessionKey: string | undefined;
}

/**
 * The waits between reads while a clear that returned nothing settles: 0,
 * 10, 25 … 800 ms, about 1.6 s in total.
 */
const SETTLE_DELAYS_MS = [0, 10, 25, 50, 100, 200, 400, 800];

/** Reads every session of `client` and its active session key. */
export async function readSessionState(
  client: SessionClient,
): Promise<SessionListState> {
  if (client.getSessionState) return client.getSessionState();
  const [sessions, activeSessionKey] = await Promise.all([
    client.getAllSessions(),
    client.getActiveSessionKey(),
  ]);
  return {sessions: sessions ?? {}, activeSessionKey};
}

/** The sessions that a clear removed, and its error if it failed. */
export interface ClearOutcome {
  cleared: string[];
  error?: unknown;
}

/**
 * Clears every session of `client`. Never rejects: a failure is returned
 * as `error`, unless none of `sessionKeys` (the sessions shown) is stored
 * any more, because then another tab was first and the outcome is the same.
 */
export async function clearAllOrCheck(
  client: SessionClient,
  sessionKeys: string[],
): Promise<ClearOutcome> {
  try {
    return {cleared: await clearAllThrough(client)};
  } catch (error) {
    if (await areGone(client, sessionKeys)) return {cleared: []};
    return {cleared: [], error};
  }
}

/**
 * Clears `sessionKeys`, in one transaction when `client` has
 * `clearSessions()`, else one by one, stopping at the first failure. Never
 * rejects. A session that is already gone counts as neither cleared nor
 * failed.
 */
// NOTE: a client without clearSessions(), such as @turnkey/core's, is
// cleared one clearSession() at a time, which is not atomic: a failure part
// way leaves the sessions before it cleared and those after it stored.
export async function clearEach(
  client: SessionClient,
  sessionKeys: string[],
): Promise<ClearOutcome> {
  if (client.clearSessions) {
    try {
      return {cleared: await client.clearSessions({sessionKeys})};
    } catch (error) {
      return {cleared: [], error};
    }
  }
  const cleared: string[] = [];
  for (const sessionKey of sessionKeys) {
    try {
      await client.clearSession({sessionKey});
      cleared.push(sessionKey);
    } catch (error) {
      if (await areGone(client, [sessionKey])) continue;
      return {cleared, error};
    }
  }
  return {cleared};
}

/**
 * Clears every session of `client` and resolves with the keys it cleared,
 * once they are gone.
 *
 * This package's core resolves `clearAllSessions()` with the cleared keys
 * after its transaction has committed, and that is taken as final.
 * `@turnkey/core` 2.8.1 resolves with nothing while its deletes still run.
 * So the keys are read first, then read again until none of them is left.
 * Then `clearUnusedKeyPairs()` runs, if the client has it, so that the key
 * pairs are gone too. `@turnkey/core` documents that function as meant
 * for use after a sign-out. Rejects when sessions are still there after
 * about 1.6 s.
 */
async function clearAllThrough(client: SessionClient): Promise<string[]> {
  const {sessions} = await readSessionState(client);
  const sessionKeys = Object.keys(sessions);
  const result = await client.clearAllSessions();
  if (Array.isArray(result)) return result as string[];

  // NOTE: @turnkey/core 2.8.1 starts one clearSession() per key without
  // awaiting them, and each rewrites the list of session keys in
  // localStorage from a copy it read earlier. So that list can keep keys of
  // sessions that are gone, which its getAllSessions() then skips.
  await waitUntilCleared(client, sessionKeys);
  await client.clearUnusedKeyPairs?.();
  return sessionKeys;
}

async function waitUntilCleared(client: SessionClient, sessionKeys: string[]) {
  let left = sessionKeys;
  for (const delay of SETTLE_DELAYS_MS) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    left = keysStillStored(await readSessionState(client), left);
    if (left.length === 0) return;
  }
  const quoted = left.map((sessionKey) => `"${sessionKey}"`).join(', ');
  const subject =
    left.length === 1 ? `session ${quoted} was` : `sessions ${quoted} were`;
  throw new Error(
    `clearAllSessions() resolved, but ${subject} still stored 1.6 s ` +
      'later; try again, or sign out of them one by one',
  );
}

/** Returns whether none of `sessionKeys` is stored, false if the read fails. */
async function areGone(client: SessionClient, sessionKeys: string[]) {
  try {
    const state = await readSessionState(client);
    return keysStillStored(state, sessionKeys).length === 0;
  } catch {
    return false;
  }
}

function keysStillStored(
  state: SessionListState,
  sessionKeys: readonly string[],
): string[] {
  return sessionKeys.filter((sessionKey) =>
    Object.hasOwn(state.sessions, sessionKey),
  );
}
