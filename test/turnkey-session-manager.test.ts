/**
 * Tests of `<turnkey-session-manager>` in a real browser: real IndexedDB,
 * real WebCrypto key pairs and session tokens signed by the demo issuer.
 */

import {expect} from '@esm-bundle/chai';

import {getSessionStore} from '../src/core/index.js';
import {TurnkeySessionManager} from '../src/index.js';
import {
  alertText,
  clearAllButton,
  countClearCalls,
  createElement,
  deleteRawKey,
  expectNoElement,
  expiresIn,
  fieldText,
  holdWriteLock,
  nextRemoteChange,
  nextTask,
  part,
  parts,
  putRawRecord,
  removeElements,
  rowByKey,
  rowKeys,
  rows,
  signInAnyExpiry,
} from './element-helpers.js';
import {
  deleteTestDatabases,
  freshStore,
  readRaw,
  signIn,
  signToken,
} from './helpers.js';

import type * as Core from '../src/core/index.js';
import type {SessionsClearedEvent} from '../src/index.js';

const TAG = 'turnkey-session-manager';
const MINUTE = 60;

/** Counts `sessions-cleared` events heard on `document` until `stop()`. */
function listenForCleared() {
  const events: SessionsClearedEvent[] = [];
  const listener = (event: SessionsClearedEvent) => events.push(event);
  document.addEventListener('sessions-cleared', listener);
  return {
    events,
    stop: () => document.removeEventListener('sessions-cleared', listener),
  };
}

describe('<turnkey-session-manager>', () => {
  // The elements go first, so that no connection of theirs is open while
  // the databases are deleted.
  afterEach(async () => {
    removeElements();
    await deleteTestDatabases();
  });

  describe('when there are sessions', () => {
    let element: TurnkeySessionManager;

    beforeEach(async () => {
      const store = freshStore();
      await signIn(store, 'alpha', {
        user_id: 'user-a',
        organization_id: 'org-a',
        session_type: 'SESSION_TYPE_READ_ONLY',
        exp: expiresIn(3 * 60 * MINUTE + 10),
      });
      await signInAnyExpiry(store, 'beta', {
        user_id: 'user-b',
        organization_id: 'org-b',
        session_type: 'SESSION_TYPE_CUSTOM',
        exp: expiresIn(-5 * MINUTE - 10),
      });
      // Stored last, so it is the active session.
      await signIn(store, 'gamma', {
        user_id: 'user-c',
        organization_id: 'org-c',
        session_type: 'SESSION_TYPE_READ_WRITE',
        exp: expiresIn(14 * MINUTE + 10),
      });
      element = await createElement(store.dbName);
    });

    it('lists the active session first', () => {
      // Then the others by expiry, soonest first: beta expired 5 minutes
      // ago, alpha expires in 3 hours.
      expect(rowKeys(element), 'session keys in the order shown').to.deep.equal(
        ['gamma', 'beta', 'alpha'],
      );
    });

    it('shows user and organization ids', () => {
      const gamma = rowByKey(element, 'gamma')!;
      expect(fieldText(gamma, 'session-key')).to.equal('gamma');
      expect(fieldText(gamma, 'user-id')).to.equal('user-c');
      expect(fieldText(gamma, 'organization-id')).to.equal('org-c');
      const alpha = rowByKey(element, 'alpha')!;
      expect(fieldText(alpha, 'user-id')).to.equal('user-a');
      expect(fieldText(alpha, 'organization-id')).to.equal('org-a');
    });

    it('shows session types in words', () => {
      const type = (key: string) =>
        fieldText(rowByKey(element, key)!, 'session-type');
      expect(type('alpha'), 'read-only type').to.equal('read-only');
      expect(type('gamma'), 'read-write type').to.equal('read-write');
      expect(type('beta'), 'unknown type').to.equal('SESSION_TYPE_CUSTOM');
    });

    it('shows expiry as relative time', () => {
      const gamma = rowByKey(element, 'gamma')!;
      expect(fieldText(gamma, 'expiry')).to.equal('expires in 14 minutes');
      const alpha = rowByKey(element, 'alpha')!;
      expect(fieldText(alpha, 'expiry')).to.equal('expires in 3 hours');
      const time = gamma.querySelector<HTMLTimeElement>('.expiry time')!;
      expect(Date.parse(time.dateTime), 'datetime attribute').to.be.closeTo(
        Date.now() + 14 * MINUTE * 1000,
        30_000,
      );
    });

    it('marks expired sessions', () => {
      const beta = rowByKey(element, 'beta')!;
      expect(fieldText(beta, 'expiry')).to.equal('expired 5 minutes ago');
      expect(
        beta.querySelector('.expiry')!.classList.contains('expired'),
        'expired class',
      ).to.be.true;
      const gamma = rowByKey(element, 'gamma')!;
      expect(
        gamma.querySelector('.expiry')!.classList.contains('expired'),
        'expired class on a live session',
      ).to.be.false;
    });

    it('marks only the active session', () => {
      const current = rows(element).map((row) =>
        row.getAttribute('aria-current'),
      );
      expect(current, 'aria-current of each row').to.deep.equal([
        'true',
        null,
        null,
      ]);
      const badges = parts(element, '[part~="active-badge"]');
      expect(badges.length, 'number of badges').to.equal(1);
      expect(badges[0].textContent!.trim()).to.equal('Active');
      expect(rowByKey(element, 'gamma')!.contains(badges[0])).to.be.true;
    });

    it('labels the list', () => {
      const list = part(element, '[part~="list"]')!;
      expect(list.localName).to.equal('ul');
      expect(list.getAttribute('role')).to.equal('list');
      const labelId = list.getAttribute('aria-labelledby')!;
      const label = element.shadowRoot!.getElementById(labelId);
      expect(label?.textContent?.trim()).to.equal('Sessions');
      expect(rows(element).every((row) => row.localName === 'li')).to.be.true;
    });

    it('renders no token or key material', () => {
      const text = element.shadowRoot!.textContent!;
      expect(text).not.to.match(/eyJ/);
      expect(text).not.to.match(/0[23][0-9a-f]{64}/);
    });

    it('enables the clear-all button', () => {
      expect(clearAllButton(element).disabled).to.be.false;
    });
  });

  describe('when there are no sessions', () => {
    it('shows the empty state', async () => {
      const element = await createElement(freshStore().dbName);
      const empty = part(element, '[part~="empty"]');
      expect(empty?.textContent?.trim()).to.equal(
        'No sessions are stored in this browser.',
      );
      expectNoElement(part(element, '[part~="list"]'), 'list');
      expectNoElement(part(element, '[role="alert"]'), 'alert');
    });

    it('disables the clear-all button', async () => {
      const element = await createElement(freshStore().dbName);
      expect(clearAllButton(element).disabled).to.be.true;
    });
  });

  describe('when Clear all is clicked', () => {
    let store: Core.SessionStore;
    let element: TurnkeySessionManager;

    beforeEach(async () => {
      store = freshStore();
      await signIn(store, 'one');
      await signIn(store, 'two');
      await signIn(store, 'three');
      element = await createElement(store.dbName);
    });

    it('dispatches sessions-cleared once', async () => {
      const cleared = listenForCleared();
      try {
        clearAllButton(element).click();
        await element.updateComplete;
      } finally {
        cleared.stop();
      }
      expect(cleared.events.length, 'events heard on document').to.equal(1);
      const [event] = cleared.events;
      expect(event.bubbles, 'bubbles').to.be.true;
      expect(event.composed, 'composed').to.be.true;
      expect(event.target === element, 'target is the element').to.be.true;
      expect([...event.detail.sessionKeys].sort()).to.deep.equal([
        'one',
        'three',
        'two',
      ]);
    });

    it('renders empty', async () => {
      clearAllButton(element).click();
      await element.updateComplete;
      expect(rows(element).length, 'rows').to.equal(0);
      expect(part(element, '[part~="empty"]'), 'empty state').to.exist;
      expect(clearAllButton(element).disabled, 'button disabled').to.be.true;
      expectNoElement(part(element, '[role="alert"]'), 'alert');
    });

    it('renders empty before the event', async () => {
      let rowsSeen: number | undefined;
      element.addEventListener('sessions-cleared', () => {
        rowsSeen = rows(element).length;
      });
      clearAllButton(element).click();
      await element.updateComplete;
      expect(rowsSeen, 'rows when the event fired').to.equal(0);
    });

    it('empties the storage', async () => {
      clearAllButton(element).click();
      await element.updateComplete;
      expect(await store.getAllSessions(), 'getAllSessions').to.be.undefined;
      expect(await store.getActiveSessionKey(), 'active key').to.be.undefined;
      const raw = await readRaw(store.dbName);
      expect(raw.sessions, 'raw sessions').to.deep.equal([]);
      expect(raw.keyPairs, 'raw key pairs').to.deep.equal([]);
      expect(raw.activeSessionKey, 'raw active key').to.be.undefined;
      expect(raw.total, 'records left').to.equal(0);
    });

    it('clears once on a double click', async () => {
      const cleared = listenForCleared();
      const clearCalls = countClearCalls(store);
      try {
        const button = clearAllButton(element);
        button.click();
        button.click();
        await element.updateComplete;
        button.click();
        await element.updateComplete;
      } finally {
        cleared.stop();
        clearCalls.restore();
      }
      expect(clearCalls.calls, 'clearAllSessions calls').to.equal(1);
      expect(cleared.events.length, 'sessions-cleared events').to.equal(1);
      expect(alertText(element), 'alert').to.be.undefined;
    });

    it('marks itself busy while clearing', async () => {
      const release = await holdWriteLock(store.dbName);
      const button = clearAllButton(element);
      const base = part(element, '[part~="base"]')!;
      try {
        button.click();
        await nextTask();
        // aria-disabled, not disabled, so that the button keeps the focus.
        expect(button.getAttribute('aria-disabled'), 'button').to.equal('true');
        expect(base.getAttribute('aria-busy'), 'aria-busy').to.equal('true');
        expect(rows(element).length, 'rows while clearing').to.equal(3);
      } finally {
        await release();
      }
      await element.updateComplete;
      expect(rows(element).length, 'rows after clearing').to.equal(0);
      expect(base.getAttribute('aria-busy'), 'aria-busy after').to.equal(
        'false',
      );
    });
  });

  describe('when clearing fails', () => {
    let store: Core.SessionStore;
    let element: TurnkeySessionManager;

    beforeEach(async () => {
      store = freshStore();
      await signIn(store, 'one');
      await signIn(store, 'two');
      element = await createElement(store.dbName);
    });

    /** Clicks Clear all while every IndexedDB delete throws. */
    async function clickWithFailingDeletes() {
      const originalDelete = IDBObjectStore.prototype.delete;
      IDBObjectStore.prototype.delete = function () {
        throw new DOMException('simulated write failure', 'UnknownError');
      };
      try {
        clearAllButton(element).click();
        await element.updateComplete;
      } finally {
        IDBObjectStore.prototype.delete = originalDelete;
      }
    }

    it('shows the error as an alert', async () => {
      await clickWithFailingDeletes();
      const text = alertText(element);
      expect(text).to.contain('Could not clear sessions');
      expect(text).to.contain('simulated write failure');
      const alert = part(element, '[role="alert"]')!;
      expect(alert.getAttribute('part')).to.equal('error-message');
      expect(alert.closest('[part~="error"]'), 'error box').to.exist;
    });

    it('dispatches no sessions-cleared', async () => {
      const cleared = listenForCleared();
      try {
        await clickWithFailingDeletes();
      } finally {
        cleared.stop();
      }
      expect(cleared.events.length).to.equal(0);
    });

    it('dispatches sessions-clear-failed', async () => {
      const failures: CustomEvent<{error: unknown}>[] = [];
      const listener = (event: CustomEvent<{error: unknown}>) => {
        failures.push(event);
      };
      document.addEventListener('sessions-clear-failed', listener);
      try {
        await clickWithFailingDeletes();
      } finally {
        document.removeEventListener('sessions-clear-failed', listener);
      }
      expect(failures.length, 'events').to.equal(1);
      const error = failures[0].detail.error as Core.SessionManagerError;
      expect(error.code).to.equal('CLEAR_ALL_SESSIONS_FAILED');
    });

    it('keeps the sessions', async () => {
      await clickWithFailingDeletes();
      expect(rows(element).length, 'rows').to.equal(2);
      const stored = await store.getAllSessions();
      expect(Object.keys(stored ?? {}).sort()).to.deep.equal(['one', 'two']);
      expect(clearAllButton(element).disabled, 'button').to.be.false;
    });

    it('clears on the next try', async () => {
      await clickWithFailingDeletes();
      clearAllButton(element).click();
      await element.updateComplete;
      expect(alertText(element), 'alert').to.be.undefined;
      expect(rows(element).length, 'rows').to.equal(0);
    });
  });

  describe('when another tab cleared first', () => {
    it('shows empty without an error', async () => {
      const store = freshStore();
      await signIn(store, 'only');
      const element = await createElement(store.dbName);

      // A write that the core does not see, so the element still lists it.
      await deleteRawKey(store.dbName, ['session', 'only']);
      expect(rows(element).length, 'rows before the click').to.equal(1);

      const cleared = listenForCleared();
      try {
        clearAllButton(element).click();
        await element.updateComplete;
      } finally {
        cleared.stop();
      }
      expect(alertText(element), 'alert').to.be.undefined;
      expect(rows(element).length, 'rows').to.equal(0);
      expect(part(element, '[part~="empty"]'), 'empty state').to.exist;
      expect(cleared.events.length, 'sessions-cleared events').to.equal(0);
    });
  });

  describe('when reading fails', () => {
    it('shows the error as an alert', async () => {
      const store = freshStore();
      await signIn(store, 'only');
      const element = await createElement(store.dbName);

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
      const text = alertText(element);
      expect(text).to.contain('Could not read sessions');
      expect(text).to.contain('simulated read failure');
      expect(rows(element).length, 'rows').to.equal(0);
      expect(clearAllButton(element).disabled, 'button').to.be.true;
    });

    it('recovers on refresh', async () => {
      const store = freshStore();
      await signIn(store, 'only');
      const element = await createElement(store.dbName);
      const originalGetAllKeys = IDBObjectStore.prototype.getAllKeys;
      IDBObjectStore.prototype.getAllKeys = function () {
        throw new DOMException('simulated read failure', 'UnknownError');
      };
      try {
        await element.refresh();
      } finally {
        IDBObjectStore.prototype.getAllKeys = originalGetAllKeys;
      }

      await element.refresh();
      await element.updateComplete;
      expect(alertText(element), 'alert').to.be.undefined;
      expect(rows(element).length, 'rows').to.equal(1);
    });

    it('shows an invalid db-name as an error', async () => {
      const element = await createElement('');
      expect(alertText(element)).to.contain('"dbName"');
      expect(clearAllButton(element).disabled, 'button').to.be.true;
    });
  });

  describe('when the store changes', () => {
    it('shows a session stored in this tab', async () => {
      const store = freshStore();
      const element = await createElement(store.dbName);
      expect(rows(element).length, 'rows before').to.equal(0);

      await signIn(store, 'late', {user_id: 'late-user'});
      await element.updateComplete;
      expect(rows(element).length, 'rows after').to.equal(1);
      expect(fieldText(rows(element)[0], 'user-id')).to.equal('late-user');
    });

    it('shows a session stored in another frame', async () => {
      const store = freshStore();
      const dbName = store.dbName;
      const element = await createElement(dbName);

      // A frame has its own module map, so it runs its own copy of the core
      // and reaches this page only through the core's BroadcastChannel.
      const frame = await openFrameWithCore();
      try {
        const frameStore = frame.core.getSessionStore(dbName);
        expect(frameStore, 'core copy in the frame').not.to.equal(store);
        const stored = nextRemoteChange(dbName, 'session-stored');
        const publicKey = await frameStore.createApiKeyPair();
        const token = await signToken({
          public_key: publicKey,
          user_id: 'frame-user',
        });
        await frameStore.storeSession({
          sessionToken: token,
          sessionKey: 'from-frame',
        });
        await stored;
        await element.updateComplete;
      } finally {
        frame.element.remove();
      }
      expect(rows(element).length, 'rows').to.equal(1);
      expect(fieldText(rows(element)[0], 'user-id')).to.equal('frame-user');
    });

    it('stops listening when disconnected', async () => {
      const store = freshStore();
      const element = await createElement(store.dbName);
      element.remove();

      await signIn(store, 'meanwhile');
      await element.updateComplete;
      expect(rows(element).length, 'rows while disconnected').to.equal(0);

      document.body.append(element);
      await element.updateComplete;
      expect(rows(element).length, 'rows after reconnecting').to.equal(1);
    });
  });

  describe('when db-name changes', () => {
    it('shows the other store', async () => {
      const first = freshStore();
      const second = freshStore();
      await signIn(first, 'in-first');
      await signIn(second, 'in-second');
      const element = await createElement(first.dbName);

      element.setAttribute('db-name', second.dbName);
      await element.updateComplete;
      expect(element.dbName, 'dbName').to.equal(second.dbName);
      const keys = rows(element).map((row) => row.dataset.sessionKey);
      expect(keys).to.deep.equal(['in-second']);
    });

    it('ignores the previous store', async () => {
      const first = freshStore();
      const second = freshStore();
      const element = await createElement(first.dbName);
      element.dbName = second.dbName;
      await element.updateComplete;

      await signIn(first, 'in-first');
      await element.updateComplete;
      expect(rows(element).length, 'rows').to.equal(0);
    });

    it('uses the default when removed', async () => {
      const defaultStore = getSessionStore();
      await signIn(defaultStore, 'in-default');
      try {
        const element = await createElement(freshStore().dbName);
        element.removeAttribute('db-name');
        await element.updateComplete;
        expect(alertText(element), 'alert').to.be.undefined;
        const keys = rows(element).map((row) => row.dataset.sessionKey);
        expect(keys).to.include('in-default');
      } finally {
        await defaultStore.clearSession({sessionKey: 'in-default'});
      }
    });

    it('reflects dbName to db-name', async () => {
      const {dbName} = freshStore();
      const element = await createElement(dbName);
      expect(element.getAttribute('db-name')).to.equal(dbName);
    });
  });

  describe('when a value contains markup', () => {
    it('renders it as text', async () => {
      const store = freshStore();
      const markup = '<img src=x onerror="window.tsmInjected=true">';
      await signIn(store, '<b>key</b>', {
        user_id: markup,
        organization_id: '<script>window.tsmInjected=true</script>',
        session_type: '<i>type</i>',
      });
      const element = await createElement(store.dbName);

      const row = rows(element)[0];
      expect(fieldText(row, 'user-id')).to.equal(markup);
      expect(fieldText(row, 'session-key')).to.equal('<b>key</b>');
      expect(fieldText(row, 'session-type')).to.equal('<i>type</i>');
      for (const tag of ['img', 'script', 'b', 'i']) {
        expectNoElement(part(element, tag), `<${tag}> in the shadow root`);
      }
      expect('tsmInjected' in window, 'injected script ran').to.be.false;
    });

    it('never renders a stored template result', async () => {
      // Lit renders an object with `_$litType$` and a `strings` array that
      // has `raw` as a template, and a structured clone keeps both.
      const store = freshStore();
      await signIn(store, 'forged');
      const session = await store.getSession({sessionKey: 'forged'});
      const markup = '<img src=x onerror="window.tsmInjected=true">';
      const strings = Object.assign([markup], {raw: [markup]});
      await putRawRecord(store.dbName, ['session', 'forged'], {
        ...session,
        userId: {_$litType$: 1, strings, values: []},
      });
      const element = await createElement(store.dbName);

      // An <img> with a missing source has failed to load by the time a
      // second one has.
      await new Promise((resolve) => {
        const probe = new Image();
        probe.onerror = resolve;
        probe.src = `/missing-${crypto.randomUUID()}.png`;
      });
      expectNoElement(part(element, 'img'), '<img> in the shadow root');
      expect('tsmInjected' in window, 'injected script ran').to.be.false;
      const row = rowByKey(element, 'forged')!;
      expect(row.part.contains('unreadable-session'), 'unreadable').to.be.true;
    });
  });

  describe('when a record is malformed', () => {
    let element: TurnkeySessionManager;

    beforeEach(async () => {
      const store = freshStore();
      await signIn(store, 'good');
      const session = await store.getSession({sessionKey: 'good'});
      await putRawRecord(store.dbName, ['session', 'odd'], {
        ...session,
        expiry: 'soon',
      });
      await putRawRecord(store.dbName, ['session', 'huge'], {
        ...session,
        expiry: 1e300,
      });
      await putRawRecord(store.dbName, ['session', 'null'], null);
      element = await createElement(store.dbName);
    });

    it('lists every record', () => {
      // Records without a valid expiry go last, in key order.
      expect(rowKeys(element), 'listed keys').to.deep.equal([
        'good',
        'huge',
        'null',
        'odd',
      ]);
    });

    it('shows an expiry out of range as unknown', () => {
      const expiry = (key: string) =>
        fieldText(rowByKey(element, key)!, 'expiry');
      expect(expiry('huge'), 'out-of-range expiry').to.equal('unknown');
      expect(expiry('good'), 'valid expiry').to.match(/^expires in /);
    });

    it('marks records that are no session', () => {
      for (const sessionKey of ['null', 'odd']) {
        const row = rowByKey(element, sessionKey)!;
        expect(row.part.contains('unreadable-session'), sessionKey).to.be.true;
        expect(fieldText(row, 'unreadable-message'), sessionKey).to.contain(
          'unreadable',
        );
        expectNoElement(row.querySelector('.fields'), `${sessionKey} fields`);
      }
      const good = rowByKey(element, 'good')!;
      expect(good.part.contains('unreadable-session'), 'good').to.be.false;
    });

    it('signs out of an unreadable record', async () => {
      const signOut = rowByKey(element, 'odd')!.querySelector<HTMLElement>(
        '[part~="sign-out-button"]',
      )!;
      signOut.click();
      await element.updateComplete;
      expect(rowKeys(element)).to.deep.equal(['good', 'huge', 'null']);
    });
  });

  describe('when registered twice', () => {
    it('does not throw', async () => {
      // A query string makes the browser load and run the module again, as
      // a second bundle on the page would.
      const url = new URL('../src/define.ts?second-bundle', import.meta.url);
      await import(url.href);
      expect(customElements.get(TAG)).to.equal(TurnkeySessionManager);
    });
  });
});

/** A same-origin frame that has loaded its own copy of the core. */
interface FrameWithCore {
  element: HTMLIFrameElement;
  core: typeof Core;
}

async function openFrameWithCore(): Promise<FrameWithCore> {
  const coreUrl = new URL('../src/core/index.ts', import.meta.url).href;
  const element = document.createElement('iframe');
  element.srcdoc =
    '<script type="module">' +
    `import * as core from ${JSON.stringify(coreUrl)};` +
    'window.core = core;' +
    'parent.postMessage("core-loaded", "*");' +
    '</script>';
  const loaded = new Promise<void>((resolve) => {
    const listener = (event: MessageEvent) => {
      if (event.source !== element.contentWindow) return;
      window.removeEventListener('message', listener);
      resolve();
    };
    window.addEventListener('message', listener);
  });
  document.body.append(element);
  await loaded;
  const frameWindow = element.contentWindow as Window & {core: typeof Core};
  return {element, core: frameWindow.core};
}
