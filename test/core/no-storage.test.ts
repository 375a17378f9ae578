import {expect} from '@esm-bundle/chai';

import {openFrame} from '../fixtures/two-tab-run.js';
import {signToken} from '../helpers.js';

import type {Frame} from '../fixtures/two-tab-run.js';
import type {SessionStore} from '../../src/core/index.js';

let frame: Frame | undefined;

afterEach(() => {
  frame?.iframe.remove();
  frame = undefined;
});

/** A P-256 private key (the scalar 1), for `importApiKeyPair`. */
const PRIVATE_KEY = '1'.padStart(64, '0');

/** A public key on the curve, for tokens and key pair calls. */
const PUBLIC_KEY = '02' + '5'.padStart(64, '0');

/** Every core call that needs storage, each started by `call(store)`. */
const CALLS: Array<[string, (store: SessionStore) => Promise<unknown>]> = [
  [
    'storeSession',
    async (store) =>
      store.storeSession({
        sessionToken: await signToken({public_key: PUBLIC_KEY}),
      }),
  ],
  ['getSession', (store) => store.getSession()],
  ['getAllSessions', (store) => store.getAllSessions()],
  ['getActiveSessionKey', (store) => store.getActiveSessionKey()],
  ['getSessionState', (store) => store.getSessionState()],
  ['setActiveSession', (store) => store.setActiveSession({sessionKey: 'a'})],
  ['clearSession', (store) => store.clearSession({sessionKey: 'a'})],
  ['clearAllSessions', (store) => store.clearAllSessions()],
  ['createApiKeyPair', (store) => store.createApiKeyPair()],
  [
    'importApiKeyPair',
    (store) => store.importApiKeyPair({privateKey: PRIVATE_KEY}),
  ],
  [
    'deleteApiKeyPair',
    (store) => store.deleteApiKeyPair({publicKey: PUBLIC_KEY}),
  ],
  ['clearUnusedKeyPairs', (store) => store.clearUnusedKeyPairs()],
  ['a stamper', (store) => store.createStamper().stamp('{}')],
];

/** Rejects after `ms`, so that a call that hangs fails the test. */
function failAfter(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => {
    setTimeout(() => reject(new Error(message)), ms);
  });
}

/** Resolves with the error that `promise` rejects with, or fails. */
async function settledError(promise: Promise<unknown>, name: string) {
  const outcome = promise.then(
    () => {
      throw new Error(`${name} resolved without storage`);
    },
    (error: {name?: string; code?: string; message?: string}) => error,
  );
  return Promise.race([
    outcome,
    failAfter(10_000, `${name} did not settle without storage`),
  ]);
}

/**
 * How storage is missing. Only some calls are tried when the open never
 * completes, because each of them waits for the core's open timeout.
 */
const MODES: Array<{
  query: string;
  name: string;
  message: RegExp;
  calls?: string[];
}> = [
  {
    query: '?indexeddb=absent',
    name: 'IndexedDB is absent',
    message: /IndexedDB is not available/,
  },
  {
    query: '?indexeddb=throws',
    name: 'indexedDB.open throws',
    message: /could not open IndexedDB database .*SecurityError/,
  },
  {
    query: '?indexeddb=errors',
    name: 'indexedDB.open fails',
    message: /could not open IndexedDB database .*UnknownError/,
  },
  {
    query: '?indexeddb=never',
    name: 'indexedDB.open never completes',
    message: /could not open IndexedDB database .*timed out/,
    calls: ['storeSession', 'getSessionState', 'clearAllSessions'],
  },
];

for (const mode of MODES) {
  describe(`when ${mode.name}`, () => {
    beforeEach(async () => {
      frame = await openFrame(mode.query);
    });

    for (const [name, call] of CALLS) {
      if (mode.calls && !mode.calls.includes(name)) continue;
      it(`${name} rejects with STORAGE_UNAVAILABLE`, async function () {
        this.timeout(15_000);
        const store = frame!.tab.core.getSessionStore(`no-storage-${name}`);

        const error = await settledError(call(store), name);

        expect(error.name, `error name: ${error.message}`).to.equal(
          'SessionManagerError',
        );
        expect(error.code, `code: ${error.message}`).to.equal(
          'STORAGE_UNAVAILABLE',
        );
        expect(error.message).to.match(mode.message);
      });
    }

    it('the element shows why it has no sessions', async function () {
      this.timeout(15_000);
      const tab = frame!.tab.openTab('no-storage-element');

      const {element} = await Promise.race([
        tab,
        failAfter(10_000, 'the element did not finish reading'),
      ]);

      const alert = element.shadowRoot!.querySelector('[role="alert"]');
      expect(alert?.textContent?.trim()).to.match(/^Could not read sessions: /);
      expect(alert?.textContent).to.match(mode.message);
      expect(element.shadowRoot!.querySelector('[part~="session"]')).to.equal(
        null,
      );
    });
  });
}
