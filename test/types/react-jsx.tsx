/**
 * The plain tag in React 19's JSX, with the declarations of
 * `turnkey-session-manager/jsx`.
 */

import type {} from 'turnkey-session-manager/jsx';
import type {SessionsClearedEvent} from 'turnkey-session-manager';

function handleSessionsCleared(event: SessionsClearedEvent): void {
  const keys: string[] = event.detail.sessionKeys;
  void keys;
}

export const withAttributes = (
  <turnkey-session-manager
    db-name="app-sessions"
    heading-level="3"
    hide-expired
    confirm
    strings={{heading: 'Sessions'}}
    onsessions-cleared={handleSessionsCleared}
    onsession-cleared={(event) => event.detail.sessionKey}
    onsessions-clear-requested={(event) => event.preventDefault()}
  />
);

export const withProperties = (
  <turnkey-session-manager dbName="app-sessions" headingLevel={3} />
);

export const wrongStrings = (
  // @ts-expect-error `strings` takes an object of texts.
  <turnkey-session-manager strings="Sessions" />
);

export const wrongHandler = (
  // @ts-expect-error the listener receives a SessionsClearedEvent.
  <turnkey-session-manager
    onsessions-cleared={(event: MouseEvent) => event.clientX}
  />
);

export const camelCaseEvent = (
  // @ts-expect-error React 19 listens to `onsessions-cleared`, not this.
  <turnkey-session-manager onSessionsCleared={handleSessionsCleared} />
);
