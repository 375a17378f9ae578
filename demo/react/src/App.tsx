/**
 * The React 19 host: the plain tag in JSX, with an object prop that React
 * sets as a property and an `onsessions-cleared` prop that React adds as an
 * event listener.
 */

import {useState} from 'react';

import {DB_NAME, signIn} from './sign-in.js';

import type {
  SessionManagerStrings,
  SessionsClearedEvent,
} from 'turnkey-session-manager';

const strings: Partial<SessionManagerStrings> = {
  heading: 'Sessions of the React 19 app',
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
      await signIn(`react/session-${signInCount + 1}`);
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
      <h1>React 19 host</h1>
      <button type="button" disabled={signingIn} onClick={handleSignInClick}>
        Sign in
      </button>
      <p id="sign-in-count">Signed in {signInCount} times</p>
      <turnkey-session-manager
        db-name={DB_NAME}
        heading-level="3"
        strings={strings}
        onsessions-cleared={handleSessionsCleared}
      ></turnkey-session-manager>
      <p id="cleared-message" role="status">
        {clearedMessage}
      </p>
    </main>
  );
}
