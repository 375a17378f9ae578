/**
 * Opening the database lazily and running one transaction at a time on it,
 * with IndexedDB's errors turned into {@link SessionManagerError}s.
 */

import {createStore, promisifyRequest} from 'idb-keyval';

import {SessionManagerError} from './errors.js';
import {STORE_NAME} from './layout.js';

import type {UseStore} from 'idb-keyval';
import type {SessionErrorCode} from './errors.js';

export {promisifyRequest};

/** Runs `body` in one transaction and resolves once it has committed. */
export type Transact = <T>(
  mode: IDBTransactionMode,
  failureCode: SessionErrorCode,
  body: (store: IDBObjectStore) => Promise<T> | T,
) => Promise<T>;

/**
 * Returns a {@link Transact} for database `dbName`. Nothing is opened until
 * the first transaction, so this is safe to call where there is no
 * `indexedDB` (server-side rendering), and every call then rejects with
 * `STORAGE_UNAVAILABLE`.
 */
export function openDatabase(dbName: string): Transact {
  let useStore: UseStore | undefined;

  const run = <T>(
    mode: IDBTransactionMode,
    body: (store: IDBObjectStore) => Promise<T> | T,
    onOpen: () => void,
  ) => {
    useStore ??= createStore(dbName, STORE_NAME);
    return useStore(mode, (store) => {
      onOpen();
      yieldOnVersionChange(store.transaction.db);
      return runToCommit(store, body);
    });
  };

  return async (mode, failureCode, body) => {
    if (typeof indexedDB === 'undefined') {
      throw new SessionManagerError(
        'STORAGE_UNAVAILABLE',
        'IndexedDB is not available in this environment',
      );
    }
    let opened = false;
    const onOpen = () => (opened = true);
    try {
      try {
        return await run(mode, body, onOpen);
      } catch (error) {
        // The cached connection was closed (by us on a version change, or
        // by the browser); open a new one and try once more.
        if (opened || !isClosedConnection(error)) throw error;
        useStore = undefined;
        return await run(mode, body, onOpen);
      }
    } catch (error) {
      if (error instanceof SessionManagerError) throw error;
      if (!opened) {
        throw new SessionManagerError(
          'STORAGE_UNAVAILABLE',
          `could not open IndexedDB database "${dbName}": ${describe(error)}`,
          error,
        );
      }
      throw new SessionManagerError(
        failureCode,
        `IndexedDB transaction on "${dbName}" failed: ${describe(error)}`,
        error,
      );
    }
  };
}

const watched = new WeakSet<IDBDatabase>();

/**
 * Closes the connection when another connection requests to upgrade or delete
 * the database, which would otherwise stay blocked for as long as this page
 * is open. The next transaction then opens a new connection.
 */
function yieldOnVersionChange(db: IDBDatabase) {
  if (watched.has(db)) return;
  watched.add(db);
  db.addEventListener('versionchange', () => db.close());
}

function isClosedConnection(error: unknown) {
  return error instanceof DOMException && error.name === 'InvalidStateError';
}

/**
 * Runs `body` and waits for the transaction to commit. If `body` throws, the
 * transaction is aborted, so none of its writes land.
 */
async function runToCommit<T>(
  store: IDBObjectStore,
  body: (store: IDBObjectStore) => Promise<T> | T,
): Promise<T> {
  const transaction = store.transaction;
  const committed = promisifyRequest(transaction);
  let result: T;
  try {
    result = await body(store);
  } catch (error) {
    abortQuietly(transaction);
    committed.catch(() => {});
    throw error;
  }
  await committed;
  return result;
}

function abortQuietly(transaction: IDBTransaction) {
  try {
    transaction.abort();
  } catch {
    // The transaction has already finished or aborted itself.
  }
}

function describe(error: unknown) {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
