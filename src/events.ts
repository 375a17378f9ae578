/**
 * Types of the events that `<turnkey-session-manager>` dispatches, and their
 * entries in `HTMLElementEventMap`, so `addEventListener` infers them.
 */

/** The button that requested a clear. */
export type ClearAction = 'clear-all' | 'sign-out-others' | 'sign-out';

/** Detail of `sessions-clear-requested`: what is about to be cleared. */
export interface SessionsClearRequestedDetail {
  /** The session keys that the clear would remove. */
  sessionKeys: string[];
  action: ClearAction;
}

/** Detail of `session-cleared`: the session that was signed out. */
export interface SessionClearedDetail {
  sessionKey: string;
}

/** Detail of `sessions-cleared`: the session keys that were removed. */
export interface SessionsClearedDetail {
  sessionKeys: string[];
}

/** Detail of `sessions-clear-failed`: the error and what it was clearing. */
export interface SessionsClearFailedDetail {
  /** The error that the store or client rejected with. */
  error: unknown;
  /** The session keys that the failed clear was meant to remove. */
  sessionKeys: string[];
  action: ClearAction;
}

/** Detail of `active-session-changed`: the session that is now active. */
export interface ActiveSessionChangedDetail {
  sessionKey: string;
}

/** Detail of `session-expired`: the session whose expiry has passed. */
export interface SessionExpiredDetail {
  sessionKey: string;
}

/**
 * Dispatched before any clear. Calling `preventDefault()` cancels the
 * clear.
 */
export type SessionsClearRequestedEvent =
  CustomEvent<SessionsClearRequestedDetail>;

/** Dispatched after one session was signed out with its row's button. */
export type SessionClearedEvent = CustomEvent<SessionClearedDetail>;

/** Dispatched after "Clear all" or "Sign out of other sessions" removed sessions. */
export type SessionsClearedEvent = CustomEvent<SessionsClearedDetail>;

/** Dispatched when a clear failed. */
export type SessionsClearFailedEvent = CustomEvent<SessionsClearFailedDetail>;

/** Dispatched after "Make active" changed the active session. */
export type ActiveSessionChangedEvent = CustomEvent<ActiveSessionChangedDetail>;

/** Dispatched when a listed session expires while the element shows it. */
export type SessionExpiredEvent = CustomEvent<SessionExpiredDetail>;

/** The events by name, as listeners on the element or the document see them. */
interface SessionManagerEventMap {
  'sessions-clear-requested': SessionsClearRequestedEvent;
  'session-cleared': SessionClearedEvent;
  'sessions-cleared': SessionsClearedEvent;
  'sessions-clear-failed': SessionsClearFailedEvent;
  'active-session-changed': ActiveSessionChangedEvent;
  'session-expired': SessionExpiredEvent;
}

// Every event bubbles and is composed, so the document hears them too.
declare global {
  interface HTMLElementEventMap extends SessionManagerEventMap {}
  interface DocumentEventMap extends SessionManagerEventMap {}
}
