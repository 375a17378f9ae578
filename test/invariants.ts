/**
 * The invariants that no sequence of core operations, injected faults or
 * tabs may break, checked against what IndexedDB has committed and against
 * what elements show. Storage is read over a connection of its own, not
 * through the core, so a check reads only committed data.
 */

import {STORE_NAME} from '../src/core/index.js';

/** Every record of one database, grouped by the kind its key names. */
export interface StoredState {
  /** Session records by session key. */
  sessions: Map<string, unknown>;
  /** Bound key pair records (`{sessionKey, keyPair}`) by public key. */
  boundKeyPairs: Map<string, unknown>;
  /** Pending key pair records (a `CryptoKeyPair`) by public key. */
  pendingKeyPairs: Map<string, unknown>;
  activeSessionKey: unknown;
  /** Keys that fit none of the layout's shapes. */
  otherKeys: IDBValidKey[];
}

/**
 * Throws one error that lists every broken invariant of `dbName` and of
 * `elements`, which must show that database without `hide-expired`.
 */
export async function assertInvariants(
  dbName: string,
  ...elements: HTMLElement[]
): Promise<void> {
  const violations = await checkInvariants(dbName, ...elements);
  if (violations.length > 0) {
    throw new Error(
      `${violations.length} invariants broken in "${dbName}":\n` +
        violations.map((violation) => `- ${violation}`).join('\n'),
    );
  }
}

/**
 * Returns a sentence for each broken invariant of `dbName` and of
 * `elements`, or an empty array. Waits for each element to finish its
 * reads and render first.
 */
export async function checkInvariants(
  dbName: string,
  ...elements: HTMLElement[]
): Promise<string[]> {
  for (const element of elements) {
    await (element as HTMLElement & {updateComplete: Promise<unknown>})
      .updateComplete;
  }
  const state = await readStoredState(dbName);
  const violations = findStorageViolations(state);
  for (const [index, element] of elements.entries()) {
    violations.push(...findElementViolations(state, element, index));
  }
  return violations;
}

/**
 * Returns a sentence for each broken storage invariant. Every session must
 * have its own key pair and every bound key pair its session, no private
 * key may be exportable, and the active pointer must name a stored session.
 */
export function findStorageViolations(state: StoredState): string[] {
  const violations: string[] = [];
  const report = (message: string) => violations.push(message);

  for (const [sessionKey, record] of state.sessions) {
    const publicKey = publicKeyOf(record);
    if (publicKey === undefined) {
      report(`session "${sessionKey}" has no string "publicKey"`);
      continue;
    }
    const bound = state.boundKeyPairs.get(publicKey);
    if (bound === undefined) {
      report(`session "${sessionKey}" has no key pair ${publicKey}`);
    } else if (ownerOf(bound) !== sessionKey) {
      report(
        `session "${sessionKey}" uses key pair ${publicKey}, which is ` +
          `bound to ${JSON.stringify(ownerOf(bound))}`,
      );
    }
  }

  for (const [publicKey, record] of state.boundKeyPairs) {
    const owner = ownerOf(record);
    const session = owner === undefined ? undefined : state.sessions.get(owner);
    if (owner === undefined) {
      report(`bound key pair ${publicKey} has no string "sessionKey"`);
    } else if (session === undefined) {
      report(`key pair ${publicKey} is left behind by session "${owner}"`);
    } else if (publicKeyOf(session) !== publicKey) {
      report(
        `key pair ${publicKey} is bound to session "${owner}", which ` +
          `uses ${publicKeyOf(session)}`,
      );
    }
    if (state.pendingKeyPairs.has(publicKey)) {
      report(`key pair ${publicKey} is both pending and bound`);
    }
    const keyPair = isObject(record) ? record.keyPair : undefined;
    violations.push(...findKeyPairViolations(publicKey, keyPair));
  }

  for (const [publicKey, keyPair] of state.pendingKeyPairs) {
    violations.push(...findKeyPairViolations(publicKey, keyPair));
  }

  const active = state.activeSessionKey;
  if (active !== undefined) {
    if (typeof active !== 'string') {
      report(`active pointer is a ${typeof active}, not a string`);
    } else if (!state.sessions.has(active)) {
      report(`active pointer names "${active}", which is not stored`);
    }
  }

  for (const key of state.otherKeys) {
    report(`record under ${JSON.stringify(key)} fits no known key shape`);
  }
  return violations;
}

/**
 * Returns a sentence for each way `element` differs from storage, which it
 * must list exactly, readable or not, with exactly the active one marked.
 * `index` names the element in the messages.
 */
export function findElementViolations(
  state: StoredState,
  element: HTMLElement,
  index = 0,
): string[] {
  const violations: string[] = [];
  const name = `element ${index}`;
  const root = element.shadowRoot;
  if (!root) return [`${name} has no shadow root`];

  const rows = [...root.querySelectorAll<HTMLElement>('[data-session-key]')];
  const shownKeys = rows.map((row) => row.dataset.sessionKey!).sort();
  const storedKeys = [...state.sessions.keys()].sort();
  const missing = storedKeys.filter((key) => !shownKeys.includes(key));
  const extra = shownKeys.filter((key) => !storedKeys.includes(key));
  if (missing.length > 0) {
    violations.push(`${name} does not show ${quoteAll(missing)}`);
  }
  if (extra.length > 0) {
    violations.push(`${name} shows ${quoteAll(extra)}, which are not stored`);
  }
  if (new Set(shownKeys).size !== shownKeys.length) {
    violations.push(`${name} shows a session twice: ${quoteAll(shownKeys)}`);
  }

  const marked = rows
    .filter((row) => row.matches('[part~="active-session"]'))
    .map((row) => row.dataset.sessionKey!);
  const active = state.activeSessionKey;
  const expected =
    typeof active === 'string' && state.sessions.has(active) ? [active] : [];
  if (marked.join('\n') !== expected.join('\n')) {
    violations.push(
      `${name} marks ${quoteAll(marked) || 'nothing'} active, ` +
        `but storage has ${quoteAll(expected) || 'nothing'}`,
    );
  }
  return violations;
}

/** Returns the session keys that `element` lists, in the order shown. */
export function shownSessionKeys(element: HTMLElement): string[] {
  const rows =
    element.shadowRoot?.querySelectorAll<HTMLElement>('[data-session-key]');
  return [...(rows ?? [])].map((row) => row.dataset.sessionKey!);
}

/** Reads every record of `dbName` in one transaction. */
export async function readStoredState(dbName: string): Promise<StoredState> {
  const db = await openOwnConnection(dbName);
  let keys: IDBValidKey[];
  let values: unknown[];
  try {
    const transaction = db.transaction(STORE_NAME, 'readonly');
    const store = transaction.objectStore(STORE_NAME);
    const keysRequest = store.getAllKeys();
    const valuesRequest = store.getAll();
    [keys, values] = await Promise.all([
      resultOf(keysRequest),
      resultOf(valuesRequest),
      new Promise<void>((resolve, reject) => {
        transaction.oncomplete = () => resolve();
        transaction.onabort = () => reject(transaction.error);
      }),
    ]);
  } finally {
    db.close();
  }
  return sortRecords(keys, values);
}

/**
 * Returns a text form of `state` that two reads of unchanged storage share,
 * for comparing storage before and after an operation. Key pairs are
 * compared by public key and owner, because `CryptoKey`s cannot be
 * serialized.
 */
export function describeStoredState(state: StoredState): string {
  const sessions = [...state.sessions].map(([key, record]) => [
    key,
    describeRecord(record),
  ]);
  const bound = [...state.boundKeyPairs].map(([key, record]) => [
    key,
    ownerOf(record),
  ]);
  return JSON.stringify({
    sessions: sessions.sort(compareEntries),
    bound: bound.sort(compareEntries),
    pending: [...state.pendingKeyPairs.keys()].sort(),
    active: state.activeSessionKey ?? null,
    other: state.otherKeys.map((key) => JSON.stringify(key)).sort(),
  });
}

function sortRecords(keys: IDBValidKey[], values: unknown[]): StoredState {
  const state: StoredState = {
    sessions: new Map(),
    boundKeyPairs: new Map(),
    pendingKeyPairs: new Map(),
    activeSessionKey: undefined,
    otherKeys: [],
  };
  keys.forEach((key, i) => {
    const value = values[i];
    const [kind, name, ...rest] = Array.isArray(key) ? key : [];
    const named = typeof name === 'string' && rest.length === 0;
    if (kind === 'session' && named) {
      state.sessions.set(name, value);
    } else if (kind === 'key-pair' && named) {
      state.boundKeyPairs.set(name, value);
    } else if (kind === 'pending-key-pair' && named) {
      state.pendingKeyPairs.set(name, value);
    } else if (kind === 'active-session' && name === undefined) {
      state.activeSessionKey = value;
    } else {
      state.otherKeys.push(key);
    }
  });
  return state;
}

function findKeyPairViolations(publicKey: string, keyPair: unknown): string[] {
  if (!isObject(keyPair) || !(keyPair.privateKey instanceof CryptoKey)) {
    return [`key pair ${publicKey} holds no private CryptoKey`];
  }
  if (keyPair.privateKey.extractable) {
    return [`private key of ${publicKey} can be exported`];
  }
  return [];
}

function publicKeyOf(record: unknown): string | undefined {
  if (!isObject(record)) return undefined;
  return typeof record.publicKey === 'string' ? record.publicKey : undefined;
}

function ownerOf(record: unknown): string | undefined {
  if (!isObject(record)) return undefined;
  return typeof record.sessionKey === 'string' ? record.sessionKey : undefined;
}

function describeRecord(record: unknown): string {
  try {
    return JSON.stringify(record) ?? String(record);
  } catch {
    return Object.prototype.toString.call(record);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function quoteAll(keys: string[]): string {
  return keys.map((key) => JSON.stringify(key)).join(', ');
}

function compareEntries(a: unknown[], b: unknown[]): number {
  return String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0;
}

function openOwnConnection(dbName: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(dbName);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(STORE_NAME);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function resultOf<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
