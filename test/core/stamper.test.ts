import {expect} from '@esm-bundle/chai';
import {p256} from '@noble/curves/nist.js';

import {
  STAMP_HEADER_NAME,
  STAMP_SCHEME,
  createStamper,
  verifyStamp,
} from '../../src/core/index.js';
import {encodeStamp, signatureToDer} from '../../src/core/stamper.js';
import {
  DER_VECTORS,
  SIGNATURE_VECTORS,
  SIGNING_KEY,
} from '../fixtures/known-answers.js';
import {STAMP_PAYLOADS, decodeStampHeader} from '../fixtures/stamps.js';
import {
  deleteTestDatabases,
  freshStore,
  readRawRecord,
  rejectionOf,
  signIn,
} from '../helpers.js';

import type {SessionStore} from '../../src/core/index.js';

let store: SessionStore;

beforeEach(() => {
  store = freshStore();
});

afterEach(deleteTestDatabases);

describe('signatureToDer', () => {
  for (const vector of [...SIGNATURE_VECTORS, ...DER_VECTORS]) {
    it(`encodes ${vector.name}`, async () => {
      const der = await signatureToDer(hexToBytes(vector.compact));
      expect(bytesToHex(der)).to.equal(vector.der);
    });
  }
});

describe('encodeStamp', () => {
  it('matches a header encoded by Node', () => {
    const value = encodeStamp({
      publicKey: SIGNING_KEY.publicKey,
      scheme: STAMP_SCHEME,
      signature: SIGNATURE_VECTORS[0].der,
    });
    // Buffer.from(JSON.stringify({publicKey, scheme, signature}))
    //   .toString('base64url') in Node 20.20.
    expect(value).to.equal(
      'eyJwdWJsaWNLZXkiOiIwMzg3ODFjZWExOTg3ZmI3MmMyNWM0MWVlNzJmZmQ2ZGM2' +
        'YjQyODk4ZGQ0ZmExZDdlZjgxOGFkZDE0OGU4NGY5YTMiLCJzY2hlbWUiOiJTSUdO' +
        'QVRVUkVfU0NIRU1FX1RLX0FQSV9QMjU2Iiwic2lnbmF0dXJlIjoiMzA0NDAyMjAw' +
        'M2E5MjEzMGE2MGJlNzEwZjRkNDdhY2ZmZWZlMzI0YTA2ODZiZTcyNTgyNTU4YWM2' +
        'ZDJiOWIyM2FmN2Y5M2RjMDIyMDVkYWRjZmE1NmY4ZDM4NThlZmYwZDcxZjgzMzIz' +
        'YjM3NmQ2Y2Q3OGQ4NmUyYzFkMzhjNzQ1NDdiZDMzZTg1MzMifQ',
    );
  });
});

describe('verifyStamp', () => {
  const stampOf = (der: string, publicKey = SIGNING_KEY.publicKey) =>
    encodeStamp({publicKey, scheme: STAMP_SCHEME, signature: der});

  for (const vector of SIGNATURE_VECTORS) {
    it(`accepts an OpenSSL signature with ${vector.name}`, async () => {
      expect(await verifyStamp(stampOf(vector.der), vector.payload)).to.equal(
        true,
      );
    });
  }

  it('rejects another payload', async () => {
    const [vector] = SIGNATURE_VECTORS;
    expect(await verifyStamp(stampOf(vector.der), '{"n":2}')).to.equal(false);
  });

  it('rejects another public key', async () => {
    const [vector] = SIGNATURE_VECTORS;
    const other =
      '036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296';
    expect(
      await verifyStamp(stampOf(vector.der, other), vector.payload),
    ).to.equal(false);
  });

  it('accepts an uncompressed public key', async () => {
    const [vector] = SIGNATURE_VECTORS;
    const uncompressed = bytesToHex(
      p256.Point.fromHex(SIGNING_KEY.publicKey).toBytes(false),
    );
    expect(
      await verifyStamp(stampOf(vector.der, uncompressed), vector.payload),
    ).to.equal(true);
  });

  it('returns false for a signature that is not DER', async () => {
    const [vector] = SIGNATURE_VECTORS;
    expect(await verifyStamp(stampOf(vector.compact), vector.payload)).to.equal(
      false,
    );
    expect(await verifyStamp(stampOf(''), vector.payload)).to.equal(false);
  });

  it('rejects malformed stamps with INVALID_STAMP', async () => {
    const [vector] = SIGNATURE_VECTORS;
    const cases = [
      {stamp: '', message: /not base64url/},
      {stamp: 'eyJ9=', message: /not base64url/},
      {stamp: btoa('{"a":1}') + '+/', message: /not base64url/},
      {stamp: encodeText('not json'), message: /not UTF-8 JSON/},
      {stamp: encodeText('[1]'), message: /expected a JSON object/},
      {
        stamp: encodeText(
          JSON.stringify({
            publicKey: SIGNING_KEY.publicKey,
            scheme: 'SIGNATURE_SCHEME_TK_API_ED25519',
            signature: vector.der,
          }),
        ),
        message: /"scheme" expected "SIGNATURE_SCHEME_TK_API_P256"/,
      },
      {
        stamp: stampOf('zz'),
        message: /"signature" expected a DER signature as hex/,
      },
      {
        stamp: stampOf(vector.der, '02' + 'ff'.repeat(32)),
        message: /"publicKey" is not a point on the P-256 curve/,
      },
      {
        stamp: stampOf(vector.der, SIGNING_KEY.privateKey),
        message: /"publicKey" expected 33 or 65 bytes, got 32/,
      },
    ];
    for (const {stamp, message} of cases) {
      const error = await rejectionOf(verifyStamp(stamp, vector.payload));
      expect(error.code, stamp).to.equal('INVALID_STAMP');
      expect(error.message, stamp).to.match(message);
    }
  });
});

describe('createStamper', () => {
  it('signs with the active session', async () => {
    await signIn(store, 'first');
    const publicKey = await signIn(store, 'second');
    const payload = '{"organizationId":"org-1"}';

    const stamp = await store.createStamper().stamp(payload);

    expect(stamp.stampHeaderName).to.equal('X-Stamp');
    expect(STAMP_HEADER_NAME).to.equal('X-Stamp');
    const contents = decodeStampHeader(stamp.stampHeaderValue);
    expect(Object.keys(contents)).to.deep.equal([
      'publicKey',
      'scheme',
      'signature',
    ]);
    expect(contents.publicKey).to.equal(publicKey);
    expect(contents.scheme).to.equal('SIGNATURE_SCHEME_TK_API_P256');
    expect(contents.signature).to.match(/^30[0-9a-f]+$/);
    expect(await verifiesWithStoredKey(publicKey, contents, payload)).to.equal(
      true,
    );
  });

  it('encodes unpadded base64url headers', async () => {
    await signIn(store, 'main');
    for (const payload of ['', 'a', 'ab', 'abc']) {
      const {stampHeaderValue} = await store.createStamper().stamp(payload);
      expect(stampHeaderValue).to.match(/^[A-Za-z0-9_-]+$/);
    }
  });

  it('follows changes of the active session', async () => {
    const first = await signIn(store, 'first');
    const second = await signIn(store, 'second');
    const stamper = store.createStamper();

    const before = await stamper.stamp('x');
    await store.setActiveSession({sessionKey: 'first'});
    const after = await stamper.stamp('x');

    expect(decodeStampHeader(before.stampHeaderValue).publicKey).to.equal(
      second,
    );
    expect(decodeStampHeader(after.stampHeaderValue).publicKey).to.equal(first);
  });

  it('signs with the session under sessionKey', async () => {
    const first = await signIn(store, 'first');
    await signIn(store, 'second');
    const stamp = await store
      .createStamper({sessionKey: 'first'})
      .stamp('payload');
    const contents = decodeStampHeader(stamp.stampHeaderValue);
    expect(contents.publicKey).to.equal(first);
    expect(await verifiesWithStoredKey(first, contents, 'payload')).to.equal(
      true,
    );
  });

  it('signs with a key pair that has no session yet', async () => {
    const publicKey = await store.createApiKeyPair();
    const stamp = await store
      .createStamper({publicKey: publicKey.toUpperCase()})
      .stamp('login');
    const contents = decodeStampHeader(stamp.stampHeaderValue);
    expect(contents.publicKey).to.equal(publicKey);
    expect(await verifyStamp(stamp.stampHeaderValue, 'login')).to.equal(true);
  });

  it('signs with a session key by publicKey', async () => {
    const publicKey = await signIn(store, 'main');
    const stamp = await store.createStamper({publicKey}).stamp('body');
    expect(decodeStampHeader(stamp.stampHeaderValue).publicKey).to.equal(
      publicKey,
    );
    expect(await verifyStamp(stamp.stampHeaderValue, 'body')).to.equal(true);
  });

  it('makes stamps that verifyStamp accepts', async () => {
    await signIn(store, 'main');
    const stamper = store.createStamper();
    for (const {name, payload} of STAMP_PAYLOADS) {
      const {stampHeaderValue} = await stamper.stamp(payload);
      expect(await verifyStamp(stampHeaderValue, payload), name).to.equal(true);
      expect(
        await verifyStamp(stampHeaderValue, payload + ' '),
        `${name}, changed`,
      ).to.equal(false);
    }
  });

  it('takes dbName as a plain export', async () => {
    const publicKey = await signIn(store, 'main');
    const stamp = await createStamper({dbName: store.dbName}).stamp('p');
    expect(decodeStampHeader(stamp.stampHeaderValue).publicKey).to.equal(
      publicKey,
    );
  });

  it('rejects without an active session', async () => {
    const error = await rejectionOf(store.createStamper().stamp('p'));
    expect(error.name).to.equal('SessionManagerError');
    expect(error.code).to.equal('NO_ACTIVE_SESSION');
  });

  it('rejects after its session is cleared', async () => {
    await signIn(store, 'main');
    const stamper = store.createStamper();
    await store.clearSession({sessionKey: 'main'});
    const error = await rejectionOf(stamper.stamp('p'));
    expect(error.code).to.equal('NO_ACTIVE_SESSION');
  });

  it('rejects an unknown sessionKey', async () => {
    await signIn(store, 'main');
    const error = await rejectionOf(
      store.createStamper({sessionKey: 'other'}).stamp('p'),
    );
    expect(error.code).to.equal('SESSION_NOT_FOUND');
    expect(error.message).to.include('"other"');
  });

  it('rejects an unknown publicKey', async () => {
    const error = await rejectionOf(
      store.createStamper({publicKey: SIGNING_KEY.publicKey}).stamp('p'),
    );
    expect(error.code).to.equal('KEY_PAIR_NOT_FOUND');
    expect(error.message).to.include(SIGNING_KEY.publicKey);
  });

  it('throws INVALID_ARGUMENT for bad options', () => {
    const cases = [
      {options: {sessionKey: 'a', publicKey: SIGNING_KEY.publicKey}},
      {options: {sessionKey: ''}},
      {options: {publicKey: SIGNING_KEY.privateKey}},
      {options: {publicKey: '04' + 'ab'.repeat(64)}},
    ];
    for (const {options} of cases) {
      const call = () => store.createStamper(options);
      expect(call, JSON.stringify(options)).to.throw(/expected|not both/);
      try {
        call();
      } catch (error) {
        expect((error as {code: string}).code).to.equal('INVALID_ARGUMENT');
      }
    }
  });

  it('rejects a payload that is not a string', async () => {
    await signIn(store, 'main');
    const stamper = store.createStamper();
    const error = await rejectionOf(
      stamper.stamp({organizationId: 'o'} as unknown as string),
    );
    expect(error.code).to.equal('INVALID_ARGUMENT');
    expect(error.message).to.equal('"payload" expected a string, got object');
  });
});

/**
 * Checks a stamp's signature with the public key stored next to the private
 * key, not with `verifyStamp`.
 */
async function verifiesWithStoredKey(
  publicKey: string,
  contents: {signature: string},
  payload: string,
) {
  const record = (await readRawRecord(store.dbName, [
    'key-pair',
    publicKey,
  ])) as {keyPair: CryptoKeyPair} | undefined;
  const keyPair =
    record?.keyPair ??
    ((await readRawRecord(store.dbName, [
      'pending-key-pair',
      publicKey,
    ])) as CryptoKeyPair);
  const compact = p256.Signature.fromBytes(
    hexToBytes(contents.signature),
    'der',
  ).toBytes('compact');
  return crypto.subtle.verify(
    {name: 'ECDSA', hash: 'SHA-256'},
    keyPair.publicKey,
    compact,
    new TextEncoder().encode(payload),
  );
}

function encodeText(text: string) {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function hexToBytes(hex: string) {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

function bytesToHex(bytes: Uint8Array) {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
}
