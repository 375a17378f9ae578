/**
 * Entry `turnkey-session-manager/element`: the element class and its types
 * without registering `<turnkey-session-manager>`, for code that calls
 * `customElements.define()` itself or only needs the types. The package
 * entry, `turnkey-session-manager`, exports the same and registers the tag.
 */

export {TurnkeySessionManager} from './turnkey-session-manager.js';
export {DEFAULT_STRINGS} from './strings.js';
export type {SessionManagerStrings} from './strings.js';
export type {
  ListedSession,
  SessionClient,
  SessionListState,
} from './session-source.js';
export type {
  ActiveSessionChangedDetail,
  ActiveSessionChangedEvent,
  ClearAction,
  SessionClearedDetail,
  SessionClearedEvent,
  SessionExpiredDetail,
  SessionExpiredEvent,
  SessionsClearedDetail,
  SessionsClearedEvent,
  SessionsClearFailedDetail,
  SessionsClearFailedEvent,
  SessionsClearRequestedDetail,
  SessionsClearRequestedEvent,
} from './events.js';
