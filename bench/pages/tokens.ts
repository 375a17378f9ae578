/**
 * Session tokens for the bench: ES256 JWTs signed by the demo's stand-in
 * issuer, with the claims that both this package and `@turnkey/core` read.
 */

import {createSessionIssuer} from '../../demo/session-issuer.js';

import type {SessionIssuer} from '../../demo/session-issuer.js';

/** Lifetime of a bench session; 900 s is `@turnkey/core`'s default. */
const SESSION_LIFETIME_SECONDS = 900;

let issuer: Promise<SessionIssuer> | undefined;

/** Signs a session token bound to `publicKey`, compressed P-256 hex. */
export async function issueSessionToken(publicKey: string): Promise<string> {
  issuer ??= createSessionIssuer();
  return (await issuer).sign({
    exp: Math.floor(Date.now() / 1000) + SESSION_LIFETIME_SECONDS,
    public_key: publicKey,
    session_type: 'SESSION_TYPE_READ_WRITE',
    user_id: crypto.randomUUID(),
    organization_id: crypto.randomUUID(),
  });
}

/** Session key of the `index`-th stored session. */
export function sessionKeyOf(index: number): string {
  return `session-${index}`;
}
