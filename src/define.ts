/**
 * Registers `<turnkey-session-manager>`. When two bundles on one page both
 * run this module, only the first defines the tag, because a second
 * `customElements.define()` of a tag throws.
 */

import {TurnkeySessionManager} from './turnkey-session-manager.js';

if (!customElements.get('turnkey-session-manager')) {
  customElements.define('turnkey-session-manager', TurnkeySessionManager);
}
