import {expect} from '@esm-bundle/chai';

import {withFault} from '../fixtures/idb-faults.js';
import {runRandomOperations} from '../fixtures/random-run.js';
import {
  deleteDatabase,
  deleteTestDatabases,
  freshStore,
  seedSessions,
  signIn,
  signToken,
} from '../helpers.js';
import {
  assertInvariants,
  describeStoredState,
  readStoredState,
} from '../invariants.js';

import type {SessionErrorCode, SessionStore} from '../../src/core/index.js';
import type {FaultKind} from '../fixtures/idb-faults.js';

afterEach(deleteTestDatabases);

/** An operation on a store seeded for it, and how it fails. */
interface OperationCase {
  name: string;
  failureCode: SessionErrorCode;
  /** Whether it makes a `put`, which a `quota` fault needs. */
  puts: boolean;
  /** Seeds `store` and returns the operation, which may run twice. */
  prepare(store: SessionStore): Promise<() => Promise<unknown>>;
}

const OPERATIONS: OperationCase[] = [
  {
    name: 'storeSession replacing a session',
    failureCode: 'STORE_SESSION_FAILED',
    puts: true,
    async prepare(store) {
      await seedSessions(store, 2);
      const publicKey = await store.createApiKeyPair();
      const sessionToken = await signToken({public_key: publicKey});
      return () => store.storeSession({sessionToken, sessionKey: 'session-0'});
    },
  },
  {
    name: 'clearSession of the active session',
    failureCode: 'CLEAR_SESSION_FAILED',
    puts: false,
    async prepare(store) {
      await seedSessions(store, 2);
      return () => store.clearSession({sessionKey: 'session-1'});
    },
  },
  {
    name: 'clearAllSessions',
    failureCode: 'CLEAR_ALL_SESSIONS_FAILED',
    puts: false,
    async prepare(store) {
      await seedSessions(store, 2);
      await store.createApiKeyPair();
      return () => store.clearAllSessions();
    },
  },
  {
    name: 'setActiveSession',
    failureCode: 'STORAGE_FAILED',
    puts: true,
    async prepare(store) {
      await seedSessions(store, 2);
      return () => store.setActiveSession({sessionKey: 'session-0'});
    },
  },
  {
    name: 'createApiKeyPair',
    failureCode: 'STORAGE_FAILED',
    puts: true,
    async prepare(store) {
      await seedSessions(store, 1);
      return () => store.createApiKeyPair();
    },
  },
  {
    name: 'deleteApiKeyPair',
    failureCode: 'STORAGE_FAILED',
    puts: false,
    async prepare(store) {
      await seedSessions(store, 1);
      const publicKey = await store.createApiKeyPair();
      return () => store.deleteApiKeyPair({publicKey});
    },
  },
  {
    name: 'clearUnusedKeyPairs',
    failureCode: 'STORAGE_FAILED',
    puts: false,
    async prepare(store) {
      await seedSessions(store, 1);
      await store.createApiKeyPair();
      return () => store.clearUnusedKeyPairs();
    },
  },
];

/** Writes tried per operation. None of the operations makes more. */
const MAX_WRITES = 8;

async function storedText(dbName: string) {
  return describeStoredState(await readStoredState(dbName));
}

/** Resolves with how `promise` settled, never rejecting. */
async function settle<T>(promise: Promise<T>) {
  try {
    return {value: await promise, error: undefined};
  } catch (error) {
    return {value: undefined, error: error as {code?: string; name?: string}};
  }
}

/** Rejects with `message` after `ms`, to catch an operation that hangs. */
function failAfter(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => {
    setTimeout(() => reject(new Error(message)), ms);
  });
}

describe('a write that fails', () => {
  const kinds: FaultKind[] = ['abort', 'quota', 'closing'];

  for (const operation of OPERATIONS) {
    for (const kind of kinds) {
      if (kind === 'quota' && !operation.puts) continue;

      it(`in ${operation.name} (${kind}) changes nothing`, async () => {
        let failedWrites = 0;
        for (let at = 1; at <= MAX_WRITES; at++) {
          const store = freshStore();
          const run = await operation.prepare(store);
          const before = await storedText(store.dbName);
          const changes: string[] = [];
          const unsubscribe = store.subscribe((change) =>
            changes.push(change.type),
          );

          const outcome = await withFault({kind, at}, run);
          unsubscribe();
          if (!outcome.fired) {
            expect(outcome.error, `error without a fault`).to.equal(undefined);
            break;
          }
          failedWrites += 1;

          const error = outcome.error as {name?: string; code?: string};
          expect(error, `write ${at}: rejection`).not.to.equal(undefined);
          expect(error.name, `write ${at}: error name`).to.equal(
            'SessionManagerError',
          );
          expect(error.code, `write ${at}: code`).to.equal(
            operation.failureCode,
          );
          expect(
            await storedText(store.dbName),
            `write ${at}: storage`,
          ).to.equal(before);
          expect(changes, `write ${at}: published changes`).to.deep.equal([]);

          // The next try, with nothing failing, succeeds.
          await run();
          await assertInvariants(store.dbName);
        }
        expect(failedWrites, 'writes that were made to fail').to.be.above(0);
      });
    }

    it(`in ${operation.name} recovers from a closed connection`, async () => {
      const store = freshStore();
      const run = await operation.prepare(store);

      const outcome = await withFault({kind: 'closed-before', at: 1}, run);

      expect(outcome.fired, 'connection closed').to.equal(true);
      expect(outcome.error, 'error').to.equal(undefined);
      await assertInvariants(store.dbName);
    });
  }
});

describe('another connection', () => {
  it('can delete the database in the middle of a clear', async () => {
    const store = freshStore();
    await seedSessions(store, 3);

    const clearing = settle(store.clearAllSessions());
    const deleting = deleteDatabase(store.dbName);
    const outcome = await clearing;
    await deleting;

    if (outcome.error) {
      expect(outcome.error.code).to.equal('CLEAR_ALL_SESSIONS_FAILED');
    }
    expect((await readStoredState(store.dbName)).sessions.size).to.equal(0);
    await signIn(store, 'after');
    const state = await readStoredState(store.dbName);
    expect([...state.sessions.keys()]).to.deep.equal(['after']);
    await assertInvariants(store.dbName);
  });

  it('can delete the database in the middle of a sign-in', async () => {
    const store = freshStore();
    await seedSessions(store, 1);
    const publicKey = await store.createApiKeyPair();
    const sessionToken = await signToken({public_key: publicKey});

    const storing = settle(
      store.storeSession({sessionToken, sessionKey: 'during'}),
    );
    const deleting = deleteDatabase(store.dbName);
    const outcome = await storing;
    await deleting;

    // The delete may also land first and take the key pair with it.
    if (outcome.error) {
      expect(outcome.error.code).to.be.oneOf([
        'STORE_SESSION_FAILED',
        'KEY_PAIR_NOT_FOUND',
      ]);
    }
    await signIn(store, 'after');
    const state = await readStoredState(store.dbName);
    expect([...state.sessions.keys()]).to.deep.equal(['after']);
    await assertInvariants(store.dbName);
  });

  it('can upgrade the database while the core has it open', async () => {
    const store = freshStore();
    await signIn(store, 'before');
    let blocked = false;

    const upgrade = indexedDB.open(store.dbName, 2);
    upgrade.onblocked = () => (blocked = true);
    const db = await Promise.race([
      requestResult(upgrade),
      failAfter(10_000, 'the upgrade stayed blocked by the core'),
    ]);

    try {
      await signIn(store, 'after');
      const all = await store.getAllSessions();
      expect(Object.keys(all ?? {}).sort()).to.deep.equal(['after', 'before']);
      expect(blocked, 'blocked event').to.equal(false);
    } finally {
      db.close();
    }
    await assertInvariants(store.dbName);
  });

  it('holding the database open does not make the core hang', async () => {
    const store = freshStore();
    await signIn(store, 'kept');

    // A connection that ignores versionchange keeps a delete waiting, and
    // every open request of the core queues behind that delete.
    const holder = await requestResult(indexedDB.open(store.dbName));
    const deleting = indexedDB.deleteDatabase(store.dbName);
    await new Promise((resolve) => (deleting.onblocked = resolve));

    try {
      const outcome = await Promise.race([
        settle(store.getAllSessions()),
        failAfter(15_000, 'getAllSessions() did not settle'),
      ]);
      expect(outcome.error?.name, 'error name').to.equal('SessionManagerError');
      expect(outcome.error?.code, 'code').to.equal('STORAGE_UNAVAILABLE');
    } finally {
      holder.close();
      await requestResult(deleting);
    }

    // Once the delete has gone through, the core works again.
    await signIn(store, 'after');
    await assertInvariants(store.dbName);
  });
});

describe('a seeded random run with faults', () => {
  it('keeps every invariant over 250 operations', async function () {
    this.timeout(120_000);
    const store = freshStore();

    const report = await runRandomOperations({
      store,
      seed: 20_240_601,
      operations: 250,
      faultRate: 0.4,
    });

    expect(report.violations, 'violations').to.deep.equal([]);
    expect(report.operations, 'operations').to.equal(250);
    expect(report.faultsFired, 'faults that failed a write').to.be.at.least(20);
  });
});

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
