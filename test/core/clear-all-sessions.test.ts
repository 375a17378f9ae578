import {expect} from '@esm-bundle/chai';

import {
  deleteTestDatabases,
  freshStore,
  readRaw,
  rejectionOf,
  seedSessions,
  signIn,
} from '../helpers.js';

import type {SessionStore} from '../../src/core/index.js';

let store: SessionStore;

beforeEach(() => {
  store = freshStore();
});

afterEach(deleteTestDatabases);

/**
 * Makes the `failOn`-th `IDBObjectStore.delete` call of the page throw, as a
 * storage failure in the middle of a transaction would, until `restore()`.
 */
function failNthDelete(failOn: number) {
  const original = IDBObjectStore.prototype.delete;
  let calls = 0;
  IDBObjectStore.prototype.delete = function (
    this: IDBObjectStore,
    query: IDBValidKey | IDBKeyRange,
  ) {
    calls += 1;
    if (calls === failOn) {
      throw new DOMException('injected failure', 'UnknownError');
    }
    return original.call(this, query);
  };
  return {
    calls: () => calls,
    restore: () => (IDBObjectStore.prototype.delete = original),
  };
}

/** Records, in order, when transactions complete and other marks happen. */
function recordTransactionCompletions() {
  const original = IDBDatabase.prototype.transaction;
  const events: string[] = [];
  IDBDatabase.prototype.transaction = function (
    this: IDBDatabase,
    ...args: Parameters<IDBDatabase['transaction']>
  ) {
    const transaction = original.apply(this, args);
    const mode = transaction.mode;
    transaction.addEventListener('complete', () =>
      events.push(`${mode} complete`),
    );
    return transaction;
  } as IDBDatabase['transaction'];
  return {
    events,
    restore: () => (IDBDatabase.prototype.transaction = original),
  };
}

describe('clearAllSessions', () => {
  it('rejects with NO_SESSIONS on an empty store', async () => {
    const error = await rejectionOf(store.clearAllSessions());
    expect(error.name).to.equal('SessionManagerError');
    expect(error.code).to.equal('NO_SESSIONS');
  });

  it('rejects with NO_SESSIONS when only key pairs exist', async () => {
    const publicKey = await store.createApiKeyPair();
    const error = await rejectionOf(store.clearAllSessions());
    expect(error.code).to.equal('NO_SESSIONS');
    expect((await readRaw(store.dbName)).pendingKeyPairs).to.deep.equal([
      publicKey,
    ]);
  });

  it('removes every session, key pair and the active pointer', async () => {
    await seedSessions(store, 3);
    const before = await readRaw(store.dbName);
    expect(before.sessions).to.have.length(3);
    expect(before.keyPairs).to.have.length(3);
    expect(before.activeSessionKey).to.equal('session-2');

    const cleared = await store.clearAllSessions();

    expect([...cleared].sort()).to.deep.equal([
      'session-0',
      'session-1',
      'session-2',
    ]);
    const after = await readRaw(store.dbName);
    expect(after.total).to.equal(0);
    expect(await store.getActiveSessionKey()).to.equal(undefined);
    expect(await store.getAllSessions()).to.equal(undefined);
  });

  it('keeps key pairs of sign-ins still in progress', async () => {
    await seedSessions(store, 2);
    const pending = await store.createApiKeyPair();
    await store.clearAllSessions();
    const after = await readRaw(store.dbName);
    expect(after.sessions).to.deep.equal([]);
    expect(after.keyPairs).to.deep.equal([]);
    expect(after.pendingKeyPairs).to.deep.equal([pending]);
  });

  it('resolves only after its transaction has committed', async () => {
    await seedSessions(store, 2);
    const recorder = recordTransactionCompletions();
    try {
      await store.clearAllSessions();
      recorder.events.push('resolved');
    } finally {
      recorder.restore();
    }
    expect(recorder.events).to.deep.equal(['readwrite complete', 'resolved']);
  });

  it('changes nothing when it fails midway', async () => {
    await seedSessions(store, 3);
    const pending = await store.createApiKeyPair();
    const before = await readRaw(store.dbName);
    const fault = failNthDelete(2);

    let error;
    try {
      error = await rejectionOf(store.clearAllSessions());
    } finally {
      fault.restore();
    }

    expect(fault.calls()).to.equal(2);
    expect(error.code).to.equal('CLEAR_ALL_SESSIONS_FAILED');
    expect(error.cause.name).to.equal('UnknownError');
    const after = await readRaw(store.dbName);
    expect(after).to.deep.equal(before);
    expect(after.pendingKeyPairs).to.deep.equal([pending]);
  });

  it('succeeds on the next try after a failure', async () => {
    await seedSessions(store, 2);
    const fault = failNthDelete(1);
    try {
      await rejectionOf(store.clearAllSessions());
    } finally {
      fault.restore();
    }
    expect(await store.clearAllSessions()).to.have.length(2);
    expect((await readRaw(store.dbName)).total).to.equal(0);
  });

  it('notifies subscribers once, with the cleared keys', async () => {
    await seedSessions(store, 2);
    const changes: unknown[] = [];
    store.subscribe((change) => changes.push(change));
    await store.clearAllSessions();
    expect(changes).to.deep.equal([
      {
        type: 'sessions-cleared',
        sessionKeys: ['session-0', 'session-1'],
        remote: false,
      },
    ]);
  });

  it('clears 1,000 sessions and their key pairs', async function () {
    this.timeout(120_000);
    await seedSessions(store, 1000);
    const before = await readRaw(store.dbName);
    expect(before.sessions).to.have.length(1000);
    expect(before.keyPairs).to.have.length(1000);

    const cleared = await store.clearAllSessions();
    const after = await readRaw(store.dbName);

    expect(cleared).to.have.length(1000);
    expect(after.total).to.equal(0);
  });

  it('lets a new session be stored afterwards', async () => {
    await seedSessions(store, 1);
    await store.clearAllSessions();
    await signIn(store, 'again');
    expect(await store.getActiveSessionKey()).to.equal('again');
  });
});
