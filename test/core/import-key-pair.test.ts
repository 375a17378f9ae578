import {expect} from '@esm-bundle/chai';

import {verifyStamp} from '../../src/core/index.js';
import {
  PUBLIC_KEY_VECTORS,
  SIGNATURE_VECTORS,
  SIGNING_KEY,
} from '../fixtures/known-answers.js';
import {
  deleteTestDatabases,
  freshStore,
  readRaw,
  readRawRecord,
  rejectionOf,
  signToken,
} from '../helpers.js';

import type {SessionChange, SessionStore} from '../../src/core/index.js';

let store: SessionStore;

beforeEach(() => {
  store = freshStore();
});

afterEach(deleteTestDatabases);

describe('importApiKeyPair', () => {
  for (const vector of PUBLIC_KEY_VECTORS) {
    it(`derives the public key of ${vector.name}`, async () => {
      const publicKey = await store.importApiKeyPair({
        privateKey: vector.privateKey,
      });
      expect(publicKey).to.equal(vector.publicKey);
    });
  }

  it('accepts upper-case hex', async () => {
    const publicKey = await store.importApiKeyPair({
      privateKey: SIGNING_KEY.privateKey.toUpperCase(),
    });
    expect(publicKey).to.equal(SIGNING_KEY.publicKey);
  });

  it('stores a pending key pair that cannot be exported', async () => {
    const publicKey = await store.importApiKeyPair({
      privateKey: SIGNING_KEY.privateKey,
    });

    const raw = await readRaw(store.dbName);
    expect(raw.pendingKeyPairs).to.deep.equal([publicKey]);
    expect(raw.keyPairs).to.deep.equal([]);
    const {privateKey} = (await readRawRecord(store.dbName, [
      'pending-key-pair',
      publicKey,
    ])) as CryptoKeyPair;
    expect(privateKey.extractable).to.equal(false);
    expect(privateKey.usages).to.deep.equal(['sign']);
    for (const format of ['pkcs8', 'jwk'] as const) {
      const error = await rejectionOf(
        crypto.subtle.exportKey(format, privateKey),
      );
      expect(error.name, format).to.equal('InvalidAccessError');
    }
  });

  it('stores a public key that verifies OpenSSL signatures', async () => {
    const publicKey = await store.importApiKeyPair({
      privateKey: SIGNING_KEY.privateKey,
    });
    const keyPair = (await readRawRecord(store.dbName, [
      'pending-key-pair',
      publicKey,
    ])) as CryptoKeyPair;
    for (const vector of SIGNATURE_VECTORS) {
      const valid = await crypto.subtle.verify(
        {name: 'ECDSA', hash: 'SHA-256'},
        keyPair.publicKey,
        hexToBytes(vector.compact),
        new TextEncoder().encode(vector.payload),
      );
      expect(valid, vector.name).to.equal(true);
    }
  });

  it('stores a private key that signs for its public key', async () => {
    const publicKey = await store.importApiKeyPair({
      privateKey: SIGNING_KEY.privateKey,
    });
    const stamp = await store.createStamper({publicKey}).stamp('payload');
    expect(await verifyStamp(stamp.stampHeaderValue, 'payload')).to.equal(true);
  });

  it('lets a session bind the imported key pair', async () => {
    const publicKey = await store.importApiKeyPair({
      privateKey: SIGNING_KEY.privateKey,
    });
    const sessionToken = await signToken({public_key: publicKey});
    await store.storeSession({sessionToken, sessionKey: 'main'});

    const raw = await readRaw(store.dbName);
    expect(raw.keyPairs).to.deep.equal([publicKey]);
    expect(raw.pendingKeyPairs).to.deep.equal([]);
    const stamp = await store.createStamper().stamp('body');
    expect(await verifyStamp(stamp.stampHeaderValue, 'body')).to.equal(true);
  });

  it('keeps one pending key pair when imported twice', async () => {
    const first = await store.importApiKeyPair({
      privateKey: SIGNING_KEY.privateKey,
    });
    const second = await store.importApiKeyPair({
      privateKey: SIGNING_KEY.privateKey,
    });
    expect(second).to.equal(first);
    const raw = await readRaw(store.dbName);
    expect(raw.pendingKeyPairs).to.deep.equal([first]);
    expect(raw.total).to.equal(1);
  });

  it('changes nothing when a session owns the key pair', async () => {
    const publicKey = await store.importApiKeyPair({
      privateKey: SIGNING_KEY.privateKey,
    });
    const sessionToken = await signToken({public_key: publicKey});
    await store.storeSession({sessionToken, sessionKey: 'main'});
    const changes: SessionChange[] = [];
    const unsubscribe = store.subscribe((change) => changes.push(change));

    const again = await store.importApiKeyPair({
      privateKey: SIGNING_KEY.privateKey,
    });
    unsubscribe();

    expect(again).to.equal(publicKey);
    const raw = await readRaw(store.dbName);
    expect(raw.keyPairs).to.deep.equal([publicKey]);
    expect(raw.pendingKeyPairs).to.deep.equal([]);
    expect(changes).to.deep.equal([]);
  });

  it('announces the new key pair', async () => {
    const changes: SessionChange[] = [];
    const unsubscribe = store.subscribe((change) => changes.push(change));
    await store.importApiKeyPair({privateKey: SIGNING_KEY.privateKey});
    unsubscribe();
    expect(changes).to.deep.equal([
      {type: 'key-pairs-changed', sessionKeys: [], remote: false},
    ]);
  });

  describe('with an invalid private key', () => {
    const n =
      'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551';
    const cases: {name: string; privateKey: unknown; message: string}[] = [
      {
        name: '31 bytes',
        privateKey: SIGNING_KEY.privateKey.slice(2),
        message: '"privateKey" expected 32 bytes, got 31',
      },
      {
        name: '33 bytes',
        privateKey: '00' + SIGNING_KEY.privateKey,
        message: '"privateKey" expected 32 bytes, got 33',
      },
      {
        name: 'empty string',
        privateKey: '',
        message: '"privateKey" expected 32 bytes, got 0',
      },
      {
        name: 'odd number of digits',
        privateKey: SIGNING_KEY.privateKey.slice(1),
        message: '"privateKey" expected an even number of hex digits, got 63',
      },
      {
        name: 'non-hex character',
        privateKey:
          SIGNING_KEY.privateKey.slice(0, 10) +
          'g' +
          SIGNING_KEY.privateKey.slice(11),
        message:
          '"privateKey" expected hex, got a non-hex character at index 10',
      },
      {
        name: 'trailing newline',
        privateKey: SIGNING_KEY.privateKey + '\n',
        message:
          '"privateKey" expected hex, got a non-hex character at index 64',
      },
      {
        name: '0x prefix',
        privateKey: '0x' + SIGNING_KEY.privateKey,
        message: '"privateKey" expected hex without a "0x" prefix',
      },
      {
        name: 'zero',
        privateKey: '00'.repeat(32),
        message: '"privateKey" expected a P-256 scalar in 1..n-1, got 0',
      },
      {
        name: 'the curve order n',
        privateKey: n,
        message:
          '"privateKey" expected a P-256 scalar in 1..n-1, got n or more ' +
          '(n is the order of the curve)',
      },
      {
        name: 'n + 1',
        privateKey: n.slice(0, -1) + '2',
        message:
          '"privateKey" expected a P-256 scalar in 1..n-1, got n or more ' +
          '(n is the order of the curve)',
      },
      {
        name: 'all bits set',
        privateKey: 'ff'.repeat(32),
        message:
          '"privateKey" expected a P-256 scalar in 1..n-1, got n or more ' +
          '(n is the order of the curve)',
      },
      {
        name: 'a number',
        privateKey: 42,
        message: '"privateKey" expected a hex string, got number',
      },
      {
        name: 'bytes',
        privateKey: new Uint8Array(32).fill(1),
        message: '"privateKey" expected a hex string, got object',
      },
      {
        name: 'missing',
        privateKey: undefined,
        message: '"privateKey" expected a hex string, got undefined',
      },
    ];

    for (const {name, privateKey, message} of cases) {
      it(`rejects ${name} and stores nothing`, async () => {
        const error = await rejectionOf(
          store.importApiKeyPair({privateKey: privateKey as string}),
        );
        expect(error.name).to.equal('SessionManagerError');
        expect(error.code).to.equal('INVALID_ARGUMENT');
        expect(error.message).to.equal(message);
        expect((await readRaw(store.dbName)).total).to.equal(0);
      });
    }

    it('never quotes the key in the message', async () => {
      const privateKey = SIGNING_KEY.privateKey.slice(0, 62);
      const error = await rejectionOf(store.importApiKeyPair({privateKey}));
      expect(error.message).not.to.include(privateKey.slice(0, 16));
    });
  });
});

function hexToBytes(hex: string) {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}
