/**
 * A stand-in for Turnkey's session issuer. It signs session JWTs with a
 * P-256 key of its own the way Turnkey's notarizer does: ECDSA over SHA-256
 * of SHA-256 of `header.payload`, as 64 bytes r‖s. The demo and the tests
 * so work with tokens of the real shape, which `verifySessionToken` accepts
 * with `notarizerPublicKey` set to `publicKeyHex`. It is not a security
 * boundary.
 */

/** Claims of a session token, with `exp` in seconds since the epoch. */
export interface SessionClaims {
  exp: number;
  public_key: string;
  session_type: string;
  user_id: string;
  organization_id: string;
  session_profile_id?: string;
  scope?: string;
  [claim: string]: unknown;
}

export interface SessionIssuer {
  /** The issuer's public key, for checking the signatures it makes. */
  publicKey: CryptoKey;
  /** The same key as uncompressed SEC 1 hex, as a notarizer key is given. */
  publicKeyHex: string;
  /** Signs `claims` into a compact JWS (`header.payload.signature`). */
  sign(claims: SessionClaims): Promise<string>;
}

/**
 * The demo's fixed issuer key, public on purpose, so that every tab of the
 * demo signs with the same key and checks tokens against the same
 * notarizer key. Never use it for anything real.
 */
export const DEMO_ISSUER_KEY: JsonWebKey = {
  kty: 'EC',
  crv: 'P-256',
  x: 'Om4vB_JT2YIGmNm6kMnca587HrVfn6Em5NxKgtPr3aA',
  y: 'ILHQZWIwnltQc4mytFMSU9urU3CN4Qw2vgoYIkFD0Es',
  d: '3E7UvcPVy9BTwxZThbOFuAWAuAKB5MFnaTIY2tlk1CI',
};

/**
 * Creates an issuer with the private JWK `key`, or with a fresh signing key
 * when none is given.
 */
export async function createSessionIssuer(
  key?: JsonWebKey,
): Promise<SessionIssuer> {
  const algorithm = {name: 'ECDSA', namedCurve: 'P-256'};
  const {privateKey, publicKey} = key
    ? await importKeyPair(key)
    : ((await crypto.subtle.generateKey(algorithm, false, [
        'sign',
        'verify',
      ])) as CryptoKeyPair);

  const rawPublicKey = new Uint8Array(
    await crypto.subtle.exportKey('raw', publicKey),
  );
  const publicKeyHex = [...rawPublicKey]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');

  return {
    publicKey,
    publicKeyHex,
    async sign(claims) {
      const header = encodeJson({alg: 'ES256', typ: 'JWT'});
      const signingInput = `${header}.${encodeJson(claims)}`;
      // WebCrypto hashes the digest once more before signing, which makes
      // the notarizer's SHA-256 of SHA-256.
      const digest = await crypto.subtle.digest(
        'SHA-256',
        new TextEncoder().encode(signingInput),
      );
      const signature = await crypto.subtle.sign(
        {name: 'ECDSA', hash: 'SHA-256'},
        privateKey,
        digest,
      );
      return `${signingInput}.${encodeBase64Url(new Uint8Array(signature))}`;
    },
  };
}

async function importKeyPair(key: JsonWebKey): Promise<CryptoKeyPair> {
  const algorithm = {name: 'ECDSA', namedCurve: 'P-256'};
  const {d: _private, ...publicJwk} = key;
  const [privateKey, publicKey] = await Promise.all([
    crypto.subtle.importKey('jwk', key, algorithm, false, ['sign']),
    crypto.subtle.importKey('jwk', publicJwk, algorithm, true, ['verify']),
  ]);
  return {privateKey, publicKey};
}

/** Encodes a value as JSON, then UTF-8, then base64url without padding. */
export function encodeJson(value: unknown): string {
  return encodeBase64Url(new TextEncoder().encode(JSON.stringify(value)));
}

export function encodeBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary)
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
