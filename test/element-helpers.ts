/**
 * Helpers for the element tests: element fixtures, queries into the shadow
 * root, and ways to delay or bypass the core's writes. Databases, tokens and
 * raw reads come from `helpers.ts`, which the core tests share.
 */

import {STORE_NAME, getSessionStore} from '../src/core/index.js';
import '../src/index.js';

import type {SessionStore} from '../src/core/index.js';
import type {TurnkeySessionManager} from '../src/index.js';

const fixtures = new Set<HTMLElement>();

/**
 * Adds a `<turnkey-session-manager>` for `dbName` to the document and waits
 * until it has read and rendered its sessions.
 */
export async function createElement(
  dbName: string,
): Promise<TurnkeySessionManager> {
  const element = document.createElement('turnkey-session-manager');
  element.dbName = dbName;
  document.body.append(element);
  fixtures.add(element);
  await element.updateComplete;
  return element;
}

/** Removes every element that `createElement` added. */
export function removeElements(): void {
  for (const element of fixtures) element.remove();
  fixtures.clear();
}

/** Returns the element inside `host`'s shadow root matching `selector`. */
export function part<E extends Element = HTMLElement>(
  host: HTMLElement,
  selector: string,
): E | null {
  return host.shadowRoot!.querySelector<E>(selector);
}

/** Returns every element inside `host`'s shadow root matching `selector`. */
export function parts<E extends Element = HTMLElement>(
  host: HTMLElement,
  selector: string,
): E[] {
  return [...host.shadowRoot!.querySelectorAll<E>(selector)];
}

/** Returns the trimmed text of the field with class `className` in `row`. */
export function fieldText(row: Element, className: string): string {
  return row.querySelector(`.${className}`)?.textContent?.trim() ?? '';
}

/** Returns the clear-all button of `host`. */
export function clearAllButton(host: HTMLElement): HTMLButtonElement {
  return part<HTMLButtonElement>(host, '[part~="clear-all-button"]')!;
}

/** Resolves after the current task, once Lit's microtask render has run. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve));
}

/**
 * Wraps `store.clearAllSessions` to count its calls until `restore()`. The
 * element calls the same wrapper, because the core returns one store object
 * per database name.
 */
export function countClearCalls(store: SessionStore) {
  const original = store.clearAllSessions;
  const counter = {
    calls: 0,
    restore: () => {
      store.clearAllSessions = original;
    },
  };
  store.clearAllSessions = () => {
    counter.calls++;
    return original.call(store);
  };
  return counter;
}

/**
 * Resolves with the next change of `dbName` of type `type` that another
 * realm (tab, window or frame) made, as the core's `BroadcastChannel`
 * delivers it.
 */
export function nextRemoteChange(dbName: string, type: string): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = getSessionStore(dbName).subscribe((change) => {
      if (!change.remote || change.type !== type) return;
      unsubscribe();
      resolve();
    });
  });
}

/**
 * Deletes one record of `dbName` through a connection of its own, so that
 * the core publishes no change, as when a write from another tab is missed.
 */
export function deleteRawKey(dbName: string, key: IDBValidKey) {
  return writeRaw(dbName, (store) => store.delete(key));
}

/**
 * Puts `value` under `key` in `dbName` through a connection of its own,
 * bypassing the core's checks, as a script of the same origin could.
 */
export function putRawRecord(dbName: string, key: IDBValidKey, value: unknown) {
  return writeRaw(dbName, (store) => store.put(value, key));
}

async function writeRaw(
  dbName: string,
  write: (store: IDBObjectStore) => void,
): Promise<void> {
  const db = await requestResult(indexedDB.open(dbName));
  try {
    const transaction = db.transaction(STORE_NAME, 'readwrite');
    write(transaction.objectStore(STORE_NAME));
    await transactionEnd(transaction);
  } finally {
    db.close();
  }
}

/**
 * Starts a read-write transaction on `dbName` from a connection of its own
 * and keeps it open until the returned function is called, so that the
 * core's writes wait, as they would behind a slow write in another tab.
 */
export async function holdWriteLock(
  dbName: string,
): Promise<() => Promise<void>> {
  const db = await requestResult(indexedDB.open(dbName));
  const transaction = db.transaction(STORE_NAME, 'readwrite');
  const store = transaction.objectStore(STORE_NAME);
  const finished = transactionEnd(transaction);

  // A transaction commits once it has no pending request, so a chain of
  // requests keeps it open.
  let keepingOpen = true;
  const keepOpen = () => {
    if (keepingOpen) store.count().onsuccess = keepOpen;
  };
  keepOpen();

  return async () => {
    keepingOpen = false;
    try {
      await finished;
    } finally {
      db.close();
    }
  };
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function transactionEnd(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error);
  });
}
