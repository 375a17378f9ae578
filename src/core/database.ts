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

  return async (mode, failureCode, body) => {
    if (typeof indexedDB === 'undefined') {
      throw new SessionManagerError(
        'STORAGE_UNAVAILABLE',
        'IndexedDB is not available in this environment',
      );
    }
    useStore ??= createStore(dbName, STORE_NAME);
    let opened = false;
    try {
      return await useStore(mode, (store) => {
        opened = true;
        return runToCommit(store, body);
      });
    } catch (error) {
      if (error instanceof SessionManagerError) throw error;
      if (!opened) {
        throw new SessionManagerError(
          'STORAGE_UNAVAILABLE',
          `could not open IndexedDB database "${dbName}"`,
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
