/**
 * Tests of `<turnkey-session-manager>` with the `TurnkeyClient` of the real
 * `@turnkey/core` package (2.8.1) as its `client`. That client keeps
 * sessions in localStorage and key pairs in its own IndexedDB database,
 * which the tests read directly. It runs offline: nothing here sends a
 * request, and its API URLs point at the local test server.
 */

import {expect} from '@esm-bundle/chai';

import {
  clearAllButton,
  createElement,
  expectNoElement,
  expiresIn,
  fieldText,
  recordEvents,
  removeElements,
  rowButton,
  rowByKey,
  rowKeys,
} from './element-helpers.js';
import {signToken} from './helpers.js';

import type {TurnkeyClient as TurnkeyClientClass} from '@turnkey/core';
import type {TurnkeySessionManager} from '../src/index.js';

// The test server bundles @turnkey/core for the browser and serves it at
// TURNKEY_CORE_BUNDLE_PATH of test/turnkey-core-bundle.mjs.
const {TurnkeyClient} = (await import(
  '/__test-server__/turnkey-core.js' as string
)) as {TurnkeyClient: typeof TurnkeyClientClass};

/** Where @turnkey/core 2.8.1 keeps key pairs on the web. */
const KEY_STORE_DB = 'TurnkeyStamperDB';
const KEY_STORE = 'KeyStore';

/** localStorage keys of @turnkey/core 2.8.1 besides the sessions. */
const SESSION_KEY_LIST = '@turnkey/all-session-keys';
const ACTIVE_SESSION_KEY = '@turnkey/active-session-key';

/** Every session key in these tests starts with this. */
const PREFIX = 'tsm-test/';

/** An address on the local test server, which no test sends anything to. */
const UNUSED_API_URL = new URL('/__test-server__/unused-api', location.origin)
  .href;

async function createClient() {
  const client = new TurnkeyClient({
    apiBaseUrl: UNUSED_API_URL,
    authProxyUrl: UNUSED_API_URL,
    organizationId: 'org-test',
  });
  await client.init();
  return client;
}

/**
 * Signs in through `client` as an app would after Turnkey's API returned a
 * session: a new key pair, then a session token for it.
 */
async function signInThrough(
  client: TurnkeyClientClass,
  sessionKey: string,
  userId: string,
  lifetimeSeconds: number,
) {
  const publicKey = await client.createApiKeyPair();

  // @turnkey/core decodes the payload with atob(), which rejects the - and
  // _ of base64url. JSON of ASCII text without >, ? or ~ encodes to neither.
  const sessionToken = await signToken({
    public_key: publicKey,
    user_id: userId,
    exp: expiresIn(lifetimeSeconds),
  });
  await client.storeSession({sessionToken, sessionKey: PREFIX + sessionKey});
  return publicKey;
}

/** Returns the public keys in @turnkey/core's key store, read directly. */
function readKeyStore(): Promise<IDBValidKey[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(KEY_STORE_DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(KEY_STORE);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const request = db
        .transaction(KEY_STORE, 'readonly')
        .objectStore(KEY_STORE)
        .getAllKeys();
      request.onsuccess = () => {
        db.close();
        resolve(request.result);
      };
      request.onerror = () => {
        db.close();
        reject(request.error);
      };
    };
  });
}

/** Returns the localStorage keys of these tests' sessions. */
function storedSessionKeys(): string[] {
  return Object.keys(localStorage)
    .filter((key) => key.startsWith(PREFIX))
    .sort();
}

function resetTurnkeyStorage(): Promise<void> {
  for (const key of storedSessionKeys()) localStorage.removeItem(key);
  localStorage.removeItem(SESSION_KEY_LIST);
  localStorage.removeItem(ACTIVE_SESSION_KEY);
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(KEY_STORE_DB);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    // WebKit reports `blocked` while @turnkey/core's connections, closed
    // after each call, still finish their transactions, and deletes the
    // database a moment later, so only success ends the wait.
  });
}

describe('<turnkey-session-manager> with @turnkey/core', () => {
  let client: TurnkeyClientClass;
  let element: TurnkeySessionManager;
  let publicKeys: Record<string, string>;

  beforeEach(async () => {
    await resetTurnkeyStorage();
    client = await createClient();
    publicKeys = {
      later: await signInThrough(client, 'later', 'user-later', 900),
      soon: await signInThrough(client, 'soon', 'user-soon', 300),
      // Stored last, so it is the active session.
      current: await signInThrough(client, 'current', 'user-current', 600),
    };
    element = await createElement('unused-db-name', (created) => {
      created.client = client;
    });
  });

  afterEach(async () => {
    removeElements();
    await resetTurnkeyStorage();
  });

  it('lists the sessions it stored', async () => {
    expect(rowKeys(element)).to.deep.equal([
      `${PREFIX}current`,
      `${PREFIX}soon`,
      `${PREFIX}later`,
    ]);
    const current = rowByKey(element, `${PREFIX}current`)!;
    expect(fieldText(current, 'user-id')).to.equal('user-current');
    expect(fieldText(current, 'expiry')).to.equal('expires in 9 minutes');
    expect(current.getAttribute('aria-current'), 'active').to.equal('true');
    // @turnkey/core records no time of storing.
    expectNoElement(current.querySelector('.created'), 'created field');
  });

  it('leaves no session or key pair after Clear all', async () => {
    expect((await readKeyStore()).length, 'key pairs before').to.equal(3);
    const cleared = recordEvents('sessions-cleared');
    try {
      clearAllButton(element).click();
      await element.updateComplete;
    } finally {
      cleared.stop();
    }

    expect(storedSessionKeys(), 'sessions in localStorage').to.deep.equal([]);
    expect(localStorage.getItem(ACTIVE_SESSION_KEY), 'active key').to.be.null;
    expect(await readKeyStore(), 'key pairs').to.deep.equal([]);
    expect(rowKeys(element), 'rows').to.deep.equal([]);
    expect(await client.getActiveSessionKey(), 'client active key').to.be
      .undefined;
    expect(cleared.events.length, 'events').to.equal(1);
    expect([...cleared.events[0].detail.sessionKeys].sort()).to.deep.equal([
      `${PREFIX}current`,
      `${PREFIX}later`,
      `${PREFIX}soon`,
    ]);
  });

  it('signs out of one session and its key pair', async () => {
    rowButton(element, `${PREFIX}soon`, 'sign-out-button')!.click();
    await element.updateComplete;
    expect(storedSessionKeys()).to.deep.equal([
      `${PREFIX}current`,
      `${PREFIX}later`,
    ]);
    const keyStore = await readKeyStore();
    expect(keyStore, 'key pair of the session').not.to.include(publicKeys.soon);
    expect([...keyStore].sort(), 'other key pairs').to.deep.equal(
      [publicKeys.current, publicKeys.later].sort(),
    );
    expect(rowKeys(element)).to.deep.equal([
      `${PREFIX}current`,
      `${PREFIX}later`,
    ]);
  });

  it('signs out of the other sessions', async () => {
    element
      .shadowRoot!.querySelector<HTMLButtonElement>(
        '[part~="sign-out-others-button"]',
      )!
      .click();
    await element.updateComplete;
    expect(storedSessionKeys()).to.deep.equal([`${PREFIX}current`]);
    expect(await readKeyStore()).to.deep.equal([publicKeys.current]);
  });

  it('makes another session active', async () => {
    rowButton(element, `${PREFIX}later`, 'make-active-button')!.click();
    await element.updateComplete;
    expect(JSON.parse(localStorage.getItem(ACTIVE_SESSION_KEY)!)).to.equal(
      `${PREFIX}later`,
    );
    expect(rowKeys(element)[0]).to.equal(`${PREFIX}later`);
  });

  it('shows a session stored later on refresh()', async () => {
    await signInThrough(client, 'new', 'user-new', 120);
    await element.refresh();
    await element.updateComplete;
    expect(rowKeys(element)).to.deep.equal([
      `${PREFIX}new`,
      `${PREFIX}soon`,
      `${PREFIX}current`,
      `${PREFIX}later`,
    ]);
  });
});
