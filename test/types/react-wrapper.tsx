/** The `@lit/react` wrapper from `turnkey-session-manager/react`. */

import {useRef} from 'react';
import {TurnkeySessionManager} from 'turnkey-session-manager/react';

import type {TurnkeySessionManagerElement} from 'turnkey-session-manager/react';

export function Sessions() {
  const ref = useRef<TurnkeySessionManagerElement>(null);
  return (
    <TurnkeySessionManager
      ref={ref}
      dbName="app-sessions"
      headingLevel={3}
      confirm
      strings={{heading: 'Sessions'}}
      onSessionsCleared={(event) => {
        const keys: string[] = event.detail.sessionKeys;
        void keys;
      }}
      onActiveSessionChanged={(event) => event.detail.sessionKey}
    />
  );
}

export function WrongHandler() {
  return (
    <TurnkeySessionManager
      // @ts-expect-error the listener receives a SessionsClearedEvent.
      onSessionsCleared={(event: CustomEvent<number>) => event.detail}
    />
  );
}

export function WrongProperty() {
  // @ts-expect-error `headingLevel` is a number.
  return <TurnkeySessionManager headingLevel="three" />;
}
