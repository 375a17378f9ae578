/**
 * `@turnkey/core`'s `TurnkeyClient` as a bench contender. Its web build
 * keeps sessions in `localStorage` (one item per session key, plus a list
 * of session keys and the active key) and key pairs in the IndexedDB
 * database `TurnkeyStamperDB`, object store `KeyStore`, keyed by compressed
 * public key. Those names are read from `@turnkey/core` 2.8.1's
 * `dist/__storage__/web/storage.mjs` and
 * `dist/__stampers__/api/web/stamper.mjs`.
 */

import {TurnkeyClient} from '@turnkey/core';

import {
  deleteDatabase,
  readRecords,
  request,
  withStore,
  writeRecords,
} from './raw-idb.js';

import type {Contender} from './contender.js';
import type {StoreRecords} from './raw-idb.js';

const KEY_DB_NAME = 'TurnkeyStamperDB';
const KEY_STORE_NAME = 'KeyStore';
const SESSION_KEYS_ITEM = '@turnkey/all-session-keys';
const ACTIVE_SESSION_ITEM = '@turnkey/active-session-key';

/** The web storage manager that `TurnkeyClient.init()` creates. */
interface StorageManager {
  storeSession(sessionToken: string, sessionKey: string): Promise<void>;
}

/**
 * Returns the contender for `@turnkey/core`, on a client initialised with
 * only the API key stamper. The client makes no request for the calls the
 * bench uses, and the runner fails if any page requests another host.
 * `apiBaseUrl` and `authProxyUrl` still point at `origin`, so that a request
 * it did make would stay on this machine.
 */
export async function createTheirs(origin: string): Promise<Contender> {
  const client = new TurnkeyClient({
    organizationId: 'bench-organization',
    apiBaseUrl: `${origin}/turnkey-api-stub`,
    authProxyUrl: `${origin}/turnkey-auth-proxy-stub`,
  });
  await client.init();
  // `storageManager` is not part of the typed API, but it is the object
  // that `storeSession()` writes through.
  const storage = (client as unknown as {storageManager: StorageManager})
    .storageManager;
  let saved: {items: [string, string][]; keyPairs: StoreRecords} | undefined;

  return {
    name: 'theirs',
    async reset() {
      localStorage.clear();
      await deleteDatabase(KEY_DB_NAME);
    },
    createApiKeyPair: () => client.createApiKeyPair(),
    async storeSession(sessionToken, sessionKey) {
      await client.storeSession({sessionToken, sessionKey});
    },
    // Skips the scan of every key pair that `storeSession()` runs after
    // each write, which deletes nothing here because every key pair
    // belongs to a session.
    seedSession: (sessionToken, sessionKey) =>
      storage.storeSession(sessionToken, sessionKey),
    async getAllSessions() {
      return Object.keys((await client.getAllSessions()) ?? {}).length;
    },
    async clearAllSessions() {
      await client.clearAllSessions();
    },
    readStorage,
    async saveStorage() {
      saved = {
        items: Object.entries(localStorage),
        keyPairs: await readRecords(KEY_DB_NAME, KEY_STORE_NAME),
      };
    },
    async restoreStorage() {
      if (!saved)
        throw new Error('restoreStorage() called before saveStorage()');
      localStorage.clear();
      for (const [key, value] of saved.items) localStorage.setItem(key, value);
      await writeRecords(KEY_DB_NAME, KEY_STORE_NAME, saved.keyPairs);
    },
  };
}

/**
 * Counts what `@turnkey/core` has stored. Every `localStorage` item other
 * than the two bookkeeping items counts as a session, because the bench page
 * stores nothing else there.
 */
async function readStorage() {
  const keyPairs = await withStore(
    KEY_DB_NAME,
    KEY_STORE_NAME,
    'readonly',
    (store) => request(store.count()),
  );
  let sessions = 0;
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key !== SESSION_KEYS_ITEM && key !== ACTIVE_SESSION_ITEM) sessions++;
  }
  const listed = JSON.parse(localStorage.getItem(SESSION_KEYS_ITEM) ?? '[]');
  const active = localStorage.getItem(ACTIVE_SESSION_ITEM) === null ? 0 : 1;
  return {sessions, keyPairs, sessionPointers: listed.length + active};
}
