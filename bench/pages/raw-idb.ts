/**
 * Direct IndexedDB access for the bench: reads that bypass both session
 * libraries, so that a check reads what has really been committed, and
 * copies of a whole object store to restore a stored state quickly.
 */

/** Every record of one object store, with its key. */
export interface StoreRecords {
  keys: IDBValidKey[];
  values: unknown[];
}

/**
 * Opens `dbName` on a connection of its own. A database that does not exist
 * yet is created with `storeName` at version 1, as both libraries would
 * create it, so that opening it here does not break them.
 */
export function openRaw(dbName: string, storeName: string) {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(dbName);
    open.onupgradeneeded = () => open.result.createObjectStore(storeName);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

/** Runs `body` in one transaction on a new connection, then closes it. */
export async function withStore<T>(
  dbName: string,
  storeName: string,
  mode: IDBTransactionMode,
  body: (store: IDBObjectStore) => Promise<T>,
): Promise<T> {
  const db = await openRaw(dbName, storeName);
  try {
    const transaction = db.transaction(storeName, mode);
    const committed = whenComplete(transaction);
    let result: T;
    try {
      result = await body(transaction.objectStore(storeName));
    } catch (error) {
      committed.catch(() => {});
      transaction.abort();
      throw error;
    }
    await committed;
    return result;
  } finally {
    db.close();
  }
}

/** Reads every key and value of an object store in one transaction. */
export function readRecords(
  dbName: string,
  storeName: string,
): Promise<StoreRecords> {
  return withStore(dbName, storeName, 'readonly', async (store) => {
    const keysRequest = store.getAllKeys();
    const valuesRequest = store.getAll();
    const [keys, values] = await Promise.all([
      request(keysRequest),
      request(valuesRequest),
    ]);
    return {keys, values};
  });
}

/** Replaces the contents of an object store with `records`, atomically. */
export function writeRecords(
  dbName: string,
  storeName: string,
  records: StoreRecords,
): Promise<void> {
  return withStore(dbName, storeName, 'readwrite', async (store) => {
    store.clear();
    records.keys.forEach((key, i) => store.put(records.values[i], key));
  });
}

/** Deletes a database; rejects if another connection keeps it open. */
export function deleteDatabase(dbName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deletion = indexedDB.deleteDatabase(dbName);
    deletion.onsuccess = () => resolve();
    deletion.onerror = () => reject(deletion.error);
    deletion.onblocked = () =>
      reject(new Error(`deleting database "${dbName}" was blocked`));
  });
}

export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function whenComplete(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}
