/**
 * P-256 API key pairs made with WebCrypto. Private keys are created
 * non-extractable, so neither this package nor a script on the page can read
 * them out: they can only be used to sign.
 */

import {bytesToHex, hexToBytes, isHex} from './encoding.js';
import {SessionManagerError} from './errors.js';
import {typeName} from './session-token.js';

import type {SessionErrorCode} from './errors.js';

export const ALGORITHM: EcKeyGenParams = {name: 'ECDSA', namedCurve: 'P-256'};

/** A new key pair and its public key as compressed hex (33 bytes). */
export interface GeneratedKeyPair {
  keyPair: CryptoKeyPair;
  publicKey: string;
}

/** Generates a P-256 signing key pair whose private key cannot be exported. */
export async function generateKeyPair(): Promise<GeneratedKeyPair> {
  const subtle = requireSubtle();
  const keyPair = (await subtle.generateKey(ALGORITHM, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const raw = new Uint8Array(await subtle.exportKey('raw', keyPair.publicKey));
  return {keyPair, publicKey: await compressPublicKey(raw)};
}

/** Returns `crypto.subtle`, or throws `STORAGE_UNAVAILABLE` without it. */
export function requireSubtle(): SubtleCrypto {
  if (typeof crypto === 'undefined' || !crypto.subtle) {
    throw new SessionManagerError(
      'STORAGE_UNAVAILABLE',
      'WebCrypto (crypto.subtle) is not available; it needs a secure context',
    );
  }
  return crypto.subtle;
}

/**
 * Compresses an uncompressed SEC 1 P-256 point (65 bytes) to hex. The curve
 * code is imported on first use, so pages that only list and clear sessions
 * never load it.
 */
export async function compressPublicKey(raw: Uint8Array): Promise<string> {
  const {p256} = await import('./p256.js');
  return bytesToHex(p256.Point.fromBytes(raw).toBytes(true));
}

/**
 * Imports a P-256 public key, compressed (33 bytes) or uncompressed (65
 * bytes) hex, as a WebCrypto key for `verify`. Throws a
 * {@link SessionManagerError} with `code` when it is not such a key. The
 * message starts with `label`, such as `"notarizerPublicKey"`.
 */
export async function importPublicKey(
  publicKey: unknown,
  label: string,
  code: SessionErrorCode,
): Promise<CryptoKey> {
  const subtle = requireSubtle();
  const invalid = (problem: string, cause?: unknown) =>
    new SessionManagerError(code, `${label} ${problem}`, cause);

  if (typeof publicKey !== 'string') {
    throw invalid(`expected a hex string, got ${typeName(publicKey)}`);
  }
  if (!isHex(publicKey)) {
    throw invalid('expected an even number of hex digits');
  }
  const bytes = hexToBytes(publicKey);
  if (bytes.length !== 33 && bytes.length !== 65) {
    throw invalid(`expected 33 or 65 bytes, got ${bytes.length}`);
  }
  const {p256} = await import('./p256.js');
  let uncompressed: Uint8Array<ArrayBuffer>;
  try {
    // WebCrypto only requires engines to import uncompressed points in the
    // "raw" format, so compressed keys are expanded first.
    uncompressed = p256.Point.fromBytes(bytes).toBytes(false);
  } catch (cause) {
    throw invalid('is not a point on the P-256 curve', cause);
  }
  return subtle.importKey('raw', uncompressed, ALGORITHM, true, ['verify']);
}

/** Throws `INVALID_SESSION_TOKEN` unless `publicKey` is a P-256 point. */
export async function assertP256Point(publicKey: string): Promise<void> {
  const {p256} = await import('./p256.js');
  try {
    p256.Point.fromHex(publicKey).assertValidity();
  } catch (cause) {
    throw new SessionManagerError(
      'INVALID_SESSION_TOKEN',
      `claim "public_key" is not a point on the P-256 curve: ${publicKey}`,
      cause,
    );
  }
}
