/**
 * The session functions of `@turnkey/core`'s client, on IndexedDB. Every
 * function that writes does so in one transaction and resolves only after
 * that transaction has committed; a failure leaves the store as it was.
 */

import {createChangeFeed} from './change-feed.js';
import {openDatabase, promisifyRequest} from './database.js';
import {SessionManagerError} from './errors.js';
import {importKeyPair, putImportedKeyPair} from './import-key-pair.js';
import {assertP256Point, generateKeyPair} from './key-pairs.js';
import {
  DEFAULT_DB_NAME,
  DEFAULT_SESSION_KEY,
  KEY_PAIR,
  PENDING_KEY_PAIR,
  SESSION,
  activeSessionId,
  keyPairId,
  pendingKeyPairId,
  rangeOf,
  sessionId,
} from './layout.js';
import {
  isReadableSession,
  parseSessionToken,
  typeName,
} from './session-token.js';
import {stamperFor} from './stamper.js';
import {verifySessionToken} from './verify-session-token.js';

import type {Stamper, StamperOptions} from './stamper.js';
import type {Session, SessionChangeListener} from './types.js';

/** A key pair that belongs to the session stored under `sessionKey`. */
interface BoundKeyPair {
  sessionKey: string;
  keyPair: CryptoKeyPair;
}

/** Every session and the active key, read together. */
export interface SessionState {
  /**
   * Every stored record by session key. A record that another script or an
   * older version wrote may not be a valid {@link Session}, so check each
   * with `isReadableSession()`. Unreadable ones can be cleared like any
   * session.
   */
  sessions: Record<string, Session>;
  activeSessionKey: string | undefined;
}

/** The sessions of one IndexedDB database. */
export interface SessionStore {
  readonly dbName: string;
  storeSession(params: StoreSessionParams): Promise<void>;
  getSession(params?: {sessionKey?: string}): Promise<Session | undefined>;
  getAllSessions(): Promise<Record<string, Session> | undefined>;
  getActiveSessionKey(): Promise<string | undefined>;
  getSessionState(): Promise<SessionState>;
  setActiveSession(params: {sessionKey: string}): Promise<void>;
  clearSession(params?: {sessionKey?: string}): Promise<void>;
  clearSessions(params: {sessionKeys: string[]}): Promise<string[]>;
  clearAllSessions(): Promise<string[]>;
  createApiKeyPair(): Promise<string>;
  importApiKeyPair(params: {privateKey: string}): Promise<string>;
  deleteApiKeyPair(params: {publicKey: string}): Promise<void>;
  clearUnusedKeyPairs(): Promise<void>;
  subscribe(listener: SessionChangeListener): () => void;
  createStamper(options?: StamperOptions): Stamper;
}

/** Parameters of `storeSession`, including the checks it makes first. */
export interface StoreSessionParams {
  sessionToken: string;
  /** Defaults to `"@turnkey/session/v3"`. */
  sessionKey?: string;
  /**
   * When given, the token is stored only if its signature verifies with
   * this notarizer public key (hex), as `verifySessionToken` checks it.
   */
  notarizerPublicKey?: string;
  /** Permission to store a token whose `exp` has passed, by default off. */
  allowExpired?: boolean;
}

const stores = new Map<string, SessionStore>();

/**
 * Returns the session store of database `dbName`, the same object for the
 * same name, so that every user on a page shares one connection and one
 * change feed. Opens nothing until the first call that needs storage.
 */
export function getSessionStore(dbName = DEFAULT_DB_NAME): SessionStore {
  assertName(dbName, 'dbName');
  let store = stores.get(dbName);
  if (!store) {
    store = createSessionStore(dbName);
    stores.set(dbName, store);
  }
  return store;
}

function createSessionStore(dbName: string): SessionStore {
  const feed = createChangeFeed(dbName);
  // Another connection deleting or upgrading the database may have changed
  // everything, and no write of this package announces it.
  const transact = openDatabase(dbName, () =>
    feed.publishLocal({type: 'database-changed', sessionKeys: []}),
  );

  return {
    dbName,

    /**
     * Parses `sessionToken`, stores it under `sessionKey` and makes it the
     * active session. The key pair named by its `public_key` claim must have
     * come from `createApiKeyPair()` or `importApiKeyPair()`; the key pair
     * of a session it replaces is deleted. Rejects with
     * `INVALID_SESSION_TOKEN` when the token does not parse or, given
     * `notarizerPublicKey`, its signature does not verify, and with
     * `SESSION_EXPIRED` when its `exp` has passed, unless `allowExpired` is
     * true. A rejected token writes nothing.
     */
    async storeSession(params) {
      const sessionKey = params?.sessionKey ?? DEFAULT_SESSION_KEY;
      assertName(sessionKey, 'sessionKey');
      assertOptionalBoolean(params?.allowExpired, 'allowExpired');
      const parsed = parseSessionToken(params?.sessionToken);
      await assertP256Point(parsed.publicKey);
      // The signature is checked before the expiry, because the `exp` claim
      // of a token that does not verify cannot be trusted.
      await assertSignedBy(parsed.token, params.notarizerPublicKey);
      assertNotExpired(parsed.expiry, params.allowExpired);
      const session: Session = {...parsed, createdAt: Date.now()};

      await transact('readwrite', 'STORE_SESSION_FAILED', (store) =>
        putSession(store, sessionKey, session),
      );
      feed.publish({type: 'session-stored', sessionKeys: [sessionKey]});
    },

    /**
     * Returns the session stored under `sessionKey`, by default the active
     * one, or `undefined` when there is none or its record is unreadable.
     */
    async getSession(params) {
      const sessionKey = params?.sessionKey;
      if (sessionKey !== undefined) assertName(sessionKey, 'sessionKey');
      return transact('readonly', 'STORAGE_FAILED', async (store) => {
        const key = sessionKey ?? (await readActiveKey(store));
        if (key === undefined) return undefined;
        const record = await promisifyRequest(store.get(sessionId(key)));
        return isReadableSession(record) ? record : undefined;
      });
    },

    /**
     * Returns every readable session keyed by session key, or `undefined`
     * when there are none, read in one transaction. Unreadable records are
     * left out, but `getSessionState()` returns them.
     */
    async getAllSessions() {
      const {sessions} = await transact('readonly', 'STORAGE_FAILED', readAll);
      const readable = Object.entries(sessions).filter(([, record]) =>
        isReadableSession(record),
      );
      return readable.length === 0 ? undefined : ownEntries(readable);
    },

    /** Returns the active session key, or `undefined` when none is set. */
    async getActiveSessionKey() {
      return transact('readonly', 'STORAGE_FAILED', readActiveKey);
    },

    /**
     * Returns every stored record (an empty record when there are none),
     * unreadable ones included, and the active session key, read in one
     * transaction so that they agree.
     */
    async getSessionState() {
      return transact('readonly', 'STORAGE_FAILED', readAll);
    },

    /**
     * Makes the session under `sessionKey` the active one. Rejects with
     * `SESSION_NOT_FOUND`, changing nothing, when no such session exists.
     */
    async setActiveSession(params) {
      const sessionKey = params?.sessionKey;
      assertName(sessionKey, 'sessionKey');
      await transact('readwrite', 'STORAGE_FAILED', async (store) => {
        await readSessionOrThrow(store, sessionKey);
        store.put(sessionKey, activeSessionId());
      });
      feed.publish({type: 'active-session-changed', sessionKeys: [sessionKey]});
    },

    /**
     * Removes the session under `sessionKey` (by default
     * `"@turnkey/session/v3"`) and its key pair, and unsets it if it was
     * active. Atomic; rejects with `SESSION_NOT_FOUND` for an unknown key.
     */
    async clearSession(params) {
      const sessionKey = params?.sessionKey ?? DEFAULT_SESSION_KEY;
      assertName(sessionKey, 'sessionKey');
      await transact('readwrite', 'CLEAR_SESSION_FAILED', (store) =>
        deleteSession(store, sessionKey),
      );
      feed.publish({type: 'session-cleared', sessionKeys: [sessionKey]});
    },

    /**
     * Removes those of `sessionKeys` that are stored, with their key pairs,
     * in one transaction, and resolves with the keys it removed once that
     * has committed. A key that is not stored is skipped, because another
     * tab may have cleared it first. Rejects with `CLEAR_SESSION_FAILED`,
     * having removed nothing, when the transaction fails.
     */
    async clearSessions(params) {
      const sessionKeys = params?.sessionKeys;
      if (!Array.isArray(sessionKeys)) {
        throw new SessionManagerError(
          'INVALID_ARGUMENT',
          `"sessionKeys" expected an array, got ${typeof sessionKeys}`,
        );
      }
      sessionKeys.forEach((sessionKey) => assertName(sessionKey, 'sessionKey'));
      const cleared = await transact(
        'readwrite',
        'CLEAR_SESSION_FAILED',
        async (store) => {
          const removed: string[] = [];
          for (const sessionKey of new Set(sessionKeys)) {
            const session: unknown = await promisifyRequest(
              store.get(sessionId(sessionKey)),
            );
            if (session === undefined) continue;
            await removeSession(store, sessionKey, session);
            removed.push(sessionKey);
          }
          return removed;
        },
      );
      if (cleared.length > 0) {
        feed.publish({type: 'sessions-cleared', sessionKeys: cleared});
      }
      return cleared;
    },

    /**
     * Removes every session, each one's key pair and the active pointer, in
     * one transaction, and resolves with the session keys it removed once
     * that has committed. Key pairs from `createApiKeyPair()` that no session
     * uses yet are kept, so a sign-in in progress can still finish. Rejects
     * with `NO_SESSIONS` when there is nothing to clear, and with
     * `CLEAR_ALL_SESSIONS_FAILED` when the transaction fails, in which case
     * nothing was removed.
     */
    async clearAllSessions() {
      const sessionKeys = await transact(
        'readwrite',
        'CLEAR_ALL_SESSIONS_FAILED',
        (store) => deleteAllSessions(store),
      );
      feed.publish({type: 'sessions-cleared', sessionKeys});
      return sessionKeys;
    },

    /**
     * Creates and stores a P-256 key pair whose private key is not
     * extractable, and returns its public key as compressed hex. The pair
     * stays unused until a session with that `public_key` is stored.
     */
    async createApiKeyPair() {
      const {keyPair, publicKey} = await generateKeyPair();
      await transact('readwrite', 'STORAGE_FAILED', (store) => {
        store.put(keyPair, pendingKeyPairId(publicKey));
      });
      feed.publish({type: 'key-pairs-changed', sessionKeys: []});
      return publicKey;
    },

    /**
     * Imports a P-256 private key given as 64 hex digits, stores it as a
     * key pair whose private key is not extractable, and returns its public
     * key as compressed hex. The pair waits for its session, as one from
     * `createApiKeyPair()` does. Importing a key pair that is already
     * stored changes nothing. Rejects with `INVALID_ARGUMENT` when
     * `privateKey` is not a valid P-256 private key.
     */
    async importApiKeyPair(params) {
      const imported = await importKeyPair(params?.privateKey);
      const stored = await transact('readwrite', 'STORAGE_FAILED', (store) =>
        putImportedKeyPair(store, imported),
      );
      if (stored) feed.publish({type: 'key-pairs-changed', sessionKeys: []});
      return imported.publicKey;
    },

    /**
     * Deletes a key pair that no session uses. Rejects with `KEY_PAIR_IN_USE`
     * when a session is bound to it (clear that session instead) and with
     * `KEY_PAIR_NOT_FOUND` when there is no such key pair.
     */
    async deleteApiKeyPair(params) {
      const publicKey = params?.publicKey;
      assertName(publicKey, 'publicKey');
      const normalized = publicKey.toLowerCase();
      await transact('readwrite', 'STORAGE_FAILED', (store) =>
        deleteUnusedKeyPair(store, normalized),
      );
      feed.publish({type: 'key-pairs-changed', sessionKeys: []});
    },

    /**
     * Deletes every key pair that no stored session uses, atomically: those
     * waiting for a session, and those left behind by a session that is
     * gone or that names another key pair.
     */
    async clearUnusedKeyPairs() {
      await transact('readwrite', 'STORAGE_FAILED', async (store) => {
        store.delete(rangeOf(PENDING_KEY_PAIR));
        for (const publicKey of await findUnusedBoundKeyPairs(store)) {
          store.delete(keyPairId(publicKey));
        }
      });
      feed.publish({type: 'key-pairs-changed', sessionKeys: []});
    },

    /**
     * Calls `listener` after every committed write to this database, from
     * this tab or another. Returns a function that unsubscribes.
     */
    subscribe(listener) {
      return feed.subscribe(listener);
    },

    /**
     * Returns a stamper for `@turnkey/http`'s `TurnkeyClient` that signs
     * with a key pair in this database, by default with that of the session
     * active at each call. See {@link StamperOptions}.
     */
    createStamper(options) {
      return stamperFor(transact, options);
    },
  };
}

async function assertSignedBy(token: string, notarizerPublicKey?: string) {
  if (notarizerPublicKey === undefined) return;
  if (!(await verifySessionToken(token, {notarizerPublicKey}))) {
    throw new SessionManagerError(
      'INVALID_SESSION_TOKEN',
      'session token signature did not verify with notarizer public key ' +
        notarizerPublicKey,
    );
  }
}

function assertNotExpired(expiry: number, allowExpired?: boolean) {
  if (allowExpired || expiry > Date.now() / 1000) return;
  throw new SessionManagerError(
    'SESSION_EXPIRED',
    `session token expired at ${new Date(expiry * 1000).toISOString()}; ` +
      'sign in again for a new token, or pass allowExpired: true to store ' +
      'it anyway',
  );
}

async function readAll(store: IDBObjectStore): Promise<SessionState> {
  const range = rangeOf(SESSION);
  // All three requests are made before any is awaited, so a synchronous
  // throw from one leaves no other promise rejecting unhandled.
  const idsRequest = store.getAllKeys(range);
  const recordsRequest = store.getAll(range);
  const activeRequest = store.get(activeSessionId());
  const [ids, records, active] = await Promise.all([
    promisifyRequest(idsRequest),
    promisifyRequest<unknown[]>(recordsRequest),
    promisifyRequest<unknown>(activeRequest),
  ]);
  // NOTE: a record that another script put under a key such as
  // ['session', 5] is listed as "5", but only clearAllSessions() removes it,
  // because clearSession() looks it up under ['session', '5'].
  const entries = ids.map((id, i): [string, unknown] => [
    String((id as unknown[])[1]),
    records[i],
  ]);
  return {
    sessions: ownEntries(entries) as Record<string, Session>,
    activeSessionKey: typeof active === 'string' ? active : undefined,
  };
}

/**
 * Returns an object with `entries` as own properties. Plain assignment
 * would turn a session key such as `"__proto__"` into the prototype.
 */
function ownEntries<T>(entries: Array<[string, T]>): Record<string, T> {
  const result: Record<string, T> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(result, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

async function putSession(
  store: IDBObjectStore,
  sessionKey: string,
  session: Session,
) {
  const {publicKey} = session;
  const [previous, bound, pending] = await Promise.all([
    promisifyRequest<Session | undefined>(store.get(sessionId(sessionKey))),
    promisifyRequest<BoundKeyPair | undefined>(store.get(keyPairId(publicKey))),
    promisifyRequest<CryptoKeyPair | undefined>(
      store.get(pendingKeyPairId(publicKey)),
    ),
  ]);

  // Bind the key pair to this session, unless another session has it.
  if (bound && bound.sessionKey !== sessionKey) {
    throw new SessionManagerError(
      'KEY_PAIR_IN_USE',
      `key pair ${publicKey} is already used by session "${bound.sessionKey}"`,
    );
  }
  if (!bound && !pending) {
    throw new SessionManagerError(
      'KEY_PAIR_NOT_FOUND',
      `no key pair for public key ${publicKey}; ` +
        'create it with createApiKeyPair() before storing its session',
    );
  }
  if (pending) {
    const record: BoundKeyPair = {sessionKey, keyPair: pending};
    store.put(record, keyPairId(publicKey));
    store.delete(pendingKeyPairId(publicKey));
  }

  // A replaced session's key pair would otherwise be left with no owner.
  if (previous && previous.publicKey !== publicKey) {
    store.delete(keyPairId(previous.publicKey));
  }
  store.put(session, sessionId(sessionKey));
  store.put(sessionKey, activeSessionId());
}

async function deleteSession(store: IDBObjectStore, sessionKey: string) {
  const session: unknown = await readSessionOrThrow(store, sessionKey);
  await removeSession(store, sessionKey, session);
}

/**
 * Deletes `session`, already read from under `sessionKey`, its key pairs and
 * the active pointer when it names this session.
 */
async function removeSession(
  store: IDBObjectStore,
  sessionKey: string,
  session: unknown,
) {
  const activeKey = await readActiveKey(store);
  store.delete(sessionId(sessionKey));
  for (const publicKey of await findOwnKeyPairs(store, sessionKey, session)) {
    store.delete(keyPairId(publicKey));
  }
  if (activeKey === sessionKey) store.delete(activeSessionId());
}

/**
 * Returns the public keys of the key pairs bound to `sessionKey`. The one
 * that `session` names is checked first. Only when it is not bound to this
 * session (the record is unreadable, or names another session's key pair)
 * are all bound key pairs read, so that none is left behind and no other
 * session's is taken.
 */
async function findOwnKeyPairs(
  store: IDBObjectStore,
  sessionKey: string,
  session: unknown,
): Promise<string[]> {
  const named = (session as {publicKey?: unknown} | null)?.publicKey;
  if (typeof named === 'string') {
    const bound = await promisifyRequest<BoundKeyPair | undefined>(
      store.get(keyPairId(named)),
    );
    if (bound?.sessionKey === sessionKey) return [named];
  }
  const boundKeyPairs = await readBoundKeyPairs(store);
  return boundKeyPairs
    .filter(([, record]) => record?.sessionKey === sessionKey)
    .map(([publicKey]) => publicKey);
}

/** Returns every bound key pair record with its public key. */
async function readBoundKeyPairs(
  store: IDBObjectStore,
): Promise<Array<[string, BoundKeyPair | undefined]>> {
  const range = rangeOf(KEY_PAIR);
  const idsRequest = store.getAllKeys(range);
  const recordsRequest = store.getAll(range);
  const [ids, records] = await Promise.all([
    promisifyRequest(idsRequest),
    promisifyRequest<Array<BoundKeyPair | undefined>>(recordsRequest),
  ]);
  return ids.map((id, i) => [String((id as unknown[])[1]), records[i]]);
}

/**
 * Returns the public keys of bound key pairs whose session is gone or
 * names another key pair.
 */
async function findUnusedBoundKeyPairs(store: IDBObjectStore) {
  const [boundKeyPairs, {sessions}] = await Promise.all([
    readBoundKeyPairs(store),
    readAll(store),
  ]);
  return boundKeyPairs
    .filter(([publicKey, record]) => {
      const owner = record?.sessionKey;
      const session: unknown =
        typeof owner === 'string' && Object.hasOwn(sessions, owner)
          ? sessions[owner]
          : undefined;
      return (session as {publicKey?: unknown})?.publicKey !== publicKey;
    })
    .map(([publicKey]) => publicKey);
}

async function deleteAllSessions(store: IDBObjectStore) {
  const ids = await promisifyRequest(store.getAllKeys(rangeOf(SESSION)));
  if (ids.length === 0) {
    throw new SessionManagerError('NO_SESSIONS', 'there are no sessions');
  }
  store.delete(rangeOf(SESSION));
  store.delete(rangeOf(KEY_PAIR));
  store.delete(activeSessionId());
  return ids.map((id) => String((id as unknown[])[1]));
}

async function deleteUnusedKeyPair(store: IDBObjectStore, publicKey: string) {
  const [bound, pendingCount] = await Promise.all([
    promisifyRequest<BoundKeyPair | undefined>(store.get(keyPairId(publicKey))),
    promisifyRequest(store.count(pendingKeyPairId(publicKey))),
  ]);
  if (bound) {
    throw new SessionManagerError(
      'KEY_PAIR_IN_USE',
      `key pair ${publicKey} is used by session "${bound.sessionKey}"; ` +
        'clear that session instead',
    );
  }
  if (pendingCount === 0) {
    throw new SessionManagerError(
      'KEY_PAIR_NOT_FOUND',
      `no key pair for public key ${publicKey}`,
    );
  }
  store.delete(pendingKeyPairId(publicKey));
}

async function readSessionOrThrow(store: IDBObjectStore, sessionKey: string) {
  const session = await promisifyRequest<Session | undefined>(
    store.get(sessionId(sessionKey)),
  );
  if (session === undefined) {
    throw new SessionManagerError(
      'SESSION_NOT_FOUND',
      `no session stored under "${sessionKey}"`,
    );
  }
  return session;
}

/**
 * Reads the active session key, or `undefined` when the pointer is missing
 * or is not a string.
 */
async function readActiveKey(store: IDBObjectStore) {
  const active = await promisifyRequest<unknown>(store.get(activeSessionId()));
  return typeof active === 'string' ? active : undefined;
}

function assertOptionalBoolean(value: unknown, name: string) {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new SessionManagerError(
      'INVALID_ARGUMENT',
      `"${name}" expected a boolean, got ${typeName(value)}`,
    );
  }
}

function assertName(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new SessionManagerError(
      'INVALID_ARGUMENT',
      `"${name}" expected a non-empty string, got ` +
        (value === '' ? 'an empty string' : typeof value),
    );
  }
}
