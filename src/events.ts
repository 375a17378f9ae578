/**
 * Types of the events that `<turnkey-session-manager>` dispatches, and their
 * entries in `HTMLElementEventMap`, so `addEventListener` infers them.
 */

/** Detail of `sessions-cleared`: the session keys that were removed. */
export interface SessionsClearedDetail {
  sessionKeys: string[];
}

/** Detail of `sessions-clear-failed`: the error that the core rejected with. */
export interface SessionsClearFailedDetail {
  error: unknown;
}

/** Dispatched after "Clear all" has committed. */
export type SessionsClearedEvent = CustomEvent<SessionsClearedDetail>;

/** Dispatched when "Clear all" failed and nothing was removed. */
export type SessionsClearFailedEvent = CustomEvent<SessionsClearFailedDetail>;

/** The events by name, as listeners on the element or the document see them. */
interface SessionManagerEventMap {
  'sessions-cleared': SessionsClearedEvent;
  'sessions-clear-failed': SessionsClearFailedEvent;
}

// Both events bubble and are composed, so the document hears them too.
declare global {
  interface HTMLElementEventMap extends SessionManagerEventMap {}
  interface DocumentEventMap extends SessionManagerEventMap {}
}
