/**
 * Tests of `notarizer-public-key` on `<turnkey-session-manager>`: each
 * session token is checked against the key in Turnkey's notarizer scheme,
 * and tokens that do not verify are marked. Real signed tokens throughout.
 */

import {expect} from '@esm-bundle/chai';

import {createSessionIssuer} from '../demo/session-issuer.js';
import {
  createElement,
  parts,
  removeElements,
  rowByKey,
} from './element-helpers.js';
import {
  deleteTestDatabases,
  freshStore,
  issuerPublicKeyHex,
  signIn,
  signToken,
} from './helpers.js';

import type {SessionStore} from '../src/core/index.js';

/** Stores a session whose token another issuer signed. */
async function signInWithOtherIssuer(store: SessionStore, sessionKey: string) {
  const other = await createSessionIssuer();
  const publicKey = await store.createApiKeyPair();
  const sessionToken = await other.sign({
    exp: Math.floor(Date.now() / 1000) + 900,
    public_key: publicKey,
    session_type: 'SESSION_TYPE_READ_WRITE',
    user_id: 'user-forged',
    organization_id: 'org-1',
  });
  await store.storeSession({sessionToken, sessionKey});
}

describe('<turnkey-session-manager> notarizer-public-key', () => {
  let store: SessionStore;

  beforeEach(async () => {
    store = freshStore();
    await signIn(store, 'genuine');
    await signInWithOtherIssuer(store, 'forged');
  });

  afterEach(async () => {
    removeElements();
    await deleteTestDatabases();
  });

  it('marks a token that does not verify', async () => {
    const notarizerPublicKey = await issuerPublicKeyHex();
    const element = await createElement(store.dbName, (created) => {
      created.setAttribute('notarizer-public-key', notarizerPublicKey);
    });

    const forged = rowByKey(element, 'forged')!;
    expect(forged.dataset.verified).to.equal('false');
    expect(forged.getAttribute('part')).to.contain('unverified-session');
    const badge = forged.querySelector('[part~="unverified-badge"]');
    expect(badge?.textContent?.trim()).to.equal('Not verified');
  });

  it('leaves a verified token unmarked', async () => {
    const notarizerPublicKey = await issuerPublicKeyHex();
    const element = await createElement(store.dbName, (created) => {
      created.notarizerPublicKey = notarizerPublicKey;
    });

    const genuine = rowByKey(element, 'genuine')!;
    expect(genuine.dataset.verified).to.equal('true');
    const badges = genuine.querySelectorAll('[part~="unverified-badge"]');
    expect(badges.length).to.equal(0);
  });

  it('checks nothing without a key', async () => {
    const element = await createElement(store.dbName);
    for (const sessionKey of ['genuine', 'forged']) {
      const row = rowByKey(element, sessionKey)!;
      expect(row.dataset.verified, sessionKey).to.equal(undefined);
    }
    expect(parts(element, '[part~="unverified-badge"]').length).to.equal(0);
  });

  it('marks every token for a key that is not a point', async () => {
    const element = await createElement(store.dbName, (created) => {
      created.notarizerPublicKey = '04' + '00'.repeat(64);
    });
    expect(rowByKey(element, 'genuine')!.dataset.verified).to.equal('false');
  });
});

describe('demo issuer', () => {
  afterEach(deleteTestDatabases);

  it('signs tokens that storeSession verifies', async () => {
    const store = freshStore();
    const notarizerPublicKey = await issuerPublicKeyHex();
    const publicKey = await store.createApiKeyPair();
    const sessionToken = await signToken({public_key: publicKey});
    await store.storeSession({sessionToken, notarizerPublicKey});
    expect((await store.getSession())?.token).to.equal(sessionToken);
  });
});
