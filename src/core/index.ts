/**
 * The session core: Turnkey-compatible session functions on IndexedDB, with
 * no dependency on Lit. The plain functions act on the default database;
 * `getSessionStore(dbName)` gives the same functions for another one.
 *
 * @example
 * import {clearAllSessions, isSessionError} from 'turnkey-session-manager/core';
 *
 * try {
 *   const cleared = await clearAllSessions();
 *   console.log(`signed out of ${cleared.length} sessions`);
 * } catch (error) {
 *   if (!isSessionError(error, 'NO_SESSIONS')) throw error;
 * }
 */

import {getSessionStore} from './session-store.js';

import type {SessionStore} from './session-store.js';
import type {Stamper, StamperOptions} from './stamper.js';

export {getSessionStore} from './session-store.js';
export {SessionManagerError, isSessionError} from './errors.js';
export {
  isReadableSession,
  parseSessionToken,
  MAX_TOKEN_LENGTH,
} from './session-token.js';
export {DEFAULT_DB_NAME, DEFAULT_SESSION_KEY, STORE_NAME} from './layout.js';
export {STAMP_HEADER_NAME, STAMP_SCHEME, verifyStamp} from './stamper.js';
export {
  TURNKEY_NOTARIZER_PUBLIC_KEY,
  verifySessionToken,
} from './verify-session-token.js';

export type {
  SessionState,
  SessionStore,
  StoreSessionParams,
} from './session-store.js';
export type {SessionErrorCode} from './errors.js';
export type {Stamp, Stamper, StamperOptions} from './stamper.js';
export type {VerifySessionTokenOptions} from './verify-session-token.js';
export type {
  Session,
  SessionChange,
  SessionChangeListener,
  SessionType,
} from './types.js';

// Each function looks the default store up when it is called, not at
// import, so importing this module touches no browser API.
const store = () => getSessionStore();

/** Stores a session JWT and makes it active; see {@link SessionStore}. */
export const storeSession: SessionStore['storeSession'] = (params) =>
  store().storeSession(params);

/** Returns a session, by default the active one. */
export const getSession: SessionStore['getSession'] = (params) =>
  store().getSession(params);

/** Returns all sessions keyed by session key, or `undefined` if none. */
export const getAllSessions: SessionStore['getAllSessions'] = () =>
  store().getAllSessions();

/** Returns the active session key, or `undefined`. */
export const getActiveSessionKey: SessionStore['getActiveSessionKey'] = () =>
  store().getActiveSessionKey();

/** Returns all sessions and the active key, read in one transaction. */
export const getSessionState: SessionStore['getSessionState'] = () =>
  store().getSessionState();

/** Makes an existing session the active one. */
export const setActiveSession: SessionStore['setActiveSession'] = (params) =>
  store().setActiveSession(params);

/** Removes one session and its key pair, atomically. */
export const clearSession: SessionStore['clearSession'] = (params) =>
  store().clearSession(params);

/** Removes the given sessions and their key pairs in one transaction. */
export const clearSessions: SessionStore['clearSessions'] = (params) =>
  store().clearSessions(params);

/** Removes every session and key pair in one transaction. */
export const clearAllSessions: SessionStore['clearAllSessions'] = () =>
  store().clearAllSessions();

/** Creates a non-extractable P-256 key pair; returns its public key. */
export const createApiKeyPair: SessionStore['createApiKeyPair'] = () =>
  store().createApiKeyPair();

/** Imports a hex P-256 private key as a non-extractable key pair. */
export const importApiKeyPair: SessionStore['importApiKeyPair'] = (params) =>
  store().importApiKeyPair(params);

/** Deletes a key pair that no session uses. */
export const deleteApiKeyPair: SessionStore['deleteApiKeyPair'] = (params) =>
  store().deleteApiKeyPair(params);

/** Deletes every key pair that no session uses. */
export const clearUnusedKeyPairs: SessionStore['clearUnusedKeyPairs'] = () =>
  store().clearUnusedKeyPairs();

/** Calls a listener after every committed write; returns an unsubscribe. */
export const subscribe: SessionStore['subscribe'] = (listener) =>
  store().subscribe(listener);

/**
 * Returns a stamper for `@turnkey/http`'s `TurnkeyClient` that signs with a
 * key pair in database `dbName` (by default the default database), by
 * default with that of the session active at each call.
 *
 * @example
 * import {TurnkeyClient} from '@turnkey/http';
 * import {createStamper} from 'turnkey-session-manager/core';
 *
 * const client = new TurnkeyClient(
 *   {baseUrl: 'https://api.turnkey.com'},
 *   createStamper(),
 * );
 */
export function createStamper(
  options: StamperOptions & {dbName?: string} = {},
): Stamper {
  const {dbName, ...target} = options;
  return getSessionStore(dbName).createStamper(target);
}
