/**
 * Tests of `<turnkey-session-manager>` with a `client` in place of its own
 * store: a client without change notification, one whose
 * `clearAllSessions()` resolves before its deletes finish, as
 * `@turnkey/core`'s does, and one whose clear never takes effect. The
 * clients keep their sessions in this package's core, on real IndexedDB.
 */

import {expect} from '@esm-bundle/chai';

import {
  alertText,
  button,
  clearAllButton,
  createElement,
  expectNoElement,
  expiresIn,
  recordEvents,
  removeElements,
  rowButton,
  rowKeys,
} from './element-helpers.js';
import {deleteTestDatabases, freshStore, readRaw, signIn} from './helpers.js';

import type {SessionStore} from '../src/core/index.js';
import type {SessionClient} from '../src/index.js';

/**
 * Returns a client over `store` with only the functions that
 * `@turnkey/core`'s `TurnkeyClient` has, so no `subscribe()` and no
 * `getSessionState()`.
 */
function plainClient(store: SessionStore): SessionClient {
  return {
    getAllSessions: () => store.getAllSessions(),
    getActiveSessionKey: () => store.getActiveSessionKey(),
    clearSession: (params) => store.clearSession(params),
    clearAllSessions: () => store.clearAllSessions(),
    setActiveSession: (params) => store.setActiveSession(params),
  };
}

describe('<turnkey-session-manager> with a client', () => {
  let store: SessionStore;
  let other: SessionStore;

  beforeEach(async () => {
    store = freshStore();
    other = freshStore();
    await signIn(store, 'one', {exp: expiresIn(600)});
    await signIn(store, 'two', {exp: expiresIn(900)});
    await signIn(other, 'in-db-name', {exp: expiresIn(600)});
  });

  afterEach(async () => {
    removeElements();
    await deleteTestDatabases();
  });

  describe('without change notification', () => {
    let client: SessionClient;

    beforeEach(() => {
      client = plainClient(store);
    });

    it('lists the client sessions, not db-name', async () => {
      const element = await createElement(other.dbName, (created) => {
        created.client = client;
      });
      expect(rowKeys(element)).to.deep.equal(['two', 'one']);
    });

    it('goes back to db-name without a client', async () => {
      const element = await createElement(other.dbName, (created) => {
        created.client = client;
      });
      element.client = undefined;
      await element.updateComplete;
      expect(rowKeys(element)).to.deep.equal(['in-db-name']);
    });

    it('reads again after its own sign-out', async () => {
      const element = await createElement(other.dbName, (created) => {
        created.client = client;
      });
      rowButton(element, 'one', 'sign-out-button')!.click();
      await element.updateComplete;
      expect(rowKeys(element)).to.deep.equal(['two']);
      expect((await readRaw(store.dbName)).sessions).to.deep.equal(['two']);
    });

    it('reads again after Make active', async () => {
      const element = await createElement(other.dbName, (created) => {
        created.client = client;
      });
      rowButton(element, 'one', 'make-active-button')!.click();
      await element.updateComplete;
      expect(rowKeys(element)).to.deep.equal(['one', 'two']);
    });

    it('shows changes of others on refresh()', async () => {
      const element = await createElement(other.dbName, (created) => {
        created.client = client;
      });
      await signIn(store, 'three', {exp: expiresIn(300)});
      await element.updateComplete;
      expect(rowKeys(element), 'before refresh').to.deep.equal(['two', 'one']);

      await element.refresh();
      await element.updateComplete;
      expect(rowKeys(element), 'after refresh').to.deep.equal([
        'three',
        'one',
        'two',
      ]);
    });

    it('reads again on a storage event', async () => {
      const element = await createElement(other.dbName, (created) => {
        created.client = client;
      });
      await signIn(store, 'three', {exp: expiresIn(300)});
      // What another tab's write to localStorage fires in this one.
      window.dispatchEvent(new StorageEvent('storage', {key: 'any'}));
      await element.updateComplete;
      expect(rowKeys(element)).to.include('three');
    });

    it('offers no Make active without setActiveSession', async () => {
      const {setActiveSession: _, ...withoutSetActive} = client;
      const element = await createElement(other.dbName, (created) => {
        created.client = withoutSetActive;
      });
      expectNoElement(
        rowButton(element, 'one', 'make-active-button'),
        'Make active button',
      );
      expect(rowButton(element, 'one', 'sign-out-button')).to.exist;
    });
  });

  describe('whose clear resolves early', () => {
    it('waits until the sessions are gone', async () => {
      // Resolves with nothing and deletes afterwards, as @turnkey/core
      // 2.8.1 does.
      let deletes: Promise<unknown> | undefined;
      let unusedKeyPairsCleared = false;
      const client: SessionClient = {
        ...plainClient(store),
        clearAllSessions: async () => {
          deletes = new Promise((resolve) => setTimeout(resolve, 30)).then(() =>
            store.clearAllSessions(),
          );
        },
        clearUnusedKeyPairs: async () => {
          unusedKeyPairsCleared = (await readRaw(store.dbName)).total === 0;
        },
      };
      const element = await createElement(other.dbName, (created) => {
        created.client = client;
      });
      const cleared = recordEvents('sessions-cleared');
      try {
        clearAllButton(element).click();
        await element.updateComplete;
      } finally {
        cleared.stop();
      }
      await deletes;
      expect(rowKeys(element), 'rows').to.deep.equal([]);
      expect(alertText(element), 'alert').to.be.undefined;
      expect(cleared.events.length, 'events').to.equal(1);
      expect([...cleared.events[0].detail.sessionKeys].sort()).to.deep.equal([
        'one',
        'two',
      ]);
      expect(unusedKeyPairsCleared, 'clearUnusedKeyPairs after the deletes').to
        .be.true;
    });

    it('reports sessions that stay', async function () {
      // The element gives up about 1.6 s after the clear resolved.
      this.timeout(10_000);
      const client: SessionClient = {
        ...plainClient(store),
        clearAllSessions: async () => {},
      };
      const element = await createElement(other.dbName, (created) => {
        created.client = client;
      });
      const failures = recordEvents('sessions-clear-failed');
      try {
        clearAllButton(element).click();
        await element.updateComplete;
      } finally {
        failures.stop();
      }
      expect(alertText(element)).to.contain(
        'sessions "one", "two" were still stored',
      );
      expect(failures.events.length, 'failure events').to.equal(1);
      expect(rowKeys(element).length, 'rows').to.equal(2);
      expect(button(element, 'retry-button'), 'Retry').to.exist;
    });
  });
});
