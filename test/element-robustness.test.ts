import {expect} from '@esm-bundle/chai';

import {
  alertText,
  button,
  createElement,
  fieldText,
  putRawRecord,
  recordEvents,
  removeElements,
  rowButton,
  rowByKey,
  rowKeys,
} from './element-helpers.js';
import {RECORD_CASES} from './fixtures/bad-records.js';
import {STORED_TOKEN_CASES} from './fixtures/bad-tokens.js';
import {withFault} from './fixtures/idb-faults.js';
import {runRandomOperations} from './fixtures/random-run.js';
import {
  deleteDatabase,
  deleteTestDatabases,
  freshStore,
  readRaw,
  seedSessions,
  signIn,
} from './helpers.js';
import {
  assertInvariants,
  describeStoredState,
  readStoredState,
  shownSessionKeys,
} from './invariants.js';

import type {Session, SessionStore} from '../src/core/index.js';
import type {TurnkeySessionManager} from '../src/index.js';
import type {FaultKind} from './fixtures/idb-faults.js';

declare global {
  interface Window {
    tsmRobustnessInjected?: unknown;
  }
}

/** Errors that escaped to the window during the current test. */
const uncaught: unknown[] = [];
const recordError = (event: ErrorEvent) =>
  uncaught.push(event.error ?? event.message);
const recordRejection = (event: PromiseRejectionEvent) =>
  uncaught.push(event.reason);

beforeEach(() => {
  uncaught.length = 0;
  delete window.tsmRobustnessInjected;
  window.addEventListener('error', recordError);
  window.addEventListener('unhandledrejection', recordRejection);
});

afterEach(async () => {
  window.removeEventListener('error', recordError);
  window.removeEventListener('unhandledrejection', recordRejection);
  removeElements();
  await deleteTestDatabases();
});

/** Fails when anything threw out of the element or ran injected script. */
async function expectNothingEscaped(element: HTMLElement) {
  await waitForImageError();
  expect(uncaught.map(String), 'uncaught errors').to.deep.equal([]);
  expect(window.tsmRobustnessInjected, 'injected script ran').to.equal(
    undefined,
  );
  const root = element.shadowRoot!;
  for (const tag of ['img', 'script', 'svg', 'iframe', 'b', '#injected']) {
    expect(root.querySelector(tag), `${tag} in the shadow root`).to.equal(null);
  }
}

/**
 * Resolves once an image with a broken source has fired `error`. An
 * injected `<img onerror>` rendered earlier would have fired by then.
 */
function waitForImageError(): Promise<void> {
  return new Promise((resolve) => {
    const image = new Image();
    image.onerror = () => resolve();
    image.src = `/missing-image-${crypto.randomUUID()}.png`;
  });
}

async function click(element: TurnkeySessionManager, target: HTMLElement) {
  target.click();
  await element.updateComplete;
}

describe('<turnkey-session-manager> with records from outside the core', () => {
  /** Signs in `good` and `odd` and replaces the record of `odd`. */
  async function seedOdd(store: SessionStore, build: (s: Session) => unknown) {
    await signIn(store, 'good');
    await signIn(store, 'odd');
    const valid = (await store.getSession({sessionKey: 'odd'}))!;
    await putRawRecord(store.dbName, ['session', 'odd'], build(valid));
  }

  for (const testCase of RECORD_CASES) {
    const kind = testCase.readable ? 'readable' : 'unreadable';

    describe(`when a record is ${testCase.name}`, () => {
      it(`lists it as ${kind} and signs out of it`, async () => {
        const store = freshStore();
        await seedOdd(store, testCase.record);
        const element = await createElement(store.dbName);
        await expectNothingEscaped(element);

        expect([...rowKeys(element)].sort(), 'listed keys').to.deep.equal([
          'good',
          'odd',
        ]);
        const odd = rowByKey(element, 'odd')!;
        const marked = odd.matches('[part~="unreadable-session"]');
        expect(marked, 'unreadable-session part').to.equal(!testCase.readable);
        if (!testCase.readable) {
          expect(odd.textContent, 'row text').to.match(/unreadable/i);
        }
        expect(fieldText(rowByKey(element, 'good')!, 'user-id')).to.equal(
          'user-1',
        );

        await click(element, rowButton(element, 'odd', 'sign-out-button')!);

        expect(alertText(element), 'alert').to.equal(undefined);
        expect(rowKeys(element), 'listed keys').to.deep.equal(['good']);
        expect((await readRaw(store.dbName)).sessions).to.deep.equal(['good']);
        await assertInvariants(store.dbName, element);
        await expectNothingEscaped(element);
      });

      it('clears it with "Clear all"', async () => {
        const store = freshStore();
        await seedOdd(store, testCase.record);
        const element = await createElement(store.dbName);
        const cleared = recordEvents('sessions-cleared');

        await click(element, button(element, 'clear-all-button')!);
        cleared.stop();

        expect(alertText(element), 'alert').to.equal(undefined);
        expect(cleared.events.length, 'sessions-cleared events').to.equal(1);
        expect([...cleared.events[0].detail.sessionKeys].sort()).to.deep.equal([
          'good',
          'odd',
        ]);
        const raw = await readRaw(store.dbName);
        expect(raw.sessions, 'sessions left').to.deep.equal([]);
        expect(raw.keyPairs, 'key pairs left').to.deep.equal([]);
        await assertInvariants(store.dbName, element);
        await expectNothingEscaped(element);
      });
    });
  }

  it('shows no session active for a pointer that is not a key', async () => {
    const store = freshStore();
    await seedSessions(store, 2);
    await putRawRecord(store.dbName, ['active-session'], {key: 'session-0'});

    const element = await createElement(store.dbName);

    expect(rowKeys(element).sort()).to.deep.equal(['session-0', 'session-1']);
    expect(element.shadowRoot!.querySelector('[part~="active-session"]')).to.be
      .null;
    await expectNothingEscaped(element);
  });
});

describe('<turnkey-session-manager> with unusual valid sessions', () => {
  for (const testCase of STORED_TOKEN_CASES) {
    it(`shows ${testCase.name} as text`, async () => {
      const store = freshStore();
      const publicKey = await store.createApiKeyPair();
      const sessionKey = (testCase.sessionKey as string) ?? 'plain-key';
      await store.storeSession({
        sessionToken: testCase.token(publicKey) as string,
        sessionKey,
      });

      const element = await createElement(store.dbName);

      const row = rowByKey(element, sessionKey);
      expect(row, 'row').to.exist;
      const text = (part: string) =>
        row!.querySelector(`[part~="${part}"]`)?.textContent;
      const {stored} = testCase.expected;
      expect(text('session-key'), 'session key').to.equal(sessionKey);
      expect(text('user-id'), 'user').to.equal(stored.userId);
      expect(text('organization-id'), 'organization').to.equal(
        stored.organizationId,
      );
      if (!stored.sessionType.startsWith('SESSION_TYPE_READ_')) {
        expect(text('session-type'), 'type').to.equal(stored.sessionType);
      }
      await assertInvariants(store.dbName, element);
      await expectNothingEscaped(element);
    });
  }
});

describe('<turnkey-session-manager> when a write fails', () => {
  const kinds: FaultKind[] = ['abort', 'closing', 'quota'];

  /** The element's actions, each with the events it fires on success. */
  const actions = [
    {
      name: '"Clear all"',
      puts: false,
      success: 'sessions-cleared',
      alert: /^Could not clear sessions: .*failed/,
      target: (element: TurnkeySessionManager) =>
        button(element, 'clear-all-button')!,
    },
    {
      name: 'signing out of one session',
      puts: false,
      success: 'session-cleared',
      alert: /^Could not sign out of session session-0: .*failed/,
      target: (element: TurnkeySessionManager) =>
        rowButton(element, 'session-0', 'sign-out-button')!,
    },
    {
      name: '"Make active"',
      puts: true,
      success: 'active-session-changed',
      alert: /^Could not make session session-0 active: .*failed/,
      target: (element: TurnkeySessionManager) =>
        rowButton(element, 'session-0', 'make-active-button')!,
    },
  ] as const;

  for (const action of actions) {
    for (const kind of kinds) {
      if (kind === 'quota' && !action.puts) continue;

      it(`shows the error of ${action.name} (${kind})`, async () => {
        const store = freshStore();
        await seedSessions(store, 3);
        const element = await createElement(store.dbName);
        const before = describeStoredState(await readStoredState(store.dbName));
        const shownBefore = shownSessionKeys(element);
        const succeeded = recordEvents(action.success);
        const cleared = recordEvents('sessions-cleared');

        const outcome = await withFault({kind, at: 1}, () =>
          click(element, action.target(element)),
        );

        expect(outcome.fired, 'fault fired').to.equal(true);
        expect(alertText(element), 'alert').to.match(action.alert);
        expect(succeeded.events.length, `${action.success} events`).to.equal(0);
        expect(cleared.events.length, 'sessions-cleared events').to.equal(0);
        const after = describeStoredState(await readStoredState(store.dbName));
        expect(after, 'storage').to.equal(before);
        expect(shownSessionKeys(element), 'list').to.deep.equal(shownBefore);

        // Retry, with nothing failing, does what the button asked.
        await click(element, button(element, 'retry-button')!);
        succeeded.stop();
        cleared.stop();

        expect(alertText(element), 'alert after retry').to.equal(undefined);
        expect(succeeded.events.length, `${action.success} events`).to.equal(1);
        await assertInvariants(store.dbName, element);
        await expectNothingEscaped(element);
      });
    }
  }

  it('keeps showing storage over a random run with faults', async function () {
    this.timeout(120_000);
    const store = freshStore();
    const elements = [
      await createElement(store.dbName),
      await createElement(store.dbName),
    ];

    const report = await runRandomOperations({
      store,
      seed: 7_031,
      operations: 120,
      faultRate: 0.3,
      elements,
    });

    expect(report.violations, 'violations').to.deep.equal([]);
    expect(report.operations, 'operations').to.equal(120);
    await expectNothingEscaped(elements[0]);
  });
});

describe('<turnkey-session-manager> lifecycle', () => {
  it('finishes a clear after it is removed', async () => {
    const store = freshStore();
    await seedSessions(store, 3);
    const element = await createElement(store.dbName);
    const committed = new Promise<string[]>((resolve) => {
      const unsubscribe = store.subscribe((change) => {
        if (change.type !== 'sessions-cleared') return;
        unsubscribe();
        resolve(change.sessionKeys);
      });
    });

    button(element, 'clear-all-button')!.click();
    element.remove();
    const cleared = await committed;
    await element.updateComplete;

    expect([...cleared].sort()).to.deep.equal([
      'session-0',
      'session-1',
      'session-2',
    ]);
    const raw = await readRaw(store.dbName);
    expect(raw.sessions, 'sessions left').to.deep.equal([]);
    expect(raw.keyPairs, 'key pairs left').to.deep.equal([]);
    await assertInvariants(store.dbName);
    await expectNothingEscaped(element);
  });

  it('shows the outcome of a clear when added back', async () => {
    const store = freshStore();
    await seedSessions(store, 2);
    const element = await createElement(store.dbName);

    button(element, 'clear-all-button')!.click();
    element.remove();
    document.body.append(element);
    await element.updateComplete;

    expect(rowKeys(element)).to.deep.equal([]);
    await assertInvariants(store.dbName, element);
    element.remove();
    await expectNothingEscaped(element);
  });

  it('follows a database that another connection deleted', async () => {
    const store = freshStore();
    await seedSessions(store, 2);
    const element = await createElement(store.dbName);
    const changed = new Promise<void>((resolve) => {
      const unsubscribe = store.subscribe((change) => {
        if (change.type !== 'database-changed') return;
        unsubscribe();
        resolve();
      });
    });

    await deleteDatabase(store.dbName);
    await changed;
    await element.updateComplete;

    expect(rowKeys(element)).to.deep.equal([]);
    await assertInvariants(store.dbName, element);
    await expectNothingEscaped(element);
  });

  it('opens one connection for many elements', async () => {
    const store = freshStore();
    const opens = countOpens(store.dbName);
    let elements: TurnkeySessionManager[];
    try {
      await seedSessions(store, 2);
      elements = await Promise.all(
        Array.from({length: 12}, () => createElement(store.dbName)),
      );
      await click(elements[0], button(elements[0], 'clear-all-button')!);
      await Promise.all(elements.map((element) => element.updateComplete));
    } finally {
      opens.restore();
    }

    expect(opens.count, 'indexedDB.open calls').to.equal(1);
    await assertInvariants(store.dbName, ...elements);
    await expectNothingEscaped(elements[0]);
  });
});

/** Counts `indexedDB.open` calls for `dbName` until `restore()`. */
function countOpens(dbName: string) {
  const original = indexedDB.open;
  const counter = {
    count: 0,
    restore: () => {
      indexedDB.open = original;
    },
  };
  indexedDB.open = function (this: IDBFactory, ...args) {
    if (args[0] === dbName) counter.count += 1;
    return original.apply(this, args);
  } as IDBFactory['open'];
  return counter;
}
