/**
 * Checks this package against Turnkey's published packages, so that stamps
 * and session-token signatures mean the same to both.
 */

import {expect} from '@esm-bundle/chai';

import {
  TURNKEY_NOTARIZER_PUBLIC_KEY,
  createStamper,
  verifySessionToken,
  verifyStamp,
} from '../../src/core/index.js';
import {PUBLIC_KEY_VECTORS, SIGNING_KEY} from '../fixtures/known-answers.js';
import {
  TEST_NOTARIZER_PUBLIC_KEY,
  buildTokenCorpus,
} from '../fixtures/session-tokens.js';
import {STAMP_PAYLOADS, decodeStampHeader} from '../fixtures/stamps.js';
import {
  ApiKeyStamper,
  CAPTURE_URL,
  PRODUCTION_NOTARIZER_SIGN_PUBLIC_KEY,
  TurnkeyClient,
  verifySessionJwtSignature,
  verifyStampSignature,
} from '../fixtures/turnkey-packages.js';
import {deleteTestDatabases, freshStore, signIn} from '../helpers.js';

import type {SessionStore} from '../../src/core/index.js';
import type {CapturedRequest} from '../fixtures/turnkey-packages.js';
import type {Outcome} from '../fixtures/session-tokens.js';

let store: SessionStore;

beforeEach(() => {
  store = freshStore();
});

afterEach(deleteTestDatabases);

describe('stamps and @turnkey/crypto', () => {
  it('verifyStampSignature accepts our stamps', async () => {
    const publicKey = await signIn(store, 'main');
    const stamper = store.createStamper();
    expect(STAMP_PAYLOADS.length).to.equal(20);

    for (const {name, payload} of STAMP_PAYLOADS) {
      const {stampHeaderValue} = await stamper.stamp(payload);
      const contents = decodeStampHeader(stampHeaderValue);
      expect(contents.publicKey, name).to.equal(publicKey);
      expect(
        await verifyStampSignature(
          contents.publicKey,
          contents.signature,
          payload,
        ),
        name,
      ).to.equal(true);
    }
  });

  it('verifyStampSignature rejects another body', async () => {
    await signIn(store, 'main');
    const {stampHeaderValue} = await store.createStamper().stamp('{"a":1}');
    const contents = decodeStampHeader(stampHeaderValue);
    expect(
      await verifyStampSignature(
        contents.publicKey,
        contents.signature,
        '{"a":2}',
      ),
    ).to.equal(false);
  });
});

describe('ApiKeyStamper and our core', () => {
  const keys = [SIGNING_KEY, ...PUBLIC_KEY_VECTORS.slice(3)];

  for (const key of keys) {
    it(`agree for key ${key.publicKey.slice(0, 10)}…`, async () => {
      const publicKey = await store.importApiKeyPair({
        privateKey: key.privateKey,
      });
      const theirs = new ApiKeyStamper({
        apiPublicKey: publicKey,
        apiPrivateKey: key.privateKey,
      });
      const ours = store.createStamper({publicKey});

      for (const {name, payload} of STAMP_PAYLOADS) {
        const theirStamp = await theirs.stamp(payload);
        const ourStamp = await ours.stamp(payload);
        expect(
          await verifyStamp(theirStamp.stampHeaderValue, payload),
          name,
        ).to.equal(true);
        expect(ourStamp.stampHeaderName).to.equal(theirStamp.stampHeaderName);
        const theirContents = decodeStampHeader(theirStamp.stampHeaderValue);
        const ourContents = decodeStampHeader(ourStamp.stampHeaderValue);
        expect(Object.keys(ourContents)).to.deep.equal(
          Object.keys(theirContents),
        );
        expect(ourContents.publicKey).to.equal(theirContents.publicKey);
        expect(ourContents.scheme).to.equal(theirContents.scheme);
      }
    });
  }
});

describe('TurnkeyClient with our stamper', () => {
  it('sends a stamp that verifies over the body', async () => {
    const publicKey = await signIn(store, 'main');
    const client = new TurnkeyClient(
      {baseUrl: CAPTURE_URL},
      createStamper({dbName: store.dbName}),
    );

    const request = (await client.getWhoami({
      organizationId: 'org-1',
    })) as unknown as CapturedRequest;

    expect(request.method).to.equal('POST');
    expect(request.path).to.equal(
      '/__test-server__/capture/public/v1/query/whoami',
    );
    expect(request.body).to.equal('{"organizationId":"org-1"}');
    const stamp = request.headers['x-stamp'];
    const contents = decodeStampHeader(stamp);
    expect(contents.publicKey).to.equal(publicKey);
    expect(contents.scheme).to.equal('SIGNATURE_SCHEME_TK_API_P256');
    expect(await verifyStamp(stamp, request.body)).to.equal(true);
    expect(
      await verifyStampSignature(publicKey, contents.signature, request.body),
    ).to.equal(true);
  });

  it('stamps a request without sending it', async () => {
    const publicKey = await signIn(store, 'main');
    const client = new TurnkeyClient(
      {baseUrl: CAPTURE_URL},
      store.createStamper(),
    );

    const signed = await client.stampGetWhoami({organizationId: 'org-1'});

    expect(signed.url).to.equal(`${CAPTURE_URL}/public/v1/query/whoami`);
    expect(signed.stamp.stampHeaderName).to.equal('X-Stamp');
    const contents = decodeStampHeader(signed.stamp.stampHeaderValue);
    expect(contents.publicKey).to.equal(publicKey);
    expect(await verifyStamp(signed.stamp.stampHeaderValue, signed.body)).to.be
      .true;
  });
});

describe('session tokens and @turnkey/crypto', () => {
  it('share the production notarizer key', () => {
    expect(TURNKEY_NOTARIZER_PUBLIC_KEY).to.equal(
      PRODUCTION_NOTARIZER_SIGN_PUBLIC_KEY,
    );
  });

  it('agree on every token of the corpus', async () => {
    const corpus = await buildTokenCorpus();
    expect(corpus.length).to.be.at.least(50);

    for (const entry of corpus) {
      const ours = await outcomeOf(() =>
        verifySessionToken(entry.token as string, {
          notarizerPublicKey: TEST_NOTARIZER_PUBLIC_KEY,
        }),
      );
      const theirs = await outcomeOf(() =>
        verifySessionJwtSignature(
          entry.token as string,
          TEST_NOTARIZER_PUBLIC_KEY,
        ),
      );
      expect(ours, `ours: ${entry.name}`).to.equal(entry.expected);
      expect(theirs, `@turnkey/crypto: ${entry.name}`).to.equal(
        entry.turnkey?.outcome ?? entry.expected,
      );
    }
  });

  it('differ only where documented', async () => {
    const corpus = await buildTokenCorpus();
    const onlyTheyAccept = corpus
      .filter((entry) => entry.turnkey?.outcome === 'valid')
      .map((entry) => entry.name);
    // Turnkey's function accepts these encodings and ours rejects them. The
    // reverse, a token that only ours accepts, must not occur.
    expect(onlyTheyAccept).to.deep.equal([
      'signature in base64 with padding',
      'signature with + and / in place of - and _',
      'signature DER-encoded',
      'fourth part after the signature',
      'longer than 65536 characters',
    ]);
    const onlyWeAccept = corpus.filter(
      (entry) =>
        entry.expected === 'valid' &&
        (entry.turnkey?.outcome ?? 'valid') !== 'valid',
    );
    expect(onlyWeAccept).to.deep.equal([]);
  });
});

async function outcomeOf(verify: () => Promise<boolean>): Promise<Outcome> {
  try {
    return (await verify()) ? 'valid' : 'invalid';
  } catch {
    return 'malformed';
  }
}
