/**
 * Sign-in for the framework examples, done the way a host app would: the
 * session core creates a key pair in the browser, and the demo issuer signs
 * a session token bound to it.
 */

import {getSessionStore} from 'turnkey-session-manager/core';

import {createSessionIssuer} from './session-issuer.js';

const SESSION_LIFETIME_S = 3600;

/**
 * Returns a function that stores a new read-write session under a given
 * session key in database `dbName` and makes it active.
 */
export function createExampleSignIn(dbName: string) {
  const store = getSessionStore(dbName);
  const issuer = createSessionIssuer();

  return async (sessionKey: string): Promise<void> => {
    const publicKey = await store.createApiKeyPair();
    const sessionToken = await (
      await issuer
    ).sign({
      exp: Math.floor(Date.now() / 1000) + SESSION_LIFETIME_S,
      public_key: publicKey,
      session_type: 'SESSION_TYPE_READ_WRITE',
      user_id: crypto.randomUUID(),
      organization_id: `${dbName}-organization`,
    });
    await store.storeSession({sessionToken, sessionKey});
  };
}
