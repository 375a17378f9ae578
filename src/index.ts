/**
 * Package entry: registers `<turnkey-session-manager>` and exports its class
 * and event types. The session core has its own entry,
 * `turnkey-session-manager/core`.
 */

import './define.js';

export {TurnkeySessionManager} from './turnkey-session-manager.js';
export type {
  SessionsClearedDetail,
  SessionsClearedEvent,
  SessionsClearFailedDetail,
  SessionsClearFailedEvent,
} from './events.js';
