/**
 * Hex and base64url codecs for keys, signatures and tokens. The decoders
 * expect input that has already been checked with `isHex` or `isBase64Url`,
 * so that each caller can word its own error.
 */

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Returns true for an even number of hex digits, in either case. */
export function isHex(text: string): boolean {
  return HEX.test(text);
}

/**
 * Returns true for base64url without padding (RFC 4648, section 5). A length
 * of 1 modulo 4 can never come from whole bytes, so it is rejected too.
 */
export function isBase64Url(text: string): boolean {
  return BASE64URL.test(text) && text.length % 4 !== 1;
}

export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Decodes hex that `isHex` accepted. */
export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  }
  return bytes;
}

/** Encodes bytes as base64url without padding. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary)
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * Decodes base64url that `isBase64Url` accepted. Like `atob`, it ignores
 * the unused low bits of the last character.
 */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
