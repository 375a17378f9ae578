/**
 * Parsing of Turnkey session JWTs into {@link Session} records. The
 * signature is not checked here: this module only reads the claims.
 */

import {decodeBase64Url, isBase64Url} from './encoding.js';
import {SessionManagerError} from './errors.js';

import type {Session} from './types.js';

/**
 * Maximum token length, in characters. Real Turnkey session JWTs are under
 * 1 KB.
 */
export const MAX_TOKEN_LENGTH = 65_536;

/** An `exp` above this is taken for milliseconds (it is the year 5138). */
const MAX_EXPIRY_SECONDS = 1e11;

const COMPRESSED_P256_HEX = /^0[23][0-9a-f]{64}$/;

/** Length of an ES256 signature, r || s (RFC 7518, section 3.4). */
const SIGNATURE_BYTES = 64;

/**
 * Parses a session JWT into the session it describes, without `createdAt`.
 * Throws `INVALID_SESSION_TOKEN` naming the first thing that is wrong.
 */
export function parseSessionToken(token: unknown): Omit<Session, 'createdAt'> {
  const parts = splitSessionToken(token);
  decodeJsonObject(parts[0], 'header');
  const claims = decodeJsonObject(parts[1], 'payload');
  assertSignatureShape(parts[2]);
  return {...readClaims(claims), token: parts.join('.')};
}

/**
 * Throws unless `part` is the base64url of a 64-byte ES256 signature
 * (r || s). The signature itself is not verified here, but a token cut
 * short or damaged in its last part is rejected instead of stored.
 */
function assertSignatureShape(part: string) {
  if (part === '') throw invalid('session token signature is empty');
  if (!isBase64Url(part)) {
    throw invalid('session token signature is not base64url without padding');
  }
  const length = decodeBase64Url(part).length;
  if (length !== SIGNATURE_BYTES) {
    throw invalid(
      `session token signature expected ${SIGNATURE_BYTES} bytes, ` +
        `got ${length}; the token may be truncated`,
    );
  }
}

/**
 * Splits a session token into its three dot-separated parts, after checking
 * that it is a string of at most {@link MAX_TOKEN_LENGTH} characters.
 * Throws `INVALID_SESSION_TOKEN` otherwise.
 */
export function splitSessionToken(token: unknown): [string, string, string] {
  if (typeof token !== 'string') {
    throw invalid(`"sessionToken" expected a string, got ${typeName(token)}`);
  }
  if (token.length > MAX_TOKEN_LENGTH) {
    throw invalid(
      `session token is ${token.length} characters long, ` +
        `more than the ${MAX_TOKEN_LENGTH} allowed`,
    );
  }
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw invalid(
      `session token expected 3 dot-separated parts, got ${parts.length}`,
    );
  }
  return parts as [string, string, string];
}

function readClaims(claims: Record<string, unknown>) {
  const expiry = readExpiry(claims.exp);
  const publicKey = requiredString(claims, 'public_key').toLowerCase();
  if (!COMPRESSED_P256_HEX.test(publicKey)) {
    throw invalid(
      'claim "public_key" expected a compressed P-256 key ' +
        '(66 hex digits starting 02 or 03)',
    );
  }
  const session: Omit<Session, 'createdAt' | 'token'> = {
    sessionType: requiredString(claims, 'session_type'),
    userId: requiredString(claims, 'user_id'),
    organizationId: requiredString(claims, 'organization_id'),
    expiry,
    publicKey,
  };
  const sessionProfileId = optionalString(claims, 'session_profile_id');
  if (sessionProfileId !== undefined) {
    session.sessionProfileId = sessionProfileId;
  }
  const scope = optionalString(claims, 'scope');
  if (scope !== undefined) session.scope = scope;
  return session;
}

function readExpiry(exp: unknown): number {
  if (exp === undefined) throw invalid('claim "exp" is missing');
  if (typeof exp !== 'number') {
    throw invalid(`claim "exp" expected a number, got ${typeName(exp)}`);
  }
  if (!Number.isFinite(exp)) {
    throw invalid(`claim "exp" expected a finite number, got ${exp}`);
  }
  if (exp <= 0) {
    throw invalid(`claim "exp" expected a positive number, got ${exp}`);
  }
  if (exp >= MAX_EXPIRY_SECONDS) {
    throw invalid(
      `claim "exp" expected seconds since the epoch, got ${exp}, ` +
        'which looks like milliseconds',
    );
  }
  return exp;
}

function requiredString(claims: Record<string, unknown>, name: string) {
  const value = claims[name];
  if (value === undefined) throw invalid(`claim "${name}" is missing`);
  if (typeof value !== 'string') {
    throw invalid(`claim "${name}" expected a string, got ${typeName(value)}`);
  }
  if (value === '') throw invalid(`claim "${name}" is empty`);
  return value;
}

function optionalString(claims: Record<string, unknown>, name: string) {
  const value = claims[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw invalid(`claim "${name}" expected a string, got ${typeName(value)}`);
  }
  return value;
}

/**
 * Decodes one JWT part: base64url without padding (RFC 7515), then strict
 * UTF-8, then JSON that must be an object.
 */
function decodeJsonObject(part: string, name: string) {
  if (part === '') throw invalid(`session token ${name} is empty`);
  if (!isBase64Url(part)) {
    throw invalid(`session token ${name} is not base64url without padding`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(
      decodeBase64Url(part),
    );
  } catch (cause) {
    throw invalid(`session token ${name} is not valid UTF-8`, cause);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw invalid(`session token ${name} is not valid JSON`, cause);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(
      `session token ${name} expected a JSON object, got ${typeName(value)}`,
    );
  }
  return value as Record<string, unknown>;
}

/**
 * Returns true when `record` has every field of a {@link Session} with its
 * type and a finite `expiry`. `createdAt` is not required, because
 * `@turnkey/core` does not record it.
 */
export function isReadableSession(record: unknown): record is Session {
  if (typeof record !== 'object' || record === null) return false;
  if (Array.isArray(record)) return false;
  const fields = record as Record<string, unknown>;
  const required = [
    'sessionType',
    'userId',
    'organizationId',
    'publicKey',
    'token',
  ];
  const optional = ['sessionProfileId', 'scope'];
  return (
    required.every((name) => typeof fields[name] === 'string') &&
    optional.every(
      (name) => fields[name] === undefined || typeof fields[name] === 'string',
    ) &&
    typeof fields.expiry === 'number' &&
    Number.isFinite(fields.expiry)
  );
}

/** Describes the type of `value` for an error message. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function invalid(message: string, cause?: unknown) {
  return new SessionManagerError('INVALID_SESSION_TOKEN', message, cause);
}
