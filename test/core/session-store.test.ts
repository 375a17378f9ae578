import {expect} from '@esm-bundle/chai';

import {DEFAULT_SESSION_KEY, getSessionStore} from '../../src/core/index.js';
import {
  deleteTestDatabases,
  freshStore,
  readRaw,
  readRawRecord,
  rejectionOf,
  signIn,
  signToken,
} from '../helpers.js';

import type {SessionChange, SessionStore} from '../../src/core/index.js';

let store: SessionStore;

beforeEach(() => {
  store = freshStore();
});

afterEach(deleteTestDatabases);

describe('getSessionStore', () => {
  it('returns one store per database name', () => {
    expect(getSessionStore(store.dbName)).to.equal(store);
    expect(getSessionStore('other-name')).not.to.equal(store);
  });

  it('rejects an empty database name', () => {
    expect(() => getSessionStore('')).to.throw(/"dbName" expected/);
  });
});

describe('createApiKeyPair', () => {
  it('returns a compressed P-256 public key', async () => {
    const publicKey = await store.createApiKeyPair();
    expect(publicKey).to.match(/^0[23][0-9a-f]{64}$/);
  });

  it('stores a key pair whose private key is not extractable', async () => {
    const publicKey = await store.createApiKeyPair();
    const keyPair = (await readRawRecord(store.dbName, [
      'pending-key-pair',
      publicKey,
    ])) as CryptoKeyPair;
    expect(keyPair.privateKey).to.be.instanceOf(CryptoKey);
    expect(keyPair.privateKey.extractable).to.equal(false);
    const error = await rejectionOf(
      crypto.subtle.exportKey('pkcs8', keyPair.privateKey),
    );
    expect(error.name).to.equal('InvalidAccessError');
  });

  it('returns the compressed form of the stored public key', async () => {
    const publicKey = await store.createApiKeyPair();
    const keyPair = (await readRawRecord(store.dbName, [
      'pending-key-pair',
      publicKey,
    ])) as CryptoKeyPair;
    const raw = new Uint8Array(
      await crypto.subtle.exportKey('raw', keyPair.publicKey),
    );
    const x = [...raw.slice(1, 33)]
      .map((byte) => byte.toString(16).padStart(2, '0'))
      .join('');
    const prefix = raw[64] % 2 === 0 ? '02' : '03';
    expect(publicKey).to.equal(prefix + x);
  });

  it('stores a key pair that can sign and verify', async () => {
    const publicKey = await store.createApiKeyPair();
    const {privateKey, publicKey: verifyKey} = (await readRawRecord(
      store.dbName,
      ['pending-key-pair', publicKey],
    )) as CryptoKeyPair;
    const algorithm = {name: 'ECDSA', hash: 'SHA-256'};
    const data = new TextEncoder().encode('payload');
    const signature = await crypto.subtle.sign(algorithm, privateKey, data);
    const valid = await crypto.subtle.verify(
      algorithm,
      verifyKey,
      signature,
      data,
    );
    expect(valid).to.equal(true);
  });
});

describe('storeSession', () => {
  it('stores the session and makes it active', async () => {
    const publicKey = await store.createApiKeyPair();
    const sessionToken = await signToken({
      public_key: publicKey,
      user_id: 'alice',
      organization_id: 'org-a',
      exp: 2_000_000_000,
    });
    const before = Date.now();

    await store.storeSession({sessionToken, sessionKey: 'main'});

    const session = await store.getSession({sessionKey: 'main'});
    expect(session?.userId).to.equal('alice');
    expect(session?.organizationId).to.equal('org-a');
    expect(session?.expiry).to.equal(2_000_000_000);
    expect(session?.publicKey).to.equal(publicKey);
    expect(session?.token).to.equal(sessionToken);
    expect(session?.createdAt).to.be.within(before, Date.now());
    expect(await store.getActiveSessionKey()).to.equal('main');
  });

  it('binds the pending key pair to the session', async () => {
    const publicKey = await signIn(store, 'main');
    const raw = await readRaw(store.dbName);
    expect(raw.keyPairs).to.deep.equal([publicKey]);
    expect(raw.pendingKeyPairs).to.deep.equal([]);
  });

  it('uses the default session key', async () => {
    const publicKey = await store.createApiKeyPair();
    const sessionToken = await signToken({public_key: publicKey});
    await store.storeSession({sessionToken});
    expect(await store.getActiveSessionKey()).to.equal(DEFAULT_SESSION_KEY);
    expect(DEFAULT_SESSION_KEY).to.equal('@turnkey/session/v3');
  });

  it('replaces a session and deletes its old key pair', async () => {
    const oldKey = await signIn(store, 'main', {user_id: 'old'});
    const newKey = await signIn(store, 'main', {user_id: 'new'});
    const raw = await readRaw(store.dbName);
    expect(raw.sessions).to.deep.equal(['main']);
    expect(raw.keyPairs).to.deep.equal([newKey]);
    expect(raw.keyPairs).not.to.include(oldKey);
    expect((await store.getSession({sessionKey: 'main'}))?.userId).to.equal(
      'new',
    );
  });

  it('writes nothing for a malformed token', async () => {
    await store.createApiKeyPair();
    const before = await readRaw(store.dbName);
    const error = await rejectionOf(
      store.storeSession({sessionToken: 'not.a-token', sessionKey: 'x'}),
    );
    expect(error.code).to.equal('INVALID_SESSION_TOKEN');
    expect(await readRaw(store.dbName)).to.deep.equal(before);
  });

  it('rejects a public key that is not on the curve', async () => {
    // x = 1 has no matching y on P-256.
    const offCurve = '02' + '0'.repeat(63) + '1';
    const error = await rejectionOf(
      store.storeSession({
        sessionToken: await signToken({public_key: offCurve}),
      }),
    );
    expect(error.code).to.equal('INVALID_SESSION_TOKEN');
    expect(error.message).to.match(/not a point on the P-256 curve/);
    expect((await readRaw(store.dbName)).total).to.equal(0);
  });

  it('rejects a token whose key pair does not exist', async () => {
    const other = freshStore();
    const publicKey = await other.createApiKeyPair();
    const error = await rejectionOf(
      store.storeSession({
        sessionToken: await signToken({public_key: publicKey}),
      }),
    );
    expect(error.code).to.equal('KEY_PAIR_NOT_FOUND');
    expect((await readRaw(store.dbName)).total).to.equal(0);
  });

  it('rejects a key pair that another session uses', async () => {
    const publicKey = await signIn(store, 'first');
    const sessionToken = await signToken({public_key: publicKey});
    const error = await rejectionOf(
      store.storeSession({sessionToken, sessionKey: 'second'}),
    );
    expect(error.code).to.equal('KEY_PAIR_IN_USE');
    expect((await readRaw(store.dbName)).sessions).to.deep.equal(['first']);
  });

  it('rejects an empty session key', async () => {
    const error = await rejectionOf(
      store.storeSession({sessionToken: 'a.b.c', sessionKey: ''}),
    );
    expect(error.code).to.equal('INVALID_ARGUMENT');
    expect(error.message).to.match(/"sessionKey" expected a non-empty string/);
  });
});

describe('getSession', () => {
  it('returns the active session by default', async () => {
    await signIn(store, 'a', {user_id: 'user-a'});
    await signIn(store, 'b', {user_id: 'user-b'});
    await store.setActiveSession({sessionKey: 'a'});
    expect((await store.getSession())?.userId).to.equal('user-a');
  });

  it('returns undefined when nothing is stored', async () => {
    expect(await store.getSession()).to.equal(undefined);
    expect(await store.getSession({sessionKey: 'missing'})).to.equal(undefined);
  });
});

describe('getAllSessions', () => {
  it('returns undefined for an empty store', async () => {
    expect(await store.getAllSessions()).to.equal(undefined);
  });

  it('returns every session by its key', async () => {
    await signIn(store, 'a', {user_id: 'user-a'});
    await signIn(store, 'b', {user_id: 'user-b'});
    const sessions = await store.getAllSessions();
    expect(Object.keys(sessions ?? {}).sort()).to.deep.equal(['a', 'b']);
    expect(sessions?.a.userId).to.equal('user-a');
    expect(sessions?.b.userId).to.equal('user-b');
  });

  it('leaves out pending key pairs and the active pointer', async () => {
    await store.createApiKeyPair();
    expect(await store.getAllSessions()).to.equal(undefined);
    await signIn(store, 'only');
    expect(Object.keys((await store.getAllSessions()) ?? {})).to.deep.equal([
      'only',
    ]);
  });
});

describe('getSessionState', () => {
  it('returns an empty record and no active key', async () => {
    expect(await store.getSessionState()).to.deep.equal({
      sessions: {},
      activeSessionKey: undefined,
    });
  });

  it('returns the sessions with the active key', async () => {
    await signIn(store, 'a', {user_id: 'user-a'});
    await signIn(store, 'b', {user_id: 'user-b'});
    const state = await store.getSessionState();
    expect(Object.keys(state.sessions).sort()).to.deep.equal(['a', 'b']);
    expect(state.sessions.a.userId).to.equal('user-a');
    expect(state.activeSessionKey).to.equal('b');
  });
});

describe('setActiveSession', () => {
  it('changes the active session key', async () => {
    await signIn(store, 'a');
    await signIn(store, 'b');
    expect(await store.getActiveSessionKey()).to.equal('b');
    await store.setActiveSession({sessionKey: 'a'});
    expect(await store.getActiveSessionKey()).to.equal('a');
  });

  it('rejects an unknown session key and changes nothing', async () => {
    await signIn(store, 'a');
    const error = await rejectionOf(
      store.setActiveSession({sessionKey: 'missing'}),
    );
    expect(error.code).to.equal('SESSION_NOT_FOUND');
    expect(await store.getActiveSessionKey()).to.equal('a');
  });
});

describe('clearSession', () => {
  it('removes the session and its key pair', async () => {
    await signIn(store, 'a');
    const keyB = await signIn(store, 'b');
    await store.clearSession({sessionKey: 'a'});
    const raw = await readRaw(store.dbName);
    expect(raw.sessions).to.deep.equal(['b']);
    expect(raw.keyPairs).to.deep.equal([keyB]);
    expect(raw.activeSessionKey).to.equal('b');
  });

  it('unsets the active session when it clears it', async () => {
    await signIn(store, 'a');
    await signIn(store, 'b');
    await store.clearSession({sessionKey: 'b'});
    expect(await store.getActiveSessionKey()).to.equal(undefined);
    expect((await readRaw(store.dbName)).sessions).to.deep.equal(['a']);
  });

  it('clears the default session key when none is given', async () => {
    await signIn(store, DEFAULT_SESSION_KEY);
    await store.clearSession();
    expect(await store.getAllSessions()).to.equal(undefined);
  });

  it('rejects an unknown key with SESSION_NOT_FOUND', async () => {
    await signIn(store, 'a');
    const error = await rejectionOf(store.clearSession({sessionKey: 'zz'}));
    expect(error.name).to.equal('SessionManagerError');
    expect(error.code).to.equal('SESSION_NOT_FOUND');
    expect(error.message).to.contain('"zz"');
    expect((await readRaw(store.dbName)).sessions).to.deep.equal(['a']);
  });
});

describe('deleteApiKeyPair', () => {
  it('deletes a key pair that no session uses', async () => {
    const publicKey = await store.createApiKeyPair();
    await store.deleteApiKeyPair({publicKey});
    expect((await readRaw(store.dbName)).total).to.equal(0);
  });

  it('rejects a key pair that a session uses', async () => {
    const publicKey = await signIn(store, 'a');
    const error = await rejectionOf(store.deleteApiKeyPair({publicKey}));
    expect(error.code).to.equal('KEY_PAIR_IN_USE');
    expect((await readRaw(store.dbName)).keyPairs).to.deep.equal([publicKey]);
  });

  it('rejects an unknown key pair', async () => {
    const error = await rejectionOf(
      store.deleteApiKeyPair({publicKey: '02' + '11'.repeat(32)}),
    );
    expect(error.code).to.equal('KEY_PAIR_NOT_FOUND');
  });
});

describe('clearUnusedKeyPairs', () => {
  it('deletes only key pairs that no session uses', async () => {
    const used = await signIn(store, 'a');
    await store.createApiKeyPair();
    await store.createApiKeyPair();
    await store.clearUnusedKeyPairs();
    const raw = await readRaw(store.dbName);
    expect(raw.keyPairs).to.deep.equal([used]);
    expect(raw.pendingKeyPairs).to.deep.equal([]);
  });
});

describe('subscribe', () => {
  it('reports each committed write', async () => {
    const changes: SessionChange[] = [];
    const unsubscribe = store.subscribe((change) => changes.push(change));
    await signIn(store, 'a');
    await store.clearSession({sessionKey: 'a'});
    unsubscribe();
    await signIn(store, 'b');
    expect(changes.map((change) => change.type)).to.deep.equal([
      'key-pairs-changed',
      'session-stored',
      'session-cleared',
    ]);
    expect(changes[1].sessionKeys).to.deep.equal(['a']);
    expect(changes.every((change) => change.remote === false)).to.equal(true);
  });

  it('hears writes made in another tab', async () => {
    const heard = new Promise<SessionChange>((resolve) =>
      store.subscribe(resolve),
    );
    const channel = new BroadcastChannel(
      `turnkey-session-manager:${store.dbName}`,
    );
    channel.postMessage({type: 'sessions-cleared', sessionKeys: ['x']});
    channel.close();
    const change = await heard;
    expect(change).to.deep.equal({
      type: 'sessions-cleared',
      sessionKeys: ['x'],
      remote: true,
    });
  });
});

describe('clearSessions', () => {
  it('removes the given sessions and their key pairs', async () => {
    await signIn(store, 'a');
    await signIn(store, 'b');
    const keyC = await signIn(store, 'c');
    const cleared = await store.clearSessions({sessionKeys: ['a', 'b']});
    expect(cleared).to.deep.equal(['a', 'b']);
    const raw = await readRaw(store.dbName);
    expect(raw.sessions).to.deep.equal(['c']);
    expect(raw.keyPairs).to.deep.equal([keyC]);
    expect(raw.activeSessionKey).to.equal('c');
  });

  it('skips keys that are not stored', async () => {
    await signIn(store, 'a');
    const cleared = await store.clearSessions({sessionKeys: ['gone', 'a']});
    expect(cleared).to.deep.equal(['a']);
    expect(await store.getAllSessions()).to.equal(undefined);
  });

  it('unsets the active session when it clears it', async () => {
    await signIn(store, 'a');
    await signIn(store, 'b');
    await store.clearSessions({sessionKeys: ['b']});
    expect(await store.getActiveSessionKey()).to.equal(undefined);
  });

  it('removes nothing when one delete fails', async () => {
    await signIn(store, 'a');
    await signIn(store, 'b');
    const before = await readRaw(store.dbName);
    const originalDelete = IDBObjectStore.prototype.delete;
    IDBObjectStore.prototype.delete = function (
      this: IDBObjectStore,
      key: IDBValidKey | IDBKeyRange,
    ) {
      if (Array.isArray(key) && key[1] === 'b') {
        throw new DOMException('injected failure', 'UnknownError');
      }
      return originalDelete.call(this, key);
    };
    let error;
    try {
      error = await rejectionOf(store.clearSessions({sessionKeys: ['a', 'b']}));
    } finally {
      IDBObjectStore.prototype.delete = originalDelete;
    }
    expect(error.code).to.equal('CLEAR_SESSION_FAILED');
    expect(await readRaw(store.dbName)).to.deep.equal(before);
  });

  it('rejects a list that is not an array', async () => {
    const error = await rejectionOf(
      store.clearSessions({sessionKeys: 'a' as unknown as string[]}),
    );
    expect(error.code).to.equal('INVALID_ARGUMENT');
  });
});
