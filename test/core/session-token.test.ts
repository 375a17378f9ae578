import {expect} from '@esm-bundle/chai';

import {MAX_TOKEN_LENGTH, parseSessionToken} from '../../src/core/index.js';
import {encodeBase64Url, encodeJson} from '../../demo/session-issuer.js';

const PUBLIC_KEY = '02' + 'ab'.repeat(32);
const HEADER = encodeJson({alg: 'ES256', typ: 'JWT'});
const SIGNATURE = encodeBase64Url(new Uint8Array(64).fill(7));

const validClaims = {
  exp: 1_900_000_000,
  public_key: PUBLIC_KEY,
  session_type: 'SESSION_TYPE_READ_ONLY',
  user_id: 'user-42',
  organization_id: 'org-7',
};

const tokenWith = (claims: Record<string, unknown>) =>
  `${HEADER}.${encodeJson(claims)}.${SIGNATURE}`;

function parseError(token: unknown) {
  try {
    parseSessionToken(token);
  } catch (error) {
    return error as {name: string; code: string; message: string};
  }
  throw new Error('expected parseSessionToken to throw');
}

describe('parseSessionToken', () => {
  it('reads the required claims', () => {
    const token = tokenWith(validClaims);
    const session = parseSessionToken(token);
    expect(session).to.deep.equal({
      sessionType: 'SESSION_TYPE_READ_ONLY',
      userId: 'user-42',
      organizationId: 'org-7',
      expiry: 1_900_000_000,
      publicKey: PUBLIC_KEY,
      token,
    });
  });

  it('reads the optional claims', () => {
    const session = parseSessionToken(
      tokenWith({...validClaims, session_profile_id: 'p-1', scope: 'read'}),
    );
    expect(session.sessionProfileId).to.equal('p-1');
    expect(session.scope).to.equal('read');
  });

  it('lower-cases the public key', () => {
    const upper = '03' + 'CD'.repeat(32);
    const session = parseSessionToken(
      tokenWith({...validClaims, public_key: upper}),
    );
    expect(session.publicKey).to.equal(upper.toLowerCase());
  });

  it('decodes the payload as UTF-8', () => {
    const userId = 'Zoë 👋 مرحبا';
    const session = parseSessionToken(
      tokenWith({...validClaims, user_id: userId}),
    );
    expect(session.userId).to.equal(userId);
  });

  it('decodes base64url characters - and _', () => {
    // "??>" encodes to "Pz8-" and "???" to "Pz8_" in base64url.
    const userId = '??>???';
    const payload = encodeJson({...validClaims, user_id: userId});
    expect(payload).to.match(/[-_]/);
    const session = parseSessionToken(`${HEADER}.${payload}.${SIGNATURE}`);
    expect(session.userId).to.equal(userId);
  });

  describe('rejects with INVALID_SESSION_TOKEN', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['a number', 42, /expected a string, got number/],
      ['two parts', `${HEADER}.${encodeJson(validClaims)}`, /got 2/],
      ['four parts', `${tokenWith(validClaims)}.x`, /got 4/],
      ['an empty payload', `${HEADER}..${SIGNATURE}`, /payload is empty/],
      [
        'standard base64 in the payload',
        `${HEADER}.${btoa(JSON.stringify({...validClaims, user_id: '??>???'}))}.x`,
        /not base64url without padding/,
      ],
      [
        'a padded payload',
        `${HEADER}.${encodeJson({...validClaims, user_id: 'a'})}==.x`,
        /not base64url without padding/,
      ],
      [
        'a payload that is not JSON',
        `${HEADER}.${encodeBase64Url(new TextEncoder().encode('{no'))}.x`,
        /payload is not valid JSON/,
      ],
      [
        'a JSON array payload',
        `${HEADER}.${encodeJson([validClaims])}.x`,
        /payload expected a JSON object, got an array/,
      ],
      [
        'invalid UTF-8 in the payload',
        `${HEADER}.${encodeBase64Url(new Uint8Array([0x7b, 0xff, 0x7d]))}.x`,
        /payload is not valid UTF-8/,
      ],
      [
        'a header that is not JSON',
        `${encodeBase64Url(new Uint8Array([0x41]))}.${encodeJson(validClaims)}.x`,
        /header is not valid JSON/,
      ],
      [
        'a missing exp',
        tokenWith({...validClaims, exp: undefined}),
        /"exp" is missing/,
      ],
      [
        'exp as a string',
        tokenWith({...validClaims, exp: '1900000000'}),
        /"exp" expected a number, got string/,
      ],
      [
        'a negative exp',
        tokenWith({...validClaims, exp: -5}),
        /"exp" expected a positive number/,
      ],
      [
        'exp in milliseconds',
        tokenWith({...validClaims, exp: 1_900_000_000_000}),
        /looks like milliseconds/,
      ],
      [
        'a missing user_id',
        tokenWith({...validClaims, user_id: undefined}),
        /"user_id" is missing/,
      ],
      [
        'a numeric organization_id',
        tokenWith({...validClaims, organization_id: 7}),
        /"organization_id" expected a string, got number/,
      ],
      [
        'an empty session_type',
        tokenWith({...validClaims, session_type: ''}),
        /"session_type" is empty/,
      ],
      [
        'a missing public_key',
        tokenWith({...validClaims, public_key: undefined}),
        /"public_key" is missing/,
      ],
      [
        'an uncompressed public_key',
        tokenWith({...validClaims, public_key: '04' + 'ab'.repeat(64)}),
        /compressed P-256 key/,
      ],
      [
        'a numeric scope',
        tokenWith({...validClaims, scope: 1}),
        /"scope" expected a string/,
      ],
    ];

    for (const [name, token, message] of cases) {
      it(`for ${name}`, () => {
        const error = parseError(token);
        expect(error.name).to.equal('SessionManagerError');
        expect(error.code).to.equal('INVALID_SESSION_TOKEN');
        expect(error.message).to.match(message);
      });
    }

    it('for a token over the length limit', () => {
      const padding = 'a'.repeat(MAX_TOKEN_LENGTH);
      const error = parseError(tokenWith({...validClaims, padding}));
      expect(error.code).to.equal('INVALID_SESSION_TOKEN');
      expect(error.message).to.match(/more than the 65536 allowed/);
    });
  });
});
