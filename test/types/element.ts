/** The class without registration, defined under a tag of the caller's. */

import {
  DEFAULT_STRINGS,
  TurnkeySessionManager,
} from 'turnkey-session-manager/element';

class AppSessions extends TurnkeySessionManager {}
customElements.define('app-sessions', AppSessions);

export const heading: string = DEFAULT_STRINGS.heading;
