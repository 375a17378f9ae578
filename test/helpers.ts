/**
 * Helpers that the core and element tests share: fresh databases, real
 * signed session tokens, and direct reads of IndexedDB that bypass the core.
 */

import {getSessionStore, STORE_NAME} from '../src/core/index.js';
import {createSessionIssuer} from '../demo/session-issuer.js';

import type {SessionStore} from '../src/core/index.js';
import type {SessionClaims, SessionIssuer} from '../demo/session-issuer.js';

const usedDatabases = new Set<string>();
let issuer: Promise<SessionIssuer> | undefined;

/** Returns the store of a database that no other test has used. */
export function freshStore(): SessionStore {
  const dbName = `test-${crypto.randomUUID()}`;
  usedDatabases.add(dbName);
  return getSessionStore(dbName);
}

/** Deletes every database that `freshStore` handed out. */
export async function deleteTestDatabases(): Promise<void> {
  const names = [...usedDatabases];
  usedDatabases.clear();
  await Promise.all(names.map(deleteDatabase));
}

/**
 * Deletes a database. Chromium and WebKit fire `blocked` and then `success`
 * when a connection closes while its last transaction is finishing, so
 * `blocked` alone is no failure. A delete that stays blocked times out.
 */
export function deleteDatabase(dbName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(dbName);
    const timer = setTimeout(
      () => reject(new Error(`deleting database "${dbName}" timed out`)),
      10_000,
    );
    request.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    request.onerror = () => {
      clearTimeout(timer);
      reject(request.error);
    };
  });
}

/** Returns the demo issuer's public key, the notarizer key of its tokens. */
export async function issuerPublicKeyHex(): Promise<string> {
  issuer ??= createSessionIssuer();
  return (await issuer).publicKeyHex;
}

/** Signs a session token with the demo issuer; `claims` override defaults. */
export async function signToken(
  claims: Partial<SessionClaims> & {public_key: string},
): Promise<string> {
  issuer ??= createSessionIssuer();
  return (await issuer).sign({
    exp: Math.floor(Date.now() / 1000) + 900,
    session_type: 'SESSION_TYPE_READ_WRITE',
    user_id: 'user-1',
    organization_id: 'org-1',
    ...claims,
  });
}

/**
 * Creates a key pair and stores a signed session for it under `sessionKey`.
 * Returns the session's public key.
 */
export async function signIn(
  store: SessionStore,
  sessionKey: string,
  claims: Partial<SessionClaims> = {},
): Promise<string> {
  const publicKey = await store.createApiKeyPair();
  const sessionToken = await signToken({...claims, public_key: publicKey});
  // Some tests sign in expired sessions on purpose, to see how they show.
  await store.storeSession({sessionToken, sessionKey, allowExpired: true});
  return publicKey;
}

/** Signs in `count` sessions under `session-0` … `session-<count - 1>`. */
export async function seedSessions(
  store: SessionStore,
  count: number,
): Promise<string[]> {
  const sessionKeys = Array.from({length: count}, (_, i) => `session-${i}`);
  for (const sessionKey of sessionKeys) await signIn(store, sessionKey);
  return sessionKeys;
}

/** Everything in a database, read over a connection of its own. */
export interface RawContents {
  sessions: string[];
  keyPairs: string[];
  pendingKeyPairs: string[];
  activeSessionKey: unknown;
  total: number;
}

/**
 * Reads a database directly, not through the core, so that a test reads what
 * has really been committed.
 */
export async function readRaw(dbName: string): Promise<RawContents> {
  const db = await openRawDatabase(dbName);
  try {
    const transaction = db.transaction(STORE_NAME, 'readonly');
    const store = transaction.objectStore(STORE_NAME);
    const [keys, active] = await Promise.all([
      requestResult(store.getAllKeys()),
      requestResult(store.get(['active-session'])),
      transactionEnd(transaction),
    ]);
    const ids = keys as IDBValidKey[][];
    const named = (kind: string) =>
      ids.filter((id) => id[0] === kind).map((id) => id[1] as string);
    return {
      sessions: named('session'),
      keyPairs: named('key-pair'),
      pendingKeyPairs: named('pending-key-pair'),
      activeSessionKey: active,
      total: ids.length,
    };
  } finally {
    db.close();
  }
}

/** Reads one record directly, not through the core. */
export async function readRawRecord(
  dbName: string,
  key: IDBValidKey,
): Promise<unknown> {
  const db = await openRawDatabase(dbName);
  try {
    const transaction = db.transaction(STORE_NAME);
    const [record] = await Promise.all([
      requestResult(transaction.objectStore(STORE_NAME).get(key)),
      transactionEnd(transaction),
    ]);
    return record;
  } finally {
    db.close();
  }
}

/** Opens `dbName` on a connection of its own, creating the store if new. */
export function openRawDatabase(dbName: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(dbName);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE_NAME);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

function requestResult<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Resolves when `transaction` commits; rejects when it fails. */
export function transactionEnd(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = transaction.onabort = () => reject(transaction.error);
  });
}

/** Resolves with the error that `promise` rejects with; fails if it fulfils. */
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it fulfilled');
}
