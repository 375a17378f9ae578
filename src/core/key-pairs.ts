/**
 * P-256 API key pairs made with WebCrypto. Private keys are created
 * non-extractable, so neither this package nor a script on the page can read
 * them out: they can only be used to sign.
 */

import {SessionManagerError} from './errors.js';

const ALGORITHM: EcKeyGenParams = {name: 'ECDSA', namedCurve: 'P-256'};

/** A new key pair and its public key as compressed hex (33 bytes). */
export interface GeneratedKeyPair {
  keyPair: CryptoKeyPair;
  publicKey: string;
}

/** Generates a P-256 signing key pair whose private key cannot be exported. */
export async function generateKeyPair(): Promise<GeneratedKeyPair> {
  if (typeof crypto === 'undefined' || !crypto.subtle) {
    throw new SessionManagerError(
      'STORAGE_UNAVAILABLE',
      'WebCrypto (crypto.subtle) is not available; it needs a secure context',
    );
  }
  const keyPair = (await crypto.subtle.generateKey(ALGORITHM, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const raw = new Uint8Array(
    await crypto.subtle.exportKey('raw', keyPair.publicKey),
  );
  return {keyPair, publicKey: await compressPublicKey(raw)};
}

/**
 * Compresses an uncompressed SEC 1 P-256 point (65 bytes) to hex. The curve
 * code is imported on first use, so pages that only list and clear sessions
 * never load it.
 */
export async function compressPublicKey(raw: Uint8Array): Promise<string> {
  const {p256} = await import('@noble/curves/nist.js');
  return toHex(p256.Point.fromBytes(raw).toBytes(true));
}

/** Throws `INVALID_SESSION_TOKEN` unless `publicKey` is a P-256 point. */
export async function assertP256Point(publicKey: string): Promise<void> {
  const {p256} = await import('@noble/curves/nist.js');
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

function toHex(bytes: Uint8Array) {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
