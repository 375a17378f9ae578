/**
 * Request stamps for Turnkey's API, signed in WebCrypto by a non-extractable
 * key pair that the session store contains. A stamp is the `X-Stamp` header
 * that `@turnkey/http`'s `TurnkeyClient` sends. Its value is base64url,
 * without padding, of the JSON `{"publicKey", "scheme", "signature"}`, where
 * `signature` is an ECDSA P-256 signature over SHA-256 of the UTF-8 request
 * body, DER-encoded as hex.
 */

import {promisifyRequest} from './database.js';
import {
  bytesToHex,
  decodeBase64Url,
  encodeBase64Url,
  hexToBytes,
  isBase64Url,
  isHex,
} from './encoding.js';
import {SessionManagerError} from './errors.js';
import {importPublicKey, requireSubtle} from './key-pairs.js';
import {
  activeSessionId,
  keyPairId,
  pendingKeyPairId,
  sessionId,
} from './layout.js';
import {isReadableSession, typeName} from './session-token.js';

import type {Transact} from './database.js';

/** Name of the HTTP header that carries a stamp. */
export const STAMP_HEADER_NAME = 'X-Stamp';

/** Turnkey's name for P-256 API key signatures. */
export const STAMP_SCHEME = 'SIGNATURE_SCHEME_TK_API_P256';

const SIGNING_ALGORITHM: EcdsaParams = {name: 'ECDSA', hash: 'SHA-256'};

/** A stamp, in the shape of `TStamp` from `@turnkey/http`. */
export interface Stamp {
  stampHeaderName: string;
  stampHeaderValue: string;
}

/** An object that signs request bodies, usable by a `TurnkeyClient`. */
export interface Stamper {
  stamp(payload: string): Promise<Stamp>;
}

/**
 * Choice of the key pair a stamper signs with. `sessionKey` picks that of a
 * stored session, and `publicKey` picks one by its compressed public key,
 * which need not belong to a session yet. With neither, a stamper signs
 * with the key pair of the session that is active at each stamp.
 */
export interface StamperOptions {
  sessionKey?: string;
  publicKey?: string;
}

/** A private key and the compressed public key that names it in a stamp. */
interface SigningKey {
  publicKey: string;
  privateKey: CryptoKey;
}

/** A key pair that a stored session owns, as `layout.ts` describes it. */
interface BoundKeyPair {
  sessionKey: string;
  keyPair: CryptoKeyPair;
}

const COMPRESSED_P256_HEX = /^0[23][0-9a-f]{64}$/;

/**
 * Returns a stamper that reads its key pair from the database behind
 * `transact` on every call, so that one made without options follows the
 * active session. Throws `INVALID_ARGUMENT` for malformed options.
 */
export function stamperFor(
  transact: Transact,
  options: StamperOptions = {},
): Stamper {
  const target = checkStamperOptions(options);
  return {
    async stamp(payload) {
      if (typeof payload !== 'string') {
        throw new SessionManagerError(
          'INVALID_ARGUMENT',
          `"payload" expected a string, got ${typeName(payload)}`,
        );
      }
      const key = await transact('readonly', 'STORAGE_FAILED', (store) =>
        findSigningKey(store, target),
      );
      return stampWith(key, payload);
    },
  };
}

function checkStamperOptions(options: StamperOptions): StamperOptions {
  const {sessionKey, publicKey} = options ?? {};
  if (sessionKey !== undefined && publicKey !== undefined) {
    throw new SessionManagerError(
      'INVALID_ARGUMENT',
      'pass "sessionKey" or "publicKey" to the stamper, not both',
    );
  }
  if (sessionKey !== undefined) {
    if (typeof sessionKey !== 'string' || sessionKey === '') {
      throw new SessionManagerError(
        'INVALID_ARGUMENT',
        `"sessionKey" expected a non-empty string, got ${typeName(sessionKey)}`,
      );
    }
    return {sessionKey};
  }
  if (publicKey !== undefined) {
    const normalized =
      typeof publicKey === 'string' ? publicKey.toLowerCase() : '';
    if (!COMPRESSED_P256_HEX.test(normalized)) {
      throw new SessionManagerError(
        'INVALID_ARGUMENT',
        '"publicKey" expected a compressed P-256 key ' +
          '(66 hex digits starting 02 or 03)',
      );
    }
    return {publicKey: normalized};
  }
  return {};
}

/**
 * Reads the private key to sign with. Rejects with `NO_ACTIVE_SESSION`,
 * `SESSION_NOT_FOUND` or `KEY_PAIR_NOT_FOUND`.
 */
async function findSigningKey(
  store: IDBObjectStore,
  {sessionKey, publicKey}: StamperOptions,
): Promise<SigningKey> {
  if (publicKey !== undefined) return readAnyKeyPair(store, publicKey);

  const active = await promisifyRequest<unknown>(store.get(activeSessionId()));
  const key = sessionKey ?? (typeof active === 'string' ? active : undefined);
  if (key === undefined) {
    throw new SessionManagerError(
      'NO_ACTIVE_SESSION',
      'there is no active session to sign with; store a session first, ' +
        'or pass "sessionKey" or "publicKey" to the stamper',
    );
  }
  const session = await promisifyRequest<unknown>(store.get(sessionId(key)));
  if (session === undefined) {
    throw new SessionManagerError(
      'SESSION_NOT_FOUND',
      `no session stored under "${key}"`,
    );
  }
  if (!isReadableSession(session)) {
    throw new SessionManagerError(
      'SESSION_NOT_FOUND',
      `the record stored under "${key}" is not a readable session; ` +
        'clear it and sign in again',
    );
  }
  const bound = await promisifyRequest<BoundKeyPair | undefined>(
    store.get(keyPairId(session.publicKey)),
  );
  // A key pair bound to another session is not this session's to use.
  if (bound === undefined || bound.sessionKey !== key) {
    throw new SessionManagerError(
      'KEY_PAIR_NOT_FOUND',
      `session "${key}" has no key pair for public key ${session.publicKey}`,
    );
  }
  return {publicKey: session.publicKey, privateKey: bound.keyPair.privateKey};
}

/** Finds a key pair whether or not a session owns it yet. */
async function readAnyKeyPair(
  store: IDBObjectStore,
  publicKey: string,
): Promise<SigningKey> {
  const boundRequest = store.get(keyPairId(publicKey));
  const pendingRequest = store.get(pendingKeyPairId(publicKey));
  const [bound, pending] = await Promise.all([
    promisifyRequest<BoundKeyPair | undefined>(boundRequest),
    promisifyRequest<CryptoKeyPair | undefined>(pendingRequest),
  ]);
  const keyPair = bound?.keyPair ?? pending;
  if (keyPair === undefined) {
    throw new SessionManagerError(
      'KEY_PAIR_NOT_FOUND',
      `no key pair for public key ${publicKey}`,
    );
  }
  return {publicKey, privateKey: keyPair.privateKey};
}

async function stampWith(key: SigningKey, payload: string): Promise<Stamp> {
  const subtle = requireSubtle();
  let signature: ArrayBuffer;
  try {
    // TextEncoder turns lone surrogates into U+FFFD, as the browser code of
    // `@turnkey/api-key-stamper` 0.6.17 does and as fetch does when it sends
    // a string body.
    signature = await subtle.sign(
      SIGNING_ALGORITHM,
      key.privateKey,
      new TextEncoder().encode(payload),
    );
  } catch (cause) {
    throw new SessionManagerError(
      'SIGNING_FAILED',
      `signing with the key pair of public key ${key.publicKey} failed: ` +
        String(cause),
      cause,
    );
  }
  const der = await signatureToDer(new Uint8Array(signature));
  return {
    stampHeaderName: STAMP_HEADER_NAME,
    stampHeaderValue: encodeStamp({
      publicKey: key.publicKey,
      scheme: STAMP_SCHEME,
      signature: bytesToHex(der),
    }),
  };
}

/** The JSON inside a stamp header. */
interface StampContents {
  publicKey: string;
  scheme: string;
  signature: string;
}

/** Encodes stamp contents as the value of the `X-Stamp` header. */
export function encodeStamp(contents: StampContents): string {
  const json = JSON.stringify({
    publicKey: contents.publicKey,
    scheme: contents.scheme,
    signature: contents.signature,
  });
  return encodeBase64Url(new TextEncoder().encode(json));
}

/**
 * Converts an IEEE P1363 signature (r || s, 64 bytes), as WebCrypto makes
 * them, to the DER form (X.690) that Turnkey expects in stamps.
 */
export async function signatureToDer(compact: Uint8Array): Promise<Uint8Array> {
  const {p256} = await import('./p256.js');
  return p256.Signature.fromBytes(compact, 'compact').toBytes('der');
}

/**
 * Checks that the stamp in `stampHeaderValue` contains a valid signature over
 * `payload` by the public key it names, and resolves true or false. A
 * signature that is hex but not a valid DER signature resolves false.
 * Rejects with `INVALID_STAMP` when the header is not base64url of the
 * stamp JSON, names another scheme, or its public key is not a P-256 point.
 *
 * @example
 * const {stampHeaderValue} = await createStamper().stamp(body);
 * await verifyStamp(stampHeaderValue, body); // true
 */
export async function verifyStamp(
  stampHeaderValue: string,
  payload: string,
): Promise<boolean> {
  if (typeof payload !== 'string') {
    throw new SessionManagerError(
      'INVALID_ARGUMENT',
      `"payload" expected a string, got ${typeName(payload)}`,
    );
  }
  const contents = decodeStamp(stampHeaderValue);
  const key = await importPublicKey(
    contents.publicKey,
    'stamp field "publicKey"',
    'INVALID_STAMP',
  );
  const {p256} = await import('./p256.js');
  let compact: Uint8Array<ArrayBuffer>;
  try {
    compact = p256.Signature.fromBytes(
      hexToBytes(contents.signature),
      'der',
    ).toBytes('compact');
  } catch {
    return false;
  }
  return requireSubtle().verify(
    SIGNING_ALGORITHM,
    key,
    compact,
    new TextEncoder().encode(payload),
  );
}

function decodeStamp(stampHeaderValue: unknown) {
  if (typeof stampHeaderValue !== 'string') {
    throw invalidStamp(
      `"stampHeaderValue" expected a string, got ${typeName(stampHeaderValue)}`,
    );
  }
  if (stampHeaderValue === '' || !isBase64Url(stampHeaderValue)) {
    throw invalidStamp('stamp is not base64url without padding');
  }
  let contents: unknown;
  try {
    const json = new TextDecoder('utf-8', {fatal: true}).decode(
      decodeBase64Url(stampHeaderValue),
    );
    contents = JSON.parse(json);
  } catch (cause) {
    throw invalidStamp('stamp is not UTF-8 JSON', cause);
  }
  if (
    typeof contents !== 'object' ||
    contents === null ||
    Array.isArray(contents)
  ) {
    throw invalidStamp(
      `stamp expected a JSON object, got ${typeName(contents)}`,
    );
  }
  const {publicKey, scheme, signature} = contents as Record<string, unknown>;
  if (scheme !== STAMP_SCHEME) {
    throw invalidStamp(
      `stamp field "scheme" expected "${STAMP_SCHEME}", ` +
        `got ${JSON.stringify(scheme) ?? 'undefined'}`,
    );
  }
  if (typeof signature !== 'string' || !isHex(signature)) {
    throw invalidStamp(
      'stamp field "signature" expected a DER signature as hex',
    );
  }
  return {publicKey, signature};
}

function invalidStamp(message: string, cause?: unknown) {
  return new SessionManagerError('INVALID_STAMP', message, cause);
}
