/**
 * Where things live in the database. Sessions, key pairs and the active
 * pointer share one object store, under array keys whose first element names
 * their kind. One transaction can so change all of them, and clearing is a
 * few key-range deletes instead of one delete per key.
 */

/** Database used by the default core instance and by the element. */
export const DEFAULT_DB_NAME = 'turnkey-session-manager';

/** The single object store inside each database. */
export const STORE_NAME = 'sessions';

/** Session key that `storeSession` uses when none is given. */
export const DEFAULT_SESSION_KEY = '@turnkey/session/v3';

/** `[SESSION, sessionKey]` contains a {@link Session}. */
export const SESSION = 'session';

/** `[KEY_PAIR, publicKey]` contains the `CryptoKeyPair` of a stored session. */
export const KEY_PAIR = 'key-pair';

/**
 * `[PENDING_KEY_PAIR, publicKey]` contains a `CryptoKeyPair` that
 * `createApiKeyPair` made and no session uses yet.
 */
export const PENDING_KEY_PAIR = 'pending-key-pair';

/** `[ACTIVE_SESSION]` holds the active session key. */
export const ACTIVE_SESSION = 'active-session';

export const sessionId = (sessionKey: string) => [SESSION, sessionKey];
export const keyPairId = (publicKey: string) => [KEY_PAIR, publicKey];
export const pendingKeyPairId = (publicKey: string) => [
  PENDING_KEY_PAIR,
  publicKey,
];
export const activeSessionId = () => [ACTIVE_SESSION];

/**
 * Returns the range of every key that starts with `kind`. An empty array
 * sorts after every string in IndexedDB's key order, so `[kind, []]` bounds
 * all `[kind, string]`.
 */
export function rangeOf(kind: string): IDBKeyRange {
  return IDBKeyRange.bound([kind], [kind, []]);
}
