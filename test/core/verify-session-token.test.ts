import {expect} from '@esm-bundle/chai';

import {
  TURNKEY_NOTARIZER_PUBLIC_KEY,
  verifySessionToken,
} from '../../src/core/index.js';
import {NOTARIZED_TOKEN} from '../fixtures/known-answers.js';
import {
  TEST_NOTARIZER_PUBLIC_KEY,
  buildTokenCorpus,
  signSessionToken,
} from '../fixtures/session-tokens.js';
import {
  deleteTestDatabases,
  freshStore,
  readRaw,
  rejectionOf,
  signToken,
} from '../helpers.js';

import type {SessionStore} from '../../src/core/index.js';
import type {Outcome} from '../fixtures/session-tokens.js';

/** The generator of P-256 with y + 1, which is not on the curve. */
const OFF_CURVE_POINT =
  '046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296' +
  '4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f6';

describe('verifySessionToken', () => {
  it('accepts a token signed by Node', async () => {
    const valid = await verifySessionToken(NOTARIZED_TOKEN.token, {
      notarizerPublicKey: NOTARIZED_TOKEN.notarizerPublicKey,
    });
    expect(valid).to.equal(true);
  });

  it('accepts a compressed notarizer key', async () => {
    const valid = await verifySessionToken(NOTARIZED_TOKEN.token, {
      notarizerPublicKey: NOTARIZED_TOKEN.compressedNotarizerPublicKey,
    });
    expect(valid).to.equal(true);
  });

  it('accepts an upper-case notarizer key', async () => {
    const valid = await verifySessionToken(NOTARIZED_TOKEN.token, {
      notarizerPublicKey: NOTARIZED_TOKEN.notarizerPublicKey.toUpperCase(),
    });
    expect(valid).to.equal(true);
  });

  it('checks against the production key by default', async () => {
    expect(TURNKEY_NOTARIZER_PUBLIC_KEY).to.match(/^04[0-9a-f]{128}$/);
    expect(await verifySessionToken(NOTARIZED_TOKEN.token)).to.equal(false);
    expect(
      await verifySessionToken(NOTARIZED_TOKEN.token, {
        notarizerPublicKey: TURNKEY_NOTARIZER_PUBLIC_KEY,
      }),
    ).to.equal(false);
  });

  it('classifies the token corpus', async () => {
    const corpus = await buildTokenCorpus();
    expect(corpus.length).to.be.at.least(50);
    for (const entry of corpus) {
      const outcome = await outcomeOf(entry.token);
      expect(outcome, entry.name).to.equal(entry.expected);
    }
  });

  it('rejects malformed tokens with INVALID_SESSION_TOKEN', async () => {
    const cases = [
      {token: 42, message: '"sessionToken" expected a string, got number'},
      {
        token: 'ab.cd',
        message: 'session token expected 3 dot-separated parts, got 2',
      },
      {token: 'ab..ef', message: 'session token payload is empty'},
      {
        token: 'ab.cd=.ef',
        message: 'session token payload is not base64url without padding',
      },
      {
        token: 'ab.cd.' + 'e'.repeat(65_536),
        message:
          'session token is 65542 characters long, more than the 65536 allowed',
      },
    ];
    for (const {token, message} of cases) {
      const error = await rejectionOf(
        verifySessionToken(token as string, {
          notarizerPublicKey: TEST_NOTARIZER_PUBLIC_KEY,
        }),
      );
      expect(error.code, String(token)).to.equal('INVALID_SESSION_TOKEN');
      expect(error.message).to.equal(message);
    }
  });

  it('rejects a bad notarizer key with INVALID_ARGUMENT', async () => {
    const cases = [
      {key: 'xyz', message: /expected an even number of hex digits/},
      {key: '04abcd', message: /expected 33 or 65 bytes, got 3/},
      {key: OFF_CURVE_POINT, message: /is not a point on the P-256 curve/},
      {key: 42, message: /expected a hex string, got number/},
    ];
    for (const {key, message} of cases) {
      const error = await rejectionOf(
        verifySessionToken(NOTARIZED_TOKEN.token, {
          notarizerPublicKey: key as string,
        }),
      );
      expect(error.code, String(key)).to.equal('INVALID_ARGUMENT');
      expect(error.message).to.match(/^"notarizerPublicKey" /);
      expect(error.message).to.match(message);
    }
  });
});

describe('storeSession', () => {
  let store: SessionStore;

  beforeEach(() => {
    store = freshStore();
  });

  afterEach(deleteTestDatabases);

  const inSeconds = (seconds: number) =>
    Math.floor(Date.now() / 1000) + seconds;

  describe('with notarizerPublicKey', () => {
    it('stores a token that verifies', async () => {
      const publicKey = await store.createApiKeyPair();
      const sessionToken = await signSessionToken({public_key: publicKey});

      await store.storeSession({
        sessionToken,
        sessionKey: 'main',
        notarizerPublicKey: TEST_NOTARIZER_PUBLIC_KEY,
      });

      const session = await store.getSession({sessionKey: 'main'});
      expect(session?.token).to.equal(sessionToken);
    });

    it('rejects a token that does not verify', async () => {
      const publicKey = await store.createApiKeyPair();
      // Signed as standard ES256 by another key, so it parses but is not
      // the notarizer's.
      const sessionToken = await signToken({public_key: publicKey});

      const error = await rejectionOf(
        store.storeSession({
          sessionToken,
          sessionKey: 'main',
          notarizerPublicKey: TEST_NOTARIZER_PUBLIC_KEY,
        }),
      );

      expect(error.code).to.equal('INVALID_SESSION_TOKEN');
      expect(error.message).to.equal(
        'session token signature did not verify with notarizer public key ' +
          TEST_NOTARIZER_PUBLIC_KEY,
      );
      const raw = await readRaw(store.dbName);
      expect(raw.sessions).to.deep.equal([]);
      expect(raw.keyPairs).to.deep.equal([]);
      expect(raw.pendingKeyPairs).to.deep.equal([publicKey]);
      expect(raw.activeSessionKey).to.equal(undefined);
    });

    it('rejects a token with a changed claim', async () => {
      const publicKey = await store.createApiKeyPair();
      const [header, , signature] = (
        await signSessionToken({public_key: publicKey, user_id: 'alice'})
      ).split('.');
      const forged = (
        await signSessionToken({
          public_key: publicKey,
          user_id: 'mallory',
        })
      ).split('.')[1];

      const error = await rejectionOf(
        store.storeSession({
          sessionToken: `${header}.${forged}.${signature}`,
          notarizerPublicKey: TEST_NOTARIZER_PUBLIC_KEY,
        }),
      );

      expect(error.code).to.equal('INVALID_SESSION_TOKEN');
      expect((await readRaw(store.dbName)).sessions).to.deep.equal([]);
    });

    it('checks the signature before the expiry', async () => {
      const publicKey = await store.createApiKeyPair();
      const sessionToken = await signToken({
        public_key: publicKey,
        exp: inSeconds(-60),
      });
      const error = await rejectionOf(
        store.storeSession({
          sessionToken,
          notarizerPublicKey: TEST_NOTARIZER_PUBLIC_KEY,
        }),
      );
      expect(error.code).to.equal('INVALID_SESSION_TOKEN');
    });

    it('rejects a notarizer key that is not a point', async () => {
      const publicKey = await store.createApiKeyPair();
      const sessionToken = await signSessionToken({public_key: publicKey});
      const error = await rejectionOf(
        store.storeSession({sessionToken, notarizerPublicKey: OFF_CURVE_POINT}),
      );
      expect(error.code).to.equal('INVALID_ARGUMENT');
      expect((await readRaw(store.dbName)).sessions).to.deep.equal([]);
    });
  });

  describe('with an expired token', () => {
    it('rejects it with SESSION_EXPIRED', async () => {
      const publicKey = await store.createApiKeyPair();
      const sessionToken = await signToken({
        public_key: publicKey,
        exp: 1_700_000_000,
      });

      const error = await rejectionOf(
        store.storeSession({sessionToken, sessionKey: 'main'}),
      );

      expect(error.name).to.equal('SessionManagerError');
      expect(error.code).to.equal('SESSION_EXPIRED');
      expect(error.message).to.equal(
        'session token expired at 2023-11-14T22:13:20.000Z; sign in again ' +
          'for a new token, or pass allowExpired: true to store it anyway',
      );
      const raw = await readRaw(store.dbName);
      expect(raw.sessions).to.deep.equal([]);
      expect(raw.pendingKeyPairs).to.deep.equal([publicKey]);
    });

    it('rejects a token that expires this second', async () => {
      const publicKey = await store.createApiKeyPair();
      const sessionToken = await signToken({
        public_key: publicKey,
        exp: inSeconds(0),
      });
      const error = await rejectionOf(store.storeSession({sessionToken}));
      expect(error.code).to.equal('SESSION_EXPIRED');
    });

    it('stores it with allowExpired', async () => {
      const publicKey = await store.createApiKeyPair();
      const sessionToken = await signToken({
        public_key: publicKey,
        exp: inSeconds(-60),
      });
      await store.storeSession({
        sessionToken,
        sessionKey: 'old',
        allowExpired: true,
      });
      expect((await store.getSession({sessionKey: 'old'}))?.token).to.equal(
        sessionToken,
      );
    });

    it('stores a verified one with allowExpired', async () => {
      const publicKey = await store.createApiKeyPair();
      const sessionToken = await signSessionToken({
        public_key: publicKey,
        exp: inSeconds(-60),
      });
      await store.storeSession({
        sessionToken,
        sessionKey: 'old',
        allowExpired: true,
        notarizerPublicKey: TEST_NOTARIZER_PUBLIC_KEY,
      });
      expect((await readRaw(store.dbName)).sessions).to.deep.equal(['old']);
    });

    it('rejects allowExpired that is not a boolean', async () => {
      const publicKey = await store.createApiKeyPair();
      const sessionToken = await signToken({
        public_key: publicKey,
        exp: inSeconds(-60),
      });
      const error = await rejectionOf(
        store.storeSession({
          sessionToken,
          allowExpired: 'yes' as unknown as boolean,
        }),
      );
      expect(error.code).to.equal('INVALID_ARGUMENT');
      expect(error.message).to.equal(
        '"allowExpired" expected a boolean, got string',
      );
    });
  });

  it('stores a token that expires in a minute', async () => {
    const publicKey = await store.createApiKeyPair();
    const sessionToken = await signToken({
      public_key: publicKey,
      exp: inSeconds(60),
    });
    await store.storeSession({sessionToken, sessionKey: 'main'});
    expect((await readRaw(store.dbName)).sessions).to.deep.equal(['main']);
  });
});

async function outcomeOf(token: unknown): Promise<Outcome> {
  try {
    const valid = await verifySessionToken(token as string, {
      notarizerPublicKey: TEST_NOTARIZER_PUBLIC_KEY,
    });
    return valid ? 'valid' : 'invalid';
  } catch (error) {
    expect((error as {code?: string}).code).to.equal('INVALID_SESSION_TOKEN');
    return 'malformed';
  }
}
