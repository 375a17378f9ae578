/**
 * Package entry: registers `<turnkey-session-manager>` and exports its class,
 * the types of its events, its text and the client shape it accepts. The
 * session core has its own entry, `turnkey-session-manager/core`.
 */

import './define.js';

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
