/**
 * The browser features that the session core is built on, checked directly
 * in each engine so that a failure here points at the engine rather than
 * at the core: CryptoKeys stored in IndexedDB, array keys with range
 * deletes, and BroadcastChannel.
 */

import {expect} from '@esm-bundle/chai';

import {rangeOf} from '../../src/core/layout.js';

const STORE = 'records';
const P256: EcKeyGenParams = {name: 'ECDSA', namedCurve: 'P-256'};
const SIGNATURE: EcdsaParams = {name: 'ECDSA', hash: 'SHA-256'};

const databases: string[] = [];

afterEach(async () => {
  await Promise.all(databases.splice(0).map(deleteDatabase));
});

describe('CryptoKeyPair in IndexedDB', () => {
  it('reads back a non-extractable key pair', async () => {
    const keyPair = await generateKeyPair();
    const dbName = await createDatabase();
    await write(dbName, (store) => store.put(keyPair, ['key-pair', 'a']));

    const stored = (await read(dbName, (store) =>
      store.get(['key-pair', 'a']),
    )) as CryptoKeyPair;

    expect(stored.privateKey).to.be.instanceOf(CryptoKey);
    expect(stored.privateKey.type).to.equal('private');
    expect(stored.privateKey.extractable).to.equal(false);
    expect(stored.privateKey.usages).to.deep.equal(['sign']);
    expect(stored.privateKey.algorithm).to.deep.equal(P256);
    expect(stored.publicKey.type).to.equal('public');
    expect(stored.publicKey.extractable).to.equal(true);
  });

  it('signs with a stored private key', async () => {
    const keyPair = await generateKeyPair();
    const dbName = await createDatabase();
    await write(dbName, (store) => store.put(keyPair, ['key-pair', 'a']));
    const stored = (await read(dbName, (store) =>
      store.get(['key-pair', 'a']),
    )) as CryptoKeyPair;

    const data = new TextEncoder().encode('session request body');
    const signature = await crypto.subtle.sign(
      SIGNATURE,
      stored.privateKey,
      data,
    );
    const valid = await crypto.subtle.verify(
      SIGNATURE,
      keyPair.publicKey,
      signature,
      data,
    );
    expect(valid).to.equal(true);
  });

  it('keeps a stored private key unexportable', async () => {
    const keyPair = await generateKeyPair();
    const dbName = await createDatabase();
    await write(dbName, (store) => store.put(keyPair, ['key-pair', 'a']));
    const stored = (await read(dbName, (store) =>
      store.get(['key-pair', 'a']),
    )) as CryptoKeyPair;

    let error: unknown;
    try {
      await crypto.subtle.exportKey('pkcs8', stored.privateKey);
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(DOMException);
    expect((error as DOMException).name).to.equal('InvalidAccessError');
  });

  it('exports the same public key after storage', async () => {
    const keyPair = await generateKeyPair();
    const dbName = await createDatabase();
    await write(dbName, (store) => store.put(keyPair, ['key-pair', 'a']));
    const stored = (await read(dbName, (store) =>
      store.get(['key-pair', 'a']),
    )) as CryptoKeyPair;

    const before = await crypto.subtle.exportKey('raw', keyPair.publicKey);
    const after = await crypto.subtle.exportKey('raw', stored.publicKey);
    expect(new Uint8Array(after)).to.deep.equal(new Uint8Array(before));
  });
});

describe('array keys', () => {
  it('sort by kind, then by name', async () => {
    const dbName = await createDatabase();
    await write(dbName, (store) => {
      store.put(1, ['session', 'b']);
      store.put(2, ['active-session']);
      store.put(3, ['session', 'a']);
      store.put(4, ['key-pair', 'a']);
    });

    const keys = await read(dbName, (store) => store.getAllKeys());
    expect(keys).to.deep.equal([
      ['active-session'],
      ['key-pair', 'a'],
      ['session', 'a'],
      ['session', 'b'],
    ]);
  });

  it('range delete removes one kind only', async () => {
    const dbName = await createDatabase();
    await write(dbName, (store) => {
      store.put(1, ['session', '']);
      store.put(2, ['session', 'a']);
      store.put(3, ['session', '\u{10ffff}']);
      store.put(4, ['sessions', 'a']);
      store.put(5, ['key-pair', 'a']);
      store.put(6, ['pending-key-pair', 'a']);
      store.put(7, ['active-session']);
    });

    await write(dbName, (store) => store.delete(rangeOf('session')));

    const keys = await read(dbName, (store) => store.getAllKeys());
    expect(keys).to.deep.equal([
      ['active-session'],
      ['key-pair', 'a'],
      ['pending-key-pair', 'a'],
      ['sessions', 'a'],
    ]);
  });

  it('range count matches stored kind', async () => {
    const dbName = await createDatabase();
    await write(dbName, (store) => {
      store.put(1, ['key-pair', 'a']);
      store.put(2, ['key-pair', 'b']);
      store.put(3, ['pending-key-pair', 'a']);
    });

    const count = await read(dbName, (store) =>
      store.count(rangeOf('key-pair')),
    );
    expect(count).to.equal(2);
  });
});

describe('BroadcastChannel', () => {
  it('delivers to other channels only', async () => {
    const name = `engine-probe-${crypto.randomUUID()}`;
    const sender = new BroadcastChannel(name);
    const receiver = new BroadcastChannel(name);
    const echoes: unknown[] = [];
    sender.onmessage = (event) => echoes.push(event.data);
    try {
      const received = new Promise<unknown>((resolve) => {
        receiver.onmessage = (event) => resolve(event.data);
      });
      const message = {type: 'session-cleared', sessionKeys: ['a']};
      sender.postMessage(message);

      expect(await received).to.deep.equal(message);
      expect(echoes).to.deep.equal([]);
    } finally {
      sender.close();
      receiver.close();
    }
  });
});

describe('deleteDatabase', () => {
  // Chromium 156 and WebKitGTK 2.50 fire `blocked` when the only other
  // connection was closed while its transaction was still finishing, and
  // Firefox ESR 153 does not. In all three the request then succeeds, so
  // `blocked` alone is not a failure.
  it('succeeds after a closing transaction', async () => {
    const dbName = await createDatabase();
    const db = await open(dbName);
    const transaction = db.transaction(STORE, 'readonly');
    await request(transaction.objectStore(STORE).getAllKeys());
    db.close();

    const deletion = indexedDB.deleteDatabase(dbName);
    await request(deletion);
    expect(deletion.readyState).to.equal('done');
    expect(deletion.error).to.equal(null);
  });
});

function generateKeyPair() {
  return crypto.subtle.generateKey(P256, false, [
    'sign',
    'verify',
  ]) as Promise<CryptoKeyPair>;
}

async function createDatabase() {
  const dbName = `engine-probe-${crypto.randomUUID()}`;
  databases.push(dbName);
  (await open(dbName)).close();
  return dbName;
}

function open(dbName: string) {
  const opening = indexedDB.open(dbName, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
  return request(opening);
}

/**
 * Runs `body` in a read-write transaction on a connection of its own and
 * resolves once the transaction has committed.
 */
async function write(dbName: string, body: (store: IDBObjectStore) => unknown) {
  const db = await open(dbName);
  try {
    const transaction = db.transaction(STORE, 'readwrite');
    const committed = new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onabort = () => reject(transaction.error);
    });
    await body(transaction.objectStore(STORE));
    await committed;
  } finally {
    db.close();
  }
}

/**
 * Reads with `body` on a connection of its own, waiting for the transaction
 * to finish before closing so that a later delete is not blocked.
 */
async function read<T>(
  dbName: string,
  body: (store: IDBObjectStore) => IDBRequest<T>,
) {
  const db = await open(dbName);
  try {
    const transaction = db.transaction(STORE, 'readonly');
    const finished = new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onabort = () => reject(transaction.error);
    });
    const result = await request(body(transaction.objectStore(STORE)));
    await finished;
    return result;
  } finally {
    db.close();
  }
}

function deleteDatabase(dbName: string) {
  return request(indexedDB.deleteDatabase(dbName));
}

function request<T>(pending: IDBRequest<T>) {
  return new Promise<T>((resolve, reject) => {
    pending.onsuccess = () => resolve(pending.result);
    pending.onerror = () => reject(pending.error);
  });
}
