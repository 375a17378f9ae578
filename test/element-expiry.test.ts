/**
 * Tests of live expiry: the scheduling helper and its clamp, the one timer
 * of the element (`ExpiryClock`), `session-expired`, and `hide-expired`.
 */

import {expect} from '@esm-bundle/chai';

import {
  ExpiryClock,
  MAX_TIMEOUT_MS,
  nextTimerDelay,
} from '../src/expiry-clock.js';
import {
  createElement,
  expiresIn,
  fieldText,
  nextEvent,
  recordEvents,
  removeElements,
  rowByKey,
  rowKeys,
  signInAnyExpiry,
} from './element-helpers.js';
import {deleteTestDatabases, freshStore, signIn} from './helpers.js';

import type {ReactiveController, ReactiveControllerHost} from 'lit';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const SECOND_MS = 1000;
const DAY_S = 24 * 60 * 60;

describe('nextTimerDelay', () => {
  const nowSeconds = NOW / 1000;

  it('clamps a delay beyond 2^31 - 1 ms', () => {
    // "in 1 year" turns into "in 12 months" 35 days from now.
    const delay = nextTimerDelay([nowSeconds + 400 * DAY_S], NOW);
    expect(MAX_TIMEOUT_MS).to.equal(2_147_483_647);
    expect(delay).to.equal(MAX_TIMEOUT_MS);
  });

  it('clamps a long-expired session', () => {
    // "1 year ago" turns into "2 years ago" 330 days from now.
    const delay = nextTimerDelay([nowSeconds - 400 * DAY_S], NOW);
    expect(delay).to.equal(MAX_TIMEOUT_MS);
  });

  it('keeps a delay under the limit', () => {
    // "in 24 days" turns into "in 23 days" after 12 hours.
    const delay = nextTimerDelay([nowSeconds + 24.5 * DAY_S], NOW);
    expect(delay).to.equal(12 * 60 * 60 * SECOND_MS + 1);
  });

  it('picks the soonest change', () => {
    const delay = nextTimerDelay(
      [nowSeconds + 400 * DAY_S, nowSeconds + 90.25, nowSeconds - 5],
      NOW,
    );
    // The session 5 s past expiry changes first, in 1 s, before the one
    // 1 min 30.25 s ahead, in 30.25 s.
    expect(delay).to.equal(SECOND_MS);
  });

  it('returns undefined without a finite expiry', () => {
    expect(nextTimerDelay([], NOW), 'none').to.be.undefined;
    expect(nextTimerDelay([NaN, Infinity], NOW), 'not finite').to.be.undefined;
  });
});

/** A host that counts the updates an `ExpiryClock` requests. */
class FakeHost implements ReactiveControllerHost {
  controllers: ReactiveController[] = [];
  updateRequests = 0;
  readonly updateComplete = Promise.resolve(true);
  addController(controller: ReactiveController) {
    this.controllers.push(controller);
  }
  removeController() {}
  requestUpdate() {
    this.updateRequests++;
  }
}

/** Makes `document.visibilityState` read `state` until the returned undo. */
function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => state,
  });
  document.dispatchEvent(new Event('visibilitychange'));
  return () => {
    delete (document as {visibilityState?: unknown}).visibilityState;
    document.dispatchEvent(new Event('visibilitychange'));
  };
}

describe('ExpiryClock', () => {
  let host: FakeHost;
  let clock: ExpiryClock;
  let expiries: number[];

  beforeEach(() => {
    host = new FakeHost();
    expiries = [Date.now() / 1000 + 10 * 60 + 30];
    clock = new ExpiryClock(host, () => expiries);
  });

  afterEach(() => {
    clock.hostDisconnected();
  });

  it('registers with its host', () => {
    expect(host.controllers).to.deep.equal([clock]);
  });

  it('schedules the next change', () => {
    const before = Date.now();
    clock.hostConnected();
    // 10 min 30 s ahead reads "in 10 minutes" for 30 s more.
    expect(clock.scheduledAt! - before).to.be.within(
      29 * SECOND_MS,
      30 * SECOND_MS + 1,
    );
  });

  it('schedules nothing without expiries', () => {
    expiries = [];
    clock.hostConnected();
    expect(clock.scheduledAt).to.be.undefined;
  });

  it('reschedules after each update', () => {
    clock.hostConnected();
    expiries = [Date.now() / 1000 + 5.5];
    clock.hostUpdated();
    expect(clock.scheduledAt! - Date.now()).to.be.at.most(1500);
  });

  it('stops when disconnected', () => {
    clock.hostConnected();
    clock.hostDisconnected();
    expect(clock.scheduledAt).to.be.undefined;
    clock.hostUpdated();
    expect(clock.scheduledAt, 'after an update').to.be.undefined;
  });

  it('pauses while the page is hidden', () => {
    clock.hostConnected();
    const restore = setVisibility('hidden');
    try {
      expect(clock.scheduledAt, 'while hidden').to.be.undefined;
      clock.hostUpdated();
      expect(clock.scheduledAt, 'after an update').to.be.undefined;
      expect(host.updateRequests, 'updates while hidden').to.equal(0);
    } finally {
      restore();
    }
    expect(host.updateRequests, 'updates on return').to.equal(1);
  });

  it('asks for an update when due', async () => {
    expiries = [Date.now() / 1000 + 0.05];
    const updated = new Promise<void>((resolve) => {
      host.requestUpdate = () => resolve();
    });
    clock.hostConnected();
    await updated;
    expect(clock.scheduledAt).to.be.undefined;
  });
});

describe('<turnkey-session-manager> expiry', () => {
  afterEach(async () => {
    removeElements();
    await deleteTestDatabases();
  });

  it('marks a session expired on time', async () => {
    const store = freshStore();
    await signIn(store, 'short', {exp: expiresIn(2)});
    const element = await createElement(store.dbName);
    const row = () => rowByKey(element, 'short')!;
    expect(fieldText(row(), 'expiry'), 'before').to.match(/^expires in \d/);

    const event = await nextEvent(element, 'session-expired');
    expect(event.detail.sessionKey).to.equal('short');
    expect(event.bubbles, 'bubbles').to.be.true;
    expect(event.composed, 'composed').to.be.true;
    expect(Date.now(), 'time of the event').to.be.at.least(
      (await store.getSession({sessionKey: 'short'}))!.expiry * 1000,
    );

    // The event comes after the render that shows the session expired.
    expect(fieldText(row(), 'expiry'), 'after').to.equal(
      'expired 1 second ago',
    );
    expect(row().querySelector('.expiry')!.classList.contains('expired')).to.be
      .true;
    expect(row().getAttribute('part')).to.contain('expired-session');
  });

  it('fires session-expired once', async () => {
    const store = freshStore();
    await signIn(store, 'short', {exp: expiresIn(2)});
    const element = await createElement(store.dbName);
    const expired = recordEvents('session-expired');
    try {
      await nextEvent(element, 'session-expired');
      element.requestUpdate();
      await element.updateComplete;
      await element.refresh();
      await element.updateComplete;
    } finally {
      expired.stop();
    }
    expect(expired.events.length).to.equal(1);
  });

  it('does not fire for sessions expired when shown', async () => {
    const store = freshStore();
    await signInAnyExpiry(store, 'old', {exp: expiresIn(-60)});
    const expired = recordEvents('session-expired');
    try {
      const element = await createElement(store.dbName);
      element.requestUpdate();
      await element.updateComplete;
    } finally {
      expired.stop();
    }
    expect(expired.events.length).to.equal(0);
  });

  describe('with hide-expired', () => {
    it('leaves expired sessions out', async () => {
      const store = freshStore();
      await signInAnyExpiry(store, 'old', {exp: expiresIn(-60)});
      await signIn(store, 'live', {exp: expiresIn(600)});
      const element = await createElement(store.dbName, (created) => {
        created.hideExpired = true;
      });
      expect(element.hasAttribute('hide-expired'), 'attribute').to.be.true;
      expect(rowKeys(element)).to.deep.equal(['live']);

      element.hideExpired = false;
      await element.updateComplete;
      expect(rowKeys(element), 'without hide-expired').to.deep.equal([
        'live',
        'old',
      ]);
    });

    it('removes a session when it expires', async () => {
      const store = freshStore();
      await signIn(store, 'long', {exp: expiresIn(600)});
      await signIn(store, 'short', {exp: expiresIn(2)});
      const element = await createElement(store.dbName, (created) => {
        created.setAttribute('hide-expired', '');
      });
      expect(rowKeys(element), 'before').to.deep.equal(['short', 'long']);

      const event = await nextEvent(element, 'session-expired');
      expect(event.detail.sessionKey).to.equal('short');
      expect(rowKeys(element), 'after').to.deep.equal(['long']);
    });

    it('still clears hidden sessions', async () => {
      const store = freshStore();
      await signInAnyExpiry(store, 'old', {exp: expiresIn(-60)});
      await signIn(store, 'live', {exp: expiresIn(600)});
      const element = await createElement(store.dbName, (created) => {
        created.hideExpired = true;
      });
      const cleared = nextEvent(element, 'sessions-cleared');
      element
        .shadowRoot!.querySelector<HTMLButtonElement>(
          '[part~="clear-all-button"]',
        )!
        .click();
      const event = await cleared;
      expect([...event.detail.sessionKeys].sort()).to.deep.equal([
        'live',
        'old',
      ]);
      expect(await store.getAllSessions()).to.be.undefined;
    });
  });
});
