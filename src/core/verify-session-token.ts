/**
 * Signature checks for the session JWTs that Turnkey's notarizer signs.
 * Unlike standard ES256 (RFC 7518), the notarizer signs SHA-256 of SHA-256
 * of `header.payload`, because it hashes the signing input once and hands
 * that digest to a P-256 signer that hashes again (as the documentation of
 * `verifySessionJwtSignature` in `@turnkey/crypto` 2.13.2 describes). As in
 * ES256, the signature is the 64-byte r || s form in base64url.
 *
 * NOTE: the tests check this scheme with tokens signed as `@turnkey/crypto`
 * describes it, and against that package, but not with a token that
 * Turnkey's production notarizer issued.
 */

import {decodeBase64Url, isBase64Url} from './encoding.js';
import {SessionManagerError} from './errors.js';
import {importPublicKey, requireSubtle} from './key-pairs.js';
import {splitSessionToken} from './session-token.js';

/**
 * Public key of Turnkey's production notarizer, uncompressed hex, as
 * `PRODUCTION_NOTARIZER_SIGN_PUBLIC_KEY` in `@turnkey/crypto` 2.13.2.
 */
export const TURNKEY_NOTARIZER_PUBLIC_KEY =
  '04d498aa87ac3bf982ac2b5dd9604d0074905cfbda5d62727c5a237b895e674920' +
  '5e9f7cd566909c4387f6ca25c308445c60884b788560b785f4a96ac33702a469';

const SIGNATURE_BYTES = 64;

export interface VerifySessionTokenOptions {
  /**
   * P-256 public key of the notarizer, compressed or uncompressed hex.
   * Defaults to {@link TURNKEY_NOTARIZER_PUBLIC_KEY}.
   */
  notarizerPublicKey?: string;
}

/**
 * Checks that `token` carries a signature by the notarizer key over its
 * header and payload, and resolves true or false. A signature that is well
 * encoded but not 64 bytes long resolves false. Rejects with
 * `INVALID_SESSION_TOKEN` when `token` is not three non-empty base64url
 * parts, and with `INVALID_ARGUMENT` when `notarizerPublicKey` is not a
 * P-256 public key. The claims, `exp` included, are not read: use
 * `parseSessionToken` for them.
 *
 * @example
 * import {verifySessionToken} from 'turnkey-session-manager/core';
 *
 * if (!(await verifySessionToken(sessionToken))) {
 *   throw new Error('session token was not signed by Turnkey');
 * }
 */
export async function verifySessionToken(
  token: string,
  options: VerifySessionTokenOptions = {},
): Promise<boolean> {
  const notarizerPublicKey =
    options.notarizerPublicKey ?? TURNKEY_NOTARIZER_PUBLIC_KEY;
  const key = await importPublicKey(
    notarizerPublicKey,
    '"notarizerPublicKey"',
    'INVALID_ARGUMENT',
  );
  const {signingInput, signature} = splitToken(token);
  if (signature.length !== SIGNATURE_BYTES) return false;

  const subtle = requireSubtle();
  const digest = await subtle.digest(
    'SHA-256',
    new TextEncoder().encode(signingInput),
  );
  // WebCrypto hashes `digest` again before verifying, which is the second
  // SHA-256 of the notarizer's scheme.
  return subtle.verify(
    {name: 'ECDSA', hash: 'SHA-256'},
    key,
    signature,
    digest,
  );
}

/** Splits a compact JWS into its signing input and decoded signature. */
function splitToken(token: unknown) {
  const [header, payload, signature] = splitSessionToken(token);
  assertBase64Url(header, 'header');
  assertBase64Url(payload, 'payload');
  assertBase64Url(signature, 'signature');
  return {
    signingInput: `${header}.${payload}`,
    signature: decodeBase64Url(signature),
  };
}

function assertBase64Url(part: string, name: string) {
  if (part === '') throw invalid(`session token ${name} is empty`);
  if (!isBase64Url(part)) {
    throw invalid(`session token ${name} is not base64url without padding`);
  }
}

function invalid(message: string) {
  return new SessionManagerError('INVALID_SESSION_TOKEN', message);
}
