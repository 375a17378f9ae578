/**
 * This package's session core as a bench contender, on a database of its
 * own.
 */

import {STORE_NAME, getSessionStore} from '../../src/core/index.js';
import {
  KEY_PAIR,
  PENDING_KEY_PAIR,
  SESSION,
  activeSessionId,
  rangeOf,
} from '../../src/core/layout.js';
import {
  deleteDatabase,
  readRecords,
  request,
  withStore,
  writeRecords,
} from './raw-idb.js';

import type {Contender} from './contender.js';
import type {StoreRecords} from './raw-idb.js';

/** Returns the contender for this package, on database `dbName`. */
export function createOurs(dbName: string): Contender {
  const store = getSessionStore(dbName);
  let saved: StoreRecords | undefined;

  return {
    name: 'ours',
    // The core closes its connection when another one requests deletion, so
    // this does not block, and the core reopens the database on next use.
    reset: () => deleteDatabase(dbName),
    createApiKeyPair: () => store.createApiKeyPair(),
    storeSession: (sessionToken, sessionKey) =>
      store.storeSession({sessionToken, sessionKey}),
    seedSession: (sessionToken, sessionKey) =>
      store.storeSession({sessionToken, sessionKey}),
    async getAllSessions() {
      return Object.keys((await store.getAllSessions()) ?? {}).length;
    },
    async clearAllSessions() {
      await store.clearAllSessions();
    },
    readStorage: () => readContents(dbName),
    async saveStorage() {
      saved = await readRecords(dbName, STORE_NAME);
    },
    async restoreStorage() {
      if (!saved)
        throw new Error('restoreStorage() called before saveStorage()');
      await writeRecords(dbName, STORE_NAME, saved);
    },
  };
}

/** Counts records per key range of the core's storage layout. */
function readContents(dbName: string) {
  return withStore(dbName, STORE_NAME, 'readonly', async (store) => {
    const [sessions, keyPairs, pendingKeyPairs, pointers] = await Promise.all([
      request(store.count(rangeOf(SESSION))),
      request(store.count(rangeOf(KEY_PAIR))),
      request(store.count(rangeOf(PENDING_KEY_PAIR))),
      request(store.count(activeSessionId())),
    ]);
    return {
      sessions,
      keyPairs: keyPairs + pendingKeyPairs,
      sessionPointers: pointers,
    };
  });
}
