/**
 * A stand-in for Turnkey's session issuer: it signs session JWTs (ES256)
 * with a P-256 key of its own, so the demo and the tests work with tokens
 * of the real shape. It is not a security boundary.
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
  /** Signs `claims` into a compact JWS (`header.payload.signature`). */
  sign(claims: SessionClaims): Promise<string>;
}

/** Creates an issuer with a fresh signing key. */
export async function createSessionIssuer(): Promise<SessionIssuer> {
  const {privateKey, publicKey} = (await crypto.subtle.generateKey(
    {name: 'ECDSA', namedCurve: 'P-256'},
    false,
    ['sign', 'verify'],
  )) as CryptoKeyPair;

  return {
    publicKey,
    async sign(claims) {
      const header = encodeJson({alg: 'ES256', typ: 'JWT'});
      const signingInput = `${header}.${encodeJson(claims)}`;
      const signature = await crypto.subtle.sign(
        {name: 'ECDSA', hash: 'SHA-256'},
        privateKey,
        new TextEncoder().encode(signingInput),
      );
      return `${signingInput}.${encodeBase64Url(new Uint8Array(signature))}`;
    },
  };
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
