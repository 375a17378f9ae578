import {expect} from '@esm-bundle/chai';

import {isReadableSession} from '../../src/core/index.js';
import {
  RECORD_CASES,
  deleteRecord,
  fakeTemplateResult,
  putRecord,
} from '../fixtures/bad-records.js';
import {
  REJECTED_TOKEN_CASES,
  STORED_TOKEN_CASES,
} from '../fixtures/bad-tokens.js';
import {
  deleteTestDatabases,
  freshStore,
  readRawRecord,
  rejectionOf,
  signIn,
} from '../helpers.js';
import {
  assertInvariants,
  describeStoredState,
  readStoredState,
} from '../invariants.js';

import type {
  Session,
  SessionChange,
  SessionStore,
} from '../../src/core/index.js';
import type {TokenCase} from '../fixtures/bad-tokens.js';

let store: SessionStore;

beforeEach(() => {
  store = freshStore();
});

afterEach(deleteTestDatabases);

/** Returns the parameters of `storeSession` for `testCase`. */
function paramsOf(testCase: TokenCase, publicKey: string, fallbackKey: string) {
  const params: Record<string, unknown> = {
    sessionToken: testCase.token(publicKey),
    sessionKey: 'sessionKey' in testCase ? testCase.sessionKey : fallbackKey,
  };
  if ('allowExpired' in testCase) params.allowExpired = testCase.allowExpired;
  return params as unknown as Parameters<SessionStore['storeSession']>[0];
}

async function storedText(dbName: string) {
  return describeStoredState(await readStoredState(dbName));
}

/** Records the changes that `store` publishes until `stop()`. */
function recordChanges(target: SessionStore) {
  const changes: SessionChange[] = [];
  const stop = target.subscribe((change) => changes.push(change));
  return {changes, stop};
}

/** Returns the keys of the records that `isReadableSession` rejects. */
async function unreadableKeys(target: SessionStore): Promise<string[]> {
  const {sessions} = await target.getSessionState();
  return Object.keys(sessions).filter(
    (sessionKey) => !isReadableSession(sessions[sessionKey]),
  );
}

describe('storeSession with bad input', () => {
  it('has at least 40 token cases', () => {
    const total = REJECTED_TOKEN_CASES.length + STORED_TOKEN_CASES.length;
    expect(total).to.be.at.least(40);
  });

  for (const testCase of REJECTED_TOKEN_CASES) {
    const {code, message} = testCase.expected;

    it(`rejects ${testCase.name} with ${code}`, async () => {
      // A session already stored under the same key must survive.
      await signIn(store, 'existing');
      const publicKey = await store.createApiKeyPair();
      const before = await storedText(store.dbName);
      const {changes, stop} = recordChanges(store);

      const error = await rejectionOf(
        store.storeSession(paramsOf(testCase, publicKey, 'existing')),
      );
      stop();

      expect(error.name, 'error name').to.equal('SessionManagerError');
      expect(error.code, `code of: ${error.message}`).to.equal(code);
      expect(error.message, 'message').to.match(message);
      expect(await storedText(store.dbName), 'storage').to.equal(before);
      expect(changes, 'published changes').to.deep.equal([]);
      await assertInvariants(store.dbName);
    });
  }

  for (const testCase of STORED_TOKEN_CASES) {
    it(`stores ${testCase.name} exactly`, async () => {
      const publicKey = await store.createApiKeyPair();
      const params = paramsOf(testCase, publicKey, 'plain-key');
      await store.storeSession(params);
      const sessionKey = params.sessionKey!;

      const session = await store.getSession({sessionKey});
      expect(session, 'getSession').to.include(testCase.expected.stored);
      expect(session?.token, 'token').to.equal(params.sessionToken);
      expect(session?.publicKey, 'publicKey').to.equal(publicKey);

      const all = (await store.getAllSessions()) ?? {};
      expect(Object.keys(all), 'getAllSessions keys').to.deep.equal([
        sessionKey,
      ]);
      expect(Object.hasOwn(all, sessionKey), 'own property').to.equal(true);
      expect(all[sessionKey], 'getAllSessions value').to.deep.equal(session);

      const state = await store.getSessionState();
      expect(Object.keys(state.sessions), 'state keys').to.deep.equal([
        sessionKey,
      ]);
      expect(state.activeSessionKey, 'active key').to.equal(sessionKey);
      await assertInvariants(store.dbName);
    });
  }

  it('rejects a key pair that another session uses', async () => {
    const publicKey = await signIn(store, 'first');
    const before = await storedText(store.dbName);
    const {token} = (await store.getSession({sessionKey: 'first'}))!;

    const error = await rejectionOf(
      store.storeSession({sessionToken: token, sessionKey: 'second'}),
    );

    expect(error.code).to.equal('KEY_PAIR_IN_USE');
    expect(error.message).to.include(publicKey);
    expect(error.message).to.include('"first"');
    expect(await storedText(store.dbName), 'storage').to.equal(before);
  });
});

describe('records written outside the core', () => {
  /**
   * Signs in `good` and `odd`, then replaces the record of `odd` with
   * `build(valid)`. Returns the public key that `odd` was bound to.
   */
  async function seedOdd(build: (valid: Session) => unknown) {
    await signIn(store, 'good');
    const oddPublicKey = await signIn(store, 'odd');
    const valid = (await store.getSession({sessionKey: 'odd'}))!;
    await putRecord(store.dbName, ['session', 'odd'], build(valid));
    return oddPublicKey;
  }

  for (const testCase of RECORD_CASES) {
    const kind = testCase.readable ? 'readable' : 'unreadable';

    describe(`a record that is ${testCase.name}`, () => {
      it(`is reported as ${kind}`, async () => {
        await seedOdd(testCase.record);
        const stored = await readRawRecord(store.dbName, ['session', 'odd']);

        const state = await store.getSessionState();
        const all = await store.getAllSessions();

        expect(Object.keys(all ?? {}), 'getAllSessions').to.include('good');
        expect(state.sessions.good, 'good session').to.be.an('object');
        if (testCase.readable) {
          expect(state.sessions.odd, 'state.sessions.odd').to.deep.equal(
            stored,
          );
          expect(all?.odd, 'getAllSessions().odd').to.deep.equal(stored);
          expect(await unreadableKeys(store), 'unreadable').to.deep.equal([]);
        } else {
          expect(state.sessions.odd, 'state.sessions.odd').to.deep.equal(
            stored,
          );
          expect(all, 'getAllSessions()').not.to.have.property('odd');
          expect(
            await store.getSession({sessionKey: 'odd'}),
            'getSession()',
          ).to.equal(undefined);
          expect(await unreadableKeys(store), 'unreadable').to.deep.equal([
            'odd',
          ]);
        }
      });

      if (!testCase.readable) {
        it('is not used to sign', async () => {
          await seedOdd(testCase.record);

          const error = await rejectionOf(
            store.createStamper({sessionKey: 'odd'}).stamp('{}'),
          );

          expect(error.code, error.message).to.equal('SESSION_NOT_FOUND');
          expect(error.message).to.match(/not a readable session/);
        });
      }

      it('is removed with its key pair by clearSession', async () => {
        const oddPublicKey = await seedOdd(testCase.record);

        await store.clearSession({sessionKey: 'odd'});

        const state = await readStoredState(store.dbName);
        expect([...state.sessions.keys()], 'sessions').to.deep.equal(['good']);
        expect(state.boundKeyPairs.has(oddPublicKey), 'key pair of odd').to.be
          .false;
        await assertInvariants(store.dbName);
      });

      it('is removed by clearAllSessions', async () => {
        await seedOdd(testCase.record);

        const cleared = await store.clearAllSessions();

        expect([...cleared].sort(), 'cleared keys').to.deep.equal([
          'good',
          'odd',
        ]);
        const state = await readStoredState(store.dbName);
        expect(state.sessions.size, 'sessions left').to.equal(0);
        expect(state.boundKeyPairs.size, 'key pairs left').to.equal(0);
        await assertInvariants(store.dbName);
      });
    });
  }

  it('keeps every other session when one is unreadable', async () => {
    await seedOdd(() => fakeTemplateResult('<b>x</b>'));
    await signIn(store, 'third');

    const all = (await store.getAllSessions()) ?? {};

    expect(Object.keys(all).sort()).to.include.members(['good', 'third']);
    expect(all.good.userId).to.equal('user-1');
    expect(all.third.userId).to.equal('user-1');
  });

  it('lists a record under a numeric key as its string', async () => {
    await signIn(store, 'good');
    const valid = await store.getSession({sessionKey: 'good'});
    await putRecord(store.dbName, ['session', 5], valid);

    const state = await store.getSessionState();
    const error = await rejectionOf(store.clearSession({sessionKey: '5'}));
    const cleared = await store.clearAllSessions();

    expect(Object.keys(state.sessions).sort(), 'listed').to.deep.equal([
      '5',
      'good',
    ]);
    expect(error.code, 'clearSession error').to.equal('SESSION_NOT_FOUND');
    expect([...cleared].sort(), 'cleared').to.deep.equal(['5', 'good']);
    expect((await readStoredState(store.dbName)).otherKeys).to.deep.equal([]);
  });

  describe('a session whose key pair is gone', () => {
    async function seedEvicted() {
      const publicKey = await signIn(store, 'evicted');
      await signIn(store, 'kept');
      await deleteRecord(store.dbName, ['key-pair', publicKey]);
      return publicKey;
    }

    it('is still listed', async () => {
      await seedEvicted();

      const all = (await store.getAllSessions()) ?? {};

      expect(Object.keys(all).sort()).to.deep.equal(['evicted', 'kept']);
    });

    it('is removed by clearSession', async () => {
      await seedEvicted();

      await store.clearSession({sessionKey: 'evicted'});

      const state = await readStoredState(store.dbName);
      expect([...state.sessions.keys()]).to.deep.equal(['kept']);
      await assertInvariants(store.dbName);
    });

    it('is removed by clearAllSessions', async () => {
      await seedEvicted();

      expect((await store.clearAllSessions()).sort()).to.deep.equal([
        'evicted',
        'kept',
      ]);
      await assertInvariants(store.dbName);
    });
  });

  describe('a session that names the key pair of another', () => {
    it('is cleared without taking that key pair', async () => {
      const ownerKey = await signIn(store, 'owner');
      const intruder = await signIn(store, 'intruder');
      const record = await store.getSession({sessionKey: 'intruder'});
      await putRecord(store.dbName, ['session', 'intruder'], {
        ...record,
        publicKey: ownerKey,
      });

      const error = await rejectionOf(
        store.createStamper({sessionKey: 'intruder'}).stamp('{}'),
      );
      expect(error.code, 'stamper error').to.equal('KEY_PAIR_NOT_FOUND');

      await store.clearSession({sessionKey: 'intruder'});

      const state = await readStoredState(store.dbName);
      expect(state.boundKeyPairs.has(ownerKey), 'owner key pair').to.be.true;
      expect(state.boundKeyPairs.has(intruder), 'intruder key pair').to.be
        .false;
      await assertInvariants(store.dbName);
    });
  });

  describe('a key pair left behind by a session that is gone', () => {
    async function seedOrphan() {
      const publicKey = await signIn(store, 'gone');
      await deleteRecord(store.dbName, ['session', 'gone']);
      await deleteRecord(store.dbName, ['active-session']);
      return publicKey;
    }

    it('is deleted by clearUnusedKeyPairs', async () => {
      const publicKey = await seedOrphan();
      const pending = await store.createApiKeyPair();

      await store.clearUnusedKeyPairs();

      const state = await readStoredState(store.dbName);
      expect(state.boundKeyPairs.has(publicKey), 'orphan').to.be.false;
      expect(state.pendingKeyPairs.has(pending), 'pending').to.be.false;
      await assertInvariants(store.dbName);
    });

    it('is deleted by clearAllSessions', async () => {
      const publicKey = await seedOrphan();
      await signIn(store, 'other');

      await store.clearAllSessions();

      const state = await readStoredState(store.dbName);
      expect(state.boundKeyPairs.has(publicKey)).to.be.false;
      await assertInvariants(store.dbName);
    });
  });

  describe('an active pointer that names no session', () => {
    for (const [name, pointer] of [
      ['a missing key', 'missing'],
      ['a number', 7],
      ['an object', {sessionKey: 'good'}],
    ] as const) {
      it(`as ${name} leaves no session active`, async () => {
        await signIn(store, 'good');
        await putRecord(store.dbName, ['active-session'], pointer);

        expect(await store.getSession(), 'getSession()').to.equal(undefined);
        const error = await rejectionOf(store.createStamper().stamp('{}'));
        expect(error.code, 'stamper error').to.be.oneOf([
          'NO_ACTIVE_SESSION',
          'SESSION_NOT_FOUND',
        ]);
      });

      it(`as ${name} is removed by clearAllSessions`, async () => {
        await signIn(store, 'good');
        await putRecord(store.dbName, ['active-session'], pointer);

        await store.clearAllSessions();

        const state = await readStoredState(store.dbName);
        expect(state.activeSessionKey).to.equal(undefined);
      });
    }
  });
});
