/**
 * The demo page's script, which plays a host app. Its sign-in form creates a
 * key pair with the session core and stores a signed session token for it.
 * The `<turnkey-session-manager>` element lists and clears the sessions, and
 * the page logs the element's events as a host app would receive them.
 */

import {TurnkeySessionManager} from '../src/index.js';
import {
  DEFAULT_SESSION_KEY,
  createApiKeyPair,
  deleteApiKeyPair,
  getAllSessions,
  isSessionError,
  storeSession,
  subscribe,
} from '../src/core/index.js';
import {DEMO_ISSUER_KEY, createSessionIssuer} from './session-issuer.js';

import type {SessionClaims} from './session-issuer.js';

// The demo issuer takes the place of Turnkey's notarizer. Its fixed key lets
// every tab check every token: storeSession() rejects a token it did not
// sign, and the element marks one.
const issuer = createSessionIssuer(DEMO_ISSUER_KEY);

// Every session of this page belongs to one organization and profile.
const organizationId = crypto.randomUUID();
const sessionProfileId = crypto.randomUUID();

const form = byId('sign-in-form', HTMLFormElement);
const userIdInput = byId('user-id', HTMLInputElement);
const organizationIdInput = byId('organization-id', HTMLInputElement);
const sessionTypeSelect = byId('session-type', HTMLSelectElement);
const lifetimeSelect = byId('lifetime', HTMLSelectElement);
const sessionKeyInput = byId('session-key', HTMLInputElement);
const submitButton = byId('sign-in-button', HTMLButtonElement);
const signInStatus = byId('sign-in-status', HTMLElement);
const eventLog = byId('event-log', HTMLOListElement);
const eventLogEmpty = byId('event-log-empty', HTMLElement);
const manager = byId('session-manager', TurnkeySessionManager);

void issuer.then(({publicKeyHex}) => {
  manager.notarizerPublicKey = publicKeyHex;
});

// The element's own heading is the heading of its section of the page.
manager.strings = {heading: 'Sessions in this browser'};

/** The user ID that the page filled in, replaced after each sign-in. */
let suggestedUserId = crypto.randomUUID();
userIdInput.value = suggestedUserId;
organizationIdInput.value = organizationId;

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void submitSignIn();
});

// The element's default colors follow `color-scheme`, as the page's do.
for (const radio of document.querySelectorAll<HTMLInputElement>(
  'input[name="color-scheme"]',
)) {
  radio.addEventListener('change', () => {
    document.documentElement.style.colorScheme = radio.value;
  });
}

// Keep the suggested session key current, whichever tab made the change.
subscribe(() => void suggestSessionKey());
void suggestSessionKey();

// The element's events bubble and are composed, so a host app can listen on
// the document.
const ELEMENT_EVENTS = [
  'sessions-clear-requested',
  'session-cleared',
  'sessions-cleared',
  'sessions-clear-failed',
  'active-session-changed',
  'session-expired',
] as const;
for (const type of ELEMENT_EVENTS) {
  document.addEventListener(type, (event) => {
    logEvent(event.type, loggableDetail(event.detail));
  });
}

/** Runs one sign-in from the form and reports the outcome under it. */
async function submitSignIn() {
  submitButton.disabled = true;
  showStatus('Signing in…');
  try {
    const sessionKey =
      sessionKeyInput.value.trim() || (await findFreeSessionKey());
    await signIn(sessionKey, {
      user_id: userIdInput.value.trim(),
      organization_id: organizationIdInput.value.trim(),
      session_type: sessionTypeSelect.value,
      lifetimeSeconds: Number(lifetimeSelect.value),
    });
    showStatus(`Signed in. The session is stored under "${sessionKey}".`);
    sessionKeyInput.value = '';

    // Suggest a new user for the next sign-in, unless the field was edited.
    if (userIdInput.value === suggestedUserId) {
      suggestedUserId = crypto.randomUUID();
      userIdInput.value = suggestedUserId;
    }
  } catch (error) {
    showStatus(`Sign-in failed. ${formatError(error)}`, 'error');
  } finally {
    submitButton.disabled = false;
  }
}

interface SignInRequest {
  user_id: string;
  organization_id: string;
  session_type: string;
  lifetimeSeconds: number;
}

/**
 * Signs in the way an app using Turnkey does: creates a key pair in this
 * browser, has the issuer sign a session token bound to its public key, and
 * stores that token under `sessionKey`, which makes it the active session.
 */
async function signIn(sessionKey: string, request: SignInRequest) {
  const publicKey = await createApiKeyPair();
  const {lifetimeSeconds, ...identity} = request;
  const claims: SessionClaims = {
    ...identity,
    exp: Math.floor(Date.now() / 1000) + lifetimeSeconds,
    public_key: publicKey,
    session_profile_id: sessionProfileId,
  };
  try {
    const {publicKeyHex, sign} = await issuer;
    const sessionToken = await sign(claims);
    await storeSession({
      sessionToken,
      sessionKey,
      notarizerPublicKey: publicKeyHex,
    });
  } catch (error) {
    // The key pair would otherwise stay behind with no session. If deleting
    // it fails too, the sign-in error is still the one worth reporting.
    await deleteApiKeyPair({publicKey}).catch(() => {});
    throw error;
  }
}

/**
 * Returns the first of `@turnkey/session/v3`, `@turnkey/session/v3-2`,
 * `@turnkey/session/v3-3`, … that no stored session uses.
 */
async function findFreeSessionKey(): Promise<string> {
  const usedKeys = new Set(Object.keys((await getAllSessions()) ?? {}));
  if (!usedKeys.has(DEFAULT_SESSION_KEY)) return DEFAULT_SESSION_KEY;
  for (let n = 2; ; n++) {
    const sessionKey = `${DEFAULT_SESSION_KEY}-${n}`;
    if (!usedKeys.has(sessionKey)) return sessionKey;
  }
}

async function suggestSessionKey() {
  try {
    sessionKeyInput.placeholder = await findFreeSessionKey();
  } catch (error) {
    sessionKeyInput.placeholder = DEFAULT_SESSION_KEY;
    showStatus(
      `Could not read the stored sessions. ${formatError(error)}`,
      'error',
    );
  }
}

/** Appends an event to the log: time, event type and its `detail` as JSON. */
function logEvent(type: string, detail: unknown) {
  const now = new Date();
  const time = document.createElement('time');
  time.dateTime = now.toISOString();
  time.textContent = now.toLocaleTimeString();

  const name = document.createElement('code');
  name.textContent = type;

  const body = document.createElement('pre');
  body.textContent = JSON.stringify(detail, null, 2);

  const entry = document.createElement('li');
  entry.append(time, ' ', name, body);
  eventLog.append(entry);
  eventLogEmpty.hidden = true;
}

function showStatus(message: string, state: 'info' | 'error' = 'info') {
  signInStatus.textContent = message;
  signInStatus.dataset.state = state;
}

interface ErrorDescription {
  name: string;
  code?: string;
  message: string;
}

/** Returns `detail` with its `error`, if any, turned into plain data. */
function loggableDetail(detail: unknown) {
  if (typeof detail === 'object' && detail !== null && 'error' in detail) {
    return {...detail, error: describeError(detail.error)};
  }
  return detail;
}

/**
 * Describes an error as plain data: `Error`s have no enumerable fields, so
 * `JSON.stringify` would print them as `{}`.
 */
function describeError(error: unknown): ErrorDescription {
  if (isSessionError(error)) {
    return {name: error.name, code: error.code, message: error.message};
  }
  if (error instanceof Error) {
    return {name: error.name, message: error.message};
  }
  return {name: 'Error', message: String(error)};
}

function formatError(error: unknown) {
  const {message, code} = describeError(error);
  return code ? `${message} (${code})` : message;
}

function byId<T extends HTMLElement>(
  id: string,
  type: abstract new () => T,
): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) {
    throw new Error(
      `demo page: element #${id} is missing or not a ${type.name}`,
    );
  }
  return element;
}
