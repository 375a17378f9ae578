/**
 * The demo's "Sign a sample request" section: it stamps a request body with
 * the active session's key pair, as a Turnkey HTTP client would before
 * sending it, and shows the `X-Stamp` header, its decoded JSON and whether
 * the signature verifies. Nothing is sent anywhere.
 */

import {
  createStamper,
  getSession,
  isSessionError,
  verifyStamp,
} from '../src/core/index.js';

const button = document.getElementById('sample-request-button');
const output = document.getElementById('sample-request-output');

button?.addEventListener('click', () => void signSampleRequest());

async function signSampleRequest() {
  if (!output) return;
  try {
    const session = await getSession();
    // The body of a whoami request, which every Turnkey API key may send.
    const body = JSON.stringify({
      organizationId: session?.organizationId ?? '',
    });
    const {stampHeaderName, stampHeaderValue} =
      await createStamper().stamp(body);
    const verified = await verifyStamp(stampHeaderValue, body);
    output.textContent = [
      `Body: ${body}`,
      `${stampHeaderName}: ${stampHeaderValue}`,
      `Decoded: ${decodeStampHeader(stampHeaderValue)}`,
      `Signature verifies: ${verified ? 'yes' : 'no'}`,
    ].join('\n\n');
  } catch (error) {
    output.textContent = isSessionError(error, 'NO_ACTIVE_SESSION')
      ? 'There is no active session to sign with. Sign in first.'
      : `Could not sign: ${error instanceof Error ? error.message : error}`;
  }
}

/** Decodes the base64url JSON of an `X-Stamp` header value, for display. */
function decodeStampHeader(value: string) {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return JSON.stringify(JSON.parse(new TextDecoder().decode(bytes)), null, 2);
}
