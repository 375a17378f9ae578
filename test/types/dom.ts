/**
 * The element's types in plain DOM code: the tag in
 * `HTMLElementTagNameMap` and its events in `HTMLElementEventMap` and
 * `DocumentEventMap`. Imports resolve through the package's `exports`.
 */

import {TurnkeySessionManager} from 'turnkey-session-manager';

import type {SessionClient} from 'turnkey-session-manager';

const found = document.querySelector('turnkey-session-manager');
if (found) {
  const dbName: string = found.dbName;
  const headingLevel: number = found.headingLevel;
  found.strings = {heading: 'Sessions'};
  found.confirm = true;
  // @ts-expect-error `strings` takes an object of texts, not a string.
  found.strings = 'Sessions';
  void dbName;
  void headingLevel;
}

const created: TurnkeySessionManager = document.createElement(
  'turnkey-session-manager',
);

created.addEventListener('sessions-cleared', (event) => {
  const keys: string[] = event.detail.sessionKeys;
  // @ts-expect-error sessions-cleared has `sessionKeys`, not `sessionKey`.
  void event.detail.sessionKey;
  void keys;
});

created.addEventListener('sessions-clear-requested', (event) => {
  const action: 'clear-all' | 'sign-out-others' | 'sign-out' =
    event.detail.action;
  event.preventDefault();
  void action;
});

document.addEventListener('session-cleared', (event) => {
  const key: string = event.detail.sessionKey;
  void key;
});

document.addEventListener('sessions-clear-failed', (event) => {
  const error: unknown = event.detail.error;
  void error;
});

// Any object with the session functions can be the element's client.
const client: SessionClient = {
  getAllSessions: async () => undefined,
  getActiveSessionKey: async () => undefined,
  clearSession: async () => {},
  clearAllSessions: async () => [],
};
created.client = client;

// @ts-expect-error a client needs clearAllSessions() and the rest.
created.client = {getAllSessions: async () => undefined};
