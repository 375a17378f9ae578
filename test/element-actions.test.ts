/**
 * Tests of the actions of `<turnkey-session-manager>`: signing out of one
 * session or of the others, making a session active, the confirmation
 * panel, the host's veto, failures with Retry, and where the focus goes.
 * Real IndexedDB and real signed session tokens throughout.
 */

import {expect} from '@esm-bundle/chai';

import {
  alertText,
  button,
  clearAllButton,
  createElement,
  deleteRawKey,
  expectNoElement,
  expiresIn,
  expectFocusOn,
  part,
  recordEvents,
  removeElements,
  rowButton,
  rowKeys,
  statusText,
} from './element-helpers.js';
import {deleteTestDatabases, freshStore, readRaw, signIn} from './helpers.js';

import type {SessionStore} from '../src/core/index.js';
import type {TurnkeySessionManager} from '../src/index.js';

const MINUTE = 60;

/**
 * Signs in four sessions: `active` last, so it is the active one, and the
 * others expiring in the order `soon`, `later`, `latest`.
 */
async function seedFour(store: SessionStore) {
  await signIn(store, 'latest', {exp: expiresIn(30 * MINUTE)});
  await signIn(store, 'soon', {exp: expiresIn(10 * MINUTE)});
  await signIn(store, 'later', {exp: expiresIn(20 * MINUTE)});
  await signIn(store, 'active', {exp: expiresIn(40 * MINUTE)});
}

/** Runs `action` while every IndexedDB delete throws. */
async function withFailingDeletes(action: () => Promise<void>) {
  const originalDelete = IDBObjectStore.prototype.delete;
  IDBObjectStore.prototype.delete = function () {
    throw new DOMException('simulated write failure', 'UnknownError');
  };
  try {
    await action();
  } finally {
    IDBObjectStore.prototype.delete = originalDelete;
  }
}

describe('<turnkey-session-manager> actions', () => {
  let store: SessionStore;
  let element: TurnkeySessionManager;

  beforeEach(async () => {
    store = freshStore();
    await seedFour(store);
  });

  afterEach(async () => {
    removeElements();
    await deleteTestDatabases();
  });

  describe('when a row is signed out', () => {
    beforeEach(async () => {
      element = await createElement(store.dbName);
    });

    it('removes that session and its key pair', async () => {
      const before = await readRaw(store.dbName);
      rowButton(element, 'later', 'sign-out-button')!.click();
      await element.updateComplete;

      const after = await readRaw(store.dbName);
      expect(after.sessions.sort(), 'stored sessions').to.deep.equal([
        'active',
        'latest',
        'soon',
      ]);
      expect(after.keyPairs.length, 'key pairs').to.equal(
        before.keyPairs.length - 1,
      );
      expect(after.activeSessionKey, 'active key').to.equal('active');
      expect(rowKeys(element), 'rows').to.deep.equal([
        'active',
        'soon',
        'latest',
      ]);
    });

    it('dispatches session-cleared', async () => {
      const cleared = recordEvents('session-cleared');
      try {
        rowButton(element, 'soon', 'sign-out-button')!.click();
        await element.updateComplete;
      } finally {
        cleared.stop();
      }
      expect(cleared.events.length, 'events').to.equal(1);
      const [event] = cleared.events;
      expect(event.detail.sessionKey).to.equal('soon');
      expect(event.bubbles, 'bubbles').to.be.true;
      expect(event.composed, 'composed').to.be.true;
    });

    it('ignores the second click of a double-click', async () => {
      const click = (detail: number) =>
        new MouseEvent('click', {bubbles: true, composed: true, detail});
      rowButton(element, 'soon', 'sign-out-button')!.dispatchEvent(click(1));
      await element.updateComplete;
      // The row below has moved up to where the pointer is.
      rowButton(element, 'later', 'sign-out-button')!.dispatchEvent(click(2));
      await element.updateComplete;

      expect((await readRaw(store.dbName)).sessions.sort()).to.deep.equal([
        'active',
        'later',
        'latest',
      ]);
    });

    it('announces the sign-out', async () => {
      rowButton(element, 'soon', 'sign-out-button')!.click();
      await element.updateComplete;
      expect(statusText(element)).to.equal('1 session signed out');
    });

    it('can sign out of the active session', async () => {
      rowButton(element, 'active', 'sign-out-button')!.click();
      await element.updateComplete;
      const raw = await readRaw(store.dbName);
      expect(raw.activeSessionKey, 'active key').to.be.undefined;
      expect(rowKeys(element)).to.deep.equal(['soon', 'later', 'latest']);
      expectNoElement(part(element, '[aria-current]'), 'marked row');
    });

    it('names the session in the button', () => {
      const signOut = rowButton(element, 'soon', 'sign-out-button')!;
      expect(signOut.getAttribute('aria-label')).to.equal(
        'Sign out of session soon',
      );
      expect(signOut.textContent!.trim(), 'visible text').to.equal('Sign out');
    });

    it('is no error when another tab was first', async () => {
      // A delete that the core does not hear of, as from a tab whose
      // notification has not arrived yet.
      await deleteRawKey(store.dbName, ['session', 'soon']);
      const cleared = recordEvents('session-cleared');
      try {
        rowButton(element, 'soon', 'sign-out-button')!.click();
        await element.updateComplete;
      } finally {
        cleared.stop();
      }
      expect(alertText(element), 'alert').to.be.undefined;
      expect(rowKeys(element)).to.deep.equal(['active', 'later', 'latest']);
      expect(cleared.events.length, 'session-cleared events').to.equal(0);
    });
  });

  describe('when signing out of other sessions', () => {
    it('keeps only the active session', async () => {
      element = await createElement(store.dbName);
      const cleared = recordEvents('sessions-cleared');
      try {
        button(element, 'sign-out-others-button')!.click();
        await element.updateComplete;
      } finally {
        cleared.stop();
      }
      const raw = await readRaw(store.dbName);
      expect(raw.sessions, 'stored sessions').to.deep.equal(['active']);
      expect(raw.keyPairs.length, 'key pairs').to.equal(1);
      expect(raw.activeSessionKey, 'active key').to.equal('active');
      expect(rowKeys(element), 'rows').to.deep.equal(['active']);

      expect(cleared.events.length, 'sessions-cleared events').to.equal(1);
      expect([...cleared.events[0].detail.sessionKeys].sort()).to.deep.equal([
        'later',
        'latest',
        'soon',
      ]);
      expect(statusText(element)).to.equal('3 sessions signed out');
    });

    it('is disabled with no other session', async () => {
      const single = freshStore();
      await signIn(single, 'only');
      element = await createElement(single.dbName);
      expect(button(element, 'sign-out-others-button')!.disabled).to.be.true;
    });

    it('is disabled with no active session', async () => {
      element = await createElement(store.dbName);
      rowButton(element, 'active', 'sign-out-button')!.click();
      await element.updateComplete;
      expect(rowKeys(element).length, 'rows').to.equal(3);
      expect(button(element, 'sign-out-others-button')!.disabled).to.be.true;
    });
  });

  describe('when another session is made active', () => {
    beforeEach(async () => {
      element = await createElement(store.dbName);
    });

    it('changes the stored active session', async () => {
      rowButton(element, 'later', 'make-active-button')!.click();
      await element.updateComplete;
      expect(await store.getActiveSessionKey()).to.equal('later');
      expect(rowKeys(element), 'rows').to.deep.equal([
        'later',
        'soon',
        'latest',
        'active',
      ]);
      const marked = part(element, '[aria-current="true"]');
      expect(marked?.dataset.sessionKey, 'marked row').to.equal('later');
    });

    it('dispatches active-session-changed', async () => {
      const changed = recordEvents('active-session-changed');
      try {
        rowButton(element, 'soon', 'make-active-button')!.click();
        await element.updateComplete;
      } finally {
        changed.stop();
      }
      expect(changed.events.length, 'events').to.equal(1);
      expect(changed.events[0].detail.sessionKey).to.equal('soon');
      expect(changed.events[0].bubbles, 'bubbles').to.be.true;
      expect(changed.events[0].composed, 'composed').to.be.true;
      expect(statusText(element)).to.equal('Session soon is now active');
    });

    it('offers no button on the active row', () => {
      expectNoElement(
        rowButton(element, 'active', 'make-active-button'),
        'Make active on the active row',
      );
      const makeActive = rowButton(element, 'soon', 'make-active-button')!;
      expect(makeActive.getAttribute('aria-label')).to.equal(
        'Make active: session soon',
      );
    });

    it('focuses the moved row', async () => {
      rowButton(element, 'latest', 'make-active-button')!.focus();
      rowButton(element, 'latest', 'make-active-button')!.click();
      await element.updateComplete;
      expectFocusOn(rowButton(element, 'latest', 'sign-out-button'));
    });
  });

  describe('when confirm is set', () => {
    beforeEach(async () => {
      element = await createElement(store.dbName, (created) => {
        created.confirm = true;
      });
    });

    it('asks before clearing all', async () => {
      clearAllButton(element).click();
      await element.updateComplete;
      const panel = part(element, '[part~="confirm"]');
      expect(panel, 'confirmation panel').to.exist;
      expect(panel!.textContent).to.contain('Sign out of all 4 sessions?');
      expect(panel!.textContent).to.contain('Nothing is revoked on a server.');
      expect(rowKeys(element).length, 'rows').to.equal(4);
      expect((await readRaw(store.dbName)).sessions.length).to.equal(4);
      expect(clearAllButton(element).getAttribute('aria-expanded')).to.equal(
        'true',
      );
      expectFocusOn(button(element, 'cancel-button'), 'focus');
    });

    it('clears after the confirmation', async () => {
      const cleared = recordEvents('sessions-cleared');
      try {
        clearAllButton(element).click();
        await element.updateComplete;
        button(element, 'confirm-button')!.click();
        await element.updateComplete;
      } finally {
        cleared.stop();
      }
      expect(cleared.events.length, 'events').to.equal(1);
      expect((await readRaw(store.dbName)).total, 'records').to.equal(0);
      expectNoElement(part(element, '[part~="confirm"]'), 'panel');
      expect(statusText(element)).to.equal('4 sessions signed out');
    });

    it('keeps everything on Cancel', async () => {
      clearAllButton(element).click();
      await element.updateComplete;
      button(element, 'cancel-button')!.click();
      await element.updateComplete;
      expectNoElement(part(element, '[part~="confirm"]'), 'panel');
      expect((await readRaw(store.dbName)).sessions.length).to.equal(4);
      expectFocusOn(clearAllButton(element), 'focus');
      expect(clearAllButton(element).getAttribute('aria-expanded')).to.equal(
        'false',
      );
    });

    it('keeps everything on Escape', async () => {
      clearAllButton(element).click();
      await element.updateComplete;
      const escape = new KeyboardEvent('keydown', {
        key: 'Escape',
        bubbles: true,
        composed: true,
        cancelable: true,
      });
      button(element, 'cancel-button')!.dispatchEvent(escape);
      await element.updateComplete;
      expectNoElement(part(element, '[part~="confirm"]'), 'panel');
      expect(escape.defaultPrevented, 'Escape consumed').to.be.true;
      expect((await readRaw(store.dbName)).sessions.length).to.equal(4);
      expectFocusOn(clearAllButton(element), 'focus');
    });

    it('closes when the sessions are cleared elsewhere', async () => {
      clearAllButton(element).click();
      await element.updateComplete;
      expect(part(element, '[part~="confirm"]'), 'panel open').to.exist;

      await store.clearAllSessions();
      await element.refresh();
      await element.updateComplete;

      expectNoElement(part(element, '[part~="confirm"]'), 'panel');
    });

    it('asks before signing out of others', async () => {
      button(element, 'sign-out-others-button')!.click();
      await element.updateComplete;
      const panel = part(element, '[part~="confirm"]')!;
      expect(panel.textContent).to.contain('Sign out of 3 other sessions?');
      expect((await readRaw(store.dbName)).sessions.length).to.equal(4);

      button(element, 'confirm-button')!.click();
      await element.updateComplete;
      expect((await readRaw(store.dbName)).sessions).to.deep.equal(['active']);
    });

    it('signs out of one row without asking', async () => {
      rowButton(element, 'soon', 'sign-out-button')!.click();
      await element.updateComplete;
      expectNoElement(part(element, '[part~="confirm"]'), 'panel');
      expect((await readRaw(store.dbName)).sessions.length).to.equal(3);
    });
  });

  describe('when the host vetoes', () => {
    let requests: ReturnType<typeof recordEvents<'sessions-clear-requested'>>;
    const veto = (event: Event) => event.preventDefault();

    beforeEach(async () => {
      element = await createElement(store.dbName);
      requests = recordEvents('sessions-clear-requested');
      document.addEventListener('sessions-clear-requested', veto);
    });

    afterEach(() => {
      requests.stop();
      document.removeEventListener('sessions-clear-requested', veto);
    });

    it('keeps every session on Clear all', async () => {
      clearAllButton(element).click();
      await element.updateComplete;
      expect((await readRaw(store.dbName)).sessions.length).to.equal(4);
      expect(rowKeys(element).length, 'rows').to.equal(4);
      expect(requests.events.length, 'requests').to.equal(1);
      const [request] = requests.events;
      expect(request.cancelable, 'cancelable').to.be.true;
      expect(request.composed, 'composed').to.be.true;
      expect(request.detail.action).to.equal('clear-all');
      expect([...request.detail.sessionKeys].sort()).to.deep.equal([
        'active',
        'later',
        'latest',
        'soon',
      ]);
    });

    it('keeps the session of a row', async () => {
      rowButton(element, 'soon', 'sign-out-button')!.click();
      await element.updateComplete;
      expect((await readRaw(store.dbName)).sessions.length).to.equal(4);
      expect(requests.events[0].detail).to.deep.equal({
        sessionKeys: ['soon'],
        action: 'sign-out',
      });
    });

    it('keeps the other sessions', async () => {
      button(element, 'sign-out-others-button')!.click();
      await element.updateComplete;
      expect((await readRaw(store.dbName)).sessions.length).to.equal(4);
      expect(requests.events[0].detail.action).to.equal('sign-out-others');
      expect([...requests.events[0].detail.sessionKeys].sort()).to.deep.equal([
        'later',
        'latest',
        'soon',
      ]);
    });

    it('is asked after the confirmation', async () => {
      element.confirm = true;
      await element.updateComplete;
      clearAllButton(element).click();
      await element.updateComplete;
      expect(requests.events.length, 'requests before confirming').to.equal(0);
      button(element, 'confirm-button')!.click();
      await element.updateComplete;
      expect(requests.events.length, 'requests after confirming').to.equal(1);
      expect((await readRaw(store.dbName)).sessions.length).to.equal(4);
      expectFocusOn(clearAllButton(element), 'focus after the veto');
    });
  });

  describe('when an action fails', () => {
    beforeEach(async () => {
      element = await createElement(store.dbName);
    });

    it('shows the sign-out error', async () => {
      const failures = recordEvents('sessions-clear-failed');
      try {
        await withFailingDeletes(async () => {
          rowButton(element, 'soon', 'sign-out-button')!.click();
          await element.updateComplete;
        });
      } finally {
        failures.stop();
      }
      const text = alertText(element)!;
      expect(text).to.contain('Could not sign out of session soon');
      expect(text).to.contain('simulated write failure');
      expect(rowKeys(element).length, 'rows').to.equal(4);
      expect(failures.events.length, 'failure events').to.equal(1);
      expect(failures.events[0].detail.action).to.equal('sign-out');
      expect(failures.events[0].detail.sessionKeys).to.deep.equal(['soon']);
    });

    it('signs out on Retry', async () => {
      await withFailingDeletes(async () => {
        rowButton(element, 'soon', 'sign-out-button')!.click();
        await element.updateComplete;
      });
      const cleared = recordEvents('session-cleared');
      try {
        button(element, 'retry-button')!.click();
        await element.updateComplete;
      } finally {
        cleared.stop();
      }
      expect(alertText(element), 'alert').to.be.undefined;
      expect(rowKeys(element)).to.deep.equal(['active', 'later', 'latest']);
      expect(cleared.events.length, 'session-cleared events').to.equal(1);
    });

    it('clears all on Retry', async () => {
      await withFailingDeletes(async () => {
        clearAllButton(element).click();
        await element.updateComplete;
      });
      expect(alertText(element)).to.contain('Could not clear sessions');
      button(element, 'retry-button')!.click();
      await element.updateComplete;
      expect(alertText(element), 'alert').to.be.undefined;
      expect((await readRaw(store.dbName)).total, 'records').to.equal(0);
    });

    it('keeps every session when signing out others fails', async () => {
      // Only the delete of the session "latest" throws, after "later" has
      // been deleted in the same transaction, which is then rolled back.
      const originalDelete = IDBObjectStore.prototype.delete;
      IDBObjectStore.prototype.delete = function (key) {
        if (Array.isArray(key) && key[1] === 'latest') {
          throw new DOMException('simulated write failure', 'UnknownError');
        }
        return originalDelete.call(this, key);
      };
      const cleared = recordEvents('sessions-cleared');
      const failures = recordEvents('sessions-clear-failed');
      try {
        button(element, 'sign-out-others-button')!.click();
        await element.updateComplete;
      } finally {
        IDBObjectStore.prototype.delete = originalDelete;
        cleared.stop();
        failures.stop();
      }
      expect((await readRaw(store.dbName)).sessions.sort()).to.deep.equal([
        'active',
        'later',
        'latest',
        'soon',
      ]);
      expect(cleared.events.length, 'sessions-cleared events').to.equal(0);
      expect(failures.events.length, 'failure events').to.equal(1);
      expect(alertText(element)).to.contain('Could not clear sessions');
      expect(statusText(element)).to.equal('');
    });

    it('reads again on Retry of a read', async () => {
      const originalGetAllKeys = IDBObjectStore.prototype.getAllKeys;
      IDBObjectStore.prototype.getAllKeys = function () {
        throw new DOMException('simulated read failure', 'UnknownError');
      };
      try {
        await element.refresh();
        await element.updateComplete;
      } finally {
        IDBObjectStore.prototype.getAllKeys = originalGetAllKeys;
      }
      expect(alertText(element)).to.contain('Could not read sessions');
      expectNoElement(part(element, '[part~="list"]'), 'list');

      button(element, 'retry-button')!.click();
      await element.updateComplete;
      expect(alertText(element), 'alert').to.be.undefined;
      expect(rowKeys(element).length, 'rows').to.equal(4);
    });
  });

  describe('focus', () => {
    beforeEach(async () => {
      element = await createElement(store.dbName);
    });

    /** Focuses and clicks the sign-out button of `sessionKey`. */
    async function signOutWithFocus(sessionKey: string) {
      const signOut = rowButton(element, sessionKey, 'sign-out-button')!;
      signOut.focus();
      signOut.click();
      await element.updateComplete;
    }

    it('moves to the next row after a sign-out', async () => {
      await signOutWithFocus('soon');
      expectFocusOn(rowButton(element, 'later', 'sign-out-button'));
    });

    it('moves to the previous row after the last', async () => {
      await signOutWithFocus('latest');
      expectFocusOn(rowButton(element, 'later', 'sign-out-button'));
    });

    it('moves to the empty message at the end', async () => {
      for (const sessionKey of ['active', 'soon', 'later', 'latest']) {
        await signOutWithFocus(sessionKey);
      }
      const empty = part(element, '[part~="empty"]');
      expect(empty, 'empty message').to.exist;
      expectFocusOn(empty);
    });

    it('moves to the empty message after Clear all', async () => {
      clearAllButton(element).focus();
      clearAllButton(element).click();
      await element.updateComplete;
      expectFocusOn(part(element, '[part~="empty"]'));
    });

    it('moves to the heading after signing out of others', async () => {
      const others = button(element, 'sign-out-others-button')!;
      others.focus();
      others.click();
      await element.updateComplete;
      expectFocusOn(part(element, '[part~="heading"]'));
    });

    it('stays where the user moved it', async () => {
      const outside = document.createElement('button');
      document.body.append(outside);
      try {
        clearAllButton(element).click();
        outside.focus();
        await element.updateComplete;
        expectFocusOn(outside);
      } finally {
        outside.remove();
      }
    });
  });
});
