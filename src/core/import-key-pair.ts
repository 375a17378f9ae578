/**
 * Import of an existing P-256 API private key, given as hex like the keys
 * that Turnkey's `ApiKeyStamper` takes, into a WebCrypto key pair whose
 * private key cannot be exported again.
 */

import {promisifyRequest} from './database.js';
import {bytesToHex, encodeBase64Url, hexToBytes} from './encoding.js';
import {SessionManagerError} from './errors.js';
import {ALGORITHM, requireSubtle} from './key-pairs.js';
import {keyPairId, pendingKeyPairId} from './layout.js';
import {typeName} from './session-token.js';

import type {GeneratedKeyPair} from './key-pairs.js';

const PRIVATE_KEY_BYTES = 32;

/**
 * Imports `privateKey`, 64 hex digits in either case, as a non-extractable
 * signing key, with its public key derived by `@noble/curves`. Throws
 * `INVALID_ARGUMENT` when it is not hex of a P-256 scalar in 1..n-1.
 */
export async function importKeyPair(
  privateKey: unknown,
): Promise<GeneratedKeyPair> {
  const subtle = requireSubtle();
  const secret = parsePrivateKey(privateKey);
  try {
    const {p256} = await import('./p256.js');
    assertScalarInRange(secret, p256.Point.Fn.ORDER);
    const point = p256.getPublicKey(secret, false);
    const publicJwk: JsonWebKey = {
      kty: 'EC',
      crv: 'P-256',
      x: encodeBase64Url(point.subarray(1, 33)),
      y: encodeBase64Url(point.subarray(33, 65)),
    };
    // NOTE: only `secret` is wiped. The caller's hex, `d` and the scalars
    // inside noble are strings and bigints, which JavaScript cannot wipe,
    // so those copies of the private key stay in memory until collected.
    const privateJwk = {...publicJwk, d: encodeBase64Url(secret)};
    const keyPair: CryptoKeyPair = {
      privateKey: await subtle.importKey('jwk', privateJwk, ALGORITHM, false, [
        'sign',
      ]),
      publicKey: await subtle.importKey('jwk', publicJwk, ALGORITHM, true, [
        'verify',
      ]),
    };
    return {
      keyPair,
      publicKey: bytesToHex(p256.Point.fromBytes(point).toBytes(true)),
    };
  } finally {
    secret.fill(0);
  }
}

/**
 * Stores an imported key pair as pending, like one from `createApiKeyPair`,
 * and returns true. When a session already owns that key pair, it writes
 * nothing and returns false.
 */
export async function putImportedKeyPair(
  store: IDBObjectStore,
  imported: GeneratedKeyPair,
): Promise<boolean> {
  const bound = await promisifyRequest(
    store.count(keyPairId(imported.publicKey)),
  );
  if (bound > 0) return false;
  store.put(imported.keyPair, pendingKeyPairId(imported.publicKey));
  return true;
}

function parsePrivateKey(privateKey: unknown): Uint8Array {
  // The messages never quote the value, because it is a secret.
  if (typeof privateKey !== 'string') {
    throw invalid(`expected a hex string, got ${typeName(privateKey)}`);
  }
  if (/^0x/i.test(privateKey)) {
    throw invalid('expected hex without a "0x" prefix');
  }
  const nonHex = privateKey.search(/[^0-9a-fA-F]/);
  if (nonHex !== -1) {
    throw invalid(`expected hex, got a non-hex character at index ${nonHex}`);
  }
  if (privateKey.length % 2 !== 0) {
    throw invalid(
      `expected an even number of hex digits, got ${privateKey.length}`,
    );
  }
  const bytes = hexToBytes(privateKey);
  if (bytes.length !== PRIVATE_KEY_BYTES) {
    throw invalid(`expected ${PRIVATE_KEY_BYTES} bytes, got ${bytes.length}`);
  }
  return bytes;
}

function assertScalarInRange(secret: Uint8Array, order: bigint) {
  const scalar = BigInt('0x' + bytesToHex(secret));
  if (scalar === 0n) {
    throw invalid('expected a P-256 scalar in 1..n-1, got 0');
  }
  if (scalar >= order) {
    throw invalid(
      'expected a P-256 scalar in 1..n-1, got n or more ' +
        '(n is the order of the curve)',
    );
  }
}

function invalid(problem: string) {
  return new SessionManagerError('INVALID_ARGUMENT', `"privateKey" ${problem}`);
}
