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
 * How long a transaction may wait for the database to open. An open request
 * waits for as long as another connection blocks an upgrade or delete
 * queued before it, which can be forever. Opening normally takes
 * milliseconds, so this only ends waits that would otherwise hang.
 */
export const OPEN_TIMEOUT_MS = 5_000;

/**
 * Returns a {@link Transact} for database `dbName`. Nothing is opened until
 * the first transaction, so this is safe to call where there is no
 * `indexedDB` (server-side rendering), and every call then rejects with
 * `STORAGE_UNAVAILABLE`, as it does when opening takes longer than
 * {@link OPEN_TIMEOUT_MS}. `onVersionChange` is called after the connection
 * closed because another one upgrades or deletes the database.
 */
export function openDatabase(
  dbName: string,
  onVersionChange: () => void = () => {},
): Transact {
  let useStore: UseStore | undefined;

  const run = <T>(
    mode: IDBTransactionMode,
    body: (store: IDBObjectStore) => Promise<T> | T,
    onOpen: () => void,
  ) => {
    useStore ??= createStore(dbName, STORE_NAME);
    const openTimeout = startOpenTimeout();
    const transaction = useStore(mode, (store) => {
      openTimeout.stop();
      yieldOnVersionChange(store.transaction.db, onVersionChange);
      // An operation whose caller already got the timeout error must not
      // run later, once the database opens after all.
      if (openTimeout.expired) return undefined as T;
      onOpen();
      return runToCommit(store, body);
    });
    transaction.then(openTimeout.stop, openTimeout.stop);
    return Promise.race([transaction, openTimeout.promise]);
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

/**
 * Starts the wait of {@link OPEN_TIMEOUT_MS} for the database to open.
 * `promise` rejects with a `TimeoutError` when it ends, unless `stop()` was
 * called first.
 */
function startOpenTimeout() {
  let expired = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true;
      reject(
        new DOMException(
          `timed out after ${OPEN_TIMEOUT_MS / 1000} s. Another tab may be ` +
            'upgrading or deleting it, so close other tabs of this site ' +
            'and try again',
          'TimeoutError',
        ),
      );
    }, OPEN_TIMEOUT_MS);
  });
  return {
    promise,
    get expired() {
      return expired;
    },
    stop: () => clearTimeout(timer),
  };
}

const watched = new WeakSet<IDBDatabase>();

/**
 * Closes the connection when another connection requests to upgrade or delete
 * the database, which would otherwise stay blocked for as long as this page
 * is open, and then calls `onClosed`. The next transaction opens a new
 * connection, which waits until the upgrade or delete is done.
 */
function yieldOnVersionChange(db: IDBDatabase, onClosed: () => void) {
  if (watched.has(db)) return;
  watched.add(db);
  db.addEventListener('versionchange', () => {
    db.close();
    onClosed();
  });
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
