import {expect} from '@esm-bundle/chai';

import {
  button,
  createElement,
  putRawRecord,
  removeElements,
  rowButton,
} from './element-helpers.js';
import {fakeTemplateResult} from './fixtures/bad-records.js';
import {MARKUP} from './fixtures/bad-tokens.js';
import {withFault} from './fixtures/idb-faults.js';
import {
  deleteTestDatabases,
  freshStore,
  readRawRecord,
  rejectionOf,
  signIn,
} from './helpers.js';
import {assertInvariants} from './invariants.js';

import type {SessionStore} from '../src/core/index.js';
import type {TurnkeySessionManager} from '../src/index.js';

declare global {
  interface Window {
    tsmRobustnessInjected?: unknown;
  }
}

afterEach(async () => {
  removeElements();
  await deleteTestDatabases();
});

/** The events that `<turnkey-session-manager>` dispatches. */
const EVENT_TYPES = [
  'sessions-clear-requested',
  'session-cleared',
  'sessions-cleared',
  'sessions-clear-failed',
  'active-session-changed',
  'session-expired',
] as const;

const CONSOLE_METHODS = [
  'log',
  'info',
  'warn',
  'error',
  'debug',
  'trace',
  'dir',
  'dirxml',
  'table',
  'group',
  'groupCollapsed',
  'assert',
] as const;

/** Records every console call and element event until `stop()`. */
function recordOutput() {
  const lines: string[] = [];
  const console_ = console as unknown as Record<string, unknown>;
  const originals = new Map<string, unknown>();
  for (const method of CONSOLE_METHODS) {
    const original = console_[method] as (...args: unknown[]) => void;
    originals.set(method, original);
    console_[method] = (...args: unknown[]) => {
      lines.push(`console.${method}: ${args.map(serialize).join(' ')}`);
      original.apply(console, args);
    };
  }
  const listener = (event: Event) =>
    lines.push(`${event.type}: ${serialize((event as CustomEvent).detail)}`);
  for (const type of EVENT_TYPES) document.addEventListener(type, listener);
  return {
    lines,
    stop() {
      for (const [method, original] of originals) console_[method] = original;
      for (const type of EVENT_TYPES) {
        document.removeEventListener(type, listener);
      }
    },
  };
}

/** Serializes a value with the message, cause and stack of errors. */
function serialize(value: unknown): string {
  const seen = new WeakSet<object>();
  const text = JSON.stringify(value, (_, item: unknown) => {
    if (item instanceof Error) {
      return {
        name: item.name,
        message: item.message,
        stack: item.stack,
        cause: item.cause,
        code: (item as {code?: unknown}).code,
      };
    }
    if (typeof item === 'object' && item !== null) {
      if (seen.has(item)) return '[seen]';
      seen.add(item);
    }
    return item;
  });
  return text ?? String(value);
}

/** Returns the markup of the document and of every shadow root in it. */
function serializeDom(): string {
  const chunks = [document.documentElement.outerHTML];
  const visit = (root: Document | ShadowRoot) => {
    for (const element of root.querySelectorAll('*')) {
      if (!element.shadowRoot) continue;
      chunks.push(element.shadowRoot.innerHTML);
      visit(element.shadowRoot);
    }
  };
  visit(document);
  return chunks.join('\n');
}

/** Returns what would give `token` away: it, its payload or its signature. */
function secretParts(token: string): string[] {
  const [, payload, signature] = token.split('.');
  return [token, payload, signature];
}

function expectNoToken(text: string, tokens: string[], where: string) {
  for (const token of tokens) {
    for (const part of secretParts(token)) {
      expect(text.includes(part), `token part in ${where}`).to.equal(false);
    }
  }
}

async function tokenOf(store: SessionStore, sessionKey: string) {
  return (await store.getSession({sessionKey}))!.token;
}

async function click(element: TurnkeySessionManager, target: HTMLElement) {
  target.click();
  await element.updateComplete;
}

describe('private keys', () => {
  /** Fails unless each way a page script could read the key out is rejected. */
  async function expectNotExportable(privateKey: CryptoKey) {
    expect(privateKey.extractable, 'extractable').to.equal(false);
    for (const format of ['pkcs8', 'jwk'] as const) {
      const error = await rejectionOf(
        crypto.subtle.exportKey(format, privateKey),
      );
      expect(error.name, `exportKey("${format}")`).to.equal(
        'InvalidAccessError',
      );
    }
    const wrappingKey = await crypto.subtle.generateKey(
      {name: 'AES-GCM', length: 256},
      false,
      ['wrapKey'],
    );
    const error = await rejectionOf(
      crypto.subtle.wrapKey('pkcs8', privateKey, wrappingKey, {
        name: 'AES-GCM',
        iv: new Uint8Array(12),
      }),
    );
    expect(error.name, 'wrapKey').to.equal('InvalidAccessError');
  }

  it('of a pending key pair cannot be exported', async () => {
    const store = freshStore();
    const publicKey = await store.createApiKeyPair();

    const keyPair = (await readRawRecord(store.dbName, [
      'pending-key-pair',
      publicKey,
    ])) as CryptoKeyPair;

    await expectNotExportable(keyPair.privateKey);
  });

  it('of an imported key pair cannot be exported', async () => {
    const store = freshStore();
    const publicKey = await store.importApiKeyPair({
      privateKey: '2'.padStart(64, '0'),
    });

    const keyPair = (await readRawRecord(store.dbName, [
      'pending-key-pair',
      publicKey,
    ])) as CryptoKeyPair;

    await expectNotExportable(keyPair.privateKey);
  });

  it('of a session cannot be exported', async () => {
    const store = freshStore();
    const publicKey = await signIn(store, 'a');

    const record = (await readRawRecord(store.dbName, [
      'key-pair',
      publicKey,
    ])) as {keyPair: CryptoKeyPair};

    await expectNotExportable(record.keyPair.privateKey);
    await assertInvariants(store.dbName);
  });
});

describe('session tokens', () => {
  it('never reach the DOM, an event or the console', async () => {
    const store = freshStore();
    const output = recordOutput();
    try {
      // Sign in, list, make active, fail a clear, sign out, clear all.
      await signIn(store, 'first');
      await signIn(store, 'second');
      await signIn(store, 'third');
      const tokens = await Promise.all(
        ['first', 'second', 'third'].map((key) => tokenOf(store, key)),
      );
      const element = await createElement(store.dbName);
      expectNoToken(serializeDom(), tokens, 'the DOM after listing');

      await click(element, rowButton(element, 'first', 'make-active-button')!);
      const failed = await withFault({kind: 'abort', at: 1}, () =>
        click(element, rowButton(element, 'second', 'sign-out-button')!),
      );
      expect(failed.fired, 'fault fired').to.equal(true);
      expectNoToken(serializeDom(), tokens, 'the DOM after a failure');

      await click(element, button(element, 'retry-button')!);
      await click(element, button(element, 'clear-all-button')!);
      expectNoToken(serializeDom(), tokens, 'the DOM after clearing');
      output.stop();

      const events = output.lines.filter((line) => !line.startsWith('console'));
      expect(events.length, 'events recorded').to.be.at.least(5);
      expectNoToken(output.lines.join('\n'), tokens, 'events or console');
    } finally {
      output.stop();
    }
  });
});

describe('script in a session', () => {
  beforeEach(() => {
    delete window.tsmRobustnessInjected;
  });

  /** Resolves once a broken image has fired `error`, as one injected would. */
  function imageErrorFired(): Promise<void> {
    return new Promise((resolve) => {
      const image = new Image();
      image.onerror = () => resolve();
      image.src = `/missing-image-${crypto.randomUUID()}.png`;
    });
  }

  it('never runs from a token claim or a session key', async () => {
    const store = freshStore();
    await signIn(store, MARKUP.sessionKey, {
      user_id: MARKUP.userId,
      organization_id: MARKUP.organizationId,
      session_type: MARKUP.sessionType,
      scope: MARKUP.scope,
      session_profile_id: MARKUP.sessionProfileId,
    });
    await signIn(store, 'plain');

    const element = await createElement(store.dbName);
    const row = MARKUP.sessionKey;
    await click(element, rowButton(element, row, 'make-active-button')!);
    await click(element, rowButton(element, row, 'sign-out-button')!);
    await imageErrorFired();

    expect(window.tsmRobustnessInjected, 'injected script ran').to.equal(
      undefined,
    );
    await assertInvariants(store.dbName, element);
  });

  it('never runs from a stored record shaped like a template', async () => {
    const store = freshStore();
    await signIn(store, 'a');
    const session = await store.getSession({sessionKey: 'a'});
    await putRawRecord(store.dbName, ['session', 'a'], {
      ...session,
      userId: fakeTemplateResult(
        '<img src=x onerror="window.tsmRobustnessInjected=1">',
      ),
    });

    const element = await createElement(store.dbName);
    await imageErrorFired();

    expect(window.tsmRobustnessInjected, 'injected script ran').to.equal(
      undefined,
    );
    expect(element.shadowRoot!.querySelector('img'), '<img>').to.equal(null);
  });
});
