/**
 * The React 18 host. React 18 would set `strings` on the plain tag as the
 * attribute "[object Object]" and has no way to listen to
 * `sessions-cleared`, so it uses the package's wrapper component, which
 * sets properties and takes `onSessionsCleared`.
 */

import {version as reactVersion, useState} from 'react';
import {TurnkeySessionManager} from 'turnkey-session-manager/react';

import {DB_NAME, signIn} from './sign-in.js';

import type {SessionManagerStrings} from 'turnkey-session-manager';
import type {SessionsClearedEvent} from 'turnkey-session-manager/react';

const strings: Partial<SessionManagerStrings> = {
  heading: 'Sessions of the React 18 app',
};

export function App() {
  const [signInCount, setSignInCount] = useState(0);
  const [signingIn, setSigningIn] = useState(false);
  const [clearedMessage, setClearedMessage] = useState(
    'No sessions cleared yet',
  );

  async function handleSignInClick() {
    setSigningIn(true);
    try {
      await signIn(`react18/session-${signInCount + 1}`);
      setSignInCount((count) => count + 1);
    } finally {
      setSigningIn(false);
    }
  }

  function handleSessionsCleared(event: SessionsClearedEvent) {
    const count = event.detail.sessionKeys.length;
    setClearedMessage(`Cleared ${count} sessions`);
  }

  return (
    <main>
      <h1>React {reactVersion} host</h1>
      <button type="button" disabled={signingIn} onClick={handleSignInClick}>
        Sign in
      </button>
      <p id="sign-in-count">Signed in {signInCount} times</p>
      <TurnkeySessionManager
        dbName={DB_NAME}
        headingLevel={3}
        strings={strings}
        onSessionsCleared={handleSessionsCleared}
      />
      <p id="cleared-message" role="status">
        {clearedMessage}
      </p>
      <p id="react-version">{reactVersion}</p>
    </main>
  );
}
