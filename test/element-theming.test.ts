/**
 * Tests of the styling surface of `<turnkey-session-manager>`: the
 * `--tsm-*` custom properties, light and dark defaults, `::part` names as
 * custom-elements.json documents them, and that no style reaches the page.
 */

import {expect} from '@esm-bundle/chai';

import {styles} from '../src/turnkey-session-manager.styles.js';
import {
  button,
  clearAllButton,
  createElement,
  expiresIn,
  nextTask,
  putRawRecord,
  part,
  parts,
  removeElements,
  rowButton,
  signInAnyExpiry,
} from './element-helpers.js';
import {deleteTestDatabases, freshStore, signIn} from './helpers.js';

import type {SessionStore} from '../src/core/index.js';
import type {TurnkeySessionManager} from '../src/index.js';

const LIGHT_ACCENT = 'rgb(29, 78, 216)';
const DARK_ACCENT = 'rgb(147, 197, 253)';

/** Reads the parts and custom properties from custom-elements.json. */
async function documentedSurface() {
  const response = await fetch(
    new URL('../custom-elements.json', import.meta.url),
  );
  const manifest = await response.json();
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (declaration.tagName !== 'turnkey-session-manager') continue;
      return {
        parts: declaration.cssParts.map((entry: {name: string}) => entry.name),
        properties: declaration.cssProperties.map(
          (entry: {name: string}) => entry.name,
        ),
      };
    }
  }
  throw new Error('custom-elements.json declares no turnkey-session-manager');
}

/** Returns the part names used anywhere in the shadow root of `element`. */
function partNames(element: HTMLElement): Set<string> {
  const names = new Set<string>();
  for (const node of parts(element, '[part]')) {
    for (const name of node.part) names.add(name);
  }
  return names;
}

/** Adds a style sheet to the document until the returned function runs. */
function addPageStyle(css: string) {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  return () => style.remove();
}

describe('<turnkey-session-manager> theming', () => {
  let store: SessionStore;

  beforeEach(async () => {
    store = freshStore();
    await signInAnyExpiry(store, 'old', {exp: expiresIn(-60)});
    await signIn(store, 'other', {exp: expiresIn(600)});
    await signIn(store, 'current', {exp: expiresIn(900)});
    await putRawRecord(store.dbName, ['session', 'unreadable'], null);
  });

  afterEach(async () => {
    removeElements();
    await deleteTestDatabases();
  });

  describe('custom properties', () => {
    it('sets the accent color', async () => {
      const element = await createElement(store.dbName, (created) => {
        created.style.setProperty('--tsm-accent-color', 'rgb(1, 2, 3)');
      });
      expect(getComputedStyle(clearAllButton(element)).color).to.equal(
        'rgb(1, 2, 3)',
      );
    });

    it('sets the danger color', async () => {
      const element = await createElement(store.dbName, (created) => {
        created.style.setProperty('--tsm-danger-color', 'rgb(4, 5, 6)');
      });
      const signOut = rowButton(element, 'other', 'sign-out-button')!;
      expect(getComputedStyle(signOut).color).to.equal('rgb(4, 5, 6)');
    });

    it('follows the host font', async () => {
      const element = await createElement(store.dbName, (created) => {
        created.style.fontFamily = 'serif';
      });
      expect(getComputedStyle(clearAllButton(element)).fontFamily).to.equal(
        'serif',
      );
    });

    it('defaults to the light accent', async () => {
      const element = await createElement(store.dbName, (created) => {
        created.style.colorScheme = 'light';
      });
      expect(getComputedStyle(clearAllButton(element)).color).to.equal(
        LIGHT_ACCENT,
      );
    });

    it('switches to the dark accent', async () => {
      const element = await createElement(store.dbName, (created) => {
        created.style.colorScheme = 'dark';
      });
      // Engines without light-dark() keep the light colors.
      const expected = CSS.supports('color', 'light-dark(black, white)')
        ? DARK_ACCENT
        : LIGHT_ACCENT;
      expect(getComputedStyle(clearAllButton(element)).color).to.equal(
        expected,
      );
    });

    it('uses every documented property', async () => {
      const {properties} = await documentedSurface();
      expect(properties.length, 'documented properties').to.be.above(5);
      for (const name of properties) {
        const use = new RegExp(`var\\(\\s*${name}\\b`);
        expect(styles.cssText, name).to.match(use);
      }
    });
  });

  describe('parts', () => {
    it('styles rows and buttons from the page', async () => {
      const removeStyle = addPageStyle(`
        turnkey-session-manager::part(sign-out-button) {
          color: rgb(7, 8, 9);
        }
        turnkey-session-manager::part(active-session) {
          border-color: rgb(10, 11, 12);
        }
        turnkey-session-manager::part(user-id) {
          font-weight: 900;
        }
      `);
      try {
        const element = await createElement(store.dbName);
        const signOut = rowButton(element, 'other', 'sign-out-button')!;
        expect(getComputedStyle(signOut).color, 'button').to.equal(
          'rgb(7, 8, 9)',
        );
        const active = part(element, '[part~="active-session"]')!;
        expect(getComputedStyle(active).borderTopColor, 'row').to.equal(
          'rgb(10, 11, 12)',
        );
        const userId = part(element, '[part~="user-id"]')!;
        expect(getComputedStyle(userId).fontWeight, 'field').to.equal('900');
      } finally {
        removeStyle();
      }
    });

    it('renders every documented part', async () => {
      // The public key of the private key 1, the curve's generator.
      const UNRELATED_NOTARIZER_KEY =
        '036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296';
      const {parts: documented} = await documentedSurface();
      const seen = new Set<string>();
      const collect = (element: HTMLElement) => {
        for (const name of partNames(element)) seen.add(name);
      };

      // Loading: a client whose first read has not finished yet.
      let finishRead = () => {};
      const slowClient = {
        getAllSessions: () =>
          new Promise<undefined>((resolve) => {
            finishRead = () => resolve(undefined);
          }),
        getActiveSessionKey: async () => undefined,
        clearSession: async () => {},
        clearAllSessions: async () => {},
      };
      const loading = document.createElement('turnkey-session-manager');
      loading.client = slowClient;
      document.body.append(loading);
      try {
        await nextTask();
        expect(part(loading, '[part~="loading"]'), 'loading text').to.exist;
        collect(loading);
      } finally {
        finishRead();
        await loading.updateComplete;
        loading.remove();
      }

      // The list, with tokens checked against a key that signed none of
      // them, then the confirmation panel.
      const element: TurnkeySessionManager = await createElement(
        store.dbName,
        (created) => {
          created.confirm = true;
          created.notarizerPublicKey = UNRELATED_NOTARIZER_KEY;
        },
      );
      collect(element);
      clearAllButton(element).click();
      await element.updateComplete;
      collect(element);

      // An error, then the empty state.
      const broken = await createElement('');
      collect(broken);
      button(element, 'confirm-button')!.click();
      await element.updateComplete;
      collect(element);

      const missing = documented.filter((name: string) => !seen.has(name));
      expect(missing, 'documented parts never rendered').to.deep.equal([]);
      const undocumented = [...seen].filter(
        (name) => !documented.includes(name),
      );
      expect(undocumented, 'rendered parts not documented').to.deep.equal([]);
    });
  });

  describe('the page', () => {
    it('keeps its own styles', async () => {
      // Elements with the element's class names and tags, outside it.
      const outside = document.createElement('div');
      outside.innerHTML =
        '<button class="button danger">b</button>' +
        '<ul class="list"><li class="session">i</li></ul>' +
        '<p class="description error">p</p>';
      document.body.append(outside);
      const snapshot = () =>
        [...outside.querySelectorAll('*')].map((node) => {
          const style = getComputedStyle(node);
          return [
            style.color,
            style.borderTopColor,
            style.borderTopLeftRadius,
            style.paddingTop,
            style.listStyleType,
            style.display,
          ].join(' ');
        });
      try {
        const before = snapshot();
        await createElement(store.dbName);
        expect(snapshot()).to.deep.equal(before);
      } finally {
        outside.remove();
      }
    });
  });
});
