/**
 * Package entry: registers `<turnkey-session-manager>` and exports its class,
 * the types of its events, its text and the client shape it accepts, as
 * `turnkey-session-manager/element` does without registering. The session
 * core has its own entry, `turnkey-session-manager/core`.
 */

import './define.js';

export * from './element.js';
