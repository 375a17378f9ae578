/**
 * Helpers for the element tests: element fixtures, queries into the shadow
 * root, and ways to delay or bypass the core's writes. Databases, tokens and
 * raw reads come from `helpers.ts`, which the core tests share.
 */

import {expect} from '@esm-bundle/chai';

import {STORE_NAME, getSessionStore} from '../src/core/index.js';
import '../src/index.js';
import {openRawDatabase, signToken, transactionEnd} from './helpers.js';

import type {SessionClaims} from '../demo/session-issuer.js';
import type {SessionStore} from '../src/core/index.js';
import type {TurnkeySessionManager} from '../src/index.js';

const fixtures = new Set<Element>();

/**
 * Adds a `<turnkey-session-manager>` for `dbName` to the document and waits
 * until it has read and rendered its sessions. `setup` runs before the
 * element is connected, to set attributes or properties.
 */
export async function createElement(
  dbName: string,
  setup?: (element: TurnkeySessionManager) => void,
): Promise<TurnkeySessionManager> {
  const element = document.createElement('turnkey-session-manager');
  element.dbName = dbName;
  setup?.(element);
  return connect(element);
}

/**
 * Adds `element`, or a wrapper around it, to the document, removed again
 * by `removeElements()`, and waits until the element has rendered.
 */
export async function connect<E extends Element>(
  node: E,
  element: TurnkeySessionManager = node as unknown as TurnkeySessionManager,
): Promise<TurnkeySessionManager> {
  document.body.append(node);
  fixtures.add(node);
  await element.updateComplete;
  return element;
}

/** Removes every element that `createElement` or `connect` added. */
export function removeElements(): void {
  for (const element of fixtures) element.remove();
  fixtures.clear();
}

/** Returns the `exp` claim of a session that expires `seconds` from now. */
export function expiresIn(seconds: number): number {
  return Math.floor(Date.now() / 1000) + seconds;
}

/**
 * Creates a key pair and stores a signed session for it under `sessionKey`,
 * even when `claims.exp` has passed, which `signIn` of `helpers.ts` would
 * reject. Returns the session's public key.
 */
export async function signInAnyExpiry(
  store: SessionStore,
  sessionKey: string,
  claims: Partial<SessionClaims> = {},
): Promise<string> {
  const publicKey = await store.createApiKeyPair();
  const sessionToken = await signToken({...claims, public_key: publicKey});
  await store.storeSession({sessionToken, sessionKey, allowExpired: true});
  return publicKey;
}

/** Returns the rows of the list, in the order shown. */
export function rows(element: HTMLElement): HTMLElement[] {
  return parts(element, '[part~="session"]');
}

/** Returns the keys of the rows of the list, in the order shown. */
export function rowKeys(element: HTMLElement): string[] {
  return rows(element).map((row) => row.dataset.sessionKey!);
}

export function rowByKey(
  element: HTMLElement,
  sessionKey: string,
): HTMLElement | undefined {
  return rows(element).find((row) => row.dataset.sessionKey === sessionKey);
}

/** Returns the button with part `name` inside the row of `sessionKey`. */
export function rowButton(
  element: HTMLElement,
  sessionKey: string,
  name: 'sign-out-button' | 'make-active-button',
): HTMLButtonElement | null {
  const row = rowByKey(element, sessionKey);
  return row?.querySelector<HTMLButtonElement>(`[part~="${name}"]`) ?? null;
}

/** Returns the button of the shadow root with part `name`. */
export function button(
  element: HTMLElement,
  name: string,
): HTMLButtonElement | null {
  return part<HTMLButtonElement>(element, `[part~="${name}"]`);
}

/** Returns the trimmed text of the alert, or `undefined` if none. */
export function alertText(element: HTMLElement): string | undefined {
  return part(element, '[role="alert"]')?.textContent?.trim();
}

/** Returns the trimmed text of the polite live region. */
export function statusText(element: HTMLElement): string {
  return part(element, '[role="status"]')?.textContent?.trim() ?? '';
}

/**
 * Returns the element that has the focus, looking into shadow roots, or
 * `null` when the focus is on the body.
 */
export function focusedElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) {
    active = active.shadowRoot.activeElement;
  }
  return active === document.body ? null : active;
}

/**
 * Asserts that `expected` has the focus. A failure names both elements by
 * tag, part and label. A failed chai assertion on a DOM element itself
 * stalls the test file until the runner's 180 s timeout, with no report
 * (seen with @web/test-runner 1.0.0 and @esm-bundle/chai 4.3.4).
 */
export function expectFocusOn(
  expected: Element | null | undefined,
  message = 'focus',
): void {
  const actual = focusedElement();
  expect(describeElement(actual), message).to.equal(describeElement(expected));
  expect(actual === expected, `${message}: the same element`).to.be.true;
}

/**
 * Asserts that `node` is `null` or `undefined`. A failure names the element
 * found instead of passing it to chai, for the reason given at
 * `expectFocusOn`.
 */
export function expectNoElement(
  node: Element | null | undefined,
  message: string,
): void {
  expect(describeElement(node), message).to.equal('nothing');
}

function describeElement(element: Element | null | undefined): string {
  if (!element) return 'nothing';
  const attributes = ['part', 'aria-label', 'id']
    .filter((name) => element.hasAttribute(name))
    .map((name) => ` ${name}="${element.getAttribute(name)}"`);
  return `<${element.localName}${attributes.join('')}>`;
}

/**
 * Records every event of type `type` that reaches `document` until
 * `stop()`.
 */
export function recordEvents<K extends keyof DocumentEventMap>(type: K) {
  const events: DocumentEventMap[K][] = [];
  const listener = (event: DocumentEventMap[K]) => events.push(event);
  document.addEventListener(type, listener);
  return {
    events,
    stop: () => document.removeEventListener(type, listener),
  };
}

/** Resolves with the next event of type `type` that `target` hears. */
export function nextEvent<K extends keyof HTMLElementEventMap>(
  target: HTMLElement,
  type: K,
): Promise<HTMLElementEventMap[K]> {
  return new Promise((resolve) => {
    target.addEventListener(type, resolve, {once: true});
  });
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
  const db = await openRawDatabase(dbName);
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
  const db = await openRawDatabase(dbName);
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
